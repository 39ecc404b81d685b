"""`gametest simulate`: many seeded games between players, with win rates and intervals."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from gametest.api import batch_summary
from gametest.commands.advice import (
    apply_llm_options,
    llm_player_options,
    llm_summary,
    llm_summary_lines,
)
from gametest.commands.executor_options import executor_for, executor_options
from gametest.commands.options import check_players, game_option, kingdom_option, resolve
from gametest.commands.progress import plain_lines
from gametest.engine.bounds import MAX_GAMES, MAX_WORKERS
from gametest.engine.inputs import check_writable
from gametest.experiment.events import EventSink, StageProgress, ignore
from gametest.harness.batch import plan, run_batch, run_lines
from gametest.players import make_player
from gametest.stats.winrate import TIE_RULE


@click.command("simulate")
@kingdom_option
@click.option(
    "--player",
    "-p",
    "players",
    multiple=True,
    required=True,
    help="A player spec (once per seat): bot name, strategy file, random, ...",
)
@click.option(
    "--games", "-n", "n_games", type=click.IntRange(1, MAX_GAMES), default=1000, show_default=True
)
@click.option("--seed", type=int, default=0, show_default=True, help="Batch seed.")
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(1, MAX_WORKERS),
    default=1,
    show_default=True,
    help="Worker processes (results do not depend on this).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write one JSON line per game to this file as games finish.",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write games.jsonl, charts (PNG) and a self-contained index.html into this folder.",
)
@game_option
@llm_player_options
@executor_options
def simulate_cmd(
    kingdom: str | None,
    players: tuple[str, ...],
    n_games: int,
    seed: int,
    workers: int,
    as_json: bool,
    out: str | None,
    report_dir: str | None,
    game_name: str,
    advice: str | None,
    advice_store: str | None,
    backend_opts: tuple[str, ...],
    base_url: str | None,
    executor_kind: str,
    ray_address: str | None,
) -> None:
    """Play N games with seats rotated; report wins, ties, losses and win rates with 95% CIs."""
    game, cards = resolve(game_name, kingdom)
    check_players(game, players)
    players = apply_llm_options(players, cards, advice, advice_store, backend_opts, base_url)
    names = [make_player(s, game, cards).name for s in players]  # validates every spec first
    if out:
        check_writable(out, "--out")
    games = plan(n_games, len(players), seed)
    executor = executor_for(executor_kind, workers, ray_address)
    sink: IO[str] | None = open(out, "w") if out else None  # noqa: SIM115
    try:
        # The report replays choices, so it needs whole records; otherwise workers send only
        # what the summary reads (and, with --out, each record's JSON line, made there).
        played: Iterator[tuple[dict[str, Any], str | None]]
        if out and not report_dir:
            played = run_lines(game.name, cards, players, games, workers, executor=executor)
        else:
            slim = not report_dir
            recs = run_batch(
                game.name, cards, players, games, workers, executor=executor, slim=slim
            )
            played = ((rec, None) for rec in recs)
        show_bar = sys.stderr.isatty() and not as_json
        # Without a terminal (CI, nohup, a cluster job) a long batch prints plain lines instead.
        lines: EventSink = ignore if show_bar or as_json else plain_lines()
        with (
            click.progressbar(
                length=n_games, label="games", file=sys.stderr, hidden=not show_bar
            ) as bar,
            StageProgress("games", n_games, lines) as counted,
        ):
            records: list[dict[str, Any]] = []
            for rec, line in played:
                if sink is not None:
                    sink.write((line or json.dumps(rec)) + "\n")
                    sink.flush()
                records.append(rec)
                bar.update(1)
                counted.update(1)
        if report_dir:  # charts and a viewer from the records (docs/viewer.md)
            from gametest.viewer.sim_report import write_sim_report

            page = write_sim_report(report_dir, records, names, players, "gametest simulate")
            click.echo(f"wrote {page}", err=True)
    finally:
        if sink is not None:
            sink.close()
        if executor is not None:
            executor.close()
    sim = batch_summary(game, cards, seed, records, names, players)
    result: dict[str, Any] = sim.to_dict()
    llm_rows = llm_summary(records, names)
    if llm_rows:
        result["llm"] = llm_rows
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{n_games} games of {game.name}, kingdom: {', '.join(cards)} (seed {seed})")
    click.echo(
        f"{'player':20} {'wins':>6} {'ties':>5} {'losses':>6}  {'win rate [95% CI]':24} "
        f"{'mean VP':>7}"
    )
    for p in result["players"]:
        lo, hi = p["win_rate_ci95"]
        wr = f"{100 * p['win_rate']:5.1f}% [{100 * lo:4.1f}, {100 * hi:4.1f}]"
        click.echo(
            f"{p['name'][:20]:20} {p['wins']:6} {p['ties']:5} {p['losses']:6}  {wr:24} "
            f"{p['mean_vp']:7.1f}"
        )
    click.echo(
        f"mean game length: {sim.mean_turns:.1f} turns per player. Win rate: {TIE_RULE}; "
        f"interval: {sim.rotation_groups} seat-rotation groups of {len(players)} games "
        "(one seed from every seat) are its units, not the games."
    )
    for line in llm_summary_lines(llm_rows):
        click.echo(line)
