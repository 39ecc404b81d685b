"""Seeded batches of games with rotated seats, run in 1..N worker processes with equal results.

Game i uses seed derive_seed(seed, i // n) and seat order rotated by i % n, so every group of
n consecutive games plays one shuffle seed from every seat: luck cancels in the comparison.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from gametest.engine.errors import GametestError
from gametest.engine.loop import play_game
from gametest.engine.registry import get_game
from gametest.engine.rng import derive_seed
from gametest.stats.winrate import grouped_interval, win_credit


@dataclass(frozen=True)
class GameSpec:
    """Which game of a batch to play: its index, seed and seat order (indices into specs)."""

    index: int
    seed: int
    seats: tuple[int, ...]


def plan(n_games: int, n_players: int, seed: int, start: int = 0) -> list[GameSpec]:
    """The seeds and seat rotations of games start..n_games-1 of a batch."""
    out = []
    for i in range(start, n_games):
        r = i % n_players
        seats = tuple((j + r) % n_players for j in range(n_players))
        out.append(GameSpec(i, derive_seed(seed, i // n_players), seats))
    return out


class _Runner:
    """Builds the players once per process and plays games from GameSpecs."""

    def __init__(self, game: str, kingdom: list[str], specs: Sequence[str], log: bool) -> None:
        from gametest.players import make_player

        self.game = get_game(game)
        self.kingdom = kingdom
        self.specs = list(specs)
        self.players = [make_player(s, self.game, kingdom) for s in specs]
        self.log = log

    def play(self, gs: GameSpec) -> dict[str, Any]:
        players = [self.players[p] for p in gs.seats]
        res = play_game(self.game, self.kingdom, players, gs.seed, 0, self.log)
        rec = res.to_dict()
        rec["index"] = gs.index
        rec["seats"] = list(gs.seats)
        rec["specs"] = [self.specs[p] for p in gs.seats]
        if res.events is not None:
            rec["events"] = res.events
        return rec


_WORKER: _Runner | None = None


def _init_worker(game: str, kingdom: list[str], specs: list[str], log: bool) -> None:
    global _WORKER
    _WORKER = _Runner(game, kingdom, specs, log)


def _play_chunk(chunk: list[GameSpec]) -> list[dict[str, Any]]:
    assert _WORKER is not None
    return [_WORKER.play(gs) for gs in chunk]


def run_batch(
    game: str,
    kingdom: list[str],
    specs: Sequence[str],
    games: list[GameSpec],
    workers: int = 1,
    log: bool = False,
    chunk: int = 50,
) -> Iterator[dict[str, Any]]:
    """Play the planned games; yields records (in completion order with several workers)."""
    if workers <= 1 or len(games) < 2 * chunk:
        runner = _Runner(game, kingdom, specs, log)
        for gs in games:
            yield runner.play(gs)
        return
    chunks = [games[i : i + chunk] for i in range(0, len(games), chunk)]
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # concurrent.futures (not mp.Pool): a worker that dies raises BrokenProcessPool here
    # instead of hanging the batch forever.
    with ProcessPoolExecutor(
        workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(game, kingdom, list(specs), log),
    ) as pool:
        try:
            for fut in as_completed([pool.submit(_play_chunk, c) for c in chunks]):
                yield from fut.result()
        except BrokenProcessPool:
            raise GametestError(
                "a worker process died (out of memory or killed); games finished so far are "
                "kept where the caller records them; rerun to continue"
            ) from None


@dataclass
class PlayerSummary:
    """Totals for one participant of a batch (by its position in the --player list).

    A shared win among k players counts 1/k (`shared_credit`), so one game's win rates add up
    to 1; the interval's unit is the seat-rotation group (`groups`: credit per group)."""

    name: str
    wins: int = 0
    ties: int = 0
    losses: int = 0
    vp_total: int = 0
    shared_credit: float = 0.0
    groups: dict[int, list[float]] = field(default_factory=dict)

    @property
    def games(self) -> int:
        return self.wins + self.ties + self.losses

    @property
    def win_rate(self) -> float:
        """Wins plus 1/k of each win shared among k players, over games."""
        return (self.wins + self.shared_credit) / self.games if self.games else 0.0

    def interval(self) -> tuple[float, float]:
        """95% Wilson interval with the rotation group (not the game) as the unit."""
        lo, hi, _ = grouped_interval(
            [c for cs in self.groups.values() for c in cs],
            [g for g, cs in self.groups.items() for _ in cs],
        )
        return (lo, hi)


def summarize(
    records: Sequence[dict[str, Any]], names: Sequence[str]
) -> tuple[list[PlayerSummary], float]:
    """Per-participant wins/ties/losses and VP, and mean turns per player per game."""
    out = [PlayerSummary(n) for n in names]
    turns = 0.0
    for i, rec in enumerate(records):
        winners = rec["winners"]
        group = int(rec.get("index", i)) // len(rec["seats"])
        for seat, p in enumerate(rec["seats"]):
            s = out[p]
            s.vp_total += rec["scores"][seat]
            credit = win_credit(seat, winners)
            s.groups.setdefault(group, []).append(credit)
            if seat in winners:
                if len(winners) == 1:
                    s.wins += 1
                else:
                    s.ties += 1
                    s.shared_credit += credit
            else:
                s.losses += 1
        turns += sum(rec["turns"]) / len(rec["turns"])
    return out, (turns / len(records) if records else 0.0)


def collect(
    it: Iterator[dict[str, Any]], on_record: Callable[[dict[str, Any]], None] | None = None
) -> list[dict[str, Any]]:
    """Drain a batch into a list sorted by game index, calling on_record as games finish."""
    recs = []
    for rec in it:
        if on_record is not None:
            on_record(rec)
        recs.append(rec)
    recs.sort(key=lambda r: r["index"])
    return recs
