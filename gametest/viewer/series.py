"""The numbers behind the simulation charts, computed from game records and their replays.

A participant is a position in the batch's player list (a record's `seats` maps seat -> participant;
records without it use the seat). Per-turn figures are at the end of the participant's own turn
k; a game that ended before turn k counts with its final state (carried forward), so every game
counts at every turn, as in DominionSim. Charts stop at the turn by which 99% of games ended.
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from gametest.engine.record import GameRecord
from gametest.viewer.snapshots import SeatSnapshot, trace_game

BAND = (10.0, 90.0)  # percentiles of the band around the mean VP
LAST_TURN_SHARE = 0.99  # charts run to the turn by which this share of games had ended
MIN_CARD_MEAN = 0.1  # composition charts leave out cards never owned this often on average


@dataclass
class Series:
    """Per participant, per turn (index k = turn k+1): VP mean and band, money density, cards."""

    names: list[str]
    turns: int
    vp_mean: list[list[float]]
    vp_low: list[list[float]]
    vp_high: list[list[float]]
    density: list[list[float]]
    cards: list[dict[str, list[float]]]
    lengths: Counter[int] = field(default_factory=Counter)
    ended_by: Counter[str] = field(default_factory=Counter)
    seat_points: list[list[float]] = field(default_factory=list)  # by turn order; wins + ties/2
    seat_games: list[list[int]] = field(default_factory=list)
    games: int = 0

    def win_rate_by_seat(self, participant: int) -> list[float | None]:
        """Win rate (shared wins count half) from each place in turn order; None if never there."""
        pts, gs = self.seat_points[participant], self.seat_games[participant]
        return [p / g if g else None for p, g in zip(pts, gs, strict=True)]


def participants(record: GameRecord) -> list[int]:
    """Which participant sat in each seat."""
    return list(record.get("seats") or range(len(record["players"])))


def game_length(record: GameRecord) -> int:
    """A game's length in turns per player (the most turns any seat took)."""
    return max(record["turns"])


def last_turn(lengths: Sequence[int], share: float = LAST_TURN_SHARE) -> int:
    """The smallest turn by which `share` of the games had ended."""
    ordered = sorted(lengths)
    if not ordered:
        return 0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def build_series(
    records: Sequence[GameRecord],
    names: Sequence[str],
    per_seat: Sequence[Sequence[Sequence[SeatSnapshot]]] | None = None,
) -> Series:
    """Aggregate records (replaying each unless `per_seat` snapshots are given) into Series."""
    n_part = len(names)
    if per_seat is None:
        per_seat = []
        gc.disable()  # many small objects kept alive: skip the collector's repeated full scans
        try:
            for rec in records:
                tr = trace_game(rec)
                per_seat.append([tr.seat_turns(s) for s in range(len(rec["players"]))])
        finally:
            gc.enable()
    n_seats = max((len(r["players"]) for r in records), default=n_part)
    by_part: list[list[Sequence[SeatSnapshot]]] = [[] for _ in range(n_part)]
    lengths: Counter[int] = Counter()
    ended: Counter[str] = Counter()
    points = [[0.0] * n_seats for _ in range(n_part)]
    played = [[0] * n_seats for _ in range(n_part)]
    for rec, seats in zip(records, per_seat, strict=True):
        lengths[game_length(rec)] += 1
        ended[rec["ended_by"]] += 1
        winners = rec["winners"]
        n = len(rec["players"])
        for seat, p in enumerate(participants(rec)):
            if seats[seat]:
                by_part[p].append(seats[seat])
            pos = (seat - rec["first"]) % n  # place in turn order
            played[p][pos] += 1
            if seat in winners:
                points[p][pos] += 1.0 if len(winners) == 1 else 0.5
    k_max = last_turn([length for length, c in lengths.items() for _ in range(c)])
    vp_mean, vp_low, vp_high, density, cards = [], [], [], [], []
    for games in by_part:
        vp = np.zeros((len(games), k_max))
        dens = np.zeros((len(games), k_max))
        counts: dict[str, np.ndarray] = {}
        for g, snaps in enumerate(games):
            for k in range(k_max):
                s = snaps[min(k, len(snaps) - 1)]
                vp[g, k] = s.score
                dens[g, k] = s.money_density
                for name, c in s.owned.items():
                    row = counts.get(name)
                    if row is None:
                        row = counts[name] = np.zeros((len(games), k_max))
                    row[g, k] = c
        if games:
            lo, hi = np.percentile(vp, BAND, axis=0)
            vp_mean.append(vp.mean(axis=0).tolist())
            vp_low.append(lo.tolist())
            vp_high.append(hi.tolist())
            density.append(dens.mean(axis=0).tolist())
            means = {name: m.mean(axis=0) for name, m in counts.items()}
            keep = sorted(
                (name for name, m in means.items() if m.max() >= MIN_CARD_MEAN),
                key=lambda name: -float(means[name].max()),
            )
            cards.append({name: means[name].tolist() for name in keep})
        else:
            vp_mean.append([])
            vp_low.append([])
            vp_high.append([])
            density.append([])
            cards.append({})
    return Series(
        list(names),
        k_max,
        vp_mean,
        vp_low,
        vp_high,
        density,
        cards,
        lengths,
        ended,
        points,
        played,
        len(records),
    )
