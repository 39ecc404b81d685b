"""Strategies: parse and validate TOML/JSON strategy documents into compiled priority lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from gametest.engine.errors import UsageError
from gametest.engine.inputs import read_document
from gametest.engine.registry import GameDef, get_game
from gametest.strategy.expr import (
    Condition,
    ExprError,
    condition_from_source,
    condition_source,
)
from gametest.strategy.schema import strategy_schema


class StrategyError(UsageError):
    """A strategy document that is malformed or names unknown cards; says which field."""


MAX_STRATEGY_BYTES = 256 * 1024  # the largest built-in bot is about 1 KB


class ConditionErrors(dict[str, list[Any]]):
    """Conditions that raised at run time: expression -> [times, first error]; shared by a
    strategy's entries so its player can report them with each game."""

    def add(self, expr: str, err: Exception) -> None:
        """Count one failed evaluation of `expr`."""
        seen = self.get(expr)
        if seen is None:
            self[expr] = [1, f"{type(err).__name__}: {err}"]
        else:
            seen[0] += 1


@dataclass(frozen=True)
class Entry:
    """One line of a priority list: a card, optionally guarded by a condition and a limit."""

    card: str
    cond: Condition | None = None
    limit: int | None = None
    expr: str | None = None
    src: str | None = field(default=None, repr=False, compare=False)  # cond's Python source
    errors: ConditionErrors | None = field(default=None, compare=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the condition's source (a compiled lambda does not pickle); the strategy's
        shared failure counter travels along (pickle keeps it shared)."""
        return (_entry, (self.card, self.src, self.limit, self.expr, self.errors))

    def applies(self, view: Any) -> bool:
        """Whether this entry's limit and condition hold for the view right now; a condition
        that raises (a division by zero at run time) is false, and the failure is counted."""
        if self.limit is not None and view.count(self.card) >= self.limit:
            return False
        if self.cond is None:
            return True
        try:
            return self.cond(view)
        except Exception as e:  # the condition is data; the game must go on
            if self.errors is not None:
                self.errors.add(self.expr or "", e)
            return False

    def check(self) -> Condition | None:
        """What `applies` tests, as the cheapest callable (None: it always holds), for hot paths.

        The bare condition may raise: a caller that uses it catches and falls back to `applies`,
        which records the failure."""
        return self.cond if self.limit is None else self.applies


def _entry(
    card: str,
    src: str | None,
    limit: int | None,
    expr: str | None,
    errors: ConditionErrors | None = None,
) -> Entry:
    """An Entry rebuilt from its pickled parts."""
    cond = None if src is None else condition_from_source(src)
    return Entry(card, cond, limit, expr, src, errors)


@dataclass
class Strategy:
    """A compiled strategy: priority lists, per-card options, and the document it came from."""

    name: str
    game: str
    gain: list[Entry]
    play: list[Entry] = field(default_factory=list)
    # The game's own priority lists (GameInfo.priority_keys), every key present.
    lists: dict[str, list[Entry]] = field(default_factory=dict)
    endgame_safety: bool = True
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    description: str = ""
    doc: dict[str, Any] = field(default_factory=dict)
    named: set[str] = field(default_factory=set)
    condition_errors: ConditionErrors = field(default_factory=ConditionErrors)

    def needs(self) -> set[str]:
        """Cards the gain list names: they must be in the game's Supply."""
        return {e.card for e in self.gain} | {
            e.card for opts in self.cards.values() for e in opts.get("gain", [])
        }

    def check_kingdom(self, supply: list[str]) -> None:
        """Raise StrategyError if the gain list names a card that isn't in this game's Supply."""
        have = set(supply)
        for i, e in enumerate(self.gain):
            if e.card not in have:
                raise StrategyError(
                    f"strategy '{self.name}': gain[{i}]: {e.card} is not in this kingdom"
                )


def _normalize_entry(raw: Any, where: str, resolve: Any) -> Any:
    try:
        if isinstance(raw, str):
            return resolve(raw)
        if isinstance(raw, dict) and isinstance(raw.get("card"), str):
            return {**raw, "card": resolve(raw["card"])}
    except UsageError as e:
        raise StrategyError(f"{where}: {e}") from None
    return raw


def _normalize(doc: dict[str, Any], resolve: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """Canonical card names everywhere a card is named, so case and spacing are forgiven."""
    out = dict(doc)
    for key in keys:
        if isinstance(out.get(key), list):
            out[key] = [_normalize_entry(e, f"{key}[{i}]", resolve) for i, e in enumerate(out[key])]
    cards = out.get("cards")
    if isinstance(cards, dict):
        new: dict[str, Any] = {}
        for cname, opts in cards.items():
            try:
                real = resolve(cname)
            except UsageError as e:
                raise StrategyError(f"cards: {e}") from None
            if isinstance(opts, dict):
                opts = dict(opts)
                for k, v in opts.items():
                    if isinstance(v, list):
                        opts[k] = [
                            _normalize_entry(e, f"cards.{real}.{k}[{i}]", resolve)
                            for i, e in enumerate(v)
                        ]
            new[real] = opts
        out["cards"] = new
    return out


def _path(err: jsonschema.ValidationError) -> str:
    parts: list[str] = []
    for p in err.absolute_path:
        parts.append(f"[{p}]" if isinstance(p, int) else (f".{p}" if parts else str(p)))
    return "".join(parts) or "(top level)"


def _schema_message(err: jsonschema.ValidationError) -> str:
    best = jsonschema.exceptions.best_match([err]) if err.context else err
    if best.validator == "additionalProperties":
        return f"{_path(best)}: {best.message}"
    if best.validator == "enum" and isinstance(best.instance, str):
        return f"{_path(best)}: '{best.instance}' is not allowed here"
    return f"{_path(best)}: {best.message}"


def _compile_list(
    items: list[Any],
    where: str,
    resolve: Any,
    named: set[str],
    game: GameDef,
    errors: ConditionErrors | None = None,
) -> list[Entry]:
    out = []
    for i, raw in enumerate(items):
        if isinstance(raw, str):
            out.append(Entry(raw))
            named.add(raw)
            continue
        expr = raw.get("if")
        cond = src = None
        if expr is not None:
            try:
                src, cards = condition_source(
                    expr, resolve, game.info.conditions, game.info.card_types
                )
                cond = condition_from_source(src)
            except (ExprError, UsageError) as e:
                raise StrategyError(f"{where}[{i}].if: {e}") from None
            named |= cards
        named.add(raw["card"])
        out.append(Entry(raw["card"], cond, raw.get("limit"), expr, src, errors))
    return out


def parse_strategy(doc: Any, game: GameDef | None = None, source: str = "strategy") -> Strategy:
    """Validate a strategy document (already loaded from TOML/JSON) and compile it."""
    try:
        if not isinstance(doc, dict):
            raise StrategyError("a strategy must be a table/object with at least a 'gain' list")
        if game is not None and "game" in doc:
            named_game = str(doc["game"]).partition("@")[0]
            if named_game != game.name:
                raise StrategyError(f"game: this strategy is for '{named_game}', not {game.name}")
        game = game or get_game(str(doc.get("game", "dominion")))
        resolve = game.card_name
        keys = game.info.priority_lists()
        norm = _normalize(doc, resolve, keys)
        schema = strategy_schema(game)
        errors = sorted(
            jsonschema.Draft202012Validator(schema).iter_errors(norm),
            key=lambda e: (list(e.absolute_path).__len__(), str(e.absolute_path)),
        )
        if errors:
            msg = _schema_message(errors[0])
            if errors[0].validator == "additionalProperties" and not errors[0].absolute_path:
                msg += f" ({game.name}'s priority lists: {', '.join(keys)})"
            raise StrategyError(msg)
        named: set[str] = set()
        errs = ConditionErrors()
        lists = {
            key: _compile_list(norm.get(key, []), key, resolve, named, game, errs) for key in keys
        }
        cards: dict[str, dict[str, Any]] = {}
        for cname, opts in norm.get("cards", {}).items():
            copts: dict[str, Any] = {}
            for k, v in opts.items():
                if isinstance(v, list):
                    copts[k] = _compile_list(v, f"cards.{cname}.{k}", resolve, named, game, errs)
                else:
                    copts[k] = v
            cards[cname] = copts
        return Strategy(
            name=str(norm.get("name", source)),
            game=game.name,
            endgame_safety=bool(norm.get("endgame_safety", True)),
            cards=cards,
            description=str(norm.get("description", "")),
            doc=norm,
            named=named,
            condition_errors=errs,
            gain=lists.pop("gain"),
            play=lists.pop("play"),
            lists=lists,
        )
    except StrategyError as e:
        raise StrategyError(f"{source}: {e}") from None


def load_strategy(path: str | Path, game: GameDef | None = None) -> Strategy:
    """Load a strategy from a .toml or .json file."""
    p = Path(path)
    try:
        doc = read_document(p, "strategy", MAX_STRATEGY_BYTES)
    except UsageError as e:
        raise StrategyError(str(e)) from None
    strat = parse_strategy(doc, game, source=str(p))
    if isinstance(doc, dict) and "name" not in doc:
        strat.name = p.stem
    return strat
