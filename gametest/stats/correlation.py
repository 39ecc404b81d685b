"""Rank correlations between advice ratings and win rates, with two-level cluster bootstrap
intervals.

The bootstrap resamples pieces of advice with replacement and, within each drawn piece, its
ratings and its games with replacement, so an interval reflects both how few pieces of advice
there are and how noisy each one's rating and win rate are. Point estimates and p-values come
from scipy.stats; the bootstrap replicates use row-wise versions of the same statistics, which
the tests check against scipy.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

FloatArray = NDArray[np.float64]
RowStatistic = Callable[["BootstrapDraws"], FloatArray]

MIN_ADVICE = 3
TOO_FEW = f"n/a (needs >= {MIN_ADVICE} pieces of advice)"


def rng_for(seed: int, *names: str) -> np.random.Generator:
    """A Generator seeded from `seed` and stable names, so results don't depend on call order."""
    key = [zlib.crc32(n.encode("utf-8")) for n in names]
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


@dataclass(frozen=True)
class BootstrapDraws:
    """Replicates of a two-level bootstrap: per row, the drawn advice and their resampled means."""

    x: FloatArray  # (n_boot, n) resampled mean rating of the advice in each slot
    y: FloatArray  # (n_boot, n) resampled win rate of the advice in each slot
    idx: NDArray[np.int64]  # (n_boot, n) index of the advice drawn into each slot


def _resampled_means(rng: np.random.Generator, values: FloatArray, m: int) -> FloatArray:
    """`m` means of with-replacement resamples of `values` (drawn as multinomial counts)."""
    k = values.size
    if k == 1 or m == 0:
        return np.full(m, float(values[0]) if k else math.nan)
    uniq, counts = np.unique(values, return_counts=True)
    draws = rng.multinomial(k, counts / k, size=m)
    out: FloatArray = (draws @ uniq) / k
    return out


def cluster_bootstrap(
    ratings: Sequence[ArrayLike],
    outcomes: Sequence[ArrayLike],
    n_boot: int,
    rng: np.random.Generator,
) -> BootstrapDraws:
    """Resample advice, then each drawn advice's ratings and games; every advice needs both."""
    rs = [np.asarray(r, dtype=np.float64).ravel() for r in ratings]
    os_ = [np.asarray(o, dtype=np.float64).ravel() for o in outcomes]
    if len(rs) != len(os_):
        raise ValueError("ratings and outcomes must cover the same advice")
    if any(r.size == 0 for r in rs) or any(o.size == 0 for o in os_):
        raise ValueError("every piece of advice needs at least one rating and one game")
    n = len(rs)
    idx = rng.integers(0, n, size=(n_boot, n))
    flat = idx.ravel()
    x = np.empty(flat.size)
    y = np.empty(flat.size)
    for i in range(n):
        pos = np.flatnonzero(flat == i)
        x[pos] = _resampled_means(rng, rs[i], pos.size)
        y[pos] = _resampled_means(rng, os_[i], pos.size)
    return BootstrapDraws(x.reshape(n_boot, n), y.reshape(n_boot, n), idx)


def spearman_rows(x: FloatArray, y: FloatArray) -> FloatArray:
    """Spearman's rho of each row pair (ties get average ranks); NaN for a constant row."""
    rx = stats.rankdata(x, axis=1)
    ry = stats.rankdata(y, axis=1)
    return _pearson_rows(rx, ry)


def _pearson_rows(a: FloatArray, b: FloatArray) -> FloatArray:
    """Pearson's r of each row pair; NaN where a row has no spread."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    num = (a * b).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r: FloatArray = np.where(den > 1e-12, num / np.where(den > 0, den, 1.0), np.nan)
    return r


def pair_signs(x: FloatArray, y: FloatArray, chunk: int = 256) -> tuple[FloatArray, ...]:
    """Per row: concordant pairs, discordant pairs, pairs tied in x, tied in y, tied in both."""
    b, n = x.shape
    iu = np.triu_indices(n, 1)
    out = np.zeros((5, b))
    for s in range(0, b, chunk):
        xs, ys = x[s : s + chunk], y[s : s + chunk]
        dx = np.sign(xs[:, :, None] - xs[:, None, :])[:, iu[0], iu[1]]
        dy = np.sign(ys[:, :, None] - ys[:, None, :])[:, iu[0], iu[1]]
        prod = dx * dy
        out[0, s : s + chunk] = (prod > 0).sum(axis=1)
        out[1, s : s + chunk] = (prod < 0).sum(axis=1)
        out[2, s : s + chunk] = (dx == 0).sum(axis=1)
        out[3, s : s + chunk] = (dy == 0).sum(axis=1)
        out[4, s : s + chunk] = ((dx == 0) & (dy == 0)).sum(axis=1)
    return tuple(out)


def kendall_rows(x: FloatArray, y: FloatArray) -> FloatArray:
    """Kendall's tau-b of each row pair (as scipy.stats.kendalltau); NaN for a constant row."""
    n = x.shape[1]
    conc, disc, tx, ty, _ = pair_signs(x, y)
    n0 = n * (n - 1) / 2
    den = np.sqrt((n0 - tx) * (n0 - ty))
    with np.errstate(invalid="ignore", divide="ignore"):
        tau: FloatArray = np.where(den > 0, (conc - disc) / np.where(den > 0, den, 1.0), np.nan)
    return tau


def percentile_interval(reps: FloatArray, level: float = 0.95) -> tuple[float | None, float | None]:
    """Percentile interval of bootstrap replicates, ignoring NaN; (None, None) if half are NaN."""
    ok = reps[np.isfinite(reps)]
    if ok.size == 0 or ok.size < reps.size / 2:
        return (None, None)
    a = (1 - level) / 2
    lo, hi = np.quantile(ok, [a, 1 - a])
    return (float(lo), float(hi))


def _clean(v: float) -> float | None:
    """A float for JSON: None for NaN or infinity."""
    return float(v) if math.isfinite(v) else None


def rank_correlations(x: ArrayLike, y: ArrayLike) -> dict[str, dict[str, Any]]:
    """Spearman and Kendall (tau-b) estimates with scipy's p-values; a note when undefined."""
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    out: dict[str, dict[str, Any]] = {}
    why = None
    if xa.size < 2:
        why = "n/a (needs >= 2 values)"
    elif np.ptp(xa) == 0:
        why = "n/a (the ratings do not vary)"
    elif np.ptp(ya) == 0:
        why = "n/a (the win rates do not vary)"
    if why is not None:
        nothing: dict[str, Any] = {"estimate": None, "p": None, "note": why}
        return {"spearman": dict(nothing), "kendall": dict(nothing)}
    sp = stats.spearmanr(xa, ya)
    kt = stats.kendalltau(xa, ya)
    out["spearman"] = {"estimate": _clean(float(sp.statistic)), "p": _clean(float(sp.pvalue))}
    out["kendall"] = {"estimate": _clean(float(kt.statistic)), "p": _clean(float(kt.pvalue))}
    return out


def with_interval(
    estimate: dict[str, Any], reps: FloatArray, level: float = 0.95
) -> dict[str, Any]:
    """Add the bootstrap percentile interval and the count of undefined replicates."""
    lo, hi = percentile_interval(reps, level)
    return {
        **estimate,
        "low": lo,
        "high": hi,
        "undefined_replicates": int((~np.isfinite(reps)).sum()),
    }


def correlation_with_ci(
    ratings: Sequence[ArrayLike],
    outcomes: Sequence[ArrayLike],
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Any]:
    """Spearman and Kendall between mean rating and win rate, with cluster-bootstrap intervals.

    `ratings[i]` and `outcomes[i]` are the individual ratings and game outcomes (1, 0.5, 0) of
    piece of advice i. Fewer than three pieces of advice give estimates of None with a note.
    """
    n = len(ratings)
    if n < MIN_ADVICE:
        none = {"estimate": None, "p": None, "low": None, "high": None, "note": TOO_FEW}
        return {"n_advice": n, "spearman": dict(none), "kendall": dict(none)}
    x = [float(np.mean(np.asarray(r, dtype=np.float64))) for r in ratings]
    y = [float(np.mean(np.asarray(o, dtype=np.float64))) for o in outcomes]
    est = rank_correlations(x, y)
    draws = cluster_bootstrap(ratings, outcomes, n_boot, rng_for(seed, "correlation"))
    return {
        "n_advice": n,
        "spearman": with_interval(est["spearman"], spearman_rows(draws.x, draws.y), level),
        "kendall": with_interval(est["kendall"], kendall_rows(draws.x, draws.y), level),
    }
