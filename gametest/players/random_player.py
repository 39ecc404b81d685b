"""A uniformly random legal player, seeded per game so its games replay."""

from __future__ import annotations

import random
from typing import Any

from gametest.engine.decision import Decision
from gametest.engine.player import Player
from gametest.engine.rng import derive_seed


class RandomPlayer(Player):
    """Picks a uniformly random number of picks in [min, max], then uniformly random options."""

    def __init__(self, name: str = "random", seed: int = 0) -> None:
        self.name = name
        self._base = seed
        self._rng = random.Random(seed)

    def start_game(self, view: Any, seat: int, seed: int) -> None:
        """Re-seed from the game's seed and seat, so results don't depend on game order."""
        self._rng.seed(derive_seed(self._base, seed, seat, "random-player"))

    def decide(self, view: Any, decision: Decision) -> tuple[int, ...]:
        k = self._rng.randint(decision.min, decision.max)
        return tuple(sorted(self._rng.sample(range(len(decision.options)), k)))
