"""Seeded batches of games with rotated seats, run on any executor with equal results.

Game i uses seed derive_seed(seed, i // n) and seat order rotated by i % n, so every group of
n consecutive games plays one shuffle seed from every seat: luck cancels in the comparison.
"""

from __future__ import annotations

import json
import math
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, overload

from gametest.engine.errors import UsageError
from gametest.engine.loop import Player, play_game
from gametest.engine.registry import get_game
from gametest.engine.rng import derive_seed
from gametest.harness.executor import Executor, make_executor, worker_state
from gametest.stats.winrate import grouped_interval, win_credit


@dataclass(frozen=True)
class GameSpec:
    """Which game of a batch to play: its index, seed and seat order (indices into specs)."""

    index: int
    seed: int
    seats: tuple[int, ...]


def plan(n_games: int, n_players: int, seed: int, start: int = 0) -> Plan:
    """The seeds and seat rotations of games start..n_games-1 of a batch (built lazily)."""
    return Plan(range(start, max(start, n_games)), n_players, seed)


class Plan(Sequence[GameSpec]):
    """A batch's games, each made when asked for: a plan costs nothing until it is played."""

    def __init__(self, indices: range, n_players: int, seed: int) -> None:
        self.indices, self.n_players, self.seed = indices, n_players, seed

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, i: int) -> GameSpec: ...
    @overload
    def __getitem__(self, i: slice) -> list[GameSpec]: ...
    def __getitem__(self, i: int | slice) -> GameSpec | list[GameSpec]:
        if isinstance(i, slice):
            return [self._spec(k) for k in self.indices[i]]
        return self._spec(self.indices[i])

    def __iter__(self) -> Iterator[GameSpec]:
        return (self._spec(i) for i in self.indices)

    def chunks(self, size: int) -> Iterator[Plan]:
        """The plan in consecutive parts of `size` games, each itself a plan: a work item of a
        few bytes, whose games the worker makes (not 50 pickled GameSpecs per item)."""
        r = self.indices
        for lo in range(0, len(r), size):
            yield Plan(r[lo : lo + size], self.n_players, self.seed)

    def _spec(self, i: int) -> GameSpec:
        n = self.n_players
        seats = tuple((j + i % n) % n for j in range(n))
        return GameSpec(i, derive_seed(self.seed, i // n), seats)


# A player spec string, or a player object (with workers, one that pickles).
PlayerArg = str | Player


class _Runner:
    """Builds the players once per process and plays games from GameSpecs."""

    def __init__(
        self, game: str, kingdom: list[str], specs: Sequence[PlayerArg], log: bool
    ) -> None:
        from gametest.players import make_player

        self.game = get_game(game)
        self.kingdom = kingdom
        self.specs = [s if isinstance(s, str) else s.name for s in specs]
        self.players = [
            make_player(s, self.game, kingdom) if isinstance(s, str) else s for s in specs
        ]
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


def _stamp(spec: PlayerArg) -> int:
    """A strategy file's modification time (0 for other specs): an edited file gets new players."""
    if not isinstance(spec, str):
        return 0
    try:
        return os.stat(spec).st_mtime_ns
    except (OSError, ValueError):
        return 0


# What workers send back per game. "record": the whole record. "outcome": the record without
# its choices and event log, which is what summaries read; it is a fraction of the objects the
# collecting process must build, and on 2 cores that process competes with both workers.
# "outcome+line": the outcome plus the whole record as a JSON line made by the worker, for
# callers that write records rather than keep them.
Form = Literal["record", "outcome", "outcome+line"]
HEAVY_FIELDS = ("choices", "events")


def outcome_of(rec: dict[str, Any]) -> dict[str, Any]:
    """A record without its choices and event log: everything summaries and standings read."""
    return {k: v for k, v in rec.items() if k not in HEAVY_FIELDS}


def _play_chunk(setup: tuple[Any, ...], form: Form, chunk: Sequence[GameSpec]) -> list[Any]:
    """Play a chunk of games with this worker's players for `setup` (built once per worker)."""
    game, kingdom, specs, log, _stamps = setup
    runner = worker_state(("batch", setup), lambda: _Runner(game, list(kingdom), specs, log))
    recs = [runner.play(gs) for gs in chunk]
    if form == "outcome":
        return [outcome_of(r) for r in recs]
    if form == "outcome+line":
        return [(outcome_of(r), json.dumps(r)) for r in recs]
    return recs


SMALL_CHUNK = 50


def chunk_size(n_games: int, executor: Executor) -> int:
    """Games per work item: 50 here or on threads; on worker processes about sqrt(2n), 50 to
    500. Each item costs the collecting process about 0.3 ms (pool threads, pipes, wake-ups),
    and a batch ends with one worker idle for half an item on average: with about 4,000 games
    per second per worker, sqrt(2n) keeps the sum of both losses near its least."""
    if executor.kind in ("serial", "threads"):
        return SMALL_CHUNK
    return max(SMALL_CHUNK, min(500, math.isqrt(2 * n_games)))


def _stream(
    game: str,
    kingdom: list[str],
    specs: Sequence[PlayerArg],
    games: Sequence[GameSpec],
    workers: int,
    log: bool,
    chunk: int | None,
    executor: Executor | None,
    form: Form,
) -> Iterator[Any]:
    """Play the planned games on `executor` (or -j `workers` local ones) and yield, in plan
    order, what `form` asks for per game."""
    setup = (game, tuple(kingdom), tuple(specs), log, tuple(_stamp(s) for s in specs))
    own = executor is None
    if executor is None:
        small = workers <= 1 or len(games) < 2 * (chunk or SMALL_CHUNK)
        executor = make_executor("local", 1 if small else workers)
    chunk = chunk or chunk_size(len(games), executor)
    try:
        if executor.kind not in ("serial", "threads"):
            _check_picklable(specs)
        work: Iterator[Sequence[GameSpec]] = (
            games.chunks(chunk)
            if isinstance(games, Plan)
            else (list(games[i : i + chunk]) for i in range(0, len(games), chunk))
        )
        for played in executor.map(partial(_play_chunk, setup, form), work):
            yield from played
    finally:
        if own:
            executor.close()


def run_batch(
    game: str,
    kingdom: list[str],
    specs: Sequence[PlayerArg],
    games: Sequence[GameSpec],
    workers: int = 1,
    log: bool = False,
    chunk: int | None = None,
    executor: Executor | None = None,
    slim: bool = False,
) -> Iterator[dict[str, Any]]:
    """Play the planned games on `executor` (or -j `workers` local ones); yields records in
    plan order, the same whatever runs them (with `slim`, without choices and event logs)."""
    form: Form = "outcome" if slim else "record"
    yield from _stream(game, kingdom, specs, games, workers, log, chunk, executor, form)


def run_lines(
    game: str,
    kingdom: list[str],
    specs: Sequence[PlayerArg],
    games: Sequence[GameSpec],
    workers: int = 1,
    chunk: int | None = None,
    executor: Executor | None = None,
) -> Iterator[tuple[dict[str, Any], str]]:
    """run_batch(slim=True) with each game's whole record as one JSON line (no newline), made
    by the worker that played it: for callers that write records to disk, not keep them."""
    yield from _stream(game, kingdom, specs, games, workers, False, chunk, executor, "outcome+line")


def _check_picklable(specs: Sequence[PlayerArg]) -> None:
    """Player objects go to worker processes by pickle: say which one can't, in one line."""
    for s in specs:
        if isinstance(s, str):
            continue
        try:
            pickle.dumps(s)
        except Exception as e:
            raise UsageError(
                f"player {s.name!r} cannot be sent to worker processes ({type(e).__name__}: "
                f"{e}); use workers=1 or a player spec string"
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
