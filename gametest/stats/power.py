"""Power and measurement error: the smallest correlation a run can detect, the reliability of
mean ratings measured from repeated ratings, and correlations corrected for that unreliability.

A "no relation" finding means little unless the run could have seen a relation: the minimum
detectable correlation says how large a true correlation had to be to be found with 80% power,
and the reliability of the two measures sets the noise ceiling, the largest correlation their
noise allows (sqrt(rel_x * rel_y)). Noise in ratings and win rates pulls an observed correlation
towards 0 (attenuation), which is anti-conservative for a claim that there is no relation;
`disattenuate` undoes it (Spearman's correction).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats

# Fieller, Hartley & Pearson (1957): var(atanh(Spearman's rho)) ~ 1.06 / (n - 3)
SPEARMAN_VARIANCE_FACTOR = 1.06


def min_detectable_r(
    n: int, alpha: float = 0.05, power: float = 0.8, *, spearman: bool = False
) -> float | None:
    """Smallest true |correlation| a two-sided test at `alpha` detects with `power`, for n units.

    Fisher's z: atanh(r) is about normal with variance 1/(n - 3) (times 1.06 for Spearman's rho),
    so r_min = tanh((z_{1-alpha/2} + z_power) * sqrt(var)). None for n <= 3 (no test possible).
    """
    if n <= 3:
        return None
    factor = SPEARMAN_VARIANCE_FACTOR if spearman else 1.0
    z = float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))
    return math.tanh(z * math.sqrt(factor / (n - 3)))


def disattenuate(r: float | None, rel_x: float | None, rel_y: float | None = 1.0) -> float | None:
    """Spearman's correction r / sqrt(rel_x * rel_y); None where a reliability is not positive.

    The result is not clipped: a value beyond +-1 says the reliabilities are estimated too low
    (or the sample is too small) for the correction to be trusted.
    """
    if r is None or rel_x is None or rel_y is None or rel_x <= 0 or rel_y <= 0:
        return None
    return r / math.sqrt(rel_x * rel_y)


def noise_ceiling(rel_x: float | None, rel_y: float | None = 1.0) -> float | None:
    """The largest correlation two measures with these reliabilities can show: sqrt(product)."""
    if rel_x is None or rel_y is None or rel_x <= 0 or rel_y <= 0:
        return None
    return math.sqrt(min(1.0, rel_x) * min(1.0, rel_y))


def mean_reliability(values: Mapping[str, Sequence[float]] | Sequence[Sequence[float]]) -> dict:
    """Reliability of per-unit means from repeated measurements (one-way random effects).

    ICC(1) = (MSB - MSW) / (MSB + (k0 - 1) MSW) from the one-way ANOVA of measurements by unit
    (k0 the ANOVA's adjusted group size for unequal counts); the reliability of a unit's mean of
    k measurements is the Spearman-Brown step-up k ICC / (1 + (k - 1) ICC), with k the harmonic
    mean of the per-unit counts. Works for ratings (repeats, or z-scores of several judges) and
    for game outcomes (1, 1/k, 0) alike. None with a note when it cannot be estimated.
    """
    groups = [
        np.asarray(v, dtype=np.float64)
        for v in (values.values() if isinstance(values, Mapping) else values)
    ]
    groups = [g for g in groups if g.size]
    a = len(groups)
    counts = np.array([g.size for g in groups], dtype=np.float64)
    total = float(counts.sum())
    out: dict[str, Any] = {
        "icc1": None,
        "reliability": None,
        "k": None,
        "units": a,
        "measurements": int(total),
    }
    if a < 2 or total - a < 1:
        out["note"] = "n/a (needs >= 2 units and a repeated measurement)"
        return out
    sums = np.array([g.sum() for g in groups])
    means = sums / counts
    grand = float(sums.sum() / total)
    ssb = float((counts * (means - grand) ** 2).sum())
    ssw = float(sum(((g - m) ** 2).sum() for g, m in zip(groups, means, strict=True)))
    msb = ssb / (a - 1)
    msw = ssw / (total - a)
    k0 = (total - float((counts**2).sum()) / total) / (a - 1)
    k = float(a / (1.0 / counts).sum())
    out["k"] = k
    den = msb + (k0 - 1) * msw
    if den <= 1e-15:
        out["note"] = "n/a (the measurements do not vary)"
        return out
    icc = (msb - msw) / den
    out["icc1"] = icc
    out["reliability"] = k * icc / (1 + (k - 1) * icc) if 1 + (k - 1) * icc > 0 else None
    if out["reliability"] is not None and out["reliability"] <= 0:
        out["note"] = "no reliable differences between units (reliability <= 0)"
    return out


def power_statement(n: int, alpha: float = 0.05, power: float = 0.8) -> dict[str, Any]:
    """The minimum detectable Spearman's rho for n units, with the settings that produced it."""
    r = min_detectable_r(n, alpha, power, spearman=True)
    return {
        "n": n,
        "alpha": alpha,
        "power": power,
        "min_detectable_rho": r,
        "method": "Fisher z, var(atanh rho) = 1.06/(n-3), two-sided",
        **({} if r is not None else {"note": "n/a (needs >= 4 units)"}),
    }
