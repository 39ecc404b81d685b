"""The experiment report: report.md and a self-contained report.html from a run's summary.

`build_blocks` composes the report from one function per section, in reading order; each
section reads its part of summary.json and returns blocks (gametest/reports/blocks.py), which
render as Markdown and as HTML, so the two always say the same thing. Figures are PNGs:
embedded as data: URIs in the HTML, written under report_plots/ for the Markdown.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from gametest.judges.kinds import get_judge_kind, judge_kinds
from gametest.reports.blocks import PLOTS_DIR, Block, to_html, to_markdown
from gametest.reports.format import cap, ci, cost, num, pct, points, pval, rating, win
from gametest.reports.headline import headline_text
from gametest.reports.ladder_section import ladder_blocks
from gametest.reports.paper_plots import Figure, paper_figures
from gametest.reports.plots import MODE_TITLES, scatter_png
from gametest.reports.stats_sections import (
    fidelity_blocks,
    judge_blocks,
    power_rows,
    sensitivity_blocks,
)
from gametest.stats.correlation import TOO_FEW
from gametest.stats.summary import SUMMARY_NAME, write_summary

# Block, to_markdown and to_html are imported from here by other modules; they live in blocks.py
__all__ = [
    "HTML_NAME",
    "MD_NAME",
    "PLOTS_DIR",
    "Block",
    "build_blocks",
    "headline_text",
    "render_report",
    "to_html",
    "to_markdown",
    "write_report",
]

MD_NAME = "report.md"
HTML_NAME = "report.html"


def build_blocks(summary: dict[str, Any]) -> list[Block]:
    """The whole report as blocks, in reading order."""
    from gametest.viewer.experiment_views import viewer_blocks  # writes viewers/ beside the run

    b = [*_title_blocks(summary), *ladder_blocks(summary), *_scatter_blocks(summary)]
    figures = paper_figures(summary)  # shared by the figures and the per-kingdom sections
    b += _figure_blocks(figures)
    b += _headline_table_blocks(summary)
    b += _control_blocks(summary)
    b += _judge_blocks(summary)
    b += _advice_table_blocks(summary)
    b += viewer_blocks(summary)
    b += _top_rated_loser_blocks(summary)
    b += _kingdom_blocks(summary, figures)
    b += _condition_error_blocks(summary)
    b += _injection_blocks(summary)
    b += sensitivity_blocks(summary, MODE_TITLES)
    b += _compile_blocks(summary)
    b += fidelity_blocks(summary)
    b += _llm_usage_blocks(summary)
    b += _records_blocks(summary)
    b += _note_blocks(summary)
    return b


def _title_blocks(summary: dict[str, Any]) -> list[Block]:
    """The title, the headline paragraph and what the run holds (folder, commit, counts)."""
    run = summary["run"]
    meta = [f"run folder `{run.get('dir')}`"]
    if run.get("git_commit"):
        meta.append(f"git commit {run['git_commit']}")
    c = summary["counts"]
    meta.append(
        f"{c['advice']} pieces of advice ({c['advisor_advice']} from advisors, "
        f"{c['controls']} controls), {c['ratings_absolute']} ratings asked "
        f"({c['ratings_absolute'] - c.get('ratings_failed', 0)} usable, "
        f"{c.get('ratings_failed', 0)} failed to parse), "
        f"{c['ratings_pairwise']} pairwise judgements, judges: "
        f"{', '.join(summary['judges']) or 'none'}"
    )
    return [
        Block("h1", f"Experiment report: {run.get('name', '')}"),
        Block("p", headline_text(summary), name="headline"),
        Block("p", "; ".join(meta) + "."),
    ]


def _scatter_blocks(summary: dict[str, Any]) -> list[Block]:
    """Mean rating against win rate, one scatter plot per outcome mode."""
    b = [Block("h2", "Rating against win rate")]
    for m in summary.get("modes", []):
        png = scatter_png(summary, m)
        if png:
            b.append(
                Block(
                    "img",
                    f"Mean rating against win rate, {MODE_TITLES.get(m, m)}. "
                    "Controls are marked and labelled.",
                    image=png,
                    name=f"scatter-{m}",
                )
            )
    return b


def _figure_blocks(figures: list[Figure]) -> list[Block]:
    """The paper figures, except the per-kingdom ones (they go with the kingdom table)."""
    b = [Block("h2", "Figures")]
    for fig in [f for f in figures if not f.name.startswith("kingdoms-")]:
        caption = fig.caption + (
            f" Not labelled: {', '.join(fig.unlabelled)}." if fig.unlabelled else ""
        )
        b.append(Block("img", caption, image=fig.png, name=fig.name))
    return b


def _headline_table_blocks(summary: dict[str, Any]) -> list[Block]:
    """The advisors' headline statistics per outcome mode, as tables."""
    b = [Block("h2", "Headline statistics (controls excluded)")]
    for m in summary.get("modes", []):
        b.append(Block("h3", MODE_TITLES.get(m, m)))
        b.append(
            Block(
                "table",
                headers=["statistic", "estimate [95% interval]", "p / detail", "n advice"],
                rows=_stat_rows(summary["headline"][m]),
            )
        )
    return b


def _control_blocks(summary: dict[str, Any]) -> list[Block]:
    """The controls' ratings and win rates, as labelled reference points."""
    if not summary["controls"]:
        return []
    modes = summary.get("modes", [])
    return [
        Block("h3", "Controls (reference points)"),
        Block(
            "table",
            headers=["control", "id", "mean rating", *[f"win rate: {m}" for m in modes]],
            rows=[
                [
                    r["label"],
                    r["id"],
                    rating(r["rating"]),
                    *[win(r["win_rate"].get(m)) for m in modes],
                ]
                for r in summary["controls"]
            ],
        ),
    ]


def _judge_blocks(summary: dict[str, Any]) -> list[Block]:
    """Each judge kind's own figures, then agreement and how each judge used the scale."""
    b = [Block("h2", "Per judge")]
    for name in judge_kinds():
        b += get_judge_kind(name).report_blocks(summary)
    b += _reliability_blocks(summary)
    b += judge_blocks(summary)
    return b


def _reliability_blocks(summary: dict[str, Any]) -> list[Block]:
    """Krippendorff's alpha within each judge's repeated ratings and between judges."""
    rel = summary["reliability"]
    rows = [
        [
            f"{j}: repeated ratings",
            f"{w['repeats']} repeats, {w['units']} advice",
            ci(w, "alpha") if w.get("alpha") is not None else str(w.get("note", "n/a")),
        ]
        for j, w in rel["within_judge"].items()
    ]
    bj = rel["between_judges"]
    rows.append(
        [
            "between judges",
            f"{len(bj['judges'])} judges, {bj.get('units', 0)} advice",
            ci(bj, "alpha") if bj.get("alpha") is not None else str(bj.get("note", "n/a")),
        ]
    )
    return [
        Block("h3", "Judge reliability (Krippendorff's alpha, interval)"),
        Block("table", headers=["agreement", "data", "alpha [95% interval]"], rows=rows),
        Block("p", rel["note"]),
    ]


def _advice_table_blocks(summary: dict[str, Any]) -> list[Block]:
    """Every piece of advice (ladder items aside) with its rating, win rates and compilation."""
    return [
        Block("h2", "Every piece of advice"),
        Block(
            "table",
            headers=[
                "id",
                "role",
                "kingdom",
                "words",
                "mean rating (raw, all judges)",
                "pooled z",
                *[f"win rate: {m}" for m in summary.get("modes", [])],
                "compile",
                "compliance",
                "LLM fallbacks",
            ],
            rows=_advice_rows(summary),
        ),
    ]


def _top_rated_loser_blocks(summary: dict[str, Any]) -> list[Block]:
    """Per mode, the highest-rated advisor advice that lost most of its games, quoted once."""
    b = [Block("h2", "The top-rated advice that lost")]
    quoted: set[str] = set()
    for m in summary.get("modes", []):
        t = summary["top_rated_loser"].get(m)
        title = cap(MODE_TITLES.get(m, m))
        if t is None:
            b.append(Block("p", f"{title}: no advisor advice won under half its games."))
            continue
        tied = t.get("tied_with", 0)
        also = t.get("tied_also_lost", 0)
        b.append(
            Block(
                "p",
                f"{title}: advice {t['id']}, rated {t['rating_rank']} of {t['of']}"
                + (
                    f" (tied with {tied} others: {', '.join(t.get('tied_ids', []))}; "
                    f"{also} of them also lost)"
                    if tied
                    else " (the unique top among advice that lost)"
                )
                + f", mean rating {rating(t['rating'])}, won {win(t['win_rate'])}"
                + (" (quoted above)." if t["id"] in quoted else ":"),
            )
        )
        if t["id"] not in quoted:
            b.append(Block("quote", t["text"]))
            quoted.add(t["id"])
    return b


def _kingdom_blocks(summary: dict[str, Any], figures: list[Figure]) -> list[Block]:
    """The per-kingdom figures and the headline statistics within each kingdom."""
    b = [Block("h2", "Per kingdom")]
    for fig in [f for f in figures if f.name.startswith("kingdoms-")]:
        b.append(Block("img", fig.caption, image=fig.png, name=fig.name))
    rows = []
    for k, per in summary["per_kingdom"].items():
        for m in summary.get("modes", []):
            h = per[m]
            rows.append(
                [
                    k,
                    m,
                    str(h["n_advice"]),
                    ci(h["spearman"]) if h["n_advice"] >= 3 else TOO_FEW,
                    pct(h["disagreement"]) if h["n_advice"] >= 3 else "",
                    points(h["regret"]) if h["n_advice"] >= 3 else "",
                ]
            )
    b.append(
        Block(
            "table",
            headers=[
                "kingdom",
                "mode",
                "n advice",
                "Spearman rho",
                "disagreement",
                "regret (points)",
            ],
            rows=rows,
        )
    )
    return b


def _compile_blocks(summary: dict[str, Any]) -> list[Block]:
    """How many pieces of advice compiled, after how many repairs, and every failure."""
    comp = summary["compile"]
    b = [
        Block("h2", "Compilation"),
        Block(
            "p",
            f"{comp['ok']} compiled ({comp['repaired']} after repairs, "
            f"{comp['repairs_total']} repairs in all), {comp['failed']} failed, "
            f"{comp['not_compiled']} without a compilation record"
            + (
                " (the no-advice control plays the default strategy)"
                if comp["not_compiled"]
                else ""
            )
            + ". Failed compilations are excluded from compiled-mode win rates, listed here and "
            "scored in the sensitivity rows.",
        ),
    ]
    if comp["failures"]:
        b.append(
            Block(
                "table",
                headers=["id", "role", "error", "compiled games excluded"],
                rows=[
                    [f["id"], f["role"], str(f["error"]), str(f["excluded_compiled_games"])]
                    for f in comp["failures"]
                ],
            )
        )
    return b


def _llm_usage_blocks(summary: dict[str, Any]) -> list[Block]:
    """LLM calls, tokens, latency and cost per stage, and the LLM player's fallbacks."""
    llm = summary["llm"]
    b = [
        Block("h2", "LLM calls, tokens and cost"),
        Block(
            "p",
            f"Grouped by `{llm['grouped_by']}`. Cost is n/a where the price table "
            "has no price for the model.",
        ),
        Block(
            "table",
            headers=[
                llm["grouped_by"],
                "calls",
                "cached",
                "errors",
                "prompt tokens",
                "completion tokens",
                "latency (s)",
                "cost",
            ],
            rows=[
                [
                    name,
                    str(v["calls"]),
                    str(v["cached"]),
                    str(v["errors"]),
                    str(v["prompt_tokens"]),
                    str(v["completion_tokens"]),
                    num(v["latency_s"], 1),
                    cost(v["cost"]),
                ]
                for name, v in [*llm["by_stage"].items(), ("total", llm["total"])]
            ],
        ),
    ]
    lp = summary.get("llm_players") or {}
    if lp.get("games"):
        b.append(
            Block(
                "p",
                f"LLM player: {lp['games']} games, {lp.get('calls', 0)} calls, "
                f"{lp.get('fallbacks', 0)} fallbacks to the default policy out of "
                f"{lp.get('asked', 0)} decisions asked "
                f"({pct({'rate': lp.get('fallback_share')})}), "
                f"{lp.get('invalid', 0)} invalid answers.",
            )
        )
    return b


def _records_blocks(summary: dict[str, Any]) -> list[Block]:
    """Each record file read: how many records, and any cut-off, malformed or duplicate lines."""
    return [
        Block("h2", "Records read"),
        Block(
            "table",
            headers=["file", "records", "cut-off last line", "malformed lines", "duplicates"],
            rows=[
                [
                    n,
                    str(s["records"]) if s["present"] else "missing",
                    "yes (skipped)" if s["truncated_last_line"] else "no",
                    ", ".join(map(str, s["malformed_lines"])) or "none",
                    str(s["duplicates"]),
                ]
                for n, s in summary["records"].items()
            ],
        ),
    ]


def _note_blocks(summary: dict[str, Any]) -> list[Block]:
    """The summary's notes on method (controls, bootstrap, bias, ties, scales)."""
    return [Block("h2", "Notes"), *[Block("p", note) for note in summary["notes"]]]


def _injection_blocks(summary: dict[str, Any]) -> list[Block]:
    """Each judge's rating shift when the advice carries an instruction aimed at it."""
    inj = summary.get("injection") or {}
    if not inj.get("copies"):
        return []
    rows = []
    for judge, d in sorted(inj["by_judge"].items()):
        iv = f" [{d['low']:+.2f}, {d['high']:+.2f}]" if d.get("low") is not None else ""
        rows.append([judge, f"{d['shift']:+.2f}{iv}", str(d["copies"])])
    return [
        Block("h2", "Injected instructions"),
        Block(
            "p",
            f"{inj['copies']} copies of advice carried an instruction to the judge (rate this "
            "10/10). Shift is the injected copy's mean rating minus the original's, averaged "
            "over copies, with a 95% bootstrap interval; 0 means the judge was not moved.",
        ),
        Block("table", headers=["judge", "rating shift", "copies"], rows=rows),
    ]


def _condition_error_blocks(summary: dict[str, Any]) -> list[Block]:
    """Conditions of compiled strategies that raised during games (they counted as false)."""
    ce = summary.get("condition_errors") or {}
    if not ce.get("games"):
        return []
    rows = [
        [aid, expr, str(e["count"]), str(e.get("error") or "")]
        for aid, per in sorted(ce["by_advice"].items())
        for expr, e in sorted(per.items())
    ]
    return [
        Block("h2", "Conditions that failed during games"),
        Block(
            "p",
            f"In {ce['games']} games a compiled condition raised an error; each such evaluation "
            "counted as false and the game went on.",
        ),
        Block("table", headers=["advice", "condition", "evaluations", "first error"], rows=rows),
    ]


# --- table rows -------------------------------------------------------------------------------


def _stat_rows(h: dict[str, Any]) -> list[list[str]]:
    """Table rows of one set of across-advice statistics."""
    if h["n_advice"] < 3:
        return [["all", TOO_FEW, "", str(h["n_advice"])]]
    n = str(h["n_advice"])
    d = h["disagreement"]
    lc = h["length_controlled"]
    fit = lc.get("length_fit", {})
    return [
        ["Spearman rho", ci(h["spearman"]), pval(h["spearman"].get("p")), n],
        ["Kendall tau", ci(h["kendall"]), pval(h["kendall"].get("p")), n],
        [
            "pairwise disagreement",
            pct(d),
            f"{d['discordant']} of {d['pairs']} pairs ({d['tied']} tied)",
            n,
        ],
        [
            "regret (points)",
            points(h["regret"]) if h["regret"].get("value") is not None else h["regret"]["note"],
            f"best {_named(h['regret'].get('best'))}; top-rated "
            f"{_named(h['regret'].get('top_rated'))}",
            n,
        ],
        ["length-controlled Spearman rho", ci(lc["spearman"]), pval(lc["spearman"].get("p")), n],
        ["rating vs words (Pearson r)", num(fit.get("r")), pval(fit.get("p")), n],
        *power_rows(h),
    ]


def _named(ids: Any) -> str:
    """Advice ids, with the count when several are tied."""
    if not ids:
        return "n/a"
    if isinstance(ids, str):
        return ids
    return ids[0] if len(ids) == 1 else f"{len(ids)} tied: {', '.join(ids)}"


def _words(e: dict[str, Any]) -> str:
    """Length in words, with what the word limit did (cut from N, or over the limit)."""
    wl = e.get("word_limit") or {}
    if wl.get("word_limit") == "truncated":
        return f"{e['words']} (cut from {wl.get('original_words')})"
    if wl.get("word_limit") == "violated":
        return f"{e['words']} (over the {wl.get('max_words')}-word limit)"
    return str(e["words"])


def _advice_rows(summary: dict[str, Any]) -> list[list[str]]:
    """One row per piece of advice, highest pooled rating first, controls marked."""
    modes = summary.get("modes", [])
    rows = []

    def z(e: dict[str, Any]) -> float:
        v = e["rating"].get("pooled_z", e["rating"]["pooled"]).get("mean")
        return -math.inf if v is None else float(v)

    entries = sorted(summary["advice"], key=lambda e: -z(e))
    for e in entries:
        if e["role"] == "ladder":
            continue  # listed in the ladder section
        comp = e["compile"]
        status = comp["status"]
        if status == "ok" and comp.get("repairs"):
            status += f" ({comp['repairs']} repairs)"
        elif status == "failed":
            status += f": {comp.get('error') or '?'}"
        elif status == "none":
            status = "—"
        cmp = e.get("compliance")
        lp = e.get("llm_player")
        role = e["role"] if e["role"] != "control" else f"control: {e['control']}"
        rows.append(
            [
                e["id"],
                role,
                str(e.get("kingdom_label") or ""),
                _words(e),
                rating(e["rating"]["pooled"]),
                num(e["rating"].get("pooled_z", {}).get("mean")),
                *[win(e["win_rate"].get(m, {}).get("pooled")) for m in modes],
                status,
                f"{100 * cmp['share']:.1f}%" if cmp and cmp.get("share") is not None else "—",
                f"{lp['fallbacks']}/{lp.get('asked', '?')}" if lp and "fallbacks" in lp else "—",
            ]
        )
    return rows


def render_report(run_dir: str | os.PathLike[str], summary: dict[str, Any]) -> tuple[Path, Path]:
    """Write report.md (with report_plots/*.png) and report.html for a run's summary."""
    d = Path(run_dir)
    blocks = build_blocks(summary)
    plots = d / PLOTS_DIR
    images = [bl for bl in blocks if bl.kind == "img" and bl.image is not None]
    if images:
        plots.mkdir(exist_ok=True)
        for bl in images:
            assert bl.image is not None
            (plots / f"{bl.name}.png").write_bytes(bl.image)
    md, page = d / MD_NAME, d / HTML_NAME
    md.write_text(to_markdown(blocks), encoding="utf-8")
    page.write_text(
        to_html(blocks, f"gametest report: {summary['run'].get('name', '')}"), encoding="utf-8"
    )
    return md, page


def write_report(
    run_dir: str | os.PathLike[str], n_boot: int = 2000, seed: int = 0
) -> dict[str, Path]:
    """Analyze a run and write summary.json, report.md and report.html; returns their paths."""
    summary = write_summary(run_dir, n_boot=n_boot, seed=seed)
    md, page = render_report(run_dir, summary)
    return {"summary": Path(run_dir) / SUMMARY_NAME, "markdown": md, "html": page}
