"""Checking a compiled strategy against the language and the kingdom, and (opt-in) salvaging the
valid part of one that keeps failing by dropping the entries that fail on their own."""

from __future__ import annotations

from typing import Any

from gametest.engine.registry import GameDef
from gametest.prompts.supply import supply_names
from gametest.strategy.model import Strategy, StrategyError, parse_strategy

_FILLER: dict[str, Any] = {"gain": []}  # a valid base to test one entry or option against


def check_strategy(doc: Any, game: GameDef, kingdom: list[str]) -> Strategy:
    """Validate against the published schema, then check every named card is in the Supply."""
    strat = parse_strategy(doc, game, source="strategy")
    supply = set(supply_names(game, kingdom))
    strat.check_kingdom(sorted(supply))
    lists = {"play": strat.play, **strat.lists}
    for key, entries in lists.items():
        for i, e in enumerate(entries):
            if e.card not in supply:
                raise StrategyError(f"{key}[{i}]: {e.card} is not in this kingdom")
    for name in strat.cards:  # keys that aren't cards (a game's own option groups) are fine
        if name in game.cards and name not in supply:
            raise StrategyError(f"cards.{name}: {name} is not in this kingdom")
    return strat


def _fails(part: dict[str, Any], game: GameDef, kingdom: list[str]) -> str | None:
    """The error of a strategy made of `part` on a valid base, or None if it is valid."""
    try:
        check_strategy({**_FILLER, **part}, game, kingdom)
    except StrategyError as e:
        return str(e)
    return None


def salvage(
    doc: dict[str, Any], game: GameDef, kingdom: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """Keep what validates on its own; return the strategy and what was dropped (and why)."""
    out: dict[str, Any] = {}
    dropped: list[str] = []
    for key, val in doc.items():
        if key in game.info.priority_lists() and isinstance(val, list):
            out[key] = []
            for i, entry in enumerate(val):
                err = _fails({key: [entry]}, game, kingdom)
                if err:
                    dropped.append(f"{key}[{i}] {entry!r}: {err}")
                else:
                    out[key].append(entry)
        elif key == "cards" and isinstance(val, dict):
            out[key] = {}
            for name, opts in val.items():
                err = _fails({"cards": {name: opts}}, game, kingdom)
                if err:
                    dropped.append(f"cards.{name}: {err}")
                else:
                    out[key][name] = opts
        else:
            err = _fails({key: val}, game, kingdom)
            if err:
                dropped.append(f"{key}: {err}")
            else:
                out[key] = val
    if not out.get("gain"):
        raise StrategyError("nothing valid is left in 'gain'")
    check_strategy(out, game, kingdom)
    return out, dropped
