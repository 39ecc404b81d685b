"""The player contract: hooks are no-ops unless a player defines them; non-players are refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from gametest.engine.decision import Decision
from gametest.engine.errors import UsageError
from gametest.engine.loop import GameResult, play_game
from gametest.engine.player import Player
from gametest.engine.registry import get_game

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")


class First(Player):
    """Takes the first `min` options: a minimal player with no hooks of its own."""

    name = "first"

    def decide(self, view: Any, decision: Decision) -> Sequence[int]:
        return tuple(range(decision.min))


class Hooked(First):
    """Counts the hooks the loop calls and reports a figure at the end."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def start_game(self, view: Any, seat: int, seed: int) -> None:
        self.calls.append(("start", seat))

    def end_game(self, result: Any, seat: int) -> dict[str, Any] | None:
        self.calls.append(("end", seat))
        assert isinstance(result, GameResult)
        return {"seen": len(result.choices)}


def test_hooks_run_once_per_seat_and_their_figures_reach_the_record() -> None:
    h = Hooked()
    res = play_game(GAME, KINGDOM, [First(), h], seed=4)
    assert h.calls == [("start", 1), ("end", 1)]
    assert res.extra == {"players": {"1": {"seen": len(res.choices)}}}


def test_default_hooks_add_nothing_to_the_record() -> None:
    assert play_game(GAME, KINGDOM, [First(), First()], seed=4).extra == {}


def test_an_object_that_is_not_a_player_is_refused_in_one_line() -> None:
    class Loose:
        name = "loose"

        def decide(self, view: Any, decision: Decision) -> Sequence[int]:
            return ()

    with pytest.raises(UsageError, match=r"Loose is not a player: subclass gametest\.Player"):
        play_game(GAME, KINGDOM, [First(), Loose()], seed=4)
