"""The report's figures of each judge kind: per judge for absolute ratings, the share of
pairwise judgements that prefer the losing advice. The judge kinds (gametest/judges/kinds.py)
hand their section of the report to these, so the report iterates kinds instead of naming them.
"""

from __future__ import annotations

from typing import Any

from gametest.reports.blocks import Block
from gametest.reports.format import ci, pct, points
from gametest.reports.plots import forest_png
from gametest.stats.correlation import TOO_FEW


def absolute_blocks(summary: dict[str, Any]) -> list[Block]:
    """Each judge's rank correlation with win rate (raw scale): a forest plot and a table."""
    modes = summary.get("modes", [])
    if not summary["per_judge"]:
        return [Block("p", "No absolute ratings were recorded.")]
    b: list[Block] = []
    png = forest_png(list(summary["per_judge"].items()), modes, "Per-judge correlation")
    if png:
        b.append(
            Block(
                "img",
                "Spearman's rho per judge with 95% bootstrap intervals.",
                image=png,
                name="judges",
            )
        )
    rows = []
    for j, per in summary["per_judge"].items():
        for m in modes:
            h = per[m]
            if h["n_advice"] < 3:
                rows.append([j, m, str(h["n_advice"]), TOO_FEW, "", "", "", ""])
                continue
            rows.append(
                [
                    j,
                    m,
                    str(h["n_advice"]),
                    ci(h["spearman"]),
                    ci(h["kendall"]),
                    pct(h["disagreement"]),
                    points(h["regret"]),
                    ci(h["length_controlled"]["spearman"]),
                ]
            )
    headers = [
        "judge",
        "mode",
        "n advice",
        "Spearman rho",
        "Kendall tau",
        "disagreement",
        "regret (points)",
        "length-controlled rho",
    ]
    b.append(Block("table", headers=headers, rows=rows))
    return b


def pairwise_blocks(summary: dict[str, Any]) -> list[Block]:
    """Per judge and mode, the share of pairwise judgements that prefer the advice that loses."""
    if not summary.get("pairwise_judgements"):
        return []
    return [
        Block("h3", "Pairwise judgements"),
        Block(
            "p",
            "Share of pairwise judgements (both orders asked) that prefer the "
            "advice that wins less; the interval resamples pairs.",
        ),
        Block(
            "table",
            headers=["judge", "mode", "judgements counted", "pairs", "prefer the loser"],
            rows=[
                [j, m, f"{d['counted']} of {d['judgements']}", str(d["pairs"]), pct(d)]
                for j, per in summary["pairwise_judgements"].items()
                for m, d in per.items()
            ],
        ),
    ]
