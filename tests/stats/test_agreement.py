"""Disagreement, regret, length control and Krippendorff's alpha against hand-computed cases."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from gametest.stats.agreement import (
    alpha_with_ci,
    disagreement,
    disagreement_rows,
    judgement_disagreement,
    krippendorff_alpha,
    length_controlled,
    regret,
    regret_rows,
    residualize,
    residualize_rows,
)
from gametest.stats.correlation import cluster_bootstrap, rng_for


def test_disagreement_hand_case() -> None:
    """Ratings 1,2,3 vs win rates .1,.3,.2: of three pairs only (2,3) is reversed."""
    d = disagreement([1, 2, 3], [0.1, 0.3, 0.2])
    assert d == {
        "rate": pytest.approx(1 / 3),
        "pairs": 3,
        "discordant": 1,
        "concordant": 2,
        "tied": 0,
    }


def test_disagreement_counts_ties_apart() -> None:
    """A pair tied in rating is neither agreement nor disagreement."""
    d = disagreement([1, 1, 3], [0.1, 0.3, 0.2])
    assert d["tied"] == 1 and d["discordant"] == 1 and d["rate"] == pytest.approx(0.5)


def test_disagreement_is_half_of_one_minus_tau_without_ties() -> None:
    """Without ties, disagreement = (1 - tau) / 2 (scipy's Kendall tau)."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=20), rng.normal(size=20)
    tau = stats.kendalltau(x, y).statistic
    assert disagreement(x, y)["rate"] == pytest.approx((1 - tau) / 2)
    assert disagreement_rows(x[None, :], y[None, :])[0] == pytest.approx((1 - tau) / 2)


def test_regret_hand_case() -> None:
    """Top-rated advice wins 0.4, best wins 0.7: regret 0.3; tied tops average."""
    r = regret([9, 5, 7], [0.4, 0.7, 0.6], ids=["a", "b", "c"])
    assert r["value"] == pytest.approx(0.3)
    assert r["best"] == "b" and r["top_rated"] == ["a"]
    assert regret([9, 9, 7], [0.4, 0.6, 0.7])["value"] == pytest.approx(0.2)
    assert regret_rows(np.array([[9.0, 5, 7]]), np.array([[0.4, 0.7, 0.6]]))[0] == pytest.approx(
        0.3
    )
    assert regret([1, 2, 3], [0.1, 0.2, 0.3])["value"] == 0.0


def test_residualize_matches_numpy_fit() -> None:
    """Residuals from scipy's linregress equal those of numpy's least-squares fit."""
    rng = np.random.default_rng(1)
    w = rng.integers(20, 200, size=25).astype(float)
    x = 0.03 * w + rng.normal(size=25)
    slope, intercept = np.polyfit(w, x, 1)
    fit = residualize(x, w)
    assert fit["slope"] == pytest.approx(slope)
    np.testing.assert_allclose(fit["residuals"], x - (intercept + slope * w), atol=1e-10)
    rows = residualize_rows(x[None, :], w[None, :])[0]
    np.testing.assert_allclose(rows, fit["residuals"], atol=1e-10)


def test_length_control_recovers_quality_hidden_under_length() -> None:
    """Rating = length + quality: raw correlation is muddied, the residual ranks almost exactly."""
    rng = np.random.default_rng(2)
    y = np.linspace(0.2, 0.8, 20)
    w = rng.permutation(np.linspace(20, 400, 20))
    x = 0.05 * w + 2 * y
    raw = stats.spearmanr(x, y).statistic
    lc = length_controlled(x, y, w)
    assert lc["spearman"]["estimate"] > 0.95
    assert raw < 0.9
    assert lc["length_fit"]["slope"] == pytest.approx(0.05, abs=0.01)


def test_length_control_interval_from_draws() -> None:
    """With bootstrap draws the length-controlled correlation gets an interval."""
    rng = np.random.default_rng(3)
    y = np.linspace(0.2, 0.8, 12)
    w = rng.permutation(np.linspace(20, 200, 12))
    ratings = [[0.05 * wi + 5 * yi, 0.05 * wi + 5 * yi + 0.2] for wi, yi in zip(w, y, strict=True)]
    outcomes = [(rng.random(100) < yi).astype(float) for yi in y]
    draws = cluster_bootstrap(ratings, outcomes, 300, rng_for(0))
    x = np.array([np.mean(r) for r in ratings])
    lc = length_controlled(x, [o.mean() for o in outcomes], w, draws)
    assert lc["spearman"]["low"] is not None and lc["spearman"]["low"] > 0


def test_judgement_disagreement() -> None:
    """Each judgement that prefers the lower win rate counts; equal win rates are set apart."""
    rates = {"a": 0.3, "b": 0.6, "c": 0.6, "d": 0.9}
    j = [("b", "a"), ("a", "b"), ("b", "c"), ("d", "a"), ("a", "d"), ("x", "a")]
    r = judgement_disagreement(j, rates, n_boot=200)
    assert r["counted"] == 4 and r["tied_win_rates"] == 1 and r["without_win_rate"] == 1
    assert r["rate"] == pytest.approx(0.5)
    assert r["pairs"] == 2
    assert 0 <= r["low"] <= r["rate"] <= r["high"] <= 1


def _alpha_by_hand(data: np.ndarray) -> float:
    """Interval alpha from its definition: 1 - D_o / D_e over pairable values."""
    units = [col[np.isfinite(col)] for col in data.T]
    units = [u for u in units if u.size >= 2]
    n = sum(u.size for u in units)
    d_o = (
        sum(
            sum((a - b) ** 2 for a, b in itertools.permutations(u, 2)) / (u.size - 1) for u in units
        )
        / n
    )
    allv = np.concatenate(units)
    d_e = sum((a - b) ** 2 for a, b in itertools.permutations(allv, 2)) / (n * (n - 1))
    return float(1 - d_o / d_e)


def test_krippendorff_alpha_hand_computed() -> None:
    """Two raters, three units: (1,1), (2,2), (3,4): D_o = 1/3, D_e = 82/30, alpha = 36/41."""
    data = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 4.0]])
    assert krippendorff_alpha(data) == pytest.approx(1 - (1 / 3) / (82 / 30))
    assert krippendorff_alpha(data) == pytest.approx(36 / 41)


def test_krippendorff_alpha_published_example() -> None:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability': interval alpha 0.849."""
    nan = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )
    assert krippendorff_alpha(data) == pytest.approx(0.849, abs=5e-4)
    assert krippendorff_alpha(data) == pytest.approx(_alpha_by_hand(data))


def test_krippendorff_alpha_matches_definition_on_random_data() -> None:
    """The package agrees with the definition on random data with missing values."""
    rng = np.random.default_rng(4)
    data = rng.integers(1, 11, size=(3, 15)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    assert krippendorff_alpha(data) == pytest.approx(_alpha_by_hand(data))


def test_alpha_undefined_cases_and_interval() -> None:
    """One rater or no variation gives None; real data gives an interval around alpha."""
    assert krippendorff_alpha(np.array([[1.0, 2.0, 3.0]])) is None
    assert krippendorff_alpha(np.array([[5.0, 5.0], [5.0, 5.0]])) is None
    rng = np.random.default_rng(5)
    truth = rng.normal(size=30)
    data = np.vstack([truth + rng.normal(0, 0.3, 30), truth + rng.normal(0, 0.3, 30)])
    r = alpha_with_ci(data, n_boot=200, seed=0)
    assert r["alpha"] > 0.8 and r["units"] == 30
    assert r["low"] < r["alpha"] < r["high"]
