"""Figures of the advice-ladder section: rating vs win rate by style, style effects, best-of-n."""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from gametest.reports.plots import _png

STYLE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]
LENGTH_MARKERS = ["o", "s", "^", "D"]
SELECTOR_COLOURS = {"judge": "#d62728", "verifier": "#2ca02c"}


def _colour(styles: list[str], style: str) -> str:
    """A fixed colour per style, in the order the styles are listed."""
    return STYLE_COLOURS[styles.index(style) % len(STYLE_COLOURS)]


def ladder_scatter_png(
    points: list[dict[str, Any]], judge: str, scale: tuple[float, float]
) -> bytes | None:
    """A judge's mean rating of each ladder item against its rung's win rate, by style."""
    if not points:
        return None
    styles = sorted({p["style"] for p in points})
    lengths = sorted({p["length"] for p in points})
    fig = Figure(figsize=(7.2, 5.0))
    ax = fig.add_subplot()
    span = max(p["win_rate"] for p in points) - min(p["win_rate"] for p in points)
    step = 0.006 * (span or 1.0)
    for si, style in enumerate(styles):
        for li, length in enumerate(lengths):
            grp = [p for p in points if p["style"] == style and p["length"] == length]
            if not grp:
                continue
            # styles sit side by side at their rung's win rate, so they don't hide each other
            off = (si - (len(styles) - 1) / 2) * step + (li - (len(lengths) - 1) / 2) * step / 3
            xs = [p["win_rate"] + off for p in grp]
            ys = [p["mean"] for p in grp]
            yerr = [
                [max(0.0, p["mean"] - p["low"]) for p in grp],
                [max(0.0, p["high"] - p["mean"]) for p in grp],
            ]
            xerr = [
                [
                    max(0.0, p["win_rate"] - p["win_low"]) if p["win_low"] is not None else 0.0
                    for p in grp
                ],
                [
                    max(0.0, p["win_high"] - p["win_rate"]) if p["win_high"] is not None else 0.0
                    for p in grp
                ],
            ]
            ax.errorbar(
                xs,
                ys,
                xerr=xerr,
                yerr=yerr,
                fmt=LENGTH_MARKERS[li % len(LENGTH_MARKERS)],
                color=_colour(styles, style),
                alpha=0.75,
                elinewidth=0.6,
                capsize=1.5,
                markersize=5,
                label=f"{style}, {length}",
            )
    ax.set_ylim(scale[0] - 0.3, scale[1] + 0.3)
    ax.set_xlabel("win rate of the rung's strategy vs reference opponents (95% interval)")
    ax.set_ylabel(f"mean rating ({scale[0]:g}-{scale[1]:g}), interval clipped to the scale")
    ax.set_title(f"Advice ladder: {judge}")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="style, length")
    ax.grid(alpha=0.25)
    return _png(fig)


def effects_forest_png(effects: dict[str, Any], judge: str) -> bytes | None:
    """Style and length coefficients (SDs of the judge's ratings) with their intervals."""
    coefs = effects.get("coefficients") or {}
    rows = [(n, c) for n, c in coefs.items() if n != "win_rate" and c.get("estimate") is not None]
    if not rows:
        return None
    win = coefs.get("win_rate", {})
    fig = Figure(figsize=(7.0, 1.4 + 0.42 * (len(rows) + 1)))
    ax = fig.add_subplot()
    labels = []
    for i, (name, c) in enumerate(rows):
        lo, hi = c.get("low"), c.get("high")
        err = [[c["estimate"] - lo], [hi - c["estimate"]]] if lo is not None else None
        colour = "#d62728" if name.startswith("style:") else "#1f77b4"
        ax.errorbar([c["estimate"]], [i], xerr=err, fmt="o", color=colour, capsize=3)
        labels.append(
            name.replace(":", ": ") + " vs " + ("base style" if "style" in name else "base length")
        )
    if win.get("estimate") is not None:
        i = len(rows)
        est = float(win["estimate"]) / 10
        lo, hi = win.get("low"), win.get("high")
        err = [[est - lo / 10], [hi / 10 - est]] if lo is not None and hi is not None else None
        ax.errorbar([est], [i], xerr=err, fmt="s", color="#2ca02c", capsize=3)
        labels.append("+10 points of win rate")
    ax.axvline(0, color="#888888", lw=0.8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("effect on the rating, in SDs of the judge's ladder ratings (95% interval)")
    ax.set_title(f"Style and length effects: {judge}")
    ax.grid(alpha=0.25, axis="x")
    return _png(fig)


def goodhart_png(curves: dict[str, dict[str, Any]], judge: str) -> bytes | None:
    """Best-of-n curves: expected win rate of the top-rated of n items, judge vs verifier."""
    curves = {k: c for k, c in curves.items() if c.get("n")}
    if not curves:
        return None
    fig = Figure(figsize=(7.0, 4.6))
    ax = fig.add_subplot()
    dashes = ["-", "--", ":", "-."]
    for ci, (name, c) in enumerate(curves.items()):
        xs = c["log2_n"]
        for sel in ("judge", "verifier"):
            band = c[sel]
            label = f"{name}: {'judge' if sel == 'judge' else 'verifier (true win rate)'}"
            ax.plot(
                xs,
                band["mean"],
                dashes[ci % len(dashes)],
                marker="o",
                markersize=3,
                color=SELECTOR_COLOURS[sel],
                label=label,
            )
            ok = [i for i, lo in enumerate(band["low"]) if lo is not None]
            if ok:
                ax.fill_between(
                    [xs[i] for i in ok],
                    [band["low"][i] for i in ok],
                    [band["high"][i] for i in ok],
                    color=SELECTOR_COLOURS[sel],
                    alpha=0.12,
                )
    ax.set_xlabel("log2 n (items drawn; the one rated highest is kept)")
    ax.set_ylabel("expected win rate of the selected item (95% interval)")
    ax.set_title(f"Best-of-n selection: {judge}")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncol=2)
    ax.grid(alpha=0.25)
    return _png(fig)
