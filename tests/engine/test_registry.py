"""The game registry and replay errors."""

from __future__ import annotations

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.loop import play_game
from gametest.engine.record import ReplayError, replay
from gametest.engine.registry import get_game, list_games
from gametest.players.random_player import RandomPlayer


def test_dominion_is_installed_and_versioned() -> None:
    assert "dominion" in [g.name for g in list_games()]
    assert get_game("dominion@1").name == "dominion"


def test_unknown_game_and_version() -> None:
    with pytest.raises(UsageError, match="unknown game 'dominon' \\(did you mean dominion"):
        get_game("dominon")
    with pytest.raises(UsageError, match="version 1, not 9"):
        get_game("dominion@9")


def test_tampered_record_does_not_replay() -> None:
    game = get_game("dominion")
    k = game.parse_kingdom("first-game")
    rec = play_game(game, k, [RandomPlayer(), RandomPlayer()], 3).to_dict()
    bad = dict(rec, choices=rec["choices"][:-5])
    with pytest.raises(ReplayError):
        replay(bad)
    bad = dict(rec, seed=rec["seed"] + 1)
    with pytest.raises(ReplayError):
        replay(bad)
