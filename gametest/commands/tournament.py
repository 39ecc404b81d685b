"""`gametest tournament`: round-robin or gauntlet between player specs, with ratings.

gametest tournament --kingdom K --player A --player B ... [options]   play (or resume)
gametest tournament run FILE.toml                                     the same from a file
gametest tournament report DIR                                        report.md + report.html
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from gametest.commands.executor_options import executor_for, executor_options
from gametest.commands.options import game_option
from gametest.commands.progress import plain_lines
from gametest.engine.bounds import MAX_GAMES, MAX_WORKERS
from gametest.engine.errors import UsageError
from gametest.engine.inputs import check_writable
from gametest.experiment.events import StageProgress
from gametest.harness.executor import Executor
from gametest.harness.records import write_json_atomic
from gametest.tournament import (
    FORMATS,
    LEADERBOARD_FILE,
    LiveTally,
    Tournament,
    TournamentConfig,
    load_config,
    load_tournament,
    parse_kingdoms_option,
    standings,
)

PROGRESS_EVERY = 60.0  # seconds between plain progress lines when stderr is not a terminal


def default_out(config: TournamentConfig) -> Path:
    """results/tournament-HASH: the same command finds (and resumes) the same folder."""
    return Path("results") / f"tournament-{config.digest()}"


def run_tournament(
    config: TournamentConfig,
    out: str | None,
    workers: int,
    as_json: bool,
    llm_concurrency: int | None = None,
    stop_after: int | None = None,
    bootstrap: int = 200,
    executor: Executor | None = None,
) -> None:
    """Play what is missing, then print the leaderboard (table or JSON)."""
    if workers < 1:
        raise UsageError(f"-j/--workers must be at least 1, got {workers}")
    out_dir = check_writable(Path(out) if out else default_out(config), "--out", folder=True)
    t = Tournament(config, out_dir)
    done_before = t.records(light=True)
    already = len(done_before)
    total = len(t.games)
    err = sys.stderr
    if already == total:
        click.echo(f"all {total} games already played in {out_dir}; nothing to play", err=True)
    elif already:
        click.echo(f"resuming in {out_dir}: {already} of {total} games already played", err=True)
    tally = LiveTally(t)
    for rec in done_before:
        tally.add(rec)
    del done_before
    human = any(g.lane == "human" for g in t.games)
    on_terminal = err.isatty()
    bar: Any = click.progressbar(
        length=total,
        label="games",
        file=err,
        hidden=not (on_terminal and not human and already < total),
        show_pos=True,
        item_show_func=lambda _: tally.status() or None,
    )
    # Without a terminal (CI, nohup, a cluster job) plain lines: start, about every minute, end.
    lines = StageProgress(
        "games",
        0 if on_terminal else total - already,
        plain_lines(PROGRESS_EVERY),
    )
    with bar, lines:
        if already:
            bar.update(already)

        def on_record(rec: dict[str, Any]) -> None:
            tally.add(rec)
            bar.update(1, rec)
            lines.update(1)

        t.run(
            workers,
            on_record,
            stop_after=stop_after,
            llm_concurrency=llm_concurrency,
            executor=executor,
        )
    records = t.records(light=True)
    if not records:
        raise UsageError("no games were played")
    st = standings(t, records, bootstrap=bootstrap, seed=config.seed)
    st["out"] = str(out_dir)
    write_json_atomic(out_dir / LEADERBOARD_FILE, st)
    if as_json:
        click.echo(json.dumps(st))
    else:
        print_leaderboard(st)


def print_leaderboard(st: dict[str, Any]) -> None:
    """The leaderboard and win matrix as terminal tables."""
    ks = ", ".join(k["spec"] for k in st["kingdoms"])
    state = "" if st["complete"] else f" (stopped: {st['games']} of {st['planned_games']})"
    click.echo(
        f"{st['format']} on {ks}: {len(st['participants'])} participants, "
        f"{st['players_per_game']} per game, {st['games']} games{state} -> {st.get('out', '')}"
    )
    multi = st["players_per_game"] > 2
    head = f"{'#':>2}  {'player':22} {'rating [95% CI]':20}"
    if multi:
        head += f" {'Plackett-Luce':20}"
    head += f" {'games':>6} {'wins':>6} {'ties':>5} {'losses':>6}  pairwise score [95% CI]"
    click.echo(head)
    for i, p in enumerate(st["participants"], 1):
        lo, hi = p["interval"]
        line = f"{i:>2}  {p['name'][:22]:22} {p['rating']:5.0f} [{lo:4.0f}, {hi:4.0f}]    "
        if multi:
            plo, phi = p["pl_interval"]
            line += f"{p['pl_rating']:5.0f} [{plo:4.0f}, {phi:4.0f}]    "
        score = p["pairwise_score"]
        iv = p["pairwise_interval"]
        sc = (
            f"{100 * score:5.1f}% [{100 * iv[0]:4.1f}, {100 * iv[1]:4.1f}]"
            if score is not None
            else "-"
        )
        line += f"{p['games']:6} {p['wins']:6} {p['ties']:5} {p['losses']:6}  {sc}"
        click.echo(line)
    m = st["win_matrix"]
    names = m["names"]
    width = max(8, *(min(12, len(n)) for n in names))
    click.echo("\nwin matrix (row's pairwise score against column):")
    click.echo(" " * 14 + " ".join(f"{n[:width]:>{width}}" for n in names))
    for i, n in enumerate(names):
        cells = []
        for j in range(len(names)):
            v = m["score"][i][j]
            cells.append(f"{'-' if v is None else f'{100 * v:.0f}%':>{width}}")
        click.echo(f"{n[:13]:13} " + " ".join(cells))
    click.echo(
        "\nRatings: Bradley-Terry on an Elo-like scale (mean 1500), 95% bootstrap intervals. "
        "Ties count as half wins."
    )
    usage = st.get("llm_usage") or {}
    if usage.get("calls"):
        click.echo(f"LLM usage: {usage['calls']} calls, {usage['tokens']} tokens.")


@click.group("tournament", invoke_without_command=True)
@click.option(
    "--kingdom",
    "-k",
    "kingdoms",
    multiple=True,
    help="Kingdom (preset, card list or random:SEED); repeat for a multi-kingdom tournament.",
)
@click.option(
    "--kingdoms",
    "kingdom_list",
    default=None,
    help="random:N for N random kingdoms (or kingdoms separated by ';').",
)
@click.option(
    "--player",
    "-p",
    "players",
    multiple=True,
    help="A participant's player spec (repeat): bot, strategy file, llm:..., human.",
)
@click.option(
    "--format",
    "fmt",
    default="round-robin",
    show_default=True,
    help="round-robin (every table) or gauntlet (every player vs the references).",
)
@click.option(
    "--reference",
    "-r",
    "references",
    multiple=True,
    help="A fixed reference opponent of a gauntlet (repeat).",
)
@click.option(
    "--games-per-pairing",
    "-n",
    type=click.IntRange(max=MAX_GAMES),
    default=100,
    show_default=True,
    help="Games per table and kingdom (seats rotate over them).",
)
@click.option(
    "--players-per-game", type=int, default=2, show_default=True, help="Table size, 2 to 4."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Tournament seed.")
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(max=MAX_WORKERS),
    default=1,
    show_default=True,
    help="Worker processes for bot games (results do not depend on this).",
)
@click.option(
    "--out", default=None, help="Results folder (default results/tournament-HASH of the settings)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the leaderboard as one JSON object.")
@click.option(
    "--llm-concurrency",
    type=int,
    default=None,
    help="At most this many games per LLM backend at once (default: its own limit).",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(0, 100_000),
    default=200,
    show_default=True,
    help="Bootstrap resamples for the rating intervals.",
)
@click.option(
    "--stop-after",
    type=int,
    default=None,
    hidden=True,
    help="Stop after this many new games (for testing resume).",
)
@game_option
@executor_options
@click.pass_context
def tournament_group(
    ctx: click.Context,
    kingdoms: tuple[str, ...],
    kingdom_list: str | None,
    players: tuple[str, ...],
    fmt: str,
    references: tuple[str, ...],
    games_per_pairing: int,
    players_per_game: int,
    seed: int,
    workers: int,
    out: str | None,
    as_json: bool,
    llm_concurrency: int | None,
    bootstrap: int,
    stop_after: int | None,
    game_name: str,
    executor_kind: str,
    ray_address: str | None,
) -> None:
    """Rank players: round-robin or gauntlet, ratings with intervals, resumable results.

    Run it again with the same options to resume a stopped tournament; a finished one plays
    nothing. Subcommands: `run FILE.toml` (the same from a file), `report DIR`.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not players:
        raise UsageError(
            "give participants with --player (at least two), or use `gametest tournament run "
            "FILE.toml`"
        )
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}' (use {' or '.join(FORMATS)})")
    for name, value, lo in (
        ("--bootstrap", bootstrap, 0),
        ("--llm-concurrency", llm_concurrency, 1),
        ("--stop-after", stop_after, 0),
    ):
        if value is not None and value < lo:
            raise UsageError(f"{name} must be at least {lo}, got {value}")
    ks = list(kingdoms)
    if kingdom_list:
        ks += parse_kingdoms_option(kingdom_list, seed)
    config = TournamentConfig(
        players=list(players),
        kingdoms=ks,  # empty: the game's default kingdom
        format=fmt,
        references=list(references),
        games_per_pairing=games_per_pairing,
        players_per_game=players_per_game,
        seed=seed,
        game=game_name,
    )
    executor = executor_for(executor_kind, workers, ray_address)
    try:
        run_tournament(
            config, out, workers, as_json, llm_concurrency, stop_after, bootstrap, executor
        )
    finally:
        if executor is not None:
            executor.close()


@tournament_group.command("run")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(max=MAX_WORKERS),
    default=None,
    help="Worker processes (overrides file).",
)
@click.option("--out", default=None, help="Results folder (overrides the file's `out`).")
@click.option("--json", "as_json", is_flag=True, help="Print the leaderboard as one JSON object.")
@click.option("--stop-after", type=int, default=None, hidden=True)
def run_cmd(
    file: str, workers: int | None, out: str | None, as_json: bool, stop_after: int | None
) -> None:
    """Play (or resume) the tournament described by a TOML file.

    Keys: players, kingdoms (a list, or "random:N") or kingdom, format, references,
    games_per_pairing, players_per_game, seed, game, workers, out, llm_concurrency.
    """
    config, settings = load_config(file)
    run_tournament(
        config,
        out or settings.get("out"),
        workers if workers is not None else int(settings.get("workers", 1)),
        as_json,
        settings.get("llm_concurrency") or None,
        stop_after,
    )


@tournament_group.command("report")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--bootstrap",
    type=click.IntRange(0, 100_000),
    default=200,
    show_default=True,
    help="Bootstrap resamples for the rating intervals.",
)
def report_cmd(directory: str, bootstrap: int) -> None:
    """Write report.md and a self-contained report.html for a tournament folder."""
    from gametest.tournament.report import write_report

    t = load_tournament(directory)
    records = t.records(light=True)
    if not records:
        raise UsageError(f"no finished games in {directory}")
    st = standings(t, records, bootstrap=max(0, bootstrap), seed=t.config.seed)
    st["out"] = directory
    md, page = write_report(st, directory)
    from gametest.viewer.sim_report import append_charts

    append_charts(page, md, t.records())
    click.echo(f"wrote {md} and {page}")
