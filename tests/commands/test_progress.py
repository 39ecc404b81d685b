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
