"""`gametest experiment run FILE.toml`: the advice-vs-outcome experiment, resumable."""

from __future__ import annotations

import time
from pathlib import Path

import click

from gametest.commands.executor_options import executor_for, executor_options
from gametest.commands.types import SECONDS
from gametest.engine.bounds import MAX_WORKERS
from gametest.engine.inputs import check_writable


@click.group("experiment")
def experiment_group() -> None:
    """Run advice-vs-outcome experiments."""


@experiment_group.command("run")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the planned games and LLM calls per backend, run nothing.",
)
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(1, MAX_WORKERS),
    default=1,
    show_default=True,
    help="Worker processes for compiled-strategy games (results don't depend on it).",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(file_okay=False),
    help="Run folder (default results/<name>/).",
)
@click.option("--no-report", is_flag=True, help="Skip writing summary.json and the report.")
@executor_options
@click.option(
    "--timeout",
    type=SECONDS,
    default=None,
    help="Seconds per LLM attempt (overrides the file's [llm] timeout); raise it on a busy "
    "machine.",
)
def run_cmd(
    file: str,
    dry_run: bool,
    workers: int,
    out: str | None,
    no_report: bool,
    executor_kind: str,
    ray_address: str | None,
    timeout: float | None,
) -> None:
    """Run (or resume) an experiment; finished work on disk is never repeated."""
    from gametest.commands.progress import stage_renderer
    from gametest.experiment.config import load_config
    from gametest.experiment.runner import Experiment

    cfg = load_config(file)
    if timeout is not None:
        cfg.llm["timeout"] = timeout
    run_dir = Path(out) if out else Path("results") / cfg.name
    check_writable(run_dir, "run folder", folder=True)
    executor = None if dry_run else executor_for(executor_kind, workers, ray_address)
    exp = Experiment(cfg, run_dir, workers, on_event=stage_renderer(), executor=executor)
    exp.check_names()
    if dry_run:
        p = exp.planned()
        click.echo(f"experiment {cfg.name} -> {run_dir}")
        click.echo(f"kingdoms: {', '.join(p['kingdoms'])}")
        click.echo(f"advice: {p['advice']} from advisors + {p['controls']} controls")
        if p["ladder_items"]:
            click.echo(f"ladder items: {p['ladder_items']} (rung x style x length)")
        click.echo(
            f"games: {p['compiled_games']} compiled-strategy games, "
            f"{p['llm_games']} LLM-player games, "
            f"~{p['control_selection_games']} games to pick controls"
        )
        for spec, stages in p["llm_calls"].items():
            parts = []
            for stage in sorted({k.rsplit("_", 1)[0] for k in stages}):
                lo, hi = stages[f"{stage}_min"], stages[f"{stage}_max"]
                parts.append(f"{stage} {lo}" if lo == hi else f"{stage} {lo}-{hi}")
            click.echo(f"LLM calls on {spec}: " + ", ".join(parts))
        return
    t0 = time.perf_counter()
    try:
        summary = exp.run(report=not no_report)
    finally:
        if executor is not None:
            executor.close()
    click.echo(f"finished {cfg.name} in {time.perf_counter() - t0:.1f}s: {run_dir}")
    headline = summary.get("headline_text")
    if headline:
        click.echo(headline)
