"""The command line's progress renderers: plain lines without a terminal."""

from __future__ import annotations

from gametest.commands.progress import LineRenderer
from gametest.experiment.events import StageEvent, StageProgress


def test_plain_lines_at_start_and_end_and_notes_as_they_come() -> None:
    lines: list[str] = []
    sink = LineRenderer(lines.append, every=3600)
    with StageProgress("compile", 2, sink) as p:
        p.update(1)
        p.update(1)
    sink(StageEvent("note", "note", message="skipping x"))
    assert lines[0] == "compile: starting, 2 to do"
    assert lines[1].startswith("compile: done, 2/2 in ")
    assert lines[2] == "skipping x"


def test_progress_lines_at_most_once_per_interval() -> None:
    lines: list[str] = []
    sink = LineRenderer(lines.append, every=0.0)
    with StageProgress("games", 2, sink) as p:
        p.update(1)
    assert lines[1].startswith("games: 1/2 after ")


def test_simulate_without_a_terminal_prints_plain_lines() -> None:
    from click.testing import CliRunner

    from gametest.cli import main

    res = CliRunner().invoke(main, ["simulate", "-n", "20", "-p", "bmu", "-p", "smithy-bm"])
    assert res.exit_code == 0, res.output
    assert "games: starting, 20 to do" in res.stderr
    assert "games: done, 20/20 in " in res.stderr
    assert "20 games of dominion" in res.stdout and "games:" not in res.stdout


def test_simulate_json_prints_no_progress_lines() -> None:
    from click.testing import CliRunner

    from gametest.cli import main

    res = CliRunner().invoke(main, ["simulate", "-n", "5", "-p", "bmu", "-p", "bmu", "--json"])
    assert res.exit_code == 0 and res.stderr == ""


def test_ladder_build_says_what_it_does_with_elapsed_time(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from gametest.cli import main

    out = Path(str(tmp_path)) / "ladder.json"
    args = ["ladder", "build", "--rungs", "3", "--games", "20", "--out", str(out)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    first = res.stderr.splitlines()[0]
    assert first.startswith("ladder: building 3 rungs against ") and first.endswith("s)")
