"""Plumbing shared by game definitions (GameDef plug-ins)."""

from __future__ import annotations

from gametest.engine.errors import UsageError


class GameDefBase:
    """Base for a game definition: its name and player range, and the check new_game makes."""

    name: str
    min_players: int
    max_players: int
    victory_card: str | None = None  # the card whose pile is the game's main clock, if any

    def check_players(self, n_players: int) -> None:
        """Raise UsageError unless the game takes `n_players` players."""
        if not self.min_players <= n_players <= self.max_players:
            raise UsageError(
                f"{self.name} takes {self.min_players} to {self.max_players} players, "
                f"got {n_players}"
            )
