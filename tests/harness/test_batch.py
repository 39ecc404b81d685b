"""Batches: seat rotation and paired seeds, and a worker that dies gives an error, not a hang."""

from __future__ import annotations

import os
from typing import Any

import pytest

from gametest.engine.errors import GametestError
from gametest.games.dominion.kingdoms import PRESETS
from gametest.harness.batch import collect, plan, run_batch, summarize
from gametest.players import register_player
from gametest.players.random_player import RandomPlayer
from gametest.stats.intervals import wilson


def test_plan_rotates_seats_and_pairs_seeds() -> None:
    games = plan(6, 3, seed=1)
    assert [g.seats for g in games[:3]] == [(0, 1, 2), (1, 2, 0), (2, 0, 1)]
    assert len({g.seed for g in games[:3]}) == 1 and games[0].seed != games[3].seed
    assert [g.index for g in plan(6, 3, 1, start=4)] == [4, 5]


class _Crash(RandomPlayer):
    """Dies without a word inside a worker process (a stand-in for the OOM killer)."""

    def __init__(self, parent: int) -> None:
        super().__init__("crash")
        self.parent = parent

    def decide(self, view: Any, decision: Any) -> tuple[int, ...]:
        if os.getpid() != self.parent:
            os._exit(1)
        return super().decide(view, decision)


def test_a_dead_worker_is_an_error_not_a_hang() -> None:
    parent = os.getpid()
    register_player("crash", lambda rest, game, kingdom, **_: _Crash(parent))
    kingdom = list(PRESETS["first-game"])
    with pytest.raises(GametestError, match="worker process died"):
        collect(
            run_batch("dominion", kingdom, ["crash:x", "bmu"], plan(400, 2, 0), workers=2, chunk=20)
        )


def test_a_plan_is_lazy_and_matches_the_games_it_stands_for() -> None:
    from gametest.engine.rng import derive_seed
    from gametest.harness.batch import GameSpec, plan

    big = plan(10**18, 3, 7)  # made instantly: nothing is built until asked for
    assert len(big) == 10**18
    assert big[10**17 + 1] == GameSpec(10**17 + 1, derive_seed(7, (10**17 + 1) // 3), (2, 0, 1))
    assert list(plan(5, 2, 1, start=2)) == plan(5, 2, 1)[2:]
    assert [g.seats for g in plan(4, 2, 0)] == [(0, 1), (1, 0), (0, 1), (1, 0)]
    # workers get a plan's parts, each a few bytes, and make the same games from them
    import pickle

    parts = list(plan(7, 3, 2, start=1).chunks(4))
    assert [len(c) for c in parts] == [4, 2]
    assert [g for c in parts for g in pickle.loads(pickle.dumps(c))] == plan(7, 3, 2)[1:]
    assert len(pickle.dumps(next(big.chunks(50)))) < 200


def _rec(index: int, seats: list[int], winners: list[int]) -> dict[str, Any]:
    return {
        "index": index,
        "seats": seats,
        "winners": winners,
        "scores": [1] * len(seats),
        "turns": [10] * len(seats),
    }


def test_shared_win_counts_one_over_k_and_rates_add_to_one() -> None:
    """A three-way shared win gives each player 1/3: the game's win rates add up to 1."""
    recs = [_rec(0, [0, 1, 2], [0, 1, 2]), _rec(1, [1, 2, 0], [0])]
    out, _ = summarize(recs, ["a", "b", "c"])
    assert [s.win_rate for s in out] == pytest.approx([1 / 6, 2 / 3, 1 / 6])
    assert sum(s.win_rate for s in out) == pytest.approx(1)
    assert out[1].wins == 1 and out[1].ties == 1 and out[1].losses == 0


def test_interval_counts_rotation_groups_not_games() -> None:
    """100 games in 50 rotation groups: the interval is Wilson on 50 units."""
    recs = [_rec(i, [i % 2, 1 - i % 2], [0]) for i in range(100)]
    out, _ = summarize(recs, ["a", "b"])
    assert out[0].win_rate == 0.5  # seat 0 always wins: one game per group each
    assert out[0].interval() == pytest.approx(wilson(25, 50))
    assert out[0].interval() != pytest.approx(wilson(50, 100))


def _without(rec: dict[str, Any], *fields: str) -> dict[str, Any]:
    """A record without some fields, and without its play time (which no two runs share)."""
    return {k: v for k, v in rec.items() if k not in fields and k != "seconds"}


def test_slim_records_and_lines_carry_the_same_games_as_whole_records() -> None:
    """Workers may send only outcomes (and each record's JSON line): nothing else changes."""
    import json

    from gametest.harness.batch import HEAVY_FIELDS, run_lines

    kingdom = list(PRESETS["first-game"])
    specs = ["smithy-bm", "bmu"]
    games = plan(120, 2, 5)
    whole = collect(run_batch("dominion", kingdom, specs, games, log=True))
    assert all("choices" in r and "events" in r for r in whole)
    outcomes = [_without(r, *HEAVY_FIELDS) for r in whole]
    records = [_without(r, "events") for r in whole]  # run_lines keeps no event log
    for workers in (1, 2):
        slim = run_batch("dominion", kingdom, specs, games, workers, True, chunk=20, slim=True)
        assert [_without(r) for r in slim] == outcomes
        played = list(run_lines("dominion", kingdom, specs, games, workers, chunk=20))
        assert [_without(o) for o, _ in played] == outcomes
        assert [_without(json.loads(line)) for _, line in played] == records
        assert all(json.loads(line)["seconds"] == o["seconds"] for o, line in played)


def test_chunk_size_grows_with_the_batch_on_worker_processes_only() -> None:
    from gametest.harness.batch import chunk_size
    from gametest.harness.executor import make_executor

    procs, serial = make_executor("local", 2), make_executor("local", 1)
    assert [chunk_size(n, procs) for n in (100, 1250, 8000, 20000, 10**7)] == [
        50,
        50,
        126,
        200,
        500,
    ]
    assert chunk_size(10**7, serial) == 50
