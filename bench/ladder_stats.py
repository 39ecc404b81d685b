"""Coverage and cost of the ladder statistics (a simulation, not a test; run it by hand).

Simulates ladders of R rungs with random strengths (5 styles x 2 lengths, 2 ratings each); a
judge rates slope x win rate + a planted style effect (expert +1, hedged -0.3, ...) + noise 1.
Reports how often the 95% intervals cover the truth: validity (Spearman's rho of a 3000-rung
ladder of the same design), the style coefficients, the win-rate coefficient and the expert
exchange rate; then the CPU time of `analyze_ladder` on a 12-rung ladder with two judges.

    python bench/ladder_stats.py [--sims 150] [--rungs 12] [--boot 300] [--slopes 0 3 12]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gametest.stats.ladder import Item, RatedItems, analyze_items, analyze_ladder
from gametest.stats.summary import load_run
from tests.stats.ladder_synthetic import confident, make_ladder_run, substance

EFFECTS = {"plain": 0.0, "expert": 1.0, "hedged": -0.3, "narrative": 0.2, "terse": 0.1}


def ladder(
    rng: np.random.Generator, rungs: int, slope: float
) -> tuple[list[Item], list[np.ndarray]]:
    """Rungs of random strength, every style and length, two noisy ratings per item."""
    items, z = [], []
    for r in range(rungs):
        w = float(rng.uniform(0.02, 0.9))
        for style, e in EFFECTS.items():
            for length in ("short", "long"):
                iid = f"{r}-{style}-{length}"
                items.append(
                    Item(iid, f"r{r}", f"r{r}", style, length, 100, w, None, None, 4000, "x")
                )
                z.append(slope * w + e + rng.normal(0, 1.0, 2))
    return items, z


def coverage(slope: float, rungs: int, sims: int, boot: int) -> dict[str, float]:
    """Share of simulated ladders whose intervals cover each planted value."""
    rng = np.random.default_rng(11)
    big, bz = ladder(rng, 3000, slope)
    truth = {
        "validity": float(
            stats.spearmanr([g.mean() for g in bz], [it.win_rate for it in big]).statistic
        ),
        "win_rate": slope,
        **{f"style:{s}": e for s, e in EFFECTS.items() if s != "plain"},
        "length:long": 0.0,
    }
    hits = dict.fromkeys(truth, 0)
    hits["exchange:expert"] = 0
    for k in range(sims):
        items, z = ladder(rng, rungs, slope)
        out = analyze_items(RatedItems(items, z, None), boot, np.random.default_rng(k), 0.95)
        v = out["validity"]
        hits["validity"] += v["low"] <= truth["validity"] <= v["high"]
        for name, c in out["effects"]["coefficients"].items():
            hits[name] += c["low"] <= truth[name] <= c["high"]
        x = out["effects"]["exchange_rates"]["style:expert"]
        if slope:
            hits["exchange:expert"] += (
                x.get("low") is not None and x["low"] <= 1 / slope <= x["high"]
            )
    res = {k: v / sims for k, v in hits.items() if slope or k != "exchange:expert"}
    res["true_validity"] = truth["validity"]
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sims", type=int, default=150)
    ap.add_argument("--rungs", type=int, default=12)
    ap.add_argument("--boot", type=int, default=300)
    ap.add_argument("--slopes", type=float, nargs="+", default=[0.0, 3.0, 12.0])
    args = ap.parse_args()
    for slope in args.slopes:
        res = coverage(slope, args.rungs, args.sims, args.boot)
        cells = ", ".join(f"{k} {v:.3f}" for k, v in res.items())
        print(f"slope {slope:g} ({args.sims} ladders of {args.rungs} rungs): {cells}", flush=True)
    with tempfile.TemporaryDirectory() as d:
        make_ladder_run(Path(d), {"a": substance(), "b": confident()}, rungs=12, advisor_pool=8)
        rec = load_run(d)
        t = time.process_time()
        analyze_ladder(rec, n_boot=2000, seed=0)
        cpu = time.process_time() - t
    print(
        "analyze_ladder, 12 rungs x 10 renderings, 2 judges + pooled, 2000 replicates: "
        f"{cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
