"""gametest: measures whether strategy advice that looks good actually wins.

The Python API (docs/python-api.md): get_game, make_player, play_game, simulate, load_run.
They load on first use, so `import gametest` (and the command line) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gametest import compiled as _compiled

__version__ = "0.1.0"
_compiled.install()  # the optional Cython build of the engine, only while it matches its sources

_EXPORTS = {
    "get_game": "gametest.engine.registry",
    "list_games": "gametest.engine.registry",
    "make_player": "gametest.players.registry",
    "play_game": "gametest.engine.loop",
    "replay": "gametest.engine.record",
    "simulate": "gametest.api",
    "load_run": "gametest.api",
    "Simulation": "gametest.api",
    "Run": "gametest.api",
    "GameDef": "gametest.engine.contract",
    "GameInfo": "gametest.engine.contract",
    "Player": "gametest.engine.player",
    "GametestError": "gametest.engine.errors",
    "UsageError": "gametest.engine.errors",
}

if TYPE_CHECKING:
    from gametest.api import Run, Simulation, load_run, simulate
    from gametest.engine.contract import GameDef, GameInfo
    from gametest.engine.errors import GametestError, UsageError
    from gametest.engine.loop import play_game
    from gametest.engine.player import Player
    from gametest.engine.record import replay
    from gametest.engine.registry import get_game, list_games
    from gametest.players.registry import make_player

__all__ = [
    "GameDef",
    "GameInfo",
    "GametestError",
    "Player",
    "Run",
    "Simulation",
    "UsageError",
    "__version__",
    "get_game",
    "list_games",
    "load_run",
    "make_player",
    "play_game",
    "replay",
    "simulate",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name on first use."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'gametest' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
