"""Stages report progress as events; the runner itself never prints or imports click."""

from __future__ import annotations

import subprocess
import sys

from gametest.experiment.events import StageEvent, StageProgress


def test_a_stage_reports_start_progress_and_end() -> None:
    got: list[StageEvent] = []
    with StageProgress("games", 3, got.append) as p:
        p.update(1)
        p.update(2)
    assert [e.kind for e in got] == ["start", "progress", "progress", "done"]
    assert got[-1].done == got[-1].total == 3 and got[-1].stage == "games"


def test_a_stage_with_nothing_to_do_says_nothing_and_a_failure_says_stopped() -> None:
    got: list[StageEvent] = []
    with StageProgress("empty", 0, got.append) as p:
        p.update(0)
    assert got == []
    try:
        with StageProgress("ratings", 2, got.append):
            raise KeyError("boom")
    except KeyError:
        pass
    assert [e.kind for e in got] == ["start", "stopped"]


def test_the_runner_does_not_import_click() -> None:
    code = "import sys, gametest.experiment.runner; print('click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
