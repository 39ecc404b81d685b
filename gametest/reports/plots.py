"""Report figures as PNG bytes, drawn with matplotlib's Agg canvas (no display, no pyplot state)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CONTROL_STYLE = {
    "strong": ("#2ca02c", "^"),
    "none": ("#7f7f7f", "s"),
    "placebo": ("#9467bd", "D"),
    "wrong": ("#d62728", "v"),
}
MODE_TITLES = {"compiled": "compiled strategy", "llm": "LLM player following the advice"}


def _png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def _err(v: dict[str, Any], key: str) -> tuple[float, float]:
    """Distances from the estimate to its interval ends (0 where there is no interval)."""
    est = v.get(key)
    lo, hi = v.get("low"), v.get("high")
    if est is None or lo is None or hi is None:
        return (0.0, 0.0)
    return (max(0.0, est - lo), max(0.0, hi - est))


def scatter_png(summary: dict[str, Any], mode: str) -> bytes | None:
    """Pooled z rating against win rate per advice; controls and the extremes labelled."""
    pts = []
    for e in summary["advice"]:
        r = e["rating"].get("pooled_z") or e["rating"]["pooled"]
        w = e["win_rate"].get(mode, {}).get("pooled", {})
        if r.get("mean") is None or w.get("rate") is None:
            continue
        pts.append((e, r, w))
    if not pts:
        return None
    fig = Figure(figsize=(7.0, 5.0))
    ax = fig.add_subplot()
    advisors = [(e, r, w) for e, r, w in pts if e["role"] != "control"]
    labelled = _extreme_ids(advisors)
    labels: dict[tuple[float, float], list[tuple[str, str]]] = {}
    for group, color, marker, name in _groups(pts):
        xs = [r["mean"] for _, r, _ in group]
        ys = [w["rate"] for _, _, w in group]
        xerr = list(zip(*[_err(r, "mean") for _, r, _ in group], strict=True))
        yerr = list(zip(*[_err(w, "rate") for _, _, w in group], strict=True))
        ax.errorbar(
            xs,
            ys,
            xerr=xerr,
            yerr=yerr,
            fmt=marker,
            color=color,
            ecolor=color,
            alpha=0.8,
            elinewidth=0.8,
            capsize=2,
            markersize=6,
            label=name,
        )
        for e, r, w in group:
            if e["role"] == "control" or e["id"] in labelled:
                spot = (round(r["mean"], 3), round(w["rate"], 3))
                labels.setdefault(spot, []).append((e["label"], color))
    # coinciding points share one stacked label; neighbours' labels are staggered
    for k, ((x, y), names) in enumerate(sorted(labels.items())):
        ax.annotate(
            "\n".join(n for n, _ in names),
            (x, y),
            textcoords="offset points",
            xytext=(5, 4 + 11 * (k % 3)),
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5},
            fontsize=7,
            color=names[0][1] if len({c for _, c in names}) == 1 else "#333333",
            va="bottom",
        )
    ax.axhline(0.5, color="#bbbbbb", lw=0.8, ls="--", zorder=0)
    ax.set_xlabel("mean rating, z-scores pooled over judges (95% bootstrap interval, n >= 3)")
    ax.set_ylabel("win rate vs reference opponents, 95% Wilson (rotation groups)")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"Rating vs win rate: {MODE_TITLES.get(mode, mode)}")
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.25)
    return _png(fig)


def _extreme_ids(pts: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]) -> set[str]:
    """Ids of the two lowest and highest advice on each axis (the points worth a label)."""
    out: set[str] = set()
    for key in (lambda p: p[1]["mean"], lambda p: p[2]["rate"]):
        ordered = sorted(pts, key=key)
        out |= {p[0]["id"] for p in ordered[:2] + ordered[-2:]}
    return out


def _groups(
    pts: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]],
) -> list[tuple[list[Any], str, str, str]]:
    """Points split into advisor advice and each kind of control, with colour and marker."""
    out: list[tuple[list[Any], str, str, str]] = []
    adv = [p for p in pts if p[0]["role"] != "control"]
    if adv:
        out.append((adv, "#1f77b4", "o", "advice"))
    kinds = sorted({str(p[0]["control"]) for p in pts if p[0]["role"] == "control"})
    for k in kinds:
        color, marker = CONTROL_STYLE.get(k, ("#ff7f0e", "P"))
        grp = [p for p in pts if p[0]["role"] == "control" and str(p[0]["control"]) == k]
        out.append((grp, color, marker, f"control: {k}"))
    return out


def forest_png(
    rows: Sequence[tuple[str, dict[str, dict[str, Any]]]], modes: Sequence[str], title: str
) -> bytes | None:
    """Spearman's rho with its interval per row (a judge or kingdom) and outcome mode."""
    rows = [
        (name, per)
        for name, per in rows
        if any(per.get(m, {}).get("spearman", {}).get("estimate") is not None for m in modes)
    ]
    if not rows:
        return None
    fig = Figure(figsize=(7.0, 1.2 + 0.45 * len(rows) * max(1, len(modes))))
    ax = fig.add_subplot()
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c"]
    step = 0.8 / max(1, len(modes))
    for k, m in enumerate(modes):
        ys, xs, errs = [], [], []
        for i, (_, per) in enumerate(rows):
            sp = per.get(m, {}).get("spearman", {})
            if sp.get("estimate") is None:
                continue
            ys.append(i + (k - (len(modes) - 1) / 2) * step)
            xs.append(sp["estimate"])
            errs.append(_err(sp, "estimate"))
        if xs:
            ax.errorbar(
                xs,
                ys,
                xerr=list(zip(*errs, strict=True)),
                fmt="o",
                color=colors[k % 3],
                capsize=3,
                label=MODE_TITLES.get(m, m),
            )
    ax.axvline(0, color="#888888", lw=0.8)
    ax.set_yticks(range(len(rows)), [name for name, _ in rows], fontsize=8)
    ax.set_xlim(-1.05, 1.05)
    ax.invert_yaxis()
    ax.set_xlabel("Spearman's rho (rating vs win rate), 95% bootstrap interval")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.25, axis="x")
    return _png(fig)
