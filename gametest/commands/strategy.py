"""`gametest strategy schema|check`: the strategy language's published schema and a validator."""

from __future__ import annotations

import json

import click

from gametest.commands.options import game_option
from gametest.engine.registry import get_game


@click.group("strategy")
def strategy_group() -> None:
    """The strategy language: schema and validation."""


@strategy_group.command("schema")
@game_option
def schema_cmd(game_name: str) -> None:
    """Print the JSON Schema that strategy files validate against."""
    from gametest.strategy.schema import strategy_schema

    click.echo(json.dumps(strategy_schema(get_game(game_name)), indent=2))


@strategy_group.command("check")
@click.argument("file", type=click.Path())
@game_option
@click.option("--kingdom", "-k", default=None, help="Also check the strategy fits this kingdom.")
def check_cmd(file: str, game_name: str, kingdom: str | None) -> None:
    """Validate a strategy file (TOML or JSON); exit 2 with one clear line if it is invalid."""
    from gametest.prompts.supply import supply_names
    from gametest.strategy.model import load_strategy

    game = get_game(game_name)
    s = load_strategy(file, game)
    if kingdom:
        s.check_kingdom(supply_names(game, game.parse_kingdom(kingdom)))
    click.echo(f"ok: {s.name} ({len(s.gain)} gain entries, {len(s.play)} play entries)")
