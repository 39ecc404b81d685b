"""Known answers for the headline: standardized judges, regret ties, strata, power and
disattenuation, and a seeded coverage check of the headline interval."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from gametest.stats.headline import across_advice, across_advice_reps, stratified
from gametest.stats.power import min_detectable_r
from gametest.stats.summary import analyze, load_run
from tests.stats.synthetic import make_run


def narrow(noise: float = 0.3) -> Any:
    """A judge who follows the truth but only uses 3-8."""
    return lambda p, w, rng: float(np.clip(3 + 5 * p + rng.normal(0, noise), 3, 8))


def loud_noise() -> Any:
    """A judge who gives 1 or 10 at random."""
    return lambda p, w, rng: float(rng.choice([1.0, 10.0]))


def test_standardizing_keeps_a_loud_noisy_judge_from_swamping_the_pool(tmp_path: Path) -> None:
    """A 1-or-10 noise judge drowns a faithful 3-8 judge in raw means, not in z-scores."""
    run = make_run(
        tmp_path / "r", {"narrow": narrow(), "loud": loud_noise()}, n_advice=30, games=300
    )
    s = analyze(load_run(run.path), n_boot=200)
    advisors = [e for e in s["advice"] if e["role"] == "advisor" and e["id"].startswith("adv")]
    raw = [e["rating"]["pooled"]["mean"] for e in advisors]
    win = [e["win_rate"]["compiled"]["pooled"]["rate"] for e in advisors]
    raw_rho = stats.spearmanr(raw, win).statistic
    z_rho = s["headline"]["compiled"]["spearman"]["estimate"]
    assert z_rho > raw_rho + 0.1
    assert s["judge_scales"]["loud"]["sd"] > 3 * s["judge_scales"]["narrow"]["sd"]
    per = s["per_judge"]["narrow"]["compiled"]["spearman"]["estimate"]
    assert per > 0.8  # per-judge figures are on that judge's raw scale, unchanged


def _items(x: list[float], y: list[float], clusters: list[str] | None = None) -> list[dict]:
    return [
        {
            "id": f"a{i}",
            "cluster": ((clusters[i],) if clusters else ("one",)),
            "ratings": {"j": [x[i], x[i]]},
            "outcomes": [y[i]] * 4,
            "words": 50 + i,
        }
        for i in range(len(x))
    ]


def test_regret_is_withheld_when_every_win_rate_is_the_same() -> None:
    """Every win rate 0: no regret value, a note saying why, every tied advice named."""
    h = across_advice(_items([1, 5, 9, 9], [0, 0, 0, 0]), 100, 0, "t")
    assert h["regret"]["value"] is None and "same win rate: 0.0%" in h["regret"]["note"]
    assert h["regret"]["best"] == ["a0", "a1", "a2", "a3"]
    assert h["regret"]["top_rated"] == ["a2", "a3"]
    g = across_advice(_items([1, 5, 9, 2], [0.2, 0.7, 0.4, 0.7]), 100, 0, "t")
    assert g["regret"]["value"] == pytest.approx(0.3) and g["regret"]["best"] == ["a1", "a3"]


def test_power_and_disattenuation_are_reported() -> None:
    """The power statement is for this n; disattenuated = rho / sqrt(rel_x rel_y)."""
    rng = np.random.default_rng(2)
    truth = np.linspace(0.2, 0.8, 12)
    items = [
        {
            "id": f"a{i}",
            "cluster": ("c",),
            "ratings": {"j": list(1 + 9 * p + rng.normal(0, 1.5, 3))},
            "outcomes": list((rng.random(200) < p).astype(float)),
            "words": 40,
        }
        for i, p in enumerate(truth)
    ]
    h = across_advice(items, 200, 0, "t")
    assert h["power"]["min_detectable_rho"] == pytest.approx(min_detectable_r(12, spearman=True))
    d = h["disattenuated"]
    rel_x, rel_y = d["rating_reliability"], d["win_rate_reliability"]
    assert 0.5 < rel_x < 1 and 0.5 < rel_y < 1
    assert d["estimate"] == pytest.approx(h["spearman"]["estimate"] / math.sqrt(rel_x * rel_y))
    assert h["noise_ceiling"] == pytest.approx(math.sqrt(rel_x * rel_y))
    assert h["bootstrap"]["resamples"][0] == "advice"


def test_stratified_estimate_weights_kingdoms_by_size() -> None:
    """Kingdom A (6 advice, rho +1) and B (3 advice, rho -1): pooled (6 - 3) / 9."""
    a = across_advice_reps(_items([1, 2, 3, 4, 5, 6], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), 200, 0, "a")
    b = across_advice_reps(_items([1, 2, 3], [0.9, 0.5, 0.1]), 200, 0, "b")
    none = across_advice_reps(_items([1, 2], [0.1, 0.2]), 200, 0, "c")
    st = stratified({"A": a, "B": b, "C": none})
    assert st["estimate"] == pytest.approx(1 / 3)
    assert st["strata"] == ["A", "B"] and st["left_out"] == ["C"]
    assert st["low"] <= st["estimate"] <= st["high"]


def test_headline_interval_covers_a_planted_correlation() -> None:
    """Units from a population with Spearman's rho 0.58 (bivariate normal, r = 0.6): the 90%
    headline interval covers it in roughly 90% of 60 seeded runs."""
    rng = np.random.default_rng(12)
    r = 0.6
    truth = 6 / math.pi * math.asin(r / 2)
    hits = 0
    runs = 60
    for k in range(runs):
        z = rng.multivariate_normal([0, 0], [[1, r], [r, 1]], size=25)
        p = stats.norm.cdf(z[:, 1])
        items = [
            {
                "id": f"a{i}",
                "cluster": (f"adv{i % 5}",),
                "ratings": {"j": list(z[i, 0] + rng.normal(0, 0.1, 3))},
                "outcomes": list((rng.random(400) < p[i]).astype(float)),
                "words": 40,
            }
            for i in range(25)
        ]
        h = across_advice(items, 200, k, "cov", level=0.9)
        hits += h["spearman"]["low"] <= truth <= h["spearman"]["high"]
    assert 0.8 <= hits / runs <= 0.98
