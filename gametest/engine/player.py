"""The player contract: answer decisions; optional per-game hooks default to doing nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from gametest.engine.decision import Decision

if TYPE_CHECKING:  # the loop imports this module
    from gametest.engine.loop import GameResult


class Player:
    """Base of every player (bots, LLMs, a person at a terminal, replays).

    Subclasses set `name` and define `decide(view, decision)`, returning indices into
    decision.options, between decision.min and decision.max of them. `decide` is declared as
    an attribute so a bot may bind it straight to its policy's method (the engine's hot path).
    """

    name: str
    decide: Callable[[Any, Decision], Sequence[int]]

    def start_game(self, view: Any, seat: int, seed: int) -> None:
        """Called once before the first decision of each game, with the seat's view."""
        return None

    def end_game(self, result: GameResult, seat: int) -> dict[str, Any] | None:
        """Called once after the game ends; a returned dict goes to the record's extra.players."""
        return None
