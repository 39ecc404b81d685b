"""Win rates with the seat-rotation group as the unit of their interval, and the tie rule.

A batch plays each seed once from every seat (a rotation group of n games, n = players), so
the games of one group are not independent: with the same seeded player in every seat they are
one distinct game played n times. The interval therefore counts groups, not games: a Wilson
interval on G groups whose "successes" are the group means (conservative when rotation cancels
luck, exact in count when a group is one distinct game). A shared win among k players counts
1/k to each, so the win rates of one game always add up to 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from gametest.stats.intervals import wilson

TIE_RULE = "a shared win among k players counts 1/k to each"
UNIT = "seat-rotation group"
UNIT_NOTE = (
    "95% Wilson interval with the seat-rotation group (one seed played from every seat; with "
    "the same seeded player in every seat, one distinct game) as the unit, not the game"
)


def win_credit(seat: int, winners: Sequence[int]) -> float:
    """A seat's share of a game's win: 1/k if it is one of k winners, else 0."""
    return 1.0 / len(winners) if seat in winners else 0.0


def grouped_interval(
    outcomes: Sequence[float], groups: Sequence[Hashable] | None = None
) -> tuple[float, float, int]:
    """Wilson interval over groups (the sum of group means out of G); (0, 1, 0) for no games."""
    if groups is None:
        groups = list(range(len(outcomes)))
    by: dict[Hashable, list[float]] = defaultdict(list)
    for g, o in zip(groups, outcomes, strict=True):
        by[g].append(float(o))
    if not by:
        return (0.0, 1.0, 0)
    means = [sum(v) / len(v) for v in by.values()]
    lo, hi = wilson(sum(means), len(means))
    return (lo, hi, len(means))


def win_rate(outcomes: Sequence[float], groups: Sequence[Hashable] | None = None) -> dict[str, Any]:
    """Win rate (shared wins as 1/k) with a Wilson interval over rotation groups (or games)."""
    n = len(outcomes)
    wins = float(sum(outcomes))
    lo, hi, units = grouped_interval(outcomes, groups)
    return {
        "rate": wins / n if n else None,
        "low": lo if n else None,
        "high": hi if n else None,
        "wins": wins,
        "games": n,
        "units": units,
        "unit": UNIT if groups is not None else "game",
        "sole_wins": sum(1 for o in outcomes if o == 1),
        "shared_wins": sum(1 for o in outcomes if 0 < o < 1),
        "losses": sum(1 for o in outcomes if o == 0),
    }
