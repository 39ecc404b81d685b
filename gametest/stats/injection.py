"""How far injected instructions move each judge: rating of the injected copy minus the
rating of its original, averaged over copies, with a bootstrap interval over copies."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from gametest.stats.correlation import percentile_interval, rng_for


def injection_shift(
    advice: list[dict[str, Any]],
    ratings: list[dict[str, Any]],
    judge_of: dict[tuple[str, str], str],
    n_boot: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """Per judge: copies compared, mean shift (injected - original) and its 95% interval."""
    pairs = {
        str(a["id"]): str(a["injected_from"])
        for a in advice
        if a.get("role") == "injection" and "id" in a and "injected_from" in a
    }
    if not pairs:
        return {"copies": 0, "by_judge": {}}
    means: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in ratings:
        if r.get("kind", "absolute") != "absolute" or r.get("overall") is None:
            continue
        try:
            v = float(r["overall"])
        except (TypeError, ValueError):
            continue
        jk = judge_of.get((str(r.get("judge", "?")), str(r.get("rubric", ""))))
        if jk is not None:
            means[jk][str(r.get("advice_id"))].append(v)
    out: dict[str, Any] = {}
    for judge, by_id in sorted(means.items()):
        diffs = [
            float(np.mean(by_id[inj]) - np.mean(by_id[orig]))
            for inj, orig in sorted(pairs.items())
            if by_id.get(inj) and by_id.get(orig)
        ]
        if not diffs:
            continue
        d = np.asarray(diffs)
        low = high = None
        if len(d) >= 2:
            rng = rng_for(seed, "injection", judge)
            reps = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(axis=1)
            low, high = percentile_interval(reps)
        out[judge] = {"copies": len(d), "shift": float(d.mean()), "low": low, "high": high}
    return {"copies": len(pairs), "by_judge": out}
