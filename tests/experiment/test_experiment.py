"""Experiments: config errors, the plan, a full scripted run, and resume after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.commands.progress import LineRenderer
from gametest.engine.errors import UsageError
from gametest.experiment.config import load_config, parse_config
from gametest.experiment.runner import Experiment

DEMO = """
name = "t"
seed = 3
kingdoms = ["first-game"]
compiler = "scripted:first"
max_repairs = 1
[[advisors]]
backend = "scripted:echo"
samples = 2
[[judges]]
backend = "scripted:random"
ratings = 2
[outcomes]
opponents = ["big-money", "bmu"]
compiled_games = {games}
llm_games = 1
llm_backend = "scripted:first"
llm_opponents = ["big-money"]
llm_advice = "controls+1"
control_games = 60
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))


def _write(tmp_path: Path, games: int = 40) -> Path:
    p = tmp_path / "exp.toml"
    p.write_text(DEMO.format(games=games))
    return p


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"kingdoms": []}, "give at least one kingdom"),
        ({"advisors": [{"backend": "x", "samples": 0}], "compiler": "x"}, "samples: must be"),
        ({"advisors": [{"backend": "x", "tempo": 1}]}, "advisors\\[0\\]: unknown key 'tempo'"),
        ({"advisors": [{"backend": "x"}]}, "compiler: name the backend"),
        ({"controls": ["placebo", "great"]}, "unknown control 'great'"),
        ({"outcomes": {"llm_games": 2}}, "llm_backend"),
        ({"outcomes": {"compiled_games": "many"}}, "compiled_games: must be a whole number"),
        ({"colour": 1}, "unknown key 'colour'"),
    ],
)
def test_config_errors(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_config(doc, "e.toml")


def test_bad_files(tmp_path: Path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text("name = ")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_config(p)
    r = CliRunner().invoke(main, ["experiment", "run", str(tmp_path / "missing.toml")])
    assert r.exit_code == 2 and "cannot read" in r.stderr


def test_dry_run_prints_the_plan(tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main,
        ["experiment", "run", str(_write(tmp_path)), "--dry-run", "--out", str(tmp_path / "run")],
    )
    assert r.exit_code == 0, r.output
    assert "advice: 2 from advisors + 4 controls" in r.stdout
    assert "games: 480 compiled-strategy games, 5 LLM-player games" in r.stdout
    assert "LLM calls on scripted:random: ratings 10-20" in r.stdout
    assert not (tmp_path / "run").exists()


def test_run_prints_the_headline(tmp_path: Path) -> None:
    """`experiment run` ends with the report's headline paragraph."""
    r = CliRunner().invoke(
        main, ["experiment", "run", str(_write(tmp_path, 10)), "--out", str(tmp_path / "run")]
    )
    assert r.exit_code == 0, r.output
    assert "How well does a good rating predict winning?" in r.stdout
    assert "power" in r.stdout.split("How well")[1]


def test_full_run_then_rerun_does_nothing(tmp_path: Path) -> None:
    cfg = load_config(_write(tmp_path))
    run = tmp_path / "run"
    Experiment(cfg, run).run()
    advice = _lines(run / "advice.jsonl")
    assert len(advice) == 6
    assert {a.get("control") for a in advice} == {None, "none", "placebo", "strong", "wrong"}
    games = _lines(run / "games.jsonl")
    assert len([g for g in games if g["mode"] == "compiled"]) == 6 * 2 * 40
    assert len([g for g in games if g["mode"] == "llm"]) == 5
    llm = [g for g in games if g["mode"] == "llm"]
    assert all(g["llm"]["calls"] > 0 for g in llm)
    # paired comparison: game i against an opponent uses the same seed for every advice
    seeds = {(g["opponent"], g["index"], g["seed"]) for g in games if g["mode"] == "compiled"}
    assert len(seeds) == 2 * 40
    assert len(_lines(run / "ratings.jsonl")) == 5 * 2  # the "none" control is not rated
    man = json.loads((run / "manifest.json").read_text())
    assert man["finished"] and man["templates"]["plain"] and man["rubrics"]["overall"]
    assert man["game"] == {"name": "dominion", "version": 1}
    calls = len(_lines(run / "llm_calls.jsonl"))
    # one call per advice sample: earlier samples are not asked again
    assert sum(1 for c in _lines(run / "llm_calls.jsonl") if c.get("stage") == "advice") == 2
    assert {c.get("stage") for c in _lines(run / "llm_calls.jsonl")} == {
        "advice",
        "compile",
        "ratings",
        "llm_games",
    }
    before = {p.name: p.read_bytes() for p in run.glob("*.jsonl")}
    Experiment(cfg, run).run()
    assert len(_lines(run / "llm_calls.jsonl")) == calls  # no LLM calls
    assert {p.name: p.read_bytes() for p in run.glob("*.jsonl")} == before  # no games


def _canon(run: Path) -> dict[str, Any]:
    def strip(rec: dict[str, Any]) -> dict[str, Any]:
        drop = {"created", "latency_s", "cached", "wall_seconds", "llm_seconds", "ts"}
        return {
            k: (strip(v) if isinstance(v, dict) else v) for k, v in rec.items() if k not in drop
        }

    return {
        name: sorted(json.dumps(strip(r), sort_keys=True) for r in _lines(run / name))
        for name in ("advice.jsonl", "compile.jsonl", "ratings.jsonl", "games.jsonl")
    }


def test_killed_run_resumes_to_the_same_results(tmp_path: Path) -> None:
    exp = _write(tmp_path, games=400)
    whole = tmp_path / "whole"
    Experiment(load_config(exp), whole).run()
    killed = tmp_path / "killed"
    env = {**os.environ, "GAMETEST_CACHE_DIR": str(tmp_path / "cache2")}
    cmd = [
        sys.executable,
        "-m",
        "gametest",
        "experiment",
        "run",
        str(exp),
        "--out",
        str(killed),
        "--no-report",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    games = killed / "games.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if games.exists() and games.stat().st_size > 50_000:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    n_before = len(_lines(games))
    assert 0 < n_before < len(_lines(whole / "games.jsonl"))
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert _canon(killed) == _canon(whole)


def test_experiments_run_on_the_second_game(tmp_path: Path) -> None:
    """Controls, opponents and the default strategy come from the game's plug-in."""
    doc = {
        "name": "ember",
        "game": "embermarch",
        "seed": 2,
        "kingdoms": ["standard"],
        "compiler": "scripted:first",
        "advisors": [{"backend": "scripted:echo", "samples": 1}],
        "judges": [{"backend": "scripted:random"}],
        "outcomes": {
            "compiled_games": 40,
            "control_games": 40,
            "llm_games": 1,
            "llm_backend": "scripted:random",
            "llm_advice": "controls+1",
            "llm_controls": ["none"],
        },
    }
    cfg = parse_config(doc)
    assert cfg.outcomes.opponents == ["most-expensive", "ashguard-rush"]
    run = tmp_path / "run"
    summary = Experiment(cfg, run).run()
    # controls are compiled like advice; their source strategies play the same seeds
    fid = {r["control"]: r for r in summary["compile_fidelity"]["controls"]}
    assert set(fid) == {"placebo", "strong", "wrong"}
    assert fid["strong"]["source"]["rate"] > fid["wrong"]["source"]["rate"]
    assert fid["strong"]["difference"]["groups"] == 2 * 20
    assert "scripted:first" in summary["compile_fidelity"]["by_backend"]
    games = _lines(run / "games.jsonl")
    assert {g["mode"] for g in games} == {"compiled", "llm", "source"}
    assert summary["modes"] == ["compiled", "llm"]
    assert "How well does a good rating predict winning?" in summary["headline_text"]
    assert all(g["kingdom_label"] == "standard" for g in games)


def test_game_records_carry_the_advice_seats_condition_failures() -> None:
    from gametest.experiment.runner import _with_condition_errors

    errs = {"coins / 0 > 1": {"count": 2, "error": "ZeroDivisionError: x"}}
    rec = {"extra": {"players": {"1": {"condition_errors": errs}}}}
    assert _with_condition_errors({"advice_seat": 1}, rec)["condition_errors"] == errs
    assert "condition_errors" not in _with_condition_errors({"advice_seat": 0}, rec)


def test_without_a_terminal_each_stage_prints_plain_lines(tmp_path: Path) -> None:
    lines: list[str] = []
    cfg = parse_config(
        {
            "name": "lines",
            "kingdoms": ["first-game"],
            "controls": ["placebo"],
            "outcomes": {"opponents": ["big-money"], "compiled_games": 4, "control_games": 4},
        }
    )
    Experiment(cfg, tmp_path / "run", on_event=LineRenderer(lines.append)).run()
    assert any(x.startswith("controls: starting, 1 to do") for x in lines)
    assert any(x.startswith("compiled games: done, 4/4 in ") for x in lines)


def test_a_compilation_marked_ok_that_no_longer_validates_is_skipped(tmp_path: Path) -> None:
    """Records from before the stricter checks: the run goes on without that strategy."""
    cfg = parse_config(
        {
            "name": "old",
            "kingdoms": ["first-game"],
            "controls": ["placebo"],
            "outcomes": {"opponents": ["big-money"], "compiled_games": 2, "control_games": 4},
        }
    )
    run = tmp_path / "run"
    exp = Experiment(cfg, run)
    exp.run()
    comp = _lines(run / "compile.jsonl")[0]
    (run / comp["strategy_file"]).write_text(
        json.dumps({"gain": [{"card": "Province", "if": "1e999 > coins"}, "Gold"]})
    )
    (run / "games.jsonl").write_text("")
    said: list[str] = []
    Experiment(cfg, run, on_event=LineRenderer(said.append)).stage_compiled_games()
    assert _lines(run / "games.jsonl") == []
    assert any("skipping compiled strategy" in s and "not finite" in s for s in said)
