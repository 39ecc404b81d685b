"""The compiler's fidelity, measured on the controls: each control's source strategy and its
compiled text play the same seeded games, so the win-rate difference (paired by seat-rotation
group) and the strategies' agreement say what compiling does to a strategy of known quality.
Also lists compiled strategies flagged as unable to win.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
from scipy import stats

from gametest.stats.winrate import win_rate


def paired_difference(
    compiled: list[dict[str, Any]], source: list[dict[str, Any]], level: float = 0.95
) -> dict[str, Any]:
    """Compiled minus source win rate over the rotation groups both played, t-interval."""

    def groups(gs: list[dict[str, Any]]) -> dict[tuple[str, int], list[float]]:
        out: dict[tuple[str, int], list[float]] = defaultdict(list)
        for g in gs:
            out[(str(g.get("opponent")), int(g["index"]) // 2)].append(float(g["outcome"]))
        return out

    a, b = groups(compiled), groups(source)
    keys = sorted(set(a) & set(b))
    d = np.array([np.mean(a[k]) - np.mean(b[k]) for k in keys])
    out: dict[str, Any] = {"estimate": None, "low": None, "high": None, "groups": len(keys)}
    if d.size == 0:
        out["note"] = "n/a (no shared games)"
        return out
    out["estimate"] = float(d.mean())
    if d.size >= 2:
        half = float(stats.t.ppf(0.5 + level / 2, d.size - 1)) * float(d.std(ddof=1))
        half /= math.sqrt(d.size)
        out["low"], out["high"] = out["estimate"] - half, out["estimate"] + half
    return out


def _rate(gs: list[dict[str, Any]]) -> dict[str, Any]:
    """Win rate of experiment games, with the interval over rotation groups."""
    return win_rate(
        [float(g["outcome"]) for g in gs],
        [(str(g.get("opponent")), int(g.get("index", i)) // 2) for i, g in enumerate(gs)],
    )


def compile_fidelity(
    per_advice: list[dict[str, Any]],
    compiles: dict[str, dict[str, Any]],
    compiled_games: dict[str, list[dict[str, Any]]],
    source_games: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    """Per control: source and compiled win rates, their paired difference and the strategies'
    agreement; per compiler backend: the same summarised; every flagged strategy listed."""
    rows = []
    for e in per_advice:
        src = source_games.get(e["id"], [])
        if not src:
            continue
        c = compiles.get(e["id"], {})
        comp = compiled_games.get(e["id"], [])
        rows.append(
            {
                "id": e["id"],
                "label": e["label"],
                "control": e.get("control"),
                "backend": str(c.get("backend", "?")),
                "compile_ok": bool(c.get("ok")),
                "source": _rate(src),
                "compiled": _rate(comp),
                "difference": paired_difference(comp, src),
                "agreement": c.get("fidelity") or {},
            }
        )
    by_backend: dict[str, Any] = {}
    for be in sorted({r["backend"] for r in rows}):
        rs = [r for r in rows if r["backend"] == be]
        diffs = [r["difference"]["estimate"] for r in rs if r["difference"]["estimate"] is not None]
        jac = [r["agreement"].get("cards_jaccard") for r in rs]
        jac = [j for j in jac if j is not None]
        by_backend[be] = {
            "controls": len(rs),
            "compile_failures": sum(1 for r in rs if not r["compile_ok"]),
            "mean_abs_difference": float(np.mean(np.abs(diffs))) if diffs else None,
            "mean_cards_jaccard": float(np.mean(jac)) if jac else None,
        }
    flagged = [
        {
            "id": e["id"],
            "label": e["label"],
            "role": e["role"],
            "flags": list(compiles[e["id"]].get("flags") or []),
            "compiled": _rate(compiled_games.get(e["id"], [])),
        }
        for e in per_advice
        if compiles.get(e["id"], {}).get("flags")
    ]
    return {
        "controls": rows,
        "by_backend": by_backend,
        "flagged": flagged,
        "note": "Difference = compiled minus source win rate, paired by seat-rotation group "
        "(same seeds), 95% t-interval over groups. Agreement: Jaccard overlap of the cards the "
        "gain lists name, Kendall's tau of their priority order on the shared cards.",
    }
