"""A bot that plays a strategy-language strategy through its game's policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gametest.engine.decision import Decision
from gametest.engine.player import Player
from gametest.engine.registry import GameDef
from gametest.strategy.model import Strategy


class StrategyPlayer(Player):
    """Answers every decision from a compiled strategy, falling back to per-card defaults."""

    def __init__(self, strategy: Strategy, game: GameDef, name: str | None = None) -> None:
        self.name = name or strategy.name
        self.strategy = strategy
        self.policy = game.policy(strategy)
        # Bound straight to the policy: this is the engine's hot path.
        self.decide: Callable[[Any, Decision], tuple[int, ...]] = self.policy.decide

    def start_game(self, view: Any, seat: int, seed: int) -> None:
        """Start counting this game's condition failures afresh."""
        self.strategy.condition_errors.clear()

    def end_game(self, result: Any, seat: int) -> dict[str, Any]:
        """Conditions that failed at run time this game (counted as false), for the record."""
        errs = self.strategy.condition_errors
        if not errs:
            return {}
        return {"condition_errors": {e: {"count": n, "error": m} for e, (n, m) in errs.items()}}
