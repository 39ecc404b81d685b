"""Variation operators over strategy documents: structural and numeric mutations, crossover.

A candidate is a plain strategy document (what a .toml file holds), so every candidate is a
valid, readable strategy. Structural mutations insert, delete, move or retarget an entry of a
priority list, or add or drop its condition or limit; numeric ones nudge a threshold in a
condition, a limit, or a per-card option. Crossover splices two gain lists. Every child is
checked with the strategy parser (and against the kingdom) before it is used.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Sequence
from typing import Any

from gametest.engine.registry import GameDef
from gametest.strategy.expr import VIEW_NAMES
from gametest.strategy.model import StrategyError, parse_strategy

Doc = dict[str, Any]
_NUMBER = re.compile(r"(?<![\w.\"'])(\d+(?:\.\d+)?)(?![\w.])")


class Mutator:
    """Makes valid children of strategy documents for one game and kingdom."""

    def __init__(self, game: GameDef, supply: Sequence[str], kingdom: Sequence[str]) -> None:
        self.game = game
        self.supply = list(supply)
        self.kingdom = list(kingdom)
        self.gainable = [c for c in self.supply if c not in ("Curse", "Copper")]
        self.templates = self._templates()

    def _templates(self) -> list[str]:
        """Condition shapes the search may add, with {card} and {n} to fill in; only the ones
        this game's condition language accepts."""
        shapes = [
            "total_money > {n}",
            "total_money <= {n}",
            "turn <= {n}",
            "turn >= {n}",
            "count({card}) < cards_owned / {n}",
            "money_density > {n}",
            "score_lead < {n}",
        ]
        extra = [n for n in self.game.info.conditions if n not in VIEW_NAMES]
        shapes += [f"{name} <= {{n}}" for name in extra] + [f"{name} > {{n}}" for name in extra]
        ok = []
        for s in shapes:
            probe = {"gain": [{"card": self.gainable[0], "if": s.format(card="Silver", n=3)}]}
            try:
                parse_strategy(probe, self.game)
            except StrategyError:
                continue
            ok.append(s)
        return ok

    # ----- helpers ---------------------------------------------------------------------
    def valid(self, doc: Doc) -> bool:
        """Whether a document parses and its gain list fits the kingdom."""
        try:
            s = parse_strategy(doc, self.game)
            s.check_kingdom(self.supply)
        except StrategyError:
            return False
        return bool(doc.get("gain"))

    def _cond(self, rng: random.Random, card: str) -> str:
        shape = rng.choice(self.templates)
        if "{card}" in shape:
            n: float = rng.randint(4, 16)
        elif "money_density" in shape:
            n = round(rng.uniform(0.6, 1.6), 2)
        elif "score_lead" in shape:
            n = rng.randint(-6, 6)
        elif "total_money" in shape:
            n = rng.randint(6, 24)
        else:
            n = rng.randint(1, 12)
        return shape.format(card=card, n=n)

    def _entry(self, rng: random.Random, pool: Sequence[str]) -> Any:
        card = rng.choice(list(pool))
        r = rng.random()
        if r < 0.35:
            return {"card": card, "limit": rng.randint(1, 3)}
        if r < 0.7 and self.templates:
            return {"card": card, "if": self._cond(rng, card)}
        return card

    @staticmethod
    def _as_dict(e: Any) -> dict[str, Any]:
        return {"card": e} if isinstance(e, str) else dict(e)

    @staticmethod
    def _tidy(e: dict[str, Any]) -> Any:
        """A plain card name when an entry has nothing but its card."""
        return e["card"] if set(e) == {"card"} else e

    def _lists(self, doc: Doc) -> list[tuple[str, list[Any], Sequence[str]]]:
        """(name, the list, cards it may name) for every priority list the search edits."""
        doc.setdefault("gain", [])
        out: list[tuple[str, list[Any], Sequence[str]]] = [("gain", doc["gain"], self.gainable)]
        out.append(("play", doc.setdefault("play", []), self.kingdom))
        key = self.game.info.removal_list
        if key is not None:
            junk: list[str] = [c for c in ("Curse", "Estate", "Copper") if c in self.supply] or [
                c for c in self.game.info.basic_cards if c in self.supply
            ]
            out.append((key, doc.setdefault(key, []), junk or self.supply))
        return out

    # ----- operators -------------------------------------------------------------------
    def structural(self, doc: Doc, rng: random.Random) -> Doc:
        """Insert, delete, move or retarget an entry; add or drop a condition or limit."""
        child = copy.deepcopy(doc)
        lists = self._lists(child)
        r = rng.random()
        _name, lst, pool = lists[0] if r < 0.75 else (lists[1] if r < 0.88 else lists[2])
        ops = ["insert"]
        if lst:
            ops += ["delete", "move", "retarget", "cond", "uncond", "limit"]
        op = rng.choice(ops)
        if op == "insert" or not lst:
            lst.insert(rng.randint(0, len(lst)), self._entry(rng, pool))
        else:
            i = rng.randrange(len(lst))
            e = self._as_dict(lst[i])
            if op == "delete":
                del lst[i]
            elif op == "move":
                del lst[i]
                lst.insert(rng.randint(0, len(lst)), self._tidy(e))
            elif op == "retarget":
                e["card"] = rng.choice(list(pool))
                lst[i] = self._tidy(e)
            elif op == "cond" and self.templates:
                new = self._cond(rng, e["card"])
                e["if"] = f"{e['if']} and {new}" if "if" in e and rng.random() < 0.5 else new
                lst[i] = self._tidy(e)
            elif op == "uncond":
                e.pop("if", None)
                lst[i] = self._tidy(e)
            else:
                if "limit" in e and rng.random() < 0.5:
                    e.pop("limit")
                else:
                    e["limit"] = rng.randint(1, 4)
                lst[i] = self._tidy(e)
        return self._clean(child)

    def numeric(self, doc: Doc, rng: random.Random) -> Doc:
        """Nudge one number: a threshold in a condition, a limit, or a per-card option."""
        child = copy.deepcopy(doc)
        sites: list[tuple[Any, Any, str]] = []  # (container, key, kind)
        for _, lst, _pool in self._lists(child):
            for i, e in enumerate(lst):
                if isinstance(e, dict):
                    if "if" in e and _NUMBER.search(e["if"]):
                        sites.append((lst, i, "if"))
                    if "limit" in e:
                        sites.append((lst, i, "limit"))
        for opts in child.get("cards", {}).values():
            for k, v in opts.items():
                if isinstance(v, (bool, int)):
                    sites.append((opts, k, "option"))
        if not sites:
            return self.structural(doc, rng)
        box, key, kind = rng.choice(sites)
        if kind == "if":
            e = dict(box[key])
            nums = list(_NUMBER.finditer(e["if"]))
            m = rng.choice(nums)
            divisor = e["if"][: m.start()].rstrip().endswith("/")
            new = _nudge(m.group(1), rng, 1 if divisor else 0)
            e["if"] = e["if"][: m.start()] + new + e["if"][m.end() :]
            box[key] = e
        elif kind == "limit":
            e = dict(box[key])
            e["limit"] = max(0, e["limit"] + rng.choice((-1, 1)))
            box[key] = e
        else:
            v = box[key]
            box[key] = (not v) if isinstance(v, bool) else max(0, v + rng.choice((-1, 1)))
        return self._clean(child)

    def crossover(self, a: Doc, b: Doc, rng: random.Random) -> Doc:
        """A's gain list up to a cut, then B's from a cut; other lists and options from either."""
        child = copy.deepcopy(a)
        ga, gb = a.get("gain", []), b.get("gain", [])
        i, j = rng.randint(0, len(ga)), rng.randint(0, len(gb))
        child["gain"] = copy.deepcopy(ga[:i] + gb[j:])
        removal = self.game.info.removal_list
        for key in ("play", *([removal] if removal else []), "cards"):
            if rng.random() < 0.5:
                if key in b:
                    child[key] = copy.deepcopy(b[key])
                else:
                    child.pop(key, None)
        return self._clean(child)

    def child(self, parents: Sequence[Doc], rng: random.Random) -> Doc:
        """One valid child of the parents (a parent's copy if 20 tries give nothing valid)."""
        for _ in range(20):
            r = rng.random()
            a = rng.choice(list(parents))
            if r < 0.25 and len(parents) > 1:
                kid = self.crossover(a, rng.choice(list(parents)), rng)
                if rng.random() < 0.5:
                    kid = self.numeric(kid, rng)
            elif r < 0.6:
                kid = self.numeric(a, rng)
            else:
                kid = self.structural(a, rng)
            if self.valid(kid):
                return kid
        return copy.deepcopy(parents[0])

    @staticmethod
    def _clean(doc: Doc) -> Doc:
        """Drop empty optional lists and exact duplicate entries (the later copy never fires)."""
        for key in [k for k, v in doc.items() if isinstance(v, list)]:
            seen: set[str] = set()
            out = []
            for e in doc[key]:
                k = repr(sorted(e.items())) if isinstance(e, dict) else e
                if k not in seen:
                    seen.add(k)
                    out.append(e)
            doc[key] = out
            if not out and key != "gain":
                del doc[key]
        return doc


def _nudge(text: str, rng: random.Random, least: int = 0) -> str:
    """A nearby number: integers move by 1 or 2 (never below `least`: 1 for a divisor),
    decimals by up to 25%."""
    if "." in text:
        return f"{max(0.05, float(text) * rng.uniform(0.8, 1.25)):.2f}"
    return str(max(least, int(text) + rng.choice((-2, -1, 1, 2))))
