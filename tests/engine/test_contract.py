"""The game contract: a GameDef must implement every abstract method; GameInfo's helpers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gametest.engine.contract import GameDef, GameInfo
from gametest.engine.registry import get_game, register_game


def test_a_game_missing_a_method_cannot_be_made_or_registered() -> None:
    class Half(GameDef):
        info = replace(get_game("dominion").info, name="half")

        def parse_kingdom(self, spec: str) -> list[str]:
            return []

    with pytest.raises(TypeError, match="abstract method"):
        Half()  # type: ignore[abstract]
    with pytest.raises(TypeError, match="not a GameDef"):
        register_game(object())  # type: ignore[arg-type]


def test_info_lists_and_guide_line() -> None:
    info = GameInfo(
        name="x",
        version=1,
        min_players=2,
        max_players=2,
        default_kingdom="k",
        default_bot="b",
        reference_opponents=("b",),
        default_strategy={"gain": []},
        decision_kinds=("buy", "prune"),
        priority_keys={"prune": "what to prune first"},
        conditions={},
        bots_dir=Path("."),
    )
    assert info.priority_lists() == ("gain", "play", "prune")
    assert info.guide_line() == '- "play": which card to play first. "prune": what to prune first.'
    dominion = get_game("dominion").info
    assert dominion.guide_line().startswith('- "play": which Action card to play first.')
    assert dominion.priority_lists() == ("gain", "play", "trash", "discard", "topdeck")
