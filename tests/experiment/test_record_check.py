"""Resuming over damaged records: one line naming the file and line, nothing rewritten."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main

EXP = """
name = "rc"
kingdoms = ["first-game"]
controls = ["placebo", "strong"]
[[judges]]
backend = "scripted:first"
[outcomes]
opponents = ["big-money"]
compiled_games = 2
control_games = 8
"""


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("rc")
    exp = d / "rc.toml"
    exp.write_text(EXP)
    res = CliRunner().invoke(main, ["experiment", "run", str(exp), "--out", str(d / "run")])
    assert res.exit_code == 0, res.stderr
    return exp, d / "run"


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [
        ("advice.jsonl", "text", None),
        ("advice.jsonl", "kingdom", "first-game"),
        ("compile.jsonl", "ok", "yes"),
        ("compile.jsonl", "advice_id", 7),
        ("games.jsonl", "index", "3"),
        ("ratings.jsonl", "id", None),
    ],
)
def test_a_damaged_record_stops_the_resume_in_one_line(
    finished: tuple[Path, Path], tmp_path: Path, name: str, field: str, value: object
) -> None:
    exp, run = finished
    copy = tmp_path / "run"
    shutil.copytree(run, copy)
    lines = (copy / name).read_text().splitlines()
    rec = json.loads(lines[0])
    rec[field] = value
    (copy / name).write_text("\n".join([json.dumps(rec), *lines[1:]]) + "\n")
    before = {p.name: p.read_bytes() for p in copy.glob("*.jsonl")}
    res = CliRunner().invoke(main, ["experiment", "run", str(exp), "--out", str(copy)])
    assert res.exit_code == 2
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and f"{name} line 1: '{field}' must be" in err[0]
    assert {p.name: p.read_bytes() for p in copy.glob("*.jsonl")} == before
