"""How judges' preferences line up with wins: pairwise disagreement, regret, length-controlled
ratings, and judge reliability (Krippendorff's alpha, interval level).

Each statistic has a point form (on one set of per-advice figures) and a row form used on the
replicates of `correlation.cluster_bootstrap`, so intervals resample advice, games and ratings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import krippendorff
import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from gametest.stats.correlation import (
    BootstrapDraws,
    FloatArray,
    kendall_rows,
    pair_signs,
    percentile_interval,
    rank_correlations,
    rng_for,
    spearman_rows,
)


def disagreement_rows(x: FloatArray, y: FloatArray) -> FloatArray:
    """Per row: share of pairs ordered differently by x and y among pairs ordered by both."""
    conc, disc, _, _, _ = pair_signs(x, y)
    total = conc + disc
    with np.errstate(invalid="ignore", divide="ignore"):
        r: FloatArray = np.where(total > 0, disc / np.where(total > 0, total, 1.0), np.nan)
    return r


def disagreement(ratings: ArrayLike, win_rates: ArrayLike) -> dict[str, Any]:
    """Share of advice pairs where the higher-rated one wins less; tied pairs counted apart."""
    x = np.asarray(ratings, dtype=np.float64)[None, :]
    y = np.asarray(win_rates, dtype=np.float64)[None, :]
    n = x.shape[1]
    conc, disc, _, _, _ = pair_signs(x, y)
    pairs = n * (n - 1) // 2
    c, d = int(conc[0]), int(disc[0])
    out: dict[str, Any] = {
        "rate": d / (c + d) if c + d else None,
        "pairs": pairs,
        "discordant": d,
        "concordant": c,
        "tied": pairs - c - d,
    }
    if not c + d:
        out["note"] = "n/a (every pair is tied in rating or win rate)"
    return out


def regret_rows(x: FloatArray, y: FloatArray) -> FloatArray:
    """Per row: best win rate minus the (mean) win rate of the top-rated advice."""
    top = x >= x.max(axis=1, keepdims=True)
    top_y = (y * top).sum(axis=1) / top.sum(axis=1)
    r: FloatArray = y.max(axis=1) - top_y
    return r


def regret(
    ratings: ArrayLike, win_rates: ArrayLike, ids: Sequence[str] | None = None
) -> dict[str, Any]:
    """Win rate of the best advice minus that of the top-rated (ties at the top: their mean)."""
    x = np.asarray(ratings, dtype=np.float64)
    y = np.asarray(win_rates, dtype=np.float64)
    if x.size == 0:
        return {"value": None}
    top = np.flatnonzero(x >= x.max())
    best = int(np.argmax(y))
    out: dict[str, Any] = {
        "value": float(regret_rows(x[None, :], y[None, :])[0]),
        "best_win_rate": float(y[best]),
        "top_rated_win_rate": float(y[top].mean()),
    }
    if ids is not None:
        out["best"] = ids[best]
        out["top_rated"] = [ids[int(i)] for i in top]
    return out


def residualize_rows(x: FloatArray, w: FloatArray) -> FloatArray:
    """Per row: residuals of x after an ordinary least-squares fit on w (x itself if w is flat)."""
    wc = w - w.mean(axis=1, keepdims=True)
    xc = x - x.mean(axis=1, keepdims=True)
    var = (wc * wc).sum(axis=1, keepdims=True)
    slope = np.where(var > 0, (wc * xc).sum(axis=1, keepdims=True) / np.where(var > 0, var, 1), 0)
    r: FloatArray = xc - slope * wc
    return r


def residualize(ratings: ArrayLike, words: ArrayLike) -> dict[str, Any]:
    """Rating regressed on length in words (scipy linregress): slope, intercept, r, residuals."""
    x = np.asarray(ratings, dtype=np.float64)
    w = np.asarray(words, dtype=np.float64)
    if x.size < 3 or np.ptp(w) == 0:
        return {"slope": None, "intercept": None, "r": None, "p": None, "residuals": x - x.mean()}
    fit = stats.linregress(w, x)
    return {
        "slope": float(fit.slope),
        "intercept": float(fit.intercept),
        "r": float(fit.rvalue),
        "p": float(fit.pvalue),
        "residuals": x - (fit.intercept + fit.slope * w),
    }


def length_controlled(
    ratings: ArrayLike,
    win_rates: ArrayLike,
    words: ArrayLike,
    draws: BootstrapDraws | None = None,
    level: float = 0.95,
) -> dict[str, Any]:
    """Correlation of win rate with the part of the rating that length does not explain.

    With `draws`, each replicate is residualised on its own drawn advice's lengths, so the
    interval includes the uncertainty of the length fit.
    """
    fit = residualize(ratings, words)
    res = fit.pop("residuals")
    corr = rank_correlations(res, win_rates)
    out: dict[str, Any] = {"length_fit": fit, **corr}
    if draws is not None:
        w = np.asarray(words, dtype=np.float64)[draws.idx]
        rx = residualize_rows(draws.x, w)
        for name, reps in (
            ("spearman", spearman_rows(rx, draws.y)),
            ("kendall", kendall_rows(rx, draws.y)),
        ):
            lo, hi = percentile_interval(reps, level)
            out[name] = {**out[name], "low": lo, "high": hi}
    return out


def judgement_disagreement(
    judgements: Sequence[tuple[str, str]],
    win_rates: dict[str, float],
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Any]:
    """Share of pairwise judgements (preferred, other) where the preferred advice wins less.

    Judgements whose two pieces of advice have equal win rates, or lack a win rate, are counted
    apart. The interval resamples advice pairs (both orders of a pair stay together).
    """
    by_pair: dict[tuple[str, str], list[float]] = {}
    ties = missing = 0
    for pref, other in judgements:
        if pref not in win_rates or other not in win_rates:
            missing += 1
            continue
        if win_rates[pref] == win_rates[other]:
            ties += 1
            continue
        key = (min(pref, other), max(pref, other))
        by_pair.setdefault(key, []).append(1.0 if win_rates[pref] < win_rates[other] else 0.0)
    flags = [v for vs in by_pair.values() for v in vs]
    out: dict[str, Any] = {
        "judgements": len(judgements),
        "counted": len(flags),
        "tied_win_rates": ties,
        "without_win_rate": missing,
        "pairs": len(by_pair),
        "rate": float(np.mean(flags)) if flags else None,
        "low": None,
        "high": None,
    }
    if len(by_pair) >= 2:
        groups = list(by_pair.values())
        sums = np.array([sum(g) for g in groups])
        counts = np.array([len(g) for g in groups], dtype=np.float64)
        rng = rng_for(seed, "judgements")
        pick = rng.integers(0, len(groups), size=(n_boot, len(groups)))
        reps = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
        out["low"], out["high"] = percentile_interval(reps, level)
    return out


def krippendorff_alpha(data: ArrayLike) -> float | None:
    """Krippendorff's alpha (interval); rows are raters or repeats, columns units, NaN missing."""
    a = np.asarray(data, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] < 2:
        return None
    pairable = (np.isfinite(a).sum(axis=0) >= 2).sum()
    values = a[:, np.isfinite(a).sum(axis=0) >= 2]
    finite = values[np.isfinite(values)]
    if pairable < 1 or finite.size < 2 or np.ptp(finite) == 0:
        return None
    value = float(krippendorff.alpha(reliability_data=a, level_of_measurement="interval"))
    return value if math.isfinite(value) else None


def alpha_with_ci(
    data: ArrayLike, n_boot: int = 500, seed: int = 0, level: float = 0.95
) -> dict[str, Any]:
    """Krippendorff's alpha with a bootstrap interval that resamples units (columns)."""
    a = np.asarray(data, dtype=np.float64)
    est = krippendorff_alpha(a) if a.ndim == 2 else None
    units = int((np.isfinite(a).sum(axis=0) >= 2).sum()) if a.ndim == 2 else 0
    out: dict[str, Any] = {"alpha": est, "low": None, "high": None, "units": units}
    if est is None or units < 3:
        return out
    rng = rng_for(seed, "alpha")
    reps = np.empty(n_boot)
    for b in range(n_boot):
        cols = rng.integers(0, a.shape[1], size=a.shape[1])
        v = krippendorff_alpha(a[:, cols])
        reps[b] = math.nan if v is None else v
    out["low"], out["high"] = percentile_interval(reps, level)
    return out
