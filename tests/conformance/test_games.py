"""Conformance suite run over every installed game: random legal play keeps the invariants.

Games end; cards are conserved at every step; every decision offers a legal answer; a record
replays to the same final state; a batch gives identical results with 1 and 2 workers.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametest.engine.decision import Decision
from gametest.engine.loop import play_game
from gametest.engine.record import replay
from gametest.engine.registry import GameDef, get_game, list_games
from gametest.harness.batch import collect, plan, run_batch
from gametest.players.random_player import RandomPlayer

GAMES = [g.name for g in list_games()]
MAX_STEPS = 200_000


def _random_answer(d: Decision, rng: random.Random) -> tuple[int, ...]:
    k = rng.randint(d.min, d.max)
    return tuple(sorted(rng.sample(range(len(d.options)), k)))


def _walk(game: GameDef, kingdom: list[str], n: int, seed: int, choice_seed: int) -> int:
    """Play one game with random legal answers, checking invariants after every decision."""
    state = game.new_game(kingdom, n, seed, seed % n, False)
    start = state.card_counts()
    rng = random.Random(choice_seed)
    gen = state.run()
    steps = 0
    try:
        d = next(gen)
        while True:
            assert 0 <= d.min <= d.max <= len(d.options), d
            assert d.max >= 1, f"a decision with nothing to choose was asked: {d}"
            assert 0 <= d.seat < n
            d = gen.send(_random_answer(d, rng))
            steps += 1
            assert state.card_counts() == start, f"cards not conserved after step {steps}"
            assert steps < MAX_STEPS, "game did not end"
    except StopIteration:
        pass
    assert state.card_counts() == start
    res = state.result()
    assert res["ended_by"] != "unfinished"
    assert len(res["scores"]) == n and res["winners"]
    return steps


@pytest.mark.parametrize("game_name", GAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), data=st.data())
def test_random_legal_play_keeps_invariants(game_name: str, seed: int, data: st.DataObject) -> None:
    game = get_game(game_name)
    n = data.draw(st.integers(game.min_players, game.max_players), label="players")
    kingdom = game.parse_kingdom(f"random:{data.draw(st.integers(0, 10_000), label='kingdom')}")
    _walk(game, kingdom, n, seed, seed ^ 0x5EED)


@pytest.mark.parametrize("game_name", GAMES)
@pytest.mark.parametrize("n", [2, 3, 4])
def test_records_replay_to_the_same_state(game_name: str, n: int) -> None:
    game = get_game(game_name)
    n = min(n, game.max_players)
    kingdom = game.parse_kingdom("random:7")
    for seed in range(3):
        players = [RandomPlayer(f"r{i}") for i in range(n)]
        res = play_game(game, kingdom, players, seed, first=seed % n)
        again = replay(res.to_dict())
        assert again.fingerprint == res.fingerprint
        assert again.scores == res.scores and again.winners == res.winners


@pytest.mark.parametrize("game_name", GAMES)
def test_same_seed_same_game(game_name: str) -> None:
    game = get_game(game_name)
    kingdom = game.parse_kingdom("random:3")
    a = play_game(game, kingdom, [RandomPlayer(), RandomPlayer()], 42)
    b = play_game(game, kingdom, [RandomPlayer(), RandomPlayer()], 42)
    assert a.fingerprint == b.fingerprint and a.choices == b.choices


def _strip(rec: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in rec.items() if k != "seconds"}


@pytest.mark.parametrize("game_name", GAMES)
def test_batch_results_do_not_depend_on_worker_count(game_name: str) -> None:
    game = get_game(game_name)
    kingdom = game.parse_kingdom("random:11")
    games = plan(80, 2, seed=5)
    specs = ["random", "random"]
    one = collect(run_batch(game.name, kingdom, specs, games, workers=1))
    two = collect(run_batch(game.name, kingdom, specs, games, workers=2, chunk=10))
    assert [_strip(r) for r in one] == [_strip(r) for r in two]
