"""The Supply as prompts name it: every card that can be in a player's deck."""

from __future__ import annotations

from collections.abc import Sequence

from gametest.engine.contract import GameDef


def supply_names(game: GameDef, kingdom: Sequence[str]) -> list[str]:
    """Basic cards plus the kingdom, in that order."""
    return list(game.info.basic_cards) + list(kingdom)
