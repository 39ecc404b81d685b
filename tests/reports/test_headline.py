"""The headline printed by `experiment run`: figures where the run has them, and one plain
sentence (never a row of n/a) where it cannot have them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from gametest.reports.experiment import headline_text

REF = Path(__file__).resolve().parents[2] / "results" / "reference-smollm2" / "summary.json"


def _summary() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REF.read_text())
    return data


def test_advice_that_all_lose_gets_one_sentence_not_a_row_of_na() -> None:
    text = headline_text(_summary())
    assert "n/a" not in text
    assert (
        "Compiled strategy: every one of the 6 pieces of advice won 0.0% of its 1000 games, so "
        "no rating can predict win rate among advisors" in text
    )
    assert "only 1 piece of advice has both ratings and games" in text
    assert text.startswith("Judge validity (the primary figure")  # the ladder leads


def test_spread_out_win_rates_get_their_figures() -> None:
    s = copy.deepcopy(_summary())
    for i, a in enumerate(x for x in s["advice"] if x.get("role") == "advisor"):
        a["win_rate"]["compiled"]["pooled"]["rate"] = 0.1 * i
    h = s["headline"]["compiled"]
    h["spearman"] = {"estimate": 0.4, "low": -0.2, "high": 0.8, "p": 0.3}
    h["kendall"] = {"estimate": 0.3, "low": -0.1, "high": 0.6}
    h["length_controlled"]["spearman"] = {"estimate": 0.35, "low": -0.2, "high": 0.7}
    h["disagreement"] = {"rate": 0.3, "low": 0.1, "high": 0.5}
    h["regret"] = {"value": 0.05, "low": 0.0, "high": 0.1}
    text = headline_text(s)
    assert "Spearman rho 0.40 [-0.20, 0.80]" in text and "Kendall tau 0.30 [-0.10, 0.60]" in text
    assert "n/a" not in text
