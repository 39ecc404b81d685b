"""Best-of-n (Goodhart) curves: what selecting the judge's favourite among n pieces wins.

For n = 1, 2, 4, ... up to the pool size, the expected win rate of the item a selector scores
highest among n drawn without replacement from a pool, computed exactly over all n-subsets with
ties broken uniformly at random. The judge's curve is set beside the verifier's (selecting by
win rate itself), as in proxy-versus-gold over-optimisation plots (Gao et al. 2022); intervals
come from a bootstrap that resamples the pool's clusters (rungs of the ladder, or pieces).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametest.stats.correlation import FloatArray, percentile_interval

MIN_POOL = 2
METHOD = (
    "exact expectation over every n-subset of the pool (drawn without replacement), ties in "
    "the selector's score broken uniformly at random; intervals resample the pool's clusters"
)


def sizes(pool: int) -> list[int]:
    """The n of a curve: powers of two below the pool size, then the pool size itself."""
    out = [1]
    while out[-1] * 2 < pool:
        out.append(out[-1] * 2)
    if pool > 1:
        out.append(pool)
    return out


def best_of_n(scores: ArrayLike, values: ArrayLike, ns: Sequence[int]) -> FloatArray:
    """Expected value of the top-scored item among n drawn from the pool, for each n (NaN if
    n exceeds the pool)."""
    s = np.asarray(scores, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    size = s.size
    out = np.full(len(ns), np.nan)
    ok = [k for k, n in enumerate(ns) if 1 <= n <= size]
    if not ok:
        return out
    order = np.argsort(s, kind="stable")
    s, v = s[order], v[order]
    _, start, counts = np.unique(s, return_index=True, return_counts=True)
    group_mean = np.add.reduceat(v, start) / counts
    n_col = np.array([ns[k] for k in ok], dtype=np.float64)[:, None]
    # below[n, i] = C(i, n) / C(size, n): the chance that an n-subset lies within the i lowest
    # items, as a product of (1 - n/t) for t = i+1 .. size (exact, no large binomials).
    t = np.arange(1, size + 1, dtype=np.float64)[None, :]
    factors = np.clip(1.0 - n_col / t, 0.0, None)
    tail = np.cumprod(factors[:, ::-1], axis=1)[:, ::-1]
    below = np.concatenate([tail, np.ones((len(ok), 1))], axis=1)
    # the top of the subset falls in a tie group when the subset reaches the group but not
    # above it; within the group every member is equally likely to be picked
    p = below[:, start + counts] - below[:, start]
    out[ok] = p @ group_mean
    return out


def curve(
    scores: ArrayLike,
    values: ArrayLike,
    clusters: ArrayLike,
    n_boot: int,
    rng: np.random.Generator,
    level: float = 0.95,
) -> dict[str, Any]:
    """Judge and verifier best-of-n curves of one pool, with cluster-bootstrap intervals.

    `scores` is the judge's score per item, `values` its win rate, `clusters` the unit that
    the bootstrap resamples (items of a drawn cluster come along).
    """
    s = np.asarray(scores, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    c = np.asarray(clusters)
    pool = int(s.size)
    if pool < MIN_POOL:
        return {"pool": pool, "note": f"n/a (needs >= {MIN_POOL} items in the pool)"}
    ns = sizes(pool)
    keys, inverse = np.unique(c, return_inverse=True)
    members = [np.flatnonzero(inverse == i) for i in range(keys.size)]
    judge = best_of_n(s, v, ns)
    verifier = best_of_n(v, v, ns)
    reps_j = np.full((n_boot, len(ns)), np.nan)
    reps_v = np.full((n_boot, len(ns)), np.nan)
    for b in range(n_boot):
        drawn = rng.integers(0, keys.size, size=keys.size)
        idx = np.concatenate([members[i] for i in drawn])
        reps_j[b] = best_of_n(s[idx], v[idx], ns)
        reps_v[b] = best_of_n(v[idx], v[idx], ns)
    last = len(ns) - 1
    return {
        "pool": pool,
        "clusters": int(keys.size),
        "n": ns,
        "log2_n": [math.log2(n) for n in ns],
        "judge": _band(judge, reps_j, level),
        "verifier": _band(verifier, reps_v, level),
        "gain": _gain(judge, reps_j, last, level),
        "verifier_gain": _gain(verifier, reps_v, last, level),
        "n_boot": n_boot,
        "method": METHOD,
    }


def _band(est: FloatArray, reps: NDArray[np.float64], level: float) -> dict[str, list[Any]]:
    """Estimates and percentile intervals per n."""
    lows, highs = [], []
    for k in range(est.size):
        lo, hi = percentile_interval(reps[:, k], level)
        lows.append(lo)
        highs.append(hi)
    return {"mean": [float(x) for x in est], "low": lows, "high": highs}


def _gain(est: FloatArray, reps: NDArray[np.float64], last: int, level: float) -> dict[str, Any]:
    """Best of the whole pool minus a random pick (n = 1), with its interval."""
    lo, hi = percentile_interval(reps[:, last] - reps[:, 0], level)
    return {"estimate": float(est[last] - est[0]), "low": lo, "high": hi}
