"""A small first-game ladder built once for the ladder tests."""

from __future__ import annotations

from typing import Any

import pytest

from gametest.engine.registry import get_game
from gametest.ladder.build import LadderOptions, build_ladder


@pytest.fixture(scope="session")
def first_game_ladder() -> dict[str, Any]:
    """8 rungs for first-game against big-money and bmu, 120 games per opponent, seed 5."""
    game = get_game("dominion")
    cards = game.parse_kingdom("first-game")
    return build_ladder(
        game, cards, "first-game", LadderOptions(["big-money", "bmu"], 8, 120, seed=5)
    )
