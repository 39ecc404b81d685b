"""`gametest games`, `gametest cards`, `gametest bots`: what is installed."""

from __future__ import annotations

import click

from gametest.commands.options import game_option
from gametest.engine.errors import unknown
from gametest.engine.registry import get_game, list_games


@click.command("games")
def games_cmd() -> None:
    """List the installed games with their versions."""
    for g in list_games():
        click.echo(f"{g.name}@{g.version}  ({g.min_players}-{g.max_players} players)")


@click.command("cards")
@click.argument("name", required=False)
@game_option
def cards_cmd(name: str | None, game_name: str) -> None:
    """List every card with its cost and text, or show one card."""
    game = get_game(game_name)
    if name:
        real = game.card_name(name)
        if real not in game.cards:  # a game may accept names of option groups, e.g. Market
            raise unknown("card", name, list(game.cards))
        click.echo(game.describe_card(real))
        return
    for cname in game.cards:
        click.echo(game.describe_card(cname))


@click.command("bots")
@game_option
def bots_cmd(game_name: str) -> None:
    """List the built-in bots (strategy files shipped with gametest)."""
    from gametest.strategy.builtin import builtin_names, load_builtin

    game = get_game(game_name)
    for n in builtin_names(game.name):
        click.echo(f"{n:18} {load_builtin(n, game).description}")
    click.echo(f"{'random':18} Uniformly random among legal choices (seeded).")
