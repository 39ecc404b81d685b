"""Candidate rungs: built-in bots and principled degradations of strong strategy documents.

Every variant is a strategy document made from another by one named change, described in the
game's own card facts (victory points, curses, terminal Actions), so the same code serves every
game: greening early (cheap victory cards bought first), buying junk (Curses), too many
terminal Actions, never greening, ignoring the kingdom's cards, thresholds moved, and keeping
only the top of the priority list.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gametest.engine.registry import GameDef

GREEN_LIMITS = (1, 2, 3, 4, 6, 8, 12)
JUNK_LIMITS = (1, 2, 4, 8)
TERMINAL_LIMITS = (3, 5, 8)
THRESHOLD_FACTORS = (0.5, 0.75, 1.5, 2.0)
_NUMBER = re.compile(r"(?<![\w.])(\d+)(?![\w.])")


@dataclass(frozen=True)
class Candidate:
    """A strategy document that may become a rung, with a name and where it came from."""

    name: str
    provenance: str
    doc: dict[str, Any]


def _entry_card(e: Any) -> str:
    return e if isinstance(e, str) else str(e.get("card", ""))


def _card_kinds(game: GameDef, supply: list[str], kingdom: list[str]) -> dict[str, list[str]]:
    """The supply's victory cards (cheapest first), junk cards, and the kingdom's terminals."""
    cards = {n: game.cards[n] for n in supply if n in game.cards}
    traits = {n: game.card_traits(n) for n in cards}
    victory = sorted((n for n in cards if "victory" in traits[n]), key=lambda n: cards[n].cost)
    junk = [n for n in cards if "junk" in traits[n]]
    terminals = sorted(
        (n for n in kingdom if n in cards and "terminal" in traits[n]),
        key=lambda n: -cards[n].cost,
    )
    return {"victory": victory, "junk": junk, "terminals": terminals}


def _with(doc: dict[str, Any], name: str, gain: list[Any], **more: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["name"] = name
    out["gain"] = gain
    out.pop("description", None)
    out.update(more)
    return out


def _scale(expr: str, factor: float) -> str:
    return _NUMBER.sub(lambda m: str(max(0, round(int(m.group(1)) * factor))), expr)


def _scaled(items: list[Any], factor: float) -> list[Any]:
    out = []
    for e in items:
        if isinstance(e, dict) and isinstance(e.get("if"), str):
            e = {**e, "if": _scale(e["if"], factor)}
        out.append(e)
    return out


def degradations(
    base: Candidate, game: GameDef, supply: list[str], kingdom: list[str]
) -> Iterator[Candidate]:
    """Named, principled weakenings (and variations) of one strong strategy."""
    doc = base.doc
    gain = list(doc.get("gain", []))
    kinds = _card_kinds(game, supply, kingdom)
    tag = base.name

    def cand(change: str, new_gain: list[Any], **more: Any) -> Candidate:
        name = f"{tag}~{change}"
        return Candidate(name, f"degrade:{change}<-{tag}", _with(doc, name, new_gain, **more))

    for card in kinds["victory"][:2]:
        for k in GREEN_LIMITS:
            yield cand(f"green-early:{card}x{k}", [{"card": card, "limit": k}, *gain])
    for card in kinds["junk"]:
        for k in JUNK_LIMITS:
            yield cand(f"junk:{card}x{k}", [{"card": card, "limit": k}, *gain])
    for card in kinds["terminals"][:2]:
        for k in TERMINAL_LIMITS:
            yield cand(f"terminals:{card}x{k}", [{"card": card, "limit": k}, *gain])
    victory = set(kinds["victory"])
    never = [e for e in gain if _entry_card(e) not in victory]
    if never != gain:
        yield cand("never-green", never)
    own = set(kingdom)
    plain = [e for e in gain if _entry_card(e) not in own]
    if plain != gain:
        yield cand(
            "ignore-kingdom",
            plain,
            play=[e for e in doc.get("play", []) if _entry_card(e) not in own],
        )
    if any(isinstance(e, dict) and "if" in e for e in gain):
        for f in THRESHOLD_FACTORS:
            yield cand(f"thresholds*{f:g}", _scaled(gain, f))
    for k in range(1, len(gain)):
        yield cand(f"top-{k}", gain[:k])
