"""`gametest ladder`: build a ladder of strategies of measured strength, show it, render a rung."""

from __future__ import annotations

import hashlib
import sys
import time
from typing import Any

import click

from gametest.commands.options import game_option, kingdom_option, resolve
from gametest.engine.contract import GameDef
from gametest.engine.errors import UsageError
from gametest.ladder.file import default_path, read_ladder, write_ladder
from gametest.ladder.styles import LENGTHS, STYLES


def kingdom_label(game: GameDef, spec: str | None, cards: list[str]) -> str:
    """A short name for the kingdom: its preset or random:SEED spec, else a hash of the cards."""
    spec = spec or game.info.default_kingdom
    if "," not in spec:  # a named kingdom (a preset or random:SEED), not a list of cards
        return spec.replace(":", "-")
    return "k" + hashlib.sha256(",".join(sorted(cards)).encode()).hexdigest()[:8]


@click.group("ladder")
def ladder_group() -> None:
    """Ladders: strategies of known, evenly spread strength, told in many styles."""


@ladder_group.command("build")
@kingdom_option
@game_option
@click.option(
    "--against",
    "against",
    multiple=True,
    help="A reference opponent (repeatable; default: the game's reference opponents).",
)
@click.option("--rungs", type=click.IntRange(2), default=12, show_default=True)
@click.option(
    "--games",
    "-n",
    type=click.IntRange(1),
    default=400,
    show_default=True,
    help="Games per rung against each opponent.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--top",
    type=click.Path(dir_okay=False),
    default=None,
    help="A strategy file to use as the strongest rung (e.g. an optimized strategy).",
)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Ladder file to write.")
@click.option("-j", "--workers", type=click.IntRange(1), default=1, show_default=True)
def build_cmd(
    kingdom: str | None,
    game_name: str,
    against: tuple[str, ...],
    rungs: int,
    games: int,
    seed: int,
    top: str | None,
    out: str | None,
    workers: int,
) -> None:
    """Measure candidate strategies and write N rungs spread from near 0% to the strongest."""
    from gametest.ladder.build import LadderOptions, build_ladder
    from gametest.players import make_player
    from gametest.strategy.model import load_strategy

    game, cards = resolve(game_name, kingdom)
    opponents = list(against) or list(game.info.reference_opponents)
    if not opponents:
        raise UsageError(f"--against: name the opponents ({game.name} has no reference ones)")
    for opp in opponents:
        make_player(opp, game, cards)  # a bad spec fails here, in one line
    top_doc = dict(load_strategy(top, game).doc) if top else None
    label = kingdom_label(game, kingdom, cards)
    opts = LadderOptions(opponents, rungs, games, seed, top_doc, workers)

    t0 = time.perf_counter()

    def say(msg: str) -> None:
        click.echo(f"ladder: {msg} ({time.perf_counter() - t0:.0f}s)", err=True)

    say(f"building {rungs} rungs against {', '.join(opponents)}, {games} games per opponent")

    doc = build_ladder(game, cards, label, opts, say)
    path = write_ladder(out or default_path(game.name, label, seed), doc)
    click.echo(f"wrote {path}: {len(doc['rungs'])} rungs")
    _table(doc)


def _table(doc: dict[str, Any]) -> None:
    opps = list(doc["against"])
    head = f"{'rung':5} {'win rate':>8}  " + "  ".join(f"{o[:18]:>22}" for o in opps)
    click.echo(head + "  name")
    for r in doc["rungs"]:
        cells = []
        for o in opps:
            p = r["per_opponent"].get(o)
            cells.append(
                f"{100 * p['rate']:5.1f} [{100 * p['lo']:4.1f},{100 * p['hi']:5.1f}]" if p else "-"
            )
        click.echo(
            f"{r['id']:5} {100 * r['win_rate']:7.1f}%  "
            + "  ".join(f"{c:>22}" for c in cells)
            + f"  {r['name']}"
        )
    n = {p["n"] for r in doc["rungs"] for p in r["per_opponent"].values()}
    click.echo(
        f"{doc['game']} kingdom {doc['kingdom_label']} ({', '.join(doc['kingdom'])}); "
        f"seed {doc['seed']}; games per opponent: {', '.join(map(str, sorted(n)))}; "
        "95% Wilson intervals; ties count half."
    )


@ladder_group.command("show")
@click.argument("file", type=click.Path(dir_okay=False))
def show_cmd(file: str) -> None:
    """Print a ladder file as a table: rungs, win rates with intervals, provenance."""
    _table(read_ladder(file))


def find_rung(doc: dict[str, Any], rung: str) -> dict[str, Any]:
    """A rung by id (r03) or by position from the bottom (3)."""
    for r in doc["rungs"]:
        if r["id"] == rung:
            return dict(r)
    if rung.isdigit() and int(rung) < len(doc["rungs"]):
        return dict(doc["rungs"][int(rung)])
    ids = ", ".join(r["id"] for r in doc["rungs"])
    raise UsageError(f"--rung: no rung '{rung}' (this ladder has {ids})")


@ladder_group.command("render")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--rung", default=None, help="Rung id (r03) or position; default: the top rung.")
@click.option("--style", type=click.Choice([*STYLES, "all"]), default="plain", show_default=True)
@click.option("--length", type=click.Choice([*LENGTHS, "all"]), default="short", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the wording.")
def render_cmd(file: str, rung: str | None, style: str, length: str, seed: int) -> None:
    """Print a rung's strategy as advice in a style and length (the same substance in all)."""
    from gametest.engine.registry import get_game
    from gametest.ladder.styles import render_styled
    from gametest.strategy.model import parse_strategy

    doc = read_ladder(file)
    r = find_rung(doc, rung) if rung is not None else dict(doc["rungs"][-1])
    game = get_game(str(doc["game"]))
    s = parse_strategy(r["strategy"], game, source=f"{file}: {r['id']}")
    styles = STYLES if style == "all" else (style,)
    lengths = LENGTHS if length == "all" else (length,)
    many = len(styles) * len(lengths) > 1
    for st in styles:
        for ln in lengths:
            text = render_styled(s, game, st, ln, seed, r["id"])
            if many:
                click.echo(f"--- {r['id']} {st} {ln} ({len(text.split())} words)")
            click.echo(text)
    if sys.stdout.isatty():
        click.echo(f"({r['id']}: {r['name']}, win rate {100 * r['win_rate']:.1f}%)", err=True)


__all__ = ["ladder_group"]
