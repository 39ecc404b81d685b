"""Judges' ratings as the report shows them: intervals that stay on the scale, and which ratings
failed or are missing, per judge and piece of advice.

A mean of 2-3 ratings has no useful t-interval (with n = 2 it runs far past a 1-10 scale, and
two equal ratings give a zero-width one), so a mean rating gets a bootstrap percentile interval,
which never leaves the range of the ratings themselves, and only from 3 ratings up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from gametest.stats.correlation import percentile_interval, rng_for

MIN_RATINGS_FOR_INTERVAL = 3
TOO_FEW_RATINGS = f"n too small for an interval (< {MIN_RATINGS_FOR_INTERVAL} ratings)"
INTERVAL_BOOT = 2000


def rating_interval(
    values: Sequence[float], key: str = "", seed: int = 0, level: float = 0.95
) -> dict[str, Any]:
    """Mean with a bootstrap percentile interval (inside the ratings' range); none below 3."""
    a = np.asarray(values, dtype=np.float64)
    n = int(a.size)
    out: dict[str, Any] = {"mean": None, "low": None, "high": None, "n": n, "sd": None}
    if n == 0:
        return out
    out["mean"] = float(a.mean())
    out["sd"] = float(a.std(ddof=1)) if n >= 2 else None
    if n < MIN_RATINGS_FOR_INTERVAL:
        out["note"] = TOO_FEW_RATINGS
        return out
    rng = rng_for(seed, "rating-interval", key)
    uniq, counts = np.unique(a, return_counts=True)
    means = (rng.multinomial(n, counts / n, size=INTERVAL_BOOT) @ uniq) / n
    out["low"], out["high"] = percentile_interval(means, level)
    out["method"] = "bootstrap percentile"
    return out


def rating_status(
    records: Iterable[dict[str, Any]],
    judge_of: dict[tuple[str, str], str],
    rated_ids: Sequence[str],
    value_of: Any,
) -> dict[str, Any]:
    """Per judge: usable, failed and missing ratings in all and per piece of advice.

    A rating is failed when its record has no usable score (the reply did not parse, or the
    call failed); missing when a judge has fewer records for a piece than its most-rated piece
    (the number of repeats it was asked for), or none at all.
    """
    ok: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: dict[str, dict[str, str]] = defaultdict(dict)
    ids = set(rated_ids)
    for r in records:
        aid = str(r.get("advice_id"))
        if aid not in ids:
            continue
        j = judge_of[(str(r.get("judge", "?")), str(r.get("rubric", "")))]
        if value_of(r) is None:
            failed[j][aid] += 1
            errors[j].setdefault(aid, str(r.get("error") or "no score in the reply"))
        else:
            ok[j][aid] += 1
    out: dict[str, Any] = {}
    for j in sorted(set(judge_of.values())):
        asked = max((ok[j][a] + failed[j][a] for a in rated_ids), default=0)
        per: dict[str, Any] = {}
        for a in rated_ids:
            missing = max(0, asked - ok[j][a] - failed[j][a])
            per[a] = {"ok": ok[j][a], "failed": failed[j][a], "missing": missing}
            if a in errors[j]:
                per[a]["error"] = errors[j][a]
        out[j] = {
            "asked_per_advice": asked,
            "ok": sum(p["ok"] for p in per.values()),
            "failed": sum(p["failed"] for p in per.values()),
            "missing": sum(p["missing"] for p in per.values()),
            "advice_without_rating": sorted(a for a, p in per.items() if p["ok"] == 0),
            "by_advice": per,
        }
    return out
