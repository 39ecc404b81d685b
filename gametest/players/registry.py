"""Player specs -> players: built-in bot names, strategy files, and registered prefixes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError, unknown
from gametest.engine.registry import GameDef
from gametest.prompts.supply import supply_names

# prefix -> factory(rest_of_spec, game, kingdom, options) -> player
_KINDS: dict[str, Callable[..., Any]] = {}


def register_player(prefix: str, factory: Callable[..., Any]) -> None:
    """Make `PREFIX:REST` player specs build players with `factory(rest, game, kingdom, **opts)`."""
    _KINDS[prefix] = factory


def player_kinds() -> list[str]:
    """Registered player-spec prefixes."""
    _load_plugins()
    return sorted(_KINDS)


def _load_plugins() -> None:
    for mod in ("gametest.players.human", "gametest.players.llm_player"):
        try:
            __import__(mod)
        except ModuleNotFoundError as e:
            if e.name != mod:
                raise


def make_player(spec: str, game: GameDef, kingdom: list[str] | None = None, **opts: Any) -> Any:
    """Build the player a spec names: `random`, a built-in bot, a strategy file, or PREFIX:..."""
    from gametest.players.random_player import RandomPlayer
    from gametest.players.strategy_player import StrategyPlayer
    from gametest.strategy.builtin import builtin_names, load_builtin
    from gametest.strategy.model import load_strategy

    spec = spec.strip()
    if spec == "random":
        return RandomPlayer()
    if spec == "human":
        from gametest.players.human import HumanPlayer

        return HumanPlayer()
    prefix, sep, rest = spec.partition(":")
    if sep and len(prefix) > 1:
        _load_plugins()
        if prefix in _KINDS:
            return _KINDS[prefix](rest, game, kingdom, **opts)
    path = Path(spec)
    if path.suffix in (".toml", ".json") or path.exists():
        if not path.exists():
            raise UsageError(f"strategy file not found: {spec}")
        strategy = load_strategy(path, game)
    elif spec in builtin_names(game.name):
        strategy = load_builtin(spec, game)
    else:
        raise unknown("player", spec, [*builtin_names(game.name), "random", "human"])
    if kingdom is not None:
        strategy.check_kingdom(supply_names(game, kingdom))
    return StrategyPlayer(strategy, game)
