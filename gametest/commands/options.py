"""Options and argument parsing shared by the commands (game, kingdom, players, seed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from gametest.engine.errors import UsageError
from gametest.engine.registry import GameDef, get_game

F = TypeVar("F", bound=Callable[..., Any])


def game_option(f: F) -> F:
    """--game NAME (Dominion by default)."""
    return click.option(
        "--game",
        "game_name",
        default="dominion",
        show_default=True,
        help="Which game (see `gametest games`).",
    )(f)


def kingdom_option(f: F) -> F:
    """--kingdom K: a preset, a comma-separated card list, or random:SEED."""
    return click.option(
        "--kingdom",
        "-k",
        default=None,
        help="Preset name, comma-separated list of cards, or random:SEED "
        "(default: the game's default kingdom).",
    )(f)


def resolve(game_name: str, kingdom_spec: str | None) -> tuple[GameDef, list[str]]:
    """The game and the parsed kingdom (the game's default kingdom when none is given)."""
    game = get_game(game_name)
    spec = kingdom_spec or game.info.default_kingdom
    return game, game.parse_kingdom(spec)


def check_players(game: GameDef, specs: tuple[str, ...]) -> None:
    """Raise a clear error if the player count is out of the game's range."""
    if not game.min_players <= len(specs) <= game.max_players:
        raise UsageError(
            f"{game.name} takes {game.min_players} to {game.max_players} players, "
            f"got {len(specs)} (give --player once per seat)"
        )
