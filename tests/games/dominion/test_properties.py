"""Property tests specific to Dominion: all 32 Kingdom cards, 2-6 players, bots and random."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gametest.engine.loop import play_game
from gametest.engine.record import replay
from gametest.games.dominion import GAME
from gametest.players import make_player
from gametest.players.random_player import RandomPlayer
from tests.conformance.test_games import _walk


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31), kseed=st.integers(0, 10**6), n=st.integers(2, 6))
def test_random_play_with_first_edition_cards(seed: int, kseed: int, n: int) -> None:
    _walk(GAME, GAME.parse_kingdom(f"random-all:{kseed}"), n, seed, seed + 1)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), kseed=st.integers(0, 10**6), n=st.integers(2, 6))
def test_bots_and_random_players_finish_and_replay(seed: int, kseed: int, n: int) -> None:
    kingdom = GAME.parse_kingdom(f"random-all:{kseed}")
    players = [make_player("bmu", GAME, kingdom), RandomPlayer()] + [
        make_player("big-money", GAME, kingdom) for _ in range(n - 2)
    ]
    res = play_game(GAME, kingdom, players, seed)
    assert res.ended_by in ("provinces", "piles")
    assert replay(res.to_dict()).fingerprint == res.fingerprint
