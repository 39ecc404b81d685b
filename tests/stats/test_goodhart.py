"""Known-answer tests of best-of-n curves: exact against enumeration, and planted judges."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest

from gametest.stats.goodhart import best_of_n, curve, sizes
from gametest.stats.ladder import analyze_ladder
from gametest.stats.summary import load_run
from tests.stats.ladder_synthetic import confident, make_ladder_run, substance


def _enumerated(scores: np.ndarray, values: np.ndarray, n: int) -> float:
    """Mean over every n-subset of the mean value among the subset's top-scored items."""
    picks = []
    for subset in itertools.combinations(range(scores.size), n):
        idx = list(subset)
        top = [i for i in idx if scores[i] == scores[idx].max()]
        picks.append(values[top].mean())
    return float(np.mean(picks))


def test_best_of_n_matches_enumeration_with_ties() -> None:
    """The exact expectation equals brute force over all subsets, ties broken uniformly."""
    rng = np.random.default_rng(2)
    scores = rng.integers(0, 4, 11).astype(float)
    values = rng.random(11)
    got = best_of_n(scores, values, list(range(1, 12)))
    want = [_enumerated(scores, values, n) for n in range(1, 12)]
    assert got == pytest.approx(want, abs=1e-12)
    assert got[0] == pytest.approx(values.mean())
    assert math.isnan(best_of_n(scores, values, [12])[0])


def test_sizes_double_up_to_the_pool() -> None:
    assert sizes(12) == [1, 2, 4, 8, 12]
    assert sizes(8) == [1, 2, 4, 8]
    assert sizes(1) == [1]


def test_verifier_curve_rises_to_the_best_item() -> None:
    """Selecting by value itself ends at the pool's maximum; a random judge stays at the mean."""
    values = np.linspace(0, 1, 16)
    c = curve(np.zeros(16), values, np.arange(16), 200, np.random.default_rng(0))
    assert c["verifier"]["mean"][-1] == pytest.approx(1.0)
    assert c["judge"]["mean"] == pytest.approx([0.5] * len(c["n"]))
    assert c["gain"]["estimate"] == pytest.approx(0.0)
    assert c["verifier_gain"]["low"] > 0


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("goodhart") / "run"
    make_ladder_run(path, {"sub": substance(), "conf": confident()}, advisor_pool=8, seed=1)
    out = analyze_ladder(load_run(path), n_boot=300, seed=0)
    assert out is not None
    return out


def test_substance_judge_curve_rises_with_n(judged: dict[str, Any]) -> None:
    """A judge that rates win rate picks better items from bigger pools, near the verifier."""
    g = judged["per_judge"]["sub"]["goodhart"]
    means = g["judge"]["mean"]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(means))
    assert g["gain"]["low"] > 0.1
    assert means[-1] > g["verifier"]["mean"][-1] - 0.05
    adv = judged["per_judge"]["sub"]["advisor_goodhart"]["scripted:test/plain @ first-game"]
    assert adv["pool"] == 8 and adv["gain"]["low"] > 0


def test_style_judge_curve_stays_flat(judged: dict[str, Any]) -> None:
    """A judge that rates style alone gains nothing from selection; the verifier does."""
    g = judged["per_judge"]["conf"]["goodhart"]
    assert g["gain"]["low"] <= 0 <= g["gain"]["high"]
    assert g["verifier_gain"]["low"] > 0.1
    assert abs(g["judge"]["mean"][1] - g["judge"]["mean"][0]) < 0.05


def test_curves_are_seeded() -> None:
    """The same seed gives the same intervals."""
    a = curve(np.arange(10.0), np.linspace(0, 1, 10), np.arange(10), 100, np.random.default_rng(4))
    b = curve(np.arange(10.0), np.linspace(0, 1, 10), np.arange(10), 100, np.random.default_rng(4))
    assert a == b
