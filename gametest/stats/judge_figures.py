"""The figures of each judge kind in summary.json: per judge (raw scale) for absolute ratings,
and for pairwise judgements the share that prefer the advice that wins less. The judge kinds
(gametest/judges/kinds.py) hand their part of the analysis to these.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from gametest.stats.agreement import judgement_disagreement
from gametest.stats.headline import across_advice

if TYPE_CHECKING:
    from gametest.stats.summary import RunData


def per_judge(run: RunData, n_boot: int, seed: int) -> dict[str, Any]:
    """Each judge's headline statistics per mode, on its own raw rating scale."""
    return {
        j: {
            m: across_advice(run.items(run.advisors, m, j), n_boot, seed, f"{j}/{m}")
            for m in run.modes
        }
        for j in run.judges
    }


def pairwise_judgements(
    run: RunData, ratings: list[dict[str, Any]], n_boot: int, seed: int
) -> dict[str, Any]:
    """Per judge and mode, how often a pairwise judgement between advisors' advice prefers the
    one that wins less (judgements naming neither piece as preferred are left out)."""
    by_judge: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in ratings:
        f, s, p = str(r.get("first")), str(r.get("second")), str(r.get("preferred"))
        if p not in (f, s):
            continue
        by_judge[str(r.get("judge", "?"))].append((p, s if p == f else f))
    advisors = run.advisors
    advisor_set = {e["id"] for e in advisors}
    out: dict[str, Any] = {}
    for j, judgements in sorted(by_judge.items()):
        out[j] = {}
        own = [(p, o) for p, o in judgements if p in advisor_set and o in advisor_set]
        for m in run.modes:
            rates = {
                e["id"]: e["win_rate"][m]["pooled"]["rate"]
                for e in advisors
                if e["win_rate"][m]["pooled"]["rate"] is not None
            }
            out[j][m] = judgement_disagreement(own, rates, n_boot, seed)
    return out
