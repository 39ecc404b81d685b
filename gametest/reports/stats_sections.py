"""Report sections for what a reviewer checks first: power, reliability and the noise ceiling,
how each judge used the scale, which ratings failed or are missing, and how the headline moves
under the analysis' choices (sensitivity). Each function returns report blocks or text.
"""

from __future__ import annotations

from typing import Any

from gametest.reports.blocks import Block
from gametest.reports.format import ci, num, pct, reason


def power_sentence(h: dict[str, Any]) -> str:
    """Power, reliabilities, noise ceiling and disattenuated rho of one mode, in one sentence
    that says why a figure is missing instead of 'n/a'."""
    pw = h.get("power", {})
    rel = h.get("reliability", {})
    parts = [
        f"with {h['n_advice']} pieces of advice, 80% power needs a true |rho| of at least "
        f"{num(pw.get('min_detectable_rho'))}"
        if pw.get("min_detectable_rho") is not None
        else f"with {h['n_advice']} pieces of advice no power is stated (needs >= 4)",
        ", ".join(
            f"{label} {num(r['reliability'])}"
            if r.get("reliability") is not None
            else f"{label} undefined {reason(r.get('note'))}"
            for label, r in (
                ("rating reliability", rel.get("rating", {})),
                ("win-rate reliability", rel.get("win_rate", {})),
            )
        ),
        f"noise ceiling {num(h['noise_ceiling'])}"
        if h.get("noise_ceiling") is not None
        else "no noise ceiling (it needs both reliabilities above 0)",
    ]
    d = h.get("disattenuated") or {}
    if d.get("estimate") is not None:
        parts.append(f"disattenuated rho {num(d['estimate'])}")
    st = h.get("stratified_by_kingdom") or {}
    if st.get("estimate") is not None and len(st.get("strata", [])) > 1:
        parts.append(f"stratified by kingdom rho {ci(st)}")
    return "; ".join(parts)


def power_rows(h: dict[str, Any]) -> list[list[str]]:
    """Extra rows of the headline table: power, reliabilities, ceiling, corrections, strata."""
    n = str(h["n_advice"])
    pw = h.get("power", {})
    rel = h.get("reliability", {})
    rows = [
        [
            "minimum detectable rho (80% power)",
            num(pw.get("min_detectable_rho")),
            str(pw.get("method", pw.get("note", ""))),
            n,
        ]
    ]
    for key, label in (("rating", "rating reliability"), ("win_rate", "win-rate reliability")):
        r = rel.get(key, {})
        detail = (
            f"ICC(1) {num(r.get('icc1'))}, mean of {num(r.get('k'), 1)} per advice"
            if r.get("icc1") is not None
            else str(r.get("note", ""))
        )
        rows.append([label, num(r.get("reliability")), detail, n])
    rows.append(["noise ceiling", num(h.get("noise_ceiling")), "sqrt(rel_rating x rel_win)", n])
    d = h.get("disattenuated") or {}
    rows.append(
        [
            "disattenuated Spearman rho",
            num(d.get("estimate")),
            str(d.get("note", "rho / sqrt(rel_rating x rel_win)")),
            n,
        ]
    )
    st = h.get("stratified_by_kingdom")
    if st:
        rows.append(
            [
                "Spearman rho stratified by kingdom",
                ci(st),
                f"{len(st.get('strata', []))} kingdoms, weighted by advice"
                + (f"; left out: {', '.join(st['left_out'])}" if st.get("left_out") else ""),
                n,
            ]
        )
    b = h.get("bootstrap") or {}
    if b:
        rows.append(
            [
                "bootstrap resamples",
                ", then ".join(b.get("resamples", [])),
                f"{b.get('clusters')} advisor clusters, {b.get('judges')} judges",
                n,
            ]
        )
    return rows


def judge_blocks(summary: dict[str, Any]) -> list[Block]:
    """How each judge used the scale, its raw mean per advice, and failed or missing ratings."""
    b: list[Block] = []
    scales = summary.get("judge_scales") or {}
    status = summary.get("rating_status") or {}
    if not scales and not status:
        return b
    b.append(Block("h3", "How each judge used the scale"))
    b.append(
        Block(
            "p",
            "Pooled figures standardize each judge's ratings by the judge's mean and standard "
            "deviation over the advisors' advice; the tables here keep the raw 1-10 scale.",
        )
    )
    b.append(
        Block(
            "table",
            headers=["judge", "mean", "sd", "usable", "failed", "missing", "without a rating"],
            rows=[
                [
                    j,
                    num(scales.get(j, {}).get("mean")),
                    num(scales.get(j, {}).get("sd")),
                    str(st["ok"]),
                    str(st["failed"]),
                    str(st["missing"]),
                    str(len(st["advice_without_rating"])),
                ]
                for j, st in status.items()
            ],
        )
    )
    judges = list(status)
    labels = {e["id"]: e for e in summary["advice"]}
    rows = []
    for e in sorted(labels.values(), key=lambda e: e["label"]):
        if e.get("control") == "none":
            continue
        z = e["rating"].get("pooled_z", {}).get("mean")
        rows.append([e["label"], *[_short(e["rating"]["by_judge"].get(j)) for j in judges], num(z)])
    b.append(Block("h3", "Raw mean rating per judge"))
    b.append(
        Block(
            "p",
            "Mean of each judge's ratings (n ratings) with a bootstrap percentile interval from "
            "3 ratings up; pooled z is the mean of the standardized ratings of every judge.",
        )
    )
    b.append(Block("table", headers=["advice", *judges, "pooled z"], rows=rows))
    bad = [
        [j, labels[a]["label"] if a in labels else a, str(p["failed"]), str(p["missing"]), _err(p)]
        for j, st in status.items()
        for a, p in st["by_advice"].items()
        if p["failed"] or p["missing"]
    ]
    b.append(Block("h3", "Failed and missing ratings"))
    if bad:
        b.append(
            Block(
                "table",
                headers=["judge", "advice", "failed", "missing", "first error"],
                rows=bad,
            )
        )
    else:
        b.append(Block("p", "Every rating asked for was recorded and usable."))
    return b


def _short(d: dict[str, Any] | None) -> str:
    """'mean [low, high] (n=k)', or 'mean (n=k)' below 3 ratings; a dash for none."""
    if not d or d.get("mean") is None:
        return "—"
    return f"{ci(d, 'mean')} (n={d['n']})"


def _err(p: dict[str, Any]) -> str:
    """The first error of a piece's failed ratings, shortened."""
    e = str(p.get("error") or "")
    return e if len(e) <= 90 else e[:87] + "..."


def sensitivity_blocks(summary: dict[str, Any], mode_titles: dict[str, str]) -> list[Block]:
    """The headline correlation under each variant of the data that applies to the run."""
    sens = summary.get("sensitivity") or {}
    rows = [
        [mode_titles.get(m, m), r["name"], r["what"], str(r["n_advice"]), ci(r["spearman"])]
        for m, rs in sens.items()
        for r in rs
    ]
    if not rows:
        return []
    return [
        Block("h2", "Sensitivity"),
        Block(
            "p",
            "The headline Spearman rho with pieces lacking a judge's rating left out, and with "
            "failed compilations scored as the game's default strategy (the no-advice "
            "control's games) or as losses, instead of left out.",
        ),
        Block(
            "table",
            headers=["mode", "variant", "what", "n advice", "Spearman rho [95% interval]"],
            rows=rows,
        ),
    ]


def fidelity_blocks(summary: dict[str, Any]) -> list[Block]:
    """The compiler measured on the controls, and strategies flagged as unable to win."""
    fid = summary.get("compile_fidelity") or {}
    b: list[Block] = []
    rows = fid.get("controls") or []
    if rows:
        b.append(Block("h3", "Compiler fidelity (controls compiled like advice)"))
        b.append(
            Block(
                "p",
                "Each control's text goes through the same compiler as the advice; its source "
                "strategy plays the same seeded games. " + str(fid.get("note", "")),
            )
        )
        b.append(
            Block(
                "table",
                headers=[
                    "control",
                    "compiler",
                    "source win rate",
                    "compiled win rate",
                    "difference (points)",
                    "cards (Jaccard)",
                    "order (tau)",
                ],
                rows=[
                    [
                        r["label"],
                        r["backend"],
                        pct(r["source"]),
                        pct(r["compiled"]) if r["compile_ok"] else "compile failed",
                        _pts(r["difference"]),
                        num(r["agreement"].get("cards_jaccard")),
                        num(r["agreement"].get("order_tau")),
                    ]
                    for r in rows
                ],
            )
        )
        b.append(
            Block(
                "table",
                headers=[
                    "compiler",
                    "controls",
                    "failed",
                    "mean |difference| (points)",
                    "mean Jaccard",
                ],
                rows=[
                    [
                        be,
                        str(v["controls"]),
                        str(v["compile_failures"]),
                        _pts({"estimate": v["mean_abs_difference"]}).lstrip("+"),
                        num(v["mean_cards_jaccard"]),
                    ]
                    for be, v in fid.get("by_backend", {}).items()
                ],
            )
        )
    flagged = fid.get("flagged") or []
    b.append(Block("h3", "Compiled strategies that cannot win"))
    if flagged:
        b.append(
            Block(
                "table",
                headers=["advice", "role", "why", "compiled win rate"],
                rows=[
                    [f["label"], f["role"], "; ".join(f["flags"]), pct(f["compiled"])]
                    for f in flagged
                ],
            )
        )
    else:
        b.append(Block("p", "No compiled strategy gains nothing or skips the main victory card."))
    return b


def _pts(d: dict[str, Any]) -> str:
    """A difference of win rates in percentage points with its interval."""
    if d.get("estimate") is None:
        return str(d.get("note", "n/a"))
    s = f"{100 * d['estimate']:+.1f}"
    if d.get("low") is not None and d.get("high") is not None:
        s += f" [{100 * d['low']:+.1f}, {100 * d['high']:+.1f}]"
    return s
