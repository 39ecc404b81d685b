"""Turn a Dominion game's structured event log into a readable turn-by-turn account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gametest.engine.logfmt import cards_text as _cards


def format_events(events: Sequence[tuple[Any, ...]], names: Sequence[str]) -> list[str]:
    """One line per event, grouped under a heading per turn."""
    lines: list[str] = []
    prev: tuple[Any, ...] = ()
    for ev in events:
        _, seat, what, *d = ev
        bought = prev[2:4] == ("buy", d[0]) if what == "gain" and len(prev) > 3 else False
        prev = ev
        if bought:
            continue  # "buys X" already said it
        who = f"P{seat + 1} {names[seat]}"
        if what == "turn":
            lines.append(f"\n-- {who}, turn {d[0]} -- hand: {_cards(d[1])}")
        elif what == "play":
            lines.append(f"   {who} plays {d[0]}")
        elif what == "draw":
            lines.append(f"   {who} draws {_cards(d[0])}")
        elif what == "treasures":
            lines.append(f"   {who} plays {_cards(d[0])} for ${d[1]}")
        elif what == "buy":
            lines.append(f"   {who} buys {d[0]}")
        elif what == "gain":
            where = "" if d[1] in ("discard",) else f" ({d[1]})"
            lines.append(f"   {who} gains {d[0]}{where}")
        elif what == "shuffle":
            lines.append(f"   {who} shuffles ({d[0]} cards)")
        elif what in ("trash", "topdeck", "set_aside"):
            verb = {"trash": "trashes", "topdeck": "puts on deck", "set_aside": "sets aside"}[what]
            lines.append(f"   {who} {verb} {d[0]}")
        elif what in ("discard", "reveal", "look"):
            lines.append(f"   {who} {what}s {_cards(d[0]) if isinstance(d[0], list) else d[0]}")
        else:
            lines.append(f"   {who} {what} {' '.join(map(str, d))}".rstrip())
    return lines
