"""The experiment's ladder stage: items written per the shared schema, rated blind with the rest,
never compiled, optionally re-measured on the run's seeds, and nothing redone on resume."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gametest.engine.errors import UsageError
from gametest.experiment.config import Ladder, parse_config
from gametest.experiment.ladder_stage import grid
from gametest.experiment.runner import Experiment

DOC: dict[str, Any] = {
    "name": "lad",
    "seed": 4,
    "kingdoms": ["first-game"],
    "compiler": "scripted:first",
    "controls": ["none", "placebo"],
    "advisors": [{"backend": "scripted:echo", "samples": 1}],
    "judges": [{"backend": "scripted:random", "expected": True}],
    "outcomes": {"opponents": ["big-money"], "compiled_games": 10, "control_games": 10},
    "ladder": {"rungs": 3, "build_games": 12, "sample": 7, "games": 6},
}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_grid_sample_is_balanced_over_rungs_styles_and_lengths() -> None:
    lc = Ladder(sample=20)
    g = grid(lc, 10, seed=1)
    assert len(g) == 20 and len(set(g)) == 20
    assert set(Counter(r for r, _, _ in g).values()) == {2}
    assert max(Counter(s for _, s, _ in g).values()) <= 5
    assert set(Counter(ln for _, _, ln in g).values()) == {10}
    assert g == grid(lc, 10, seed=1) and g != grid(lc, 10, seed=2)
    assert len(grid(Ladder(), 4, 0)) == 4 * 5 * 2


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"styles": ["plain", "poetic"]}, "ladder.styles: unknown style 'poetic'"),
        ({"lengths": []}, "ladder.lengths: give at least one"),
        ({"rungs": 1}, "at least 2 rungs"),
        ({"sample": -1}, "ladder.sample: must be a whole number"),
        ({"colour": 1}, "ladder: unknown key 'colour'"),
    ],
)
def test_config_errors(section: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_config({**DOC, "ladder": section}, "e.toml")


def test_ladder_items_are_rated_blind_and_measured(tmp_path: Path) -> None:
    cfg = parse_config(DOC, "lad.toml")
    exp = Experiment(cfg, tmp_path / "run")
    assert exp.planned()["ladder_items"] == 7
    exp.run()
    run = tmp_path / "run"
    advice = _lines(run / "advice.jsonl")
    items = [a for a in advice if a["role"] == "ladder"]
    assert len(items) == 7 and (run / "ladders/first-game.json").exists()
    lad = json.loads((run / "ladders/first-game.json").read_text())
    for a in items:
        meta = a["ladder"]
        assert a["control"] is None and a["advisor"] is None and a["text"]
        assert meta["file"] == "ladders/first-game.json"
        rung = lad["rungs"][meta["rung"]]
        assert meta["rung_id"] == rung["id"] and meta["win_rate"] == rung["win_rate"]
        assert meta["words"] == len(a["text"].split()) and meta["n"] == 12
        assert meta["lo"] <= meta["win_rate"] <= meta["hi"]
        assert a["provenance"]["source"] == "ladder"
    ids = {a["id"] for a in items}
    assert not ids & {c["advice_id"] for c in _lines(run / "compile.jsonl")}
    ratings = _lines(run / "ratings.jsonl")
    rated = [r["advice_id"] for r in ratings]
    assert ids <= set(rated)
    assert all("expected" in r and r["expected"] is None for r in ratings)  # no token probs
    kinds = ["ladder" if r in ids else "other" for r in rated]
    assert kinds != sorted(kinds) and kinds != sorted(kinds, reverse=True)  # mixed order
    games = [g for g in _lines(run / "games.jsonl") if g["advice_id"] in ids]
    assert len(games) == 7 * 6
    by_rung: dict[str, set[tuple[int, float]]] = {}
    for g in games:
        rid = next(a["ladder"]["rung_id"] for a in items if a["id"] == g["advice_id"])
        by_rung.setdefault(rid, set()).add((g["index"], g["outcome"]))
    assert all(len(v) == 6 for v in by_rung.values())  # a rung's items share its games
    before = {f: (run / f).read_text() for f in ("advice.jsonl", "ratings.jsonl", "games.jsonl")}
    Experiment(cfg, run).run()
    assert before == {f: (run / f).read_text() for f in before}


def test_a_prebuilt_ladder_file_is_used_for_its_kingdom(tmp_path: Path) -> None:
    first = tmp_path / "a"
    Experiment(parse_config(DOC, "lad.toml"), first).stage_ladder()
    built = first / "ladders/first-game.json"
    doc = {**DOC, "ladder": {"file": str(built), "sample": 4}, "advisors": [], "judges": []}
    exp = Experiment(parse_config(doc, "lad.toml"), tmp_path / "b")
    exp.stage_ladder()
    items = [a for a in _lines(tmp_path / "b/advice.jsonl") if a["role"] == "ladder"]
    assert len(items) == 4 and {a["ladder"]["file"] for a in items} == {str(built)}
    assert not (tmp_path / "b/ladders").exists()
    other = {**doc, "kingdoms": ["improvements"]}
    exp = Experiment(parse_config(other, "lad.toml"), tmp_path / "c")
    with pytest.raises(UsageError, match="is for none of this experiment's kingdoms"):
        exp.stage_ladder()


def test_dry_run_counts_ladder_items(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gametest.cli import main

    p = tmp_path / "e.toml"
    p.write_text(
        'name = "d"\nkingdoms = ["first-game"]\ncontrols = ["strong"]\n'
        '[[judges]]\nbackend = "scripted:random"\n[ladder]\nrungs = 5\nsample = 9\n'
    )
    r = CliRunner().invoke(main, ["experiment", "run", str(p), "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "ladder items: 9 (rung x style x length)" in r.stdout
    assert "ratings 10-20" in r.stdout
