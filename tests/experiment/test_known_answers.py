"""Known-answer tests through the whole pipeline: they fail if the harness mismeasures.

Scripted backends stand in for every model. Advisor sample i writes "Plan i" (a rendering of
candidate strategy i, padded with filler of a random length); the compiler turns "Plan i" back
into candidate i; judges rate from the plan number: by the plan's true strength (measured here
in separate games), by the advice's length alone, or by reversed strength.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from gametest.engine.registry import get_game
from gametest.experiment.config import parse_config
from gametest.experiment.runner import Experiment
from gametest.harness.batch import collect, plan, run_batch, summarize
from gametest.llm.registry import register_backend
from gametest.llm.scripted import ScriptedBackend
from gametest.strategy.model import parse_strategy
from gametest.strategy.render import render_strategy

GAME = get_game("dominion")
KINGDOM = "first-game"


def _money(threshold: int, silver: bool = True, gold: bool = True) -> dict[str, Any]:
    gain: list[Any] = [{"card": "Province", "if": f"total_money > {threshold}"}]
    gain += ["Gold"] if gold else []
    gain += ["Silver"] if silver else []
    return {"gain": gain}


CANDIDATES: list[dict[str, Any]] = [
    {
        "gain": [
            {"card": "Province", "if": "total_money > 15"},
            {"card": "Duchy", "if": "provinces_left <= 4"},
            {"card": "Estate", "if": "provinces_left <= 2"},
            "Gold",
            {"card": "Smithy", "if": "count(Smithy) < count(Treasure) / 11"},
            "Silver",
        ]
    },
    {
        "gain": [
            {"card": "Province", "if": "total_money > 18"},
            {"card": "Duchy", "if": "provinces_left <= 4"},
            {"card": "Estate", "if": "provinces_left <= 2"},
            "Gold",
            {"card": "Duchy", "if": "provinces_left <= 6"},
            "Silver",
        ]
    },
    _money(0),
    _money(16),
    _money(22),
    _money(28),
    _money(0, gold=False),
    _money(0, silver=False),
    {"gain": ["Province", "Duchy", "Estate", "Silver"]},
    {"gain": ["Province", {"card": "Militia", "limit": 2}, "Gold", "Silver"]},
    {"gain": ["Province", "Gold", {"card": "Smithy", "limit": 2}, "Silver"]},
    {"gain": ["Province", "Estate"]},
]
FILLER = "Stay focused and keep the plan in mind."


def _plan_no(messages: Any) -> int:
    text = "\n".join(m.content for m in messages)
    m = re.search(r"Plan (\d+)\.", text)
    assert m, "the plan number did not reach the model"
    return int(m.group(1))


@pytest.fixture(scope="module")
def true_strength() -> list[float]:
    """Each candidate's win rate against big-money and bmu, from games outside the run."""
    kingdom = GAME.parse_kingdom(KINGDOM)
    out = []
    for i, doc in enumerate(CANDIDATES):
        path = Path(f"/tmp/gametest-candidate-{i}.json")
        path.write_text(json.dumps(doc))
        rates = []
        for opp in ("big-money", "bmu"):
            recs = collect(run_batch("dominion", kingdom, [str(path), opp], plan(120, 2, 999)))
            rates.append(summarize(recs, ["c", opp])[0][0].win_rate)
        out.append(sum(rates) / 2)
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, true_strength: list[float]) -> dict[str, Any]:
    pads = random.Random(7).sample(range(len(CANDIDATES)), len(CANDIDATES))

    def advisor(messages: Any, options: Any, sample: int) -> str:
        s = parse_strategy(CANDIDATES[sample], GAME)
        return f"Plan {sample}. " + render_strategy(s) + " " + " ".join([FILLER] * pads[sample] * 3)

    out = tmp_path_factory.mktemp("known")

    def compiler(messages: Any, options: Any, sample: int) -> Any:
        text = "\n".join(m.content for m in messages)
        if "Plan " not in text:  # a control: compile it perfectly, back to its source strategy
            for line in (out / "advice.jsonl").read_text().splitlines():
                rec = json.loads(line)
                if rec.get("source_strategy") and rec["text"] and rec["text"] in text:
                    doc = {k: v for k, v in rec["source_strategy"].items() if k != "name"}
                    return {"strategy": doc, "unexpressible": []}
        return {"strategy": CANDIDATES[_plan_no(messages)], "unexpressible": []}

    def judge(kind: str) -> Any:
        def rule(messages: Any, options: Any, sample: int) -> Any:
            text = messages[-1].content
            if "Plan " not in text:  # a control: no plan number, a middling score
                return {"overall": 5, "reason": "control"}
            i = _plan_no(messages)
            if kind == "length":
                words = len(text.split())
                return {"overall": max(1, min(10, words // 40)), "reason": "long"}
            score = 1 + round(9 * true_strength[i]) + (sample % 2)
            score = min(10, score)
            return {"overall": 11 - score if kind == "reversed" else score, "reason": kind}

        return rule

    rules = {
        "advisor": advisor,
        "compiler": compiler,
        "true": judge("true"),
        "length": judge("length"),
        "reversed": judge("reversed"),
    }
    register_backend("oracle", lambda rest, **_: ScriptedBackend(rule=rules[rest], name=rest))
    cfg = parse_config(
        {
            "name": "known",
            "seed": 4,
            "kingdoms": [KINGDOM],
            "compiler": "oracle:compiler",
            "advisors": [{"backend": "oracle:advisor", "samples": len(CANDIDATES)}],
            "judges": [
                {"backend": f"oracle:{k}", "ratings": 2} for k in ("true", "length", "reversed")
            ],
            "outcomes": {
                "opponents": ["big-money", "bmu"],
                "compiled_games": 160,
                "control_games": 80,
            },
        }
    )
    summary = Experiment(cfg, out).run()
    return summary


def _fig(summary: dict[str, Any], judge: str, key: str = "spearman") -> dict[str, Any]:
    fig: dict[str, Any] = summary["per_judge"][judge]["compiled"][key]
    return fig


def test_a_judge_that_follows_win_rates_correlates_strongly(run: dict[str, Any]) -> None:
    rho = _fig(run, "oracle:true")
    assert rho["estimate"] > 0.7 and rho["low"] > 0 and rho["p"] < 0.01


def test_a_reversed_judge_is_significantly_negative(run: dict[str, Any]) -> None:
    rho = _fig(run, "oracle:reversed")
    assert rho["estimate"] < -0.7 and rho["high"] < 0


def test_a_length_judge_vanishes_after_length_control(run: dict[str, Any]) -> None:
    lc = _fig(run, "oracle:length", "length_controlled")["spearman"]
    assert lc["low"] <= 0 <= lc["high"] or abs(lc["estimate"]) < 0.3


def test_controls_land_in_the_right_order(run: dict[str, Any]) -> None:
    rate = {c["control"]: c["win_rate"]["compiled"]["rate"] for c in run["controls"]}
    assert rate["strong"] > rate["none"] > rate["wrong"]


def test_a_perfect_compiler_has_full_fidelity(run: dict[str, Any]) -> None:
    """Controls compiled back to their source strategies: same seeds, same games, so the
    compiled and source win rates are equal and the strategies agree fully."""
    fid = run["compile_fidelity"]
    rows = {r["control"]: r for r in fid["controls"]}
    assert set(rows) == {"placebo", "strong", "wrong"}
    for r in rows.values():
        assert r["compile_ok"]
        assert r["compiled"]["rate"] == r["source"]["rate"]
        assert r["difference"]["estimate"] == 0
        assert r["agreement"]["cards_jaccard"] == 1
    assert fid["by_backend"]["oracle:compiler"]["mean_abs_difference"] == 0
    assert rows["strong"]["source"]["rate"] > rows["wrong"]["source"]["rate"]
