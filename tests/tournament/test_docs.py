"""docs/tournaments.md's Python example runs (with fewer games) and writes what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "tournaments.md"


def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = re.search(r"## From Python\n```python\n(.*?)```", DOC.read_text(), re.S)
    assert found, "docs/tournaments.md lost its Python example"
    code = found.group(1).replace("games_per_pairing=50", "games_per_pairing=4")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/tournaments.md", "exec"), {})
    out = tmp_path / "results" / "my-tournament"
    assert len((out / "games.jsonl").read_text().splitlines()) == 3 * 4
    assert {"report.md", "report.html", "ratings.png", "win_matrix.png"} <= {
        p.name for p in out.iterdir()
    }
