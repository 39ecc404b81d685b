"""The across-advice statistics behind the headline: rank correlations, disagreement, regret and
length control, with intervals from the hierarchical bootstrap, a power statement, the rating
and win-rate reliabilities, and the disattenuated correlation.

Each item is one piece of advice: its cluster labels (outermost first, e.g. the advisor), its
ratings per judge (z-scores for pooled figures, raw for one judge), its game outcomes and its
length in words. Kingdoms are strata: `stratified` combines per-kingdom estimates and their
(independent) bootstrap replicates into one pooled estimate.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gametest.stats.agreement import (
    disagreement,
    disagreement_rows,
    length_controlled,
    regret,
    regret_rows,
    residualize_rows,
)
from gametest.stats.bootstrap import Replicates, hierarchical_bootstrap
from gametest.stats.correlation import (
    MIN_ADVICE,
    TOO_FEW,
    BootstrapDraws,
    FloatArray,
    kendall_rows,
    percentile_interval,
    rank_correlations,
    rng_for,
    spearman_rows,
    with_interval,
)
from gametest.stats.power import disattenuate, mean_reliability, noise_ceiling, power_statement

LEVEL = 0.95
MIN_JUDGES_RESAMPLED = 3
SAME_WIN_RATE = "n/a (every piece of advice has the same win rate: {rate})"


def _usable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items with at least one rating and one game."""
    return [
        it for it in items if any(len(v) for v in it["ratings"].values()) and len(it["outcomes"])
    ]


def across_advice(
    items: list[dict[str, Any]],
    n_boot: int,
    seed: int,
    name: str,
    level: float = LEVEL,
    resample_judges: bool | None = None,
) -> dict[str, Any]:
    """The headline statistics of one set of advice (see `across_advice_reps`)."""
    return across_advice_reps(items, n_boot, seed, name, level, resample_judges)[0]


def across_advice_reps(
    items: list[dict[str, Any]],
    n_boot: int,
    seed: int,
    name: str,
    level: float = LEVEL,
    resample_judges: bool | None = None,
) -> tuple[dict[str, Any], FloatArray | None]:
    """Statistics with intervals, and the bootstrap replicates of Spearman's rho (or None).

    Judges are resampled when there are at least three of them, unless `resample_judges` says
    otherwise.
    """
    items = _usable(items)
    n = len(items)
    judges = sorted({j for it in items for j, v in it["ratings"].items() if len(v)})
    if resample_judges is None:
        resample_judges = len(judges) >= MIN_JUDGES_RESAMPLED
    clusters = len({tuple(it["cluster"]) for it in items})
    out: dict[str, Any] = {
        "n_advice": n,
        "games": sum(len(it["outcomes"]) for it in items),
        "ratings": sum(len(v) for it in items for v in it["ratings"].values()),
        "n_boot": n_boot,
        "level": level,
        "bootstrap": {
            "resamples": (["advisors (their advice kept whole)"] if clusters > 1 else ["advice"])
            + ["games and ratings within advice"]
            + (["judges"] if resample_judges else []),
            "clusters": clusters,
            "judges": len(judges),
        },
        "power": power_statement(n),
    }
    rel_x = mean_reliability([[v for vs in it["ratings"].values() for v in vs] for it in items])
    rel_y = mean_reliability([it["outcomes"] for it in items])
    out["reliability"] = {"rating": rel_x, "win_rate": rel_y}
    out["noise_ceiling"] = noise_ceiling(rel_x["reliability"], rel_y["reliability"])
    if n < MIN_ADVICE:
        na = {"estimate": None, "low": None, "high": None, "p": None, "note": TOO_FEW}
        out.update(
            spearman=dict(na),
            kendall=dict(na),
            note=TOO_FEW,
            disagreement={"rate": None, "low": None, "high": None, "note": TOO_FEW},
            regret={"value": None, "low": None, "high": None, "note": TOO_FEW},
            length_controlled={"spearman": dict(na), "kendall": dict(na), "note": TOO_FEW},
            disattenuated={"estimate": None, "note": TOO_FEW},
        )
        return out, None
    ids = [it["id"] for it in items]
    x = np.array([np.mean([v for vs in it["ratings"].values() for v in vs]) for it in items])
    y = np.array([np.mean(it["outcomes"]) for it in items])
    words = np.array([it["words"] for it in items], dtype=np.float64)
    reps = hierarchical_bootstrap(
        [tuple(it["cluster"]) for it in items],
        [it["ratings"] for it in items],
        [it["outcomes"] for it in items],
        n_boot,
        rng_for(seed, name),
        resample_judges=resample_judges,
    )
    out["bootstrap"]["dropped_slots"] = reps.dropped_slots
    est = rank_correlations(x, y)
    rho_reps = reps.rows(spearman_rows)
    out["spearman"] = with_interval(est["spearman"], rho_reps, level)
    out["kendall"] = with_interval(est["kendall"], reps.rows(kendall_rows), level)
    dis = disagreement(x, y)
    dis["low"], dis["high"] = percentile_interval(reps.rows(disagreement_rows), level)
    out["disagreement"] = dis
    out["regret"] = _regret(x, y, ids, reps, level)
    out["length_controlled"] = _length_controlled(x, y, words, reps, level)
    r = out["spearman"].get("estimate")
    out["disattenuated"] = {
        "estimate": disattenuate(r, rel_x["reliability"], rel_y["reliability"]),
        "rating_reliability": rel_x["reliability"],
        "win_rate_reliability": rel_y["reliability"],
    }
    if out["disattenuated"]["estimate"] is None:
        out["disattenuated"]["note"] = (
            "n/a (correlation undefined)"
            if r is None
            else "n/a (a reliability is not positive: the measures carry no signal to correct)"
        )
    return out, rho_reps


def _regret(
    x: FloatArray, y: FloatArray, ids: list[str], reps: Replicates, level: float
) -> dict[str, Any]:
    """Regret only where win rates vary; every advice tied for best and for top rating named."""
    best = [ids[i] for i in np.flatnonzero(y >= y.max())]
    top = [ids[i] for i in np.flatnonzero(x >= x.max())]
    if np.ptp(y) == 0:
        return {
            "value": None,
            "low": None,
            "high": None,
            "note": SAME_WIN_RATE.format(rate=f"{100 * y[0]:.1f}%"),
            "best": best,
            "top_rated": top,
        }
    reg = regret(x, y, ids)
    reg["best"] = best
    reg["low"], reg["high"] = percentile_interval(reps.rows(regret_rows), level)
    return reg


def _length_controlled(
    x: FloatArray, y: FloatArray, words: FloatArray, reps: Replicates, level: float
) -> dict[str, Any]:
    """Length-controlled correlations; each replicate residualised on its own drawn lengths."""
    out = length_controlled(x, y, words)

    def rows(stat: Any) -> Any:
        def f(d: BootstrapDraws) -> FloatArray:
            return np.asarray(stat(residualize_rows(d.x, words[d.idx]), d.y))

        return reps.rows_of(f)

    for key, stat in (("spearman", spearman_rows), ("kendall", kendall_rows)):
        lo, hi = percentile_interval(rows(stat), level)
        out[key] = {**out[key], "low": lo, "high": hi}
    return out


def stratified(
    strata: dict[str, tuple[dict[str, Any], FloatArray | None]], level: float = LEVEL
) -> dict[str, Any]:
    """Spearman's rho pooled over strata (kingdoms), weighted by their number of advice.

    Strata are resampled independently, so replicate b of the pooled estimate is the weighted
    mean of replicate b of each stratum. Strata with an undefined rho are left out and named.
    """
    used, left_out = [], []
    for k, (h, reps) in sorted(strata.items()):
        sp = h.get("spearman", {})
        if sp.get("estimate") is None or reps is None:
            left_out.append(k)
        else:
            used.append((k, h["n_advice"], float(sp["estimate"]), reps))
    out: dict[str, Any] = {
        "estimate": None,
        "low": None,
        "high": None,
        "strata": [k for k, *_ in used],
        "left_out": left_out,
        "weights": "number of advice per stratum",
    }
    if not used:
        out["note"] = "n/a (no stratum has a defined correlation)"
        return out
    w = np.array([n for _, n, _, _ in used], dtype=np.float64)
    out["estimate"] = float(np.dot(w, [e for _, _, e, _ in used]) / w.sum())
    stack = np.vstack([r for *_, r in used])
    ok = np.isfinite(stack)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (np.where(ok, stack, 0) * w[:, None]).sum(0) / (ok * w[:, None]).sum(0)
    out["low"], out["high"] = percentile_interval(pooled, level)
    return out
