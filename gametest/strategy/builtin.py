"""The reference bots, written in the strategy language and shipped as files in bots/<game>/."""

from __future__ import annotations

from pathlib import Path

from gametest.engine.errors import unknown
from gametest.engine.registry import GameDef
from gametest.strategy.model import Strategy, load_strategy

BOTS_DIR = Path(__file__).parent / "bots"


def builtin_names(game: str = "dominion") -> list[str]:
    """Names of the built-in bots for a game."""
    d = BOTS_DIR / game
    return sorted(p.stem for p in d.glob("*.toml")) if d.is_dir() else []


def builtin_path(name: str, game: str = "dominion") -> Path:
    """The file of a built-in bot."""
    p = BOTS_DIR / game / f"{name}.toml"
    if not p.exists():
        raise unknown("bot", name, builtin_names(game))
    return p


def load_builtin(name: str, game: GameDef) -> Strategy:
    """Load a built-in bot by name."""
    return load_strategy(builtin_path(name, game.name), game)
