"""`gametest report RUN_DIR`: summary.json, report.md and a self-contained report.html."""

from __future__ import annotations

import click

from gametest.engine.errors import UsageError
from gametest.stats.summary import is_run_dir


@click.command("report")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option(
    "--boot",
    "n_boot",
    type=click.IntRange(100),
    default=2000,
    show_default=True,
    help="Bootstrap replicates for every interval.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Bootstrap seed.")
def report_cmd(run_dir: str, n_boot: int, seed: int) -> None:
    """Analyze a run folder (results/<name>/) and write its summary and reports."""
    from pathlib import Path

    from gametest.reports.experiment import write_report

    d = Path(run_dir)
    if not d.is_dir():
        raise UsageError(f"no such run folder: {d}")
    if (d / "leaderboard.json").exists() or _is_tournament(d):
        from gametest.commands.tournament import report_cmd as tournament_report

        click.get_current_context().invoke(tournament_report, directory=run_dir)
        return
    if not is_run_dir(d):
        raise UsageError(f"{d} is not a run folder (no manifest.json, advice.jsonl or games.jsonl)")
    paths = write_report(d, n_boot=n_boot, seed=seed)
    for p in paths.values():
        click.echo(str(p))


def _is_tournament(d: object) -> bool:
    """Whether a folder holds a tournament (its manifest has participants) not an experiment."""
    import json
    from pathlib import Path

    try:
        man = json.loads((Path(str(d)) / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return isinstance(man, dict) and "participants" in man
