"""`gametest play`: one game with a readable turn-by-turn log."""

from __future__ import annotations

import random

import click

from gametest.commands.advice import apply_llm_options, llm_player_options
from gametest.commands.options import check_players, game_option, kingdom_option, resolve
from gametest.engine.loop import play_game
from gametest.players import make_player


@click.command("play")
@kingdom_option
@click.option(
    "--player",
    "-p",
    "players",
    multiple=True,
    required=True,
    help="A player spec: bot name, strategy file, random, ... (once per seat).",
)
@click.option("--seed", type=int, default=None, help="Game seed (random if omitted).")
@game_option
@click.option("--json", "as_json", is_flag=True, help="Print the game record as JSON.")
@llm_player_options
def play_cmd(
    kingdom: str | None,
    players: tuple[str, ...],
    seed: int | None,
    game_name: str,
    as_json: bool,
    advice: str | None,
    advice_store: str | None,
    backend_opts: tuple[str, ...],
    base_url: str | None,
) -> None:
    """Play one game and print what each player drew, played and bought, and the scores."""
    import json

    game, cards = resolve(game_name, kingdom)
    check_players(game, players)
    players = apply_llm_options(players, cards, advice, advice_store, backend_opts, base_url)
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    seats = [make_player(s, game, cards) for s in players]
    first = random.Random(seed).randrange(len(seats))  # the first player is chosen at random
    res = play_game(game, cards, seats, seed, first, log=True)
    if as_json:
        rec = res.to_dict()
        rec["events"] = res.events
        click.echo(json.dumps(rec))
        return
    names = [p.name for p in seats]
    click.echo(f"{game.name}@{game.version}  seed {seed}  kingdom: {', '.join(cards)}")
    click.echo(f"P{first + 1} ({names[first]}) goes first.")
    for line in game.format_log(res.events or [], names):
        click.echo(line)
    click.echo(f"\nGame over ({res.ended_by}).")
    for i, n in enumerate(names):
        mark = " *winner*" if i in res.winners else ""
        click.echo(f"  P{i + 1} {n}: {res.scores[i]} VP in {res.turns[i]} turns{mark}")
