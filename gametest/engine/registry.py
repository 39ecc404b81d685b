"""Games are versioned plug-ins: each registers a GameDef (engine/contract.py) under its name."""

from __future__ import annotations

import importlib

from gametest.engine.contract import GameDef, GameInfo, GameState, Policy, Run
from gametest.engine.errors import unknown

_GAMES: dict[str, GameDef] = {}
_BUILTIN = {"dominion": "gametest.games.dominion", "embermarch": "gametest.games.embermarch"}


def register_game(game: GameDef) -> GameDef:
    """Make a game available by name (called by the game's package on import)."""
    if not isinstance(game, GameDef):
        raise TypeError(f"{game!r} is not a GameDef (see gametest/engine/contract.py)")
    _GAMES[game.name] = game
    return game


def get_game(name: str = "dominion") -> GameDef:
    """The game registered under `name` ('dominion' or 'dominion@1'), importing it if needed."""
    base, _, version = name.partition("@")
    if base not in _GAMES and base in _BUILTIN:
        importlib.import_module(_BUILTIN[base])
    if base not in _GAMES:
        raise unknown("game", base, sorted(set(_GAMES) | set(_BUILTIN)))
    game = _GAMES[base]
    if version and version != str(game.version):
        from gametest.engine.errors import UsageError

        raise UsageError(f"game '{base}' is at version {game.version}, not {version}")
    return game


def list_games() -> list[GameDef]:
    """Every installed game."""
    for base in _BUILTIN:
        get_game(base)
    return sorted(_GAMES.values(), key=lambda g: g.name)


__all__ = [
    "GameDef",
    "GameInfo",
    "GameState",
    "Policy",
    "Run",
    "get_game",
    "list_games",
    "register_game",
]
