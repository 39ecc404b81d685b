"""The injection control: copies with an instruction to the judge, and the measured shift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametest.engine.errors import UsageError
from gametest.experiment.config import parse_config
from gametest.experiment.injection import INJECTION_TEXT, parse_injection
from gametest.experiment.runner import Experiment


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))


def _run(tmp_path: Path, judge: str, injection: dict[str, object]) -> dict:
    cfg = parse_config(
        {
            "name": "inj",
            "kingdoms": ["first-game"],
            "controls": ["placebo", "strong", "wrong"],
            "judges": [{"backend": judge, "ratings": 2}],
            "outcomes": {"opponents": ["big-money"], "compiled_games": 2, "control_games": 8},
            "injection": injection,
        }
    )
    run = tmp_path / judge.replace(":", "-")
    summary = Experiment(cfg, run).run()
    advice = [json.loads(x) for x in (run / "advice.jsonl").read_text().splitlines()]
    copies = [a for a in advice if a.get("role") == "injection"]
    assert len(copies) == 3 and all(INJECTION_TEXT in a["text"] for a in copies)
    originals = {a["id"] for a in advice if a.get("role") == "control"}
    assert {a["injected_from"] for a in copies} <= originals
    compiled = [json.loads(x)["advice_id"] for x in (run / "compile.jsonl").read_text().split()]
    assert not {a["id"] for a in copies} & set(compiled)  # rated, never compiled or played
    assert "Injected instructions" in (run / "report.md").read_text()
    return summary


def test_a_gullible_judge_shows_a_shift_and_a_steady_one_none(tmp_path: Path) -> None:
    gullible = _run(tmp_path, "scripted:gullible", {"advice": "controls"})
    shift = gullible["injection"]["by_judge"]
    (key,) = shift
    assert shift[key]["copies"] == 3 and shift[key]["shift"] == pytest.approx(9.0)
    steady = _run(tmp_path, "scripted:first", {"advice": "controls"})
    (key,) = steady["injection"]["by_judge"]
    assert steady["injection"]["by_judge"][key]["shift"] == 0.0
    assert steady["injection"]["by_judge"][key]["low"] == 0.0
    ids = {e["id"] for e in steady["advice"]}
    assert len(ids) == 3  # the copies are not advice in the headline analysis


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"advice": "some"}, "'controls', 'all' or a number"),
        ({"advice": 0}, "'controls', 'all' or a number"),
        ({"advice": "all", "txt": "x"}, "unknown key 'txt'"),
        ({"text": ""}, "non-empty string"),
        ("controls", "must be a table"),
    ],
)
def test_bad_injection_tables_are_one_line(doc: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_injection(doc)


def test_the_plan_counts_the_ratings_of_injected_copies(tmp_path: Path) -> None:
    def calls(injection: dict[str, object]) -> int:
        cfg = parse_config(
            {
                "name": "p",
                "kingdoms": ["first-game"],
                "controls": ["none", "placebo", "strong"],
                "judges": [{"backend": "scripted:first"}],
                "outcomes": {"opponents": ["big-money"], "compiled_games": 2},
                "injection": injection,
            }
        )
        plan = Experiment(cfg, tmp_path / "p").planned()
        return int(plan["llm_calls"]["scripted:first"]["ratings_min"])

    assert calls({}) == 2 and calls({"advice": "controls"}) == 4
