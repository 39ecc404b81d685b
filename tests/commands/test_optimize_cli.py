"""`gametest optimize` end to end on a tiny budget: outputs, resume, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.registry import get_game
from gametest.strategy.model import load_strategy

SMALL = ["--population", "4", "--first-games", "6", "--rank-games", "4", "--confirm-games", "10"]


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_optimize_writes_a_valid_strategy_curve_and_validation(tmp_path: Path) -> None:
    out = tmp_path / "opt"
    args = ["optimize", "-k", "first-game", "--against", "big-money", "--budget", "6000"]
    args += [*SMALL, "--validation-games", "200", "--seed", "3", "--out", str(out)]
    code, stdout, err = run(*args)
    assert code == 0, err
    assert "best strategy" in stdout and "vs big-money" in stdout and "games/s per core" in stdout
    assert "games  gen 1" in err  # plain progress lines when stderr is not a terminal
    best = load_strategy(out / "best.toml", get_game("dominion"))
    assert best.name == "optimized-first-game" and "fresh games" in best.description
    curve = json.loads((out / "curve.json").read_text())
    assert curve and {"games", "best_fitness", "median_fitness"} <= set(curve[0])
    assert (out / "curve.png").read_bytes()[:4] == b"\x89PNG"
    val = json.loads((out / "validation.json").read_text())
    top = val["best_builtin_bot"]
    assert set(val["opponents"]) == {"big-money", top}
    for v in val["opponents"].values():
        assert v["games"] == 200 and v["ci95"][0] <= v["win_rate"] <= v["ci95"][1]
    # the same command again: nothing left to search, validation reused, same strategy
    before = (out / "best.toml").read_text()
    code, _, err2 = run(*args)
    assert code == 0 and "validating" not in err2
    assert (out / "best.toml").read_text() == before


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--against", "random"], "neither a built-in bot"),
        (["--first-games", "5"], "must be even"),
        (["-k", "first-game", "--against", "witch-bm"], "not in this kingdom"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, extra: list[str], message: str) -> None:
    code, _, err = run("optimize", "--budget", "400", *SMALL, "--out", str(tmp_path / "o"), *extra)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
