"""Known answers through the experiment pipeline for the advice ladder (issue 11, item 8).

Ladder items in the schema's advice.jsonl form are placed in the run folder before the run
(the ladder stage will write them there itself); scripted judges then rate them through the
real ratings stage, and the summary and report are built by the real code. Each judge reads
the rung number, style and length from the text and rates by one of them: substance (the
rung's win rate), the confident expert style, or length.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from gametest.experiment.config import parse_config
from gametest.experiment.runner import Experiment
from gametest.llm.registry import register_backend
from gametest.llm.scripted import ScriptedBackend
from tests.stats.ladder_synthetic import ladder_advice

STYLE_POINTS = 3
LENGTH_POINTS = 2


def _wobble(text: str, sample: int) -> int:
    """A deterministic -1/0/+1 per (text, sample): rating noise that a rerun reproduces."""
    return zlib.crc32(f"{sample}|{text}".encode()) % 3 - 1


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("ladder-pipeline")
    items = ladder_advice(rungs=8)
    rates = {int(a["ladder"]["rung"]): a["ladder"]["win_rate"] for a in items}
    (out / "advice.jsonl").write_text("".join(json.dumps(a) + "\n" for a in items))

    def judge(kind: str) -> Any:
        def rule(messages: Any, options: Any, sample: int) -> Any:
            text = messages[-1].content
            m = re.search(r"Rung (\d+)\. Style (\w+)\.", text)
            if m is None:  # the advisor's own advice
                return {"overall": 5, "reason": "advice"}
            rung, style = int(m.group(1)), m.group(2)
            long = text.count("Buy Silver.") > 100
            # noise keyed on the item, not the prompt around it (prompt wording may change)
            noise = _wobble(f"{rung}|{style}|{long}", sample)
            if kind == "substance":  # its noise, too, sees only the rung: blind to style
                score = 1 + round(8 * rates[rung]) + _wobble(str(rung), sample)
            elif kind == "style":
                score = 5 + STYLE_POINTS * (style == "expert") + noise
            else:
                score = 4 + LENGTH_POINTS * long + noise
            return {"overall": max(1, min(10, score)), "reason": kind}

        return rule

    rules = {k: judge(k) for k in ("substance", "style", "length")}
    rules["advisor"] = lambda messages, options, sample: "Buy Silver, then Gold, then Province."
    register_backend("ladderoracle", lambda rest, **_: ScriptedBackend(rule=rules[rest], name=rest))
    cfg = parse_config(
        {
            "name": "ladder-known",
            "seed": 2,
            "kingdoms": ["first-game"],
            "controls": [],
            "advisors": [{"backend": "ladderoracle:advisor", "samples": 1}],
            "judges": [
                {"backend": f"ladderoracle:{k}", "ratings": 2}
                for k in ("substance", "style", "length")
            ],
            "outcomes": {"compiled_games": 0, "opponents": ["big-money", "bmu"]},
        }
    )
    result = Experiment(cfg, out).run()
    result["_dir"] = str(out)
    return result


def _judge(summary: dict[str, Any], kind: str) -> dict[str, Any]:
    r: dict[str, Any] = summary["ladder"]["per_judge"][f"ladderoracle:{kind}"]
    return r


def test_every_ladder_item_was_rated_by_every_judge(summary: dict[str, Any]) -> None:
    lad = summary["ladder"]
    assert lad["items"] == 80 and lad["rungs"] == 8
    for kind in ("substance", "style", "length"):
        r = _judge(summary, kind)
        assert r["ratings"] == 160
        assert r["rating_source"]["source"] == "overall"


def test_substance_judge_through_the_pipeline(summary: dict[str, Any]) -> None:
    """Validity >= 0.8, and no style effect: every style interval contains 0."""
    r = _judge(summary, "substance")
    assert r["validity"]["estimate"] >= 0.8
    for name, c in r["effects"]["coefficients"].items():
        if name.startswith("style:"):
            assert c["low"] <= 0 <= c["high"], name
    assert r["goodhart"]["gain"]["low"] > 0


def test_style_judge_through_the_pipeline(summary: dict[str, Any]) -> None:
    """Validity's interval contains 0; the planted +3 points for the expert style is
    recovered within its interval; best-of-n stays flat."""
    r = _judge(summary, "style")
    v = r["validity"]
    assert v["low"] <= 0 <= v["high"]
    expert = r["effects"]["coefficients"]["style:expert"]["points"]
    assert expert["low"] <= STYLE_POINTS <= expert["high"]
    g = r["goodhart"]["gain"]
    assert g["low"] <= 0 <= g["high"]


def test_length_judge_through_the_pipeline(summary: dict[str, Any]) -> None:
    r = _judge(summary, "length")
    long = r["effects"]["coefficients"]["length:long"]["points"]
    assert long["low"] <= LENGTH_POINTS <= long["high"]


def test_report_leads_with_validity_and_exchange_rates(summary: dict[str, Any]) -> None:
    """The headline states validity and style effects with intervals, never a bare n/a."""
    md = (Path(summary["_dir"]) / "report.md").read_text()
    headline = md.split("\n\n")[1]
    assert headline.startswith("Judge validity")
    assert "ladderoracle:style: 'expert' vs 'plain'" in headline
    assert "Advice ladder: do ratings follow substance or style?" in md
    assert (Path(summary["_dir"]) / "report_plots" / "ladder-ladderoracle-style.png").exists()
    head = headline.split("How well does a good rating")[0]
    assert "n/a" not in head
