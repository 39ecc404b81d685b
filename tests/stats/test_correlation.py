"""Rank correlations and the two-level cluster bootstrap, checked against scipy and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from gametest.stats.correlation import (
    TOO_FEW,
    cluster_bootstrap,
    correlation_with_ci,
    kendall_rows,
    percentile_interval,
    rank_correlations,
    rng_for,
    spearman_rows,
)


def _rows_with_ties(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Random rows with many ties (small integer values)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 5, size=(40, 12)).astype(float), rng.integers(0, 4, size=(40, 12)) * 1.0


def test_spearman_rows_match_scipy() -> None:
    """Row-wise Spearman equals scipy.stats.spearmanr on every row, ties included."""
    x, y = _rows_with_ties()
    got = spearman_rows(x, y)
    for i in range(x.shape[0]):
        want = stats.spearmanr(x[i], y[i]).statistic
        assert got[i] == pytest.approx(want, abs=1e-12)


def test_kendall_rows_match_scipy_tau_b() -> None:
    """Row-wise Kendall equals scipy.stats.kendalltau (tau-b) on every row, ties included."""
    x, y = _rows_with_ties(2)
    got = kendall_rows(x, y)
    for i in range(x.shape[0]):
        want = stats.kendalltau(x[i], y[i]).statistic
        assert got[i] == pytest.approx(want, abs=1e-12)


def test_constant_row_is_undefined() -> None:
    """A row with no spread has no correlation (NaN), not 0."""
    x = np.array([[1.0, 1.0, 1.0, 1.0]])
    y = np.array([[0.1, 0.2, 0.3, 0.4]])
    assert np.isnan(spearman_rows(x, y)[0])
    assert np.isnan(kendall_rows(x, y)[0])


def test_rank_correlations_hand_case() -> None:
    """A hand case: one swapped pair out of 10 gives rho = 0.9 and tau = 0.8 (scipy agrees)."""
    x = [1, 2, 3, 4, 5]
    y = [1, 3, 2, 4, 5]
    r = rank_correlations(x, y)
    assert r["spearman"]["estimate"] == pytest.approx(0.9)
    assert r["kendall"]["estimate"] == pytest.approx(0.8)
    assert r["spearman"]["p"] == pytest.approx(stats.spearmanr(x, y).pvalue)
    assert r["kendall"]["p"] == pytest.approx(stats.kendalltau(x, y).pvalue)


def test_bootstrap_is_seeded_and_resamples_both_levels() -> None:
    """Same seed, same draws; within-advice resampling gives binomial spread of win rates."""
    ratings = [[5.0, 6.0, 7.0]] * 3
    outcomes = [[0.0, 1.0] * 100] * 3
    a = cluster_bootstrap(ratings, outcomes, 400, rng_for(3, "t"))
    b = cluster_bootstrap(ratings, outcomes, 400, rng_for(3, "t"))
    assert np.array_equal(a.x, b.x) and np.array_equal(a.idx, b.idx)
    assert a.x.shape == a.y.shape == a.idx.shape == (400, 3)
    # 200 games at p = 0.5: the sd of a resampled win rate is sqrt(0.25 / 200) = 0.035
    assert a.y.std() == pytest.approx(np.sqrt(0.25 / 200), rel=0.15)
    assert a.y.mean() == pytest.approx(0.5, abs=0.01)
    assert set(np.unique(a.idx)) == {0, 1, 2}


def test_single_rating_and_game_are_not_resampled_away() -> None:
    """An advice with one rating keeps that rating in every replicate."""
    d = cluster_bootstrap([[4.0], [7.0]], [[1.0], [0.0]], 50, rng_for(0))
    assert set(np.unique(d.x)) <= {4.0, 7.0}
    assert np.all((d.x == 4.0) == (d.y == 1.0))


def test_rng_for_depends_on_names_not_order() -> None:
    """Streams are keyed by name, so computing one statistic first doesn't shift another."""
    assert rng_for(0, "a").random() == rng_for(0, "a").random()
    assert rng_for(0, "a").random() != rng_for(0, "b").random()


def test_correlation_with_ci_strong_monotone() -> None:
    """Well-separated win rates and faithful ratings: high rho with an interval above 0."""
    rng = np.random.default_rng(0)
    p = np.linspace(0.2, 0.8, 15)
    outcomes = [(rng.random(200) < q).astype(float) for q in p]
    ratings = [[1 + 9 * q, 1 + 9 * q + 0.5] for q in p]
    r = correlation_with_ci(ratings, outcomes, n_boot=300, seed=0)
    assert r["n_advice"] == 15
    assert r["spearman"]["estimate"] > 0.9
    assert r["spearman"]["low"] > 0.5
    assert r["spearman"]["low"] <= r["spearman"]["estimate"] + 1e-9
    assert r["kendall"]["low"] > 0.3
    assert r["spearman"]["p"] < 1e-4


def test_too_few_advice() -> None:
    """Fewer than three pieces of advice: no estimate, and a note that says why."""
    r = correlation_with_ci([[1.0], [2.0]], [[0.0], [1.0]], n_boot=100)
    assert r["spearman"]["estimate"] is None
    assert r["spearman"]["note"] == TOO_FEW == "n/a (needs >= 3 pieces of advice)"


def test_percentile_interval_ignores_nan_but_not_mostly_nan() -> None:
    """NaN replicates are dropped; if half or more are NaN there is no interval."""
    reps = np.array([np.nan, *np.linspace(0, 1, 101)])
    lo, hi = percentile_interval(reps)
    assert lo == pytest.approx(0.025) and hi == pytest.approx(0.975)
    assert percentile_interval(np.array([np.nan, np.nan, 1.0])) == (None, None)


def test_constant_ratings_say_why() -> None:
    """Ratings that never vary give no correlation and say so, instead of a made-up 0."""
    r = rank_correlations([5, 5, 5, 5], [0.1, 0.2, 0.3, 0.4])
    assert r["spearman"]["estimate"] is None
    assert r["spearman"]["note"] == "n/a (the ratings do not vary)"
    assert rank_correlations([1, 2, 3], [0.5, 0.5, 0.5])["kendall"]["note"] == (
        "n/a (the win rates do not vary)"
    )
