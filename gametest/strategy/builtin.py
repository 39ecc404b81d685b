"""The reference bots, written in the strategy language: one file per bot in the game's bots_dir."""

from __future__ import annotations

from pathlib import Path

from gametest.engine.errors import unknown
from gametest.engine.registry import GameDef, get_game
from gametest.strategy.model import Strategy, load_strategy

# Where the built-in games keep their bots (bots/<game>/); a game names its own in GameInfo.
BOTS_DIR = Path(__file__).parent / "bots"


def _dir(game: str | GameDef) -> Path:
    return (get_game(game) if isinstance(game, str) else game).info.bots_dir


def builtin_names(game: str | GameDef = "dominion") -> list[str]:
    """Names of the built-in bots for a game."""
    d = _dir(game)
    return sorted(p.stem for p in d.glob("*.toml")) if d.is_dir() else []


def builtin_path(name: str, game: str | GameDef = "dominion") -> Path:
    """The file of a built-in bot."""
    p = _dir(game) / f"{name}.toml"
    if not p.exists():
        raise unknown("bot", name, builtin_names(game))
    return p


def load_builtin(name: str, game: GameDef) -> Strategy:
    """Load a built-in bot by name."""
    return load_strategy(builtin_path(name, game), game)
