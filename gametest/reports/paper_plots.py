"""The figures a paper needs, drawn from a run's summary: rating against win rate per judge on
standardized scales, calibration (win rate by rating bin), rating and win rate against length,
win rates per opponent, and the per-kingdom forest plot with the pooled estimates.

Point labels never pile up: only the extremes are labelled on a figure; the caption lists the
rest (`Figure.unlabelled`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.figure import Figure as MplFigure

from gametest.reports.plots import MODE_TITLES, _png
from gametest.stats.winrate import win_rate

ADVICE_COLOR = "#1f77b4"
OPP_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
LABEL_EXTREMES = 2  # per end of each axis


@dataclass
class Figure:
    """A rendered figure: PNG bytes, a file name, a caption, and the points left unlabelled."""

    name: str
    png: bytes
    caption: str
    unlabelled: list[str] = field(default_factory=list)


def _advisors(summary: dict[str, Any], mode: str) -> list[dict[str, Any]]:
    """Advisor advice with a pooled z rating and a win rate in this mode."""
    out = []
    for e in summary["advice"]:
        if e["role"] == "control":
            continue
        w = e["win_rate"].get(mode, {}).get("pooled", {})
        z = e["rating"].get("pooled_z", {}).get("mean")
        if w.get("rate") is not None and z is not None:
            out.append(e)
    return out


def _extremes(xs: list[float], ys: list[float], k: int = LABEL_EXTREMES) -> set[int]:
    """Indices of the k lowest and highest points on each axis."""
    idx: set[int] = set()
    for v in (xs, ys):
        order = np.argsort(v, kind="stable")
        idx |= {int(i) for i in order[:k]} | {int(i) for i in order[-k:]}
    return idx


def _label(ax: Any, pts: list[tuple[str, float, float]], keep: set[int]) -> list[str]:
    """Annotate the kept points (coinciding ones share a stacked label); return the others."""
    rest = []
    spots: dict[tuple[float, float], list[str]] = {}
    for i, (name, x, y) in enumerate(pts):
        if i in keep:
            spots.setdefault((round(x, 3), round(y, 3)), []).append(name)
        else:
            rest.append(name)
    for (x, y), names in spots.items():
        ax.annotate("\n".join(names), (x, y), textcoords="offset points", xytext=(4, 3), fontsize=7)
    return rest


def judge_scatter(summary: dict[str, Any], mode: str) -> Figure | None:
    """One panel per judge (and the pool): mean rating as that judge's z-score vs win rate."""
    advice = _advisors(summary, mode)
    scales = summary.get("judge_scales") or {}
    judges = [j for j in summary.get("judges", []) if (scales.get(j) or {}).get("sd")]
    panels: list[tuple[str, list[tuple[str, float, float]]]] = []
    for j in judges:
        sc = scales[j]
        pts = [
            (
                e["label"],
                (e["rating"]["by_judge"][j]["mean"] - sc["mean"]) / sc["sd"],
                e["win_rate"][mode]["pooled"]["rate"],
            )
            for e in advice
            if e["rating"]["by_judge"].get(j, {}).get("mean") is not None
        ]
        panels.append((j, pts))
    pooled = [
        (e["label"], e["rating"]["pooled_z"]["mean"], e["win_rate"][mode]["pooled"]["rate"])
        for e in advice
    ]
    panels.append(("all judges (pooled z)", pooled))
    panels = [(n, p) for n, p in panels if p]
    if not panels:
        return None
    cols = min(3, len(panels))
    rows = (len(panels) + cols - 1) // cols
    fig = MplFigure(figsize=(4.2 * cols, 3.6 * rows))
    unlabelled: set[str] = set()
    for k, (name, pts) in enumerate(panels):
        ax = fig.add_subplot(rows, cols, k + 1)
        xs = [p[1] for p in pts]
        ys = [p[2] for p in pts]
        ax.scatter(xs, ys, s=18, color=ADVICE_COLOR)
        unlabelled |= set(_label(ax, pts, _extremes(xs, ys)))
        ax.axhline(0.5, color="#bbbbbb", lw=0.8, ls="--")
        ax.axvline(0, color="#dddddd", lw=0.8)
        ax.set_ylim(-0.03, 1.03)
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("mean rating, z-score on this judge's scale", fontsize=8)
        ax.set_ylabel("win rate", fontsize=8)
        ax.grid(alpha=0.25)
    fig.subplots_adjust(hspace=0.45, wspace=0.3)
    fig.suptitle(f"Rating vs win rate per judge: {MODE_TITLES.get(mode, mode)}", fontsize=10)
    return Figure(
        f"judges-{mode}",
        _png(fig),
        f"Rating against win rate per judge, {MODE_TITLES.get(mode, mode)}: each judge's mean "
        "rating as a z-score on its own scale; extremes labelled.",
        sorted(unlabelled),
    )


def calibration(summary: dict[str, Any], mode: str, bins: int = 4) -> Figure | None:
    """Win rate of the advice in each pooled-rating bin (quantiles), with intervals."""
    advice = _advisors(summary, mode)
    if len(advice) < 3:
        return None
    z = np.array([e["rating"]["pooled_z"]["mean"] for e in advice])
    nb = max(2, min(bins, len(advice) // 2))
    edges = np.unique(np.quantile(z, np.linspace(0, 1, nb + 1)))
    if edges.size < 2:
        return None
    which = np.clip(np.searchsorted(edges, z, side="right") - 1, 0, edges.size - 2)
    xs, ys, lo, hi, ns = [], [], [], [], []
    for b in range(edges.size - 1):
        members = [e for e, w in zip(advice, which, strict=True) if w == b]
        if not members:
            continue
        # each advice is one unit: its win rate; the interval over advice in the bin
        rates = [e["win_rate"][mode]["pooled"]["rate"] for e in members]
        wr = win_rate(rates, [e["id"] for e in members])
        xs.append(float(np.mean([e["rating"]["pooled_z"]["mean"] for e in members])))
        ys.append(wr["rate"])
        lo.append(max(0.0, wr["rate"] - wr["low"]))
        hi.append(max(0.0, wr["high"] - wr["rate"]))
        ns.append(len(members))
    fig = MplFigure(figsize=(6.0, 4.0))
    ax = fig.add_subplot()
    ax.errorbar(xs, ys, yerr=[lo, hi], fmt="o-", color=ADVICE_COLOR, capsize=3)
    for x, y, n in zip(xs, ys, ns, strict=True):
        ax.annotate(f"n={n}", (x, y), textcoords="offset points", xytext=(5, -10), fontsize=7)
    ax.axhline(0.5, color="#bbbbbb", lw=0.8, ls="--")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("mean pooled rating (z) of the bin")
    ax.set_ylabel("mean win rate of the bin's advice, 95% Wilson over advice")
    ax.set_title(f"Calibration: {MODE_TITLES.get(mode, mode)}")
    ax.grid(alpha=0.25)
    return Figure(
        f"calibration-{mode}",
        _png(fig),
        f"Win rate by rating bin (quantile bins of the pooled z rating), "
        f"{MODE_TITLES.get(mode, mode)}; the interval counts advice, not games.",
    )


def length_panels(summary: dict[str, Any], mode: str) -> Figure | None:
    """Rating against length and win rate against length, side by side."""
    advice = _advisors(summary, mode)
    if not advice:
        return None
    fig = MplFigure(figsize=(9.0, 3.8))
    unlabelled: set[str] = set()
    for k, (key, label) in enumerate((("rating", "mean pooled rating (z)"), ("win", "win rate"))):
        ax = fig.add_subplot(1, 2, k + 1)
        pts = [
            (
                e["label"],
                float(e["words"]),
                e["rating"]["pooled_z"]["mean"]
                if key == "rating"
                else e["win_rate"][mode]["pooled"]["rate"],
            )
            for e in advice
        ]
        xs = [p[1] for p in pts]
        ys = [p[2] for p in pts]
        ax.scatter(xs, ys, s=18, color=ADVICE_COLOR)
        unlabelled |= set(_label(ax, pts, _extremes(xs, ys, 1)))
        if len(set(xs)) > 1 and len(xs) >= 3:
            slope, icpt = np.polyfit(xs, ys, 1)
            grid = np.linspace(min(xs), max(xs), 20)
            ax.plot(grid, icpt + slope * grid, color="#888888", lw=1, ls=":")
        if key == "win":
            ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel("length (words)", fontsize=8)
        ax.set_ylabel(label, fontsize=8)
        ax.grid(alpha=0.25)
    fig.suptitle(f"Length: {MODE_TITLES.get(mode, mode)}", fontsize=10)
    return Figure(
        f"length-{mode}",
        _png(fig),
        f"Rating and win rate against length in words, {MODE_TITLES.get(mode, mode)} "
        "(dotted: least-squares line); extremes labelled.",
        sorted(unlabelled),
    )


def per_opponent(summary: dict[str, Any], mode: str) -> Figure | None:
    """Each advice's win rate against each opponent, advice ordered by pooled rating."""
    advice = sorted(_advisors(summary, mode), key=lambda e: e["rating"]["pooled_z"]["mean"])
    controls = [
        e
        for e in summary["advice"]
        if e["role"] == "control" and e["win_rate"].get(mode, {}).get("pooled", {}).get("games")
    ]
    rows = advice + controls
    opps = sorted({o for e in rows for o in e["win_rate"][mode].get("by_opponent", {})})
    if not rows or not opps:
        return None
    fig = MplFigure(figsize=(7.0, 1.2 + 0.28 * len(rows)))
    ax = fig.add_subplot()
    step = 0.6 / max(1, len(opps))
    for k, o in enumerate(opps):
        ys, xs, lo, hi = [], [], [], []
        for i, e in enumerate(rows):
            w = e["win_rate"][mode]["by_opponent"].get(o)
            if not w or w.get("rate") is None:
                continue
            ys.append(i + (k - (len(opps) - 1) / 2) * step)
            xs.append(w["rate"])
            lo.append(max(0.0, w["rate"] - w["low"]))
            hi.append(max(0.0, w["high"] - w["rate"]))
        ax.errorbar(
            xs,
            ys,
            xerr=[lo, hi],
            fmt="o",
            ms=3,
            capsize=2,
            color=OPP_COLORS[k % len(OPP_COLORS)],
            label=f"vs {o}",
        )
    ax.set_yticks(range(len(rows)), [e["label"] for e in rows], fontsize=7)
    ax.axvline(0.5, color="#bbbbbb", lw=0.8, ls="--")
    ax.set_xlim(-0.03, 1.03)
    ax.set_xlabel("win rate, 95% Wilson interval over rotation groups")
    ax.set_title(f"Win rate per opponent: {MODE_TITLES.get(mode, mode)}")
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.25, axis="x")
    return Figure(
        f"opponents-{mode}",
        _png(fig),
        f"Win rate against each opponent, {MODE_TITLES.get(mode, mode)}; advisor advice "
        "ordered by pooled rating (lowest at the bottom), controls at the top.",
    )


def kingdom_forest(summary: dict[str, Any], mode: str) -> Figure | None:
    """Spearman's rho per kingdom, the stratified pooled estimate and the all-advice one."""
    rows: list[tuple[str, dict[str, Any], str]] = []
    for k, per in summary.get("per_kingdom", {}).items():
        h = per.get(mode, {})
        rows.append((f"{k} (n={h.get('n_advice', 0)})", h.get("spearman", {}), "o"))
    h = summary["headline"].get(mode, {})
    st = h.get("stratified_by_kingdom") or {}
    rows.append(("pooled, stratified by kingdom", st, "D"))
    rows.append((f"pooled, all advice (n={h.get('n_advice', 0)})", h.get("spearman", {}), "D"))
    shown = [(n, d, m) for n, d, m in rows if d.get("estimate") is not None]
    if not shown:
        return None
    fig = MplFigure(figsize=(7.0, 1.4 + 0.4 * len(rows)))
    ax = fig.add_subplot()
    for i, (_name, d, marker) in enumerate(rows):
        if d.get("estimate") is None:
            continue
        est = d["estimate"]
        lo = max(0.0, est - d["low"]) if d.get("low") is not None else 0.0
        hi = max(0.0, d["high"] - est) if d.get("high") is not None else 0.0
        ax.errorbar([est], [i], xerr=[[lo], [hi]], fmt=marker, color="#333333", capsize=3, ms=6)
    ax.set_yticks(range(len(rows)), [n for n, _, _ in rows], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#888888", lw=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("Spearman's rho (rating vs win rate), 95% cluster-bootstrap interval")
    ax.set_title(f"Per kingdom: {MODE_TITLES.get(mode, mode)}")
    ax.grid(alpha=0.25, axis="x")
    missing = [n for n, d, _ in rows if d.get("estimate") is None]
    return Figure(
        f"kingdoms-{mode}",
        _png(fig),
        f"Spearman's rho per kingdom with the pooled estimates, {MODE_TITLES.get(mode, mode)}"
        + (f"; undefined (not drawn): {', '.join(missing)}" if missing else "")
        + ".",
    )


def paper_figures(summary: dict[str, Any]) -> list[Figure]:
    """Every figure above for every outcome mode, where the run has the data for it."""
    out: list[Figure] = []
    for m in summary.get("modes", []):
        for make in (judge_scatter, calibration, length_panels, per_opponent, kingdom_forest):
            f = make(summary, m)
            if f is not None:
                out.append(f)
    return out
