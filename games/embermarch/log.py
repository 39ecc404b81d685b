"""Turn an Embermarch game's structured event log into a readable turn-by-turn account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gametest.engine.logfmt import cards_text as _cards


def format_events(events: Sequence[tuple[Any, ...]], names: Sequence[str]) -> list[str]:
    """One line per event, grouped under a heading per turn."""
    lines: list[str] = []
    for ev in events:
        _, seat, what, *d = ev
        who = f"P{seat + 1} {names[seat]}"
        if what == "turn":
            lines.append(f"\n-- {who}, turn {d[0]} -- hand: {_cards(d[1])}")
            if len(d) > 2:
                lines.append(f"   market row: {', '.join(d[2])}")
        elif what == "play":
            lines.append(f"   {who} plays {d[0]}")
        elif what == "resonance":
            lines.append(f"   {who}: {d[0]} resonates")
        elif what == "draw":
            lines.append(f"   {who} draws {_cards(d[0])}")
        elif what == "burn":
            lines.append(f"   {who} burns {d[0]}")
        elif what == "cull":
            lines.append(f"   {who} culls {d[0]}")
        elif what == "sweep":
            lines.append(f"   {who} sweeps {d[0]} from the market row")
        elif what == "reveal":
            lines.append(f"   {d[0]} is dealt into the market row")
        elif what == "mend":
            lines.append(f"   {who} mends {d[0]} (health {d[1]})")
        elif what == "renown":
            lines.append(f"   {who} takes {d[0]} Renown")
        elif what == "strike":
            victim, might, blocked, health = d
            ward = f", {blocked} blocked by Ward" if blocked else ""
            lines.append(
                f"   {who} strikes P{victim + 1} {names[victim]} for {might}{ward} "
                f"(health {health})"
            )
        elif what == "knockout":
            lines.append(f"   {who} knocks out P{d[0] + 1} {names[d[0]]}!")
        elif what == "buy":
            where = " (onto deck)" if d[1] == "deck" else ""
            lines.append(f"   {who} buys {d[0]}{where}")
        elif what == "shuffle":
            lines.append(f"   {who} shuffles ({d[0]} cards)")
        else:
            lines.append(f"   {who} {what} {' '.join(map(str, d))}".rstrip())
    return lines
