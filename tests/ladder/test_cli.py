"""`gametest ladder build|show|render` through the real entry point; bad input is one line, 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.ladder.file import write_ladder


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_build_show_render(tmp_path: Path) -> None:
    out = tmp_path / "l.json"
    code, text, err = run(
        "ladder", "build", "-k", "first-game", "--against", "big-money", "--rungs", "3",
        "--games", "12", "--seed", "4", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert f"wrote {out}: 3 rungs" in text and "r02" in text and "big-money" in text
    code, shown, _ = run("ladder", "show", str(out))
    assert code == 0 and shown.splitlines()[1:4] == text.splitlines()[2:5]
    code, plain, _ = run("ladder", "render", str(out), "--rung", "r01")
    assert code == 0 and plain.startswith("Each time you buy or gain a card")
    code, every, _ = run("ladder", "render", str(out), "--style", "all", "--length", "all")
    assert code == 0 and every.count("--- r02 ") == 10


def test_build_writes_the_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _text, _ = run(
        "ladder", "build", "--game", "embermarch", "--rungs", "2", "--games", "6",
        "--against", "most-expensive",
    )  # fmt: skip
    assert code == 0
    assert (tmp_path / "results/ladders/embermarch-standard-s0.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "-k", "first-game", "--against", "bmuu"], "unknown player 'bmuu'"),
        (["build", "-k", "Witch,Smithy"], "kingdom"),
        (["build", "--top", "nope.toml"], "cannot read"),
        (["show", "missing.json"], "cannot read"),
        (["render", "LADDER", "--rung", "r09"], "no rung 'r09'"),
    ],
)
def test_errors_are_one_line_exit_2(
    args: list[str], message: str, first_game_ladder: dict[str, Any], tmp_path: Path
) -> None:
    path = write_ladder(tmp_path / "l.json", first_game_ladder)
    args = [str(path) if a == "LADDER" else a for a in args]
    code, _, err = run("ladder", *args)
    assert code == 2
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
