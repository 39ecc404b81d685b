"""The experiment report: report.md and a self-contained report.html from a run's summary.

Both are rendered from one list of blocks (headings, paragraphs, tables, figures, quotes), so
the two always say the same thing. Figures are PNGs: embedded as data: URIs in the HTML, written
under report_plots/ for the Markdown.
"""

from __future__ import annotations

import base64
import html
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gametest.reports.paper_plots import paper_figures
from gametest.reports.plots import MODE_TITLES, forest_png, scatter_png
from gametest.stats.correlation import MIN_ADVICE, TOO_FEW
from gametest.stats.summary import SUMMARY_NAME, write_summary

PLOTS_DIR = "report_plots"
MD_NAME = "report.md"
HTML_NAME = "report.html"


@dataclass
class Block:
    """One piece of the report: heading, paragraph, table, figure, quote or links
    (rows of [text, href])."""

    kind: str
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    image: bytes | None = None
    name: str = ""


# --- number formatting -----------------------------------------------------------------------


def num(v: Any, digits: int = 2) -> str:
    """A number with fixed decimals, or 'n/a'."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    return f"{v:.{digits}f}"


def ci(d: dict[str, Any] | None, key: str = "estimate", digits: int = 2) -> str:
    """'est [low, high]' from a statistics dict, or its note / 'n/a'."""
    if not d or d.get(key) is None:
        return str(d.get("note", "n/a")) if d else "n/a"
    s = num(d[key], digits)
    if d.get("low") is not None and d.get("high") is not None:
        s += f" [{num(d['low'], digits)}, {num(d['high'], digits)}]"
    return s


def pct(d: dict[str, Any] | None, key: str = "rate") -> str:
    """A share as a percentage with its interval: '61.5% [54.6, 68.0]'."""
    if not d or d.get(key) is None:
        return str(d.get("note", "n/a")) if d else "n/a"
    s = f"{100 * d[key]:.1f}%"
    if d.get("low") is not None and d.get("high") is not None:
        s += f" [{100 * d['low']:.1f}, {100 * d['high']:.1f}]"
    return s


def pval(p: Any) -> str:
    """A p-value with two significant digits."""
    if p is None:
        return "n/a"
    if p < 1e-300:
        return "< 1e-300"
    return f"{p:.2g}"


def win(d: dict[str, Any] | None) -> str:
    """Win rate with interval and number of games."""
    if not d or not d.get("games"):
        return "—"
    return f"{pct(d)} (n={d['games']})"


def rating(d: dict[str, Any] | None) -> str:
    """Mean rating with its interval and number of ratings ('too few' below 3 ratings)."""
    if not d or d.get("mean") is None:
        return "—"
    if d.get("low") is None and d.get("n", 0) >= 1:
        return f"{num(d['mean'])} (n={d['n']}, too few for an interval)"
    return f"{ci(d, 'mean')} (n={d['n']})"


# --- the text --------------------------------------------------------------------------------


def _p_and_direction(sp: dict[str, Any]) -> str:
    """', p = ... (what the interval says)' for a defined correlation, else nothing."""
    if sp.get("estimate") is None:
        return ""
    p = f", p = {pval(sp['p'])}" if sp.get("p") is not None else ""
    return f"{p} ({_direction(sp)})"


def _direction(sp: dict[str, Any]) -> str:
    """What the interval of a correlation says, in words."""
    lo, hi = sp.get("low"), sp.get("high")
    if lo is None or hi is None:
        return "no interval"
    if lo > 0:
        return "higher-rated advice won more"
    if hi < 0:
        return "higher-rated advice won less"
    return "no detectable relation"


def headline_text(summary: dict[str, Any]) -> str:
    """The headline figures with intervals, in one short paragraph that never reads 'n/a'."""
    modes = summary.get("modes", [])
    parts = [_mode_headline(summary, m) for m in modes]
    if not modes:
        parts.append("No games were recorded, so no rating can be related to a win rate.")
    lead = "How well does a good rating predict winning? "
    if any(_has_figures(summary["headline"][m]) for m in modes):
        lead += (
            "Mean rating (each judge standardized, then pooled) against win rate, 95% intervals "
            f"({summary['settings']['n_boot']} cluster-bootstrap replicates). "
        )
    n_controls = summary["counts"]["controls"]
    tail = (
        f" The {n_controls} controls are excluded from these figures and shown as labelled "
        "reference points."
        if n_controls
        else " The run has no controls."
    )
    from gametest.reports.ladder_section import ladder_headline

    ladder = ladder_headline(summary)
    return (ladder + " " if ladder else "") + lead + " ".join(parts) + tail


def _has_figures(h: dict[str, Any]) -> bool:
    """Whether a mode's advice can be ranked at all: enough of it, and win rates that differ."""
    return h["n_advice"] >= MIN_ADVICE and not _same_win_rate(h)


def _same_win_rate(h: dict[str, Any]) -> bool:
    """Whether every piece of advice in the headline is tied for the best win rate."""
    reg = h["regret"]
    return reg.get("value") is None and len(reg.get("best") or []) == h["n_advice"]


def _mode_headline(summary: dict[str, Any], m: str) -> str:
    """One outcome mode's part of the headline: its figures, or one sentence on why none exist."""
    from gametest.reports.stats_sections import power_sentence  # imports this module's blocks

    h = summary["headline"][m]
    title = _cap(MODE_TITLES.get(m, m))
    n = h["n_advice"]
    if n < MIN_ADVICE:
        have = "piece of advice has" if n == 1 else "pieces of advice have"
        return (
            f"{title}: only {n} {have} both ratings and games, so no rank correlation can be "
            f"computed (it needs at least {MIN_ADVICE}) and no power can be stated."
        )
    if _same_win_rate(h):
        return _same_win_rate_sentence(summary, m, title)
    sp, kt, lc = h["spearman"], h["kendall"], h["length_controlled"]["spearman"]
    dis = h["disagreement"]
    pairs = (
        f"judges prefer the advice that wins less in {pct(dis)} of pairs"
        if dis.get("rate") is not None
        else f"pairwise disagreement undefined {reason(dis.get('note'))}"
    )
    return (
        f"{title} ({n} pieces of advice, {h.get('games', 0)} games): Spearman "
        f"rho {said(sp)}{_p_and_direction(sp)}; Kendall tau {said(kt)}; {pairs}; "
        f"regret (best minus top-rated win rate) {_regret_text(h['regret'])}; "
        f"length-controlled rho {said(lc)}; {power_sentence(h)}."
    )


def _same_win_rate_sentence(summary: dict[str, Any], m: str, title: str) -> str:
    """Why a mode has no figure when every piece of advice won equally often, in plain words."""
    best = set(summary["headline"][m]["regret"]["best"])
    won = [e["win_rate"][m]["pooled"] for e in summary["advice"] if e["id"] in best]
    counts = sorted({w["games"] for w in won})
    games = (
        f"its {counts[0]} games"
        if len(counts) == 1
        else f"its games ({sum(w['games'] for w in won)} in all)"
    )
    ladder = summary.get("ladder") or {}
    pointer = "; the ladder's validity above is the figure to read" if ladder.get("items") else ""
    return (
        f"{title}: every one of the {len(won)} pieces of advice won "
        f"{100 * won[0]['rate']:.1f}% of {games}, so no rating can predict win rate among "
        f"advisors{pointer}."
    )


def reason(note: Any) -> str:
    """A figure's note as a reason in brackets, without the 'n/a' that prose must not show."""
    text = str(note or "(reason not recorded)").removeprefix("n/a").strip()
    return text if text.startswith("(") else f"({text})"


def said(d: dict[str, Any] | None, key: str = "estimate", digits: int = 2) -> str:
    """A figure with its interval for prose, or 'undefined (why)' instead of 'n/a'."""
    if d and d.get(key) is not None:
        return ci(d, key, digits)
    return f"undefined {reason((d or {}).get('note'))}"


def _cap(s: str) -> str:
    """First letter upper-cased, the rest untouched (keeps 'LLM')."""
    return s[:1].upper() + s[1:]


def _regret_text(reg: dict[str, Any]) -> str:
    """Regret in points, or why it is withheld, in words."""
    if reg.get("value") is None:
        return f"undefined {reason(reg.get('note'))}"
    return f"{_points(reg)} points"


def _points(reg: dict[str, Any]) -> str:
    """Regret in percentage points with its interval."""
    if reg.get("value") is None:
        return "n/a"
    s = f"{100 * reg['value']:.1f}"
    if reg.get("low") is not None and reg.get("high") is not None:
        s += f" [{100 * reg['low']:.1f}, {100 * reg['high']:.1f}]"
    return s


def _stat_rows(h: dict[str, Any]) -> list[list[str]]:
    """Table rows of one set of across-advice statistics."""
    from gametest.reports.stats_sections import power_rows

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
            _points(h["regret"]) if h["regret"].get("value") is not None else h["regret"]["note"],
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


def build_blocks(summary: dict[str, Any]) -> list[Block]:
    """The whole report as blocks, in reading order."""
    from gametest.reports.stats_sections import fidelity_blocks, judge_blocks, sensitivity_blocks

    modes = summary.get("modes", [])
    run = summary["run"]
    b: list[Block] = [Block("h1", f"Experiment report: {run.get('name', '')}")]
    b.append(Block("p", headline_text(summary), name="headline"))
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
    b.append(Block("p", "; ".join(meta) + "."))
    from gametest.reports.ladder_section import ladder_blocks

    b.extend(ladder_blocks(summary))

    b.append(Block("h2", "Rating against win rate"))
    for m in modes:
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
    figures = paper_figures(summary)
    b.append(Block("h2", "Figures"))
    for fig in [f for f in figures if not f.name.startswith("kingdoms-")]:
        caption = fig.caption + (
            f" Not labelled: {', '.join(fig.unlabelled)}." if fig.unlabelled else ""
        )
        b.append(Block("img", caption, image=fig.png, name=fig.name))
    b.append(Block("h2", "Headline statistics (controls excluded)"))
    for m in modes:
        b.append(Block("h3", MODE_TITLES.get(m, m)))
        b.append(
            Block(
                "table",
                headers=["statistic", "estimate [95% interval]", "p / detail", "n advice"],
                rows=_stat_rows(summary["headline"][m]),
            )
        )
    if summary["controls"]:
        b.append(Block("h3", "Controls (reference points)"))
        b.append(
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
            )
        )

    b.append(Block("h2", "Per judge"))
    if summary["per_judge"]:
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
                        _points(h["regret"]),
                        ci(h["length_controlled"]["spearman"]),
                    ]
                )
        b.append(
            Block(
                "table",
                headers=[
                    "judge",
                    "mode",
                    "n advice",
                    "Spearman rho",
                    "Kendall tau",
                    "disagreement",
                    "regret (points)",
                    "length-controlled rho",
                ],
                rows=rows,
            )
        )
    else:
        b.append(Block("p", "No absolute ratings were recorded."))
    if summary.get("pairwise_judgements"):
        b.append(Block("h3", "Pairwise judgements"))
        b.append(
            Block(
                "p",
                "Share of pairwise judgements (both orders asked) that prefer the "
                "advice that wins less; the interval resamples pairs.",
            )
        )
        b.append(
            Block(
                "table",
                headers=["judge", "mode", "judgements counted", "pairs", "prefer the loser"],
                rows=[
                    [j, m, f"{d['counted']} of {d['judgements']}", str(d["pairs"]), pct(d)]
                    for j, per in summary["pairwise_judgements"].items()
                    for m, d in per.items()
                ],
            )
        )
    rel = summary["reliability"]
    b.append(Block("h3", "Judge reliability (Krippendorff's alpha, interval)"))
    rrows = [
        [
            f"{j}: repeated ratings",
            f"{w['repeats']} repeats, {w['units']} advice",
            ci(w, "alpha") if w.get("alpha") is not None else str(w.get("note", "n/a")),
        ]
        for j, w in rel["within_judge"].items()
    ]
    bj = rel["between_judges"]
    rrows.append(
        [
            "between judges",
            f"{len(bj['judges'])} judges, {bj.get('units', 0)} advice",
            ci(bj, "alpha") if bj.get("alpha") is not None else str(bj.get("note", "n/a")),
        ]
    )
    b.append(Block("table", headers=["agreement", "data", "alpha [95% interval]"], rows=rrows))
    b.append(Block("p", rel["note"]))
    b.extend(judge_blocks(summary))

    b.append(Block("h2", "Every piece of advice"))
    b.append(
        Block(
            "table",
            headers=[
                "id",
                "role",
                "kingdom",
                "words",
                "mean rating (raw, all judges)",
                "pooled z",
                *[f"win rate: {m}" for m in modes],
                "compile",
                "compliance",
                "LLM fallbacks",
            ],
            rows=_advice_rows(summary),
        )
    )
    from gametest.viewer.experiment_views import viewer_blocks  # writes viewers/ beside the run

    b += viewer_blocks(summary)

    b.append(Block("h2", "The top-rated advice that lost"))
    quoted: set[str] = set()
    for m in modes:
        t = summary["top_rated_loser"].get(m)
        title = _cap(MODE_TITLES.get(m, m))
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

    b.append(Block("h2", "Per kingdom"))
    for fig in [f for f in figures if f.name.startswith("kingdoms-")]:
        b.append(Block("img", fig.caption, image=fig.png, name=fig.name))
    krows = []
    for k, per in summary["per_kingdom"].items():
        for m in modes:
            h = per[m]
            krows.append(
                [
                    k,
                    m,
                    str(h["n_advice"]),
                    ci(h["spearman"]) if h["n_advice"] >= 3 else TOO_FEW,
                    pct(h["disagreement"]) if h["n_advice"] >= 3 else "",
                    _points(h["regret"]) if h["n_advice"] >= 3 else "",
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
            rows=krows,
        )
    )

    b.extend(_condition_error_blocks(summary))
    b.extend(_injection_blocks(summary))
    b.extend(sensitivity_blocks(summary, MODE_TITLES))

    comp = summary["compile"]
    b.append(Block("h2", "Compilation"))
    b.append(
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
        )
    )
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

    b.extend(fidelity_blocks(summary))

    llm = summary["llm"]
    b.append(Block("h2", "LLM calls, tokens and cost"))
    b.append(
        Block(
            "p",
            f"Grouped by `{llm['grouped_by']}`. Cost is n/a where the price table "
            "has no price for the model.",
        )
    )
    b.append(
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
                    _cost(v["cost"]),
                ]
                for name, v in [*llm["by_stage"].items(), ("total", llm["total"])]
            ],
        )
    )
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

    b.append(Block("h2", "Records read"))
    b.append(
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
        )
    )
    b.append(Block("h2", "Notes"))
    for note in summary["notes"]:
        b.append(Block("p", note))
    return b


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


def _cost(v: Any) -> str:
    """A cost in dollars, or n/a."""
    return "n/a" if v is None else f"${v:.4f}"


# --- rendering -------------------------------------------------------------------------------


def _md_cell(s: str) -> str:
    """A Markdown table cell: pipes escaped, newlines flattened."""
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[Block], plot_dir: str = PLOTS_DIR) -> str:
    """The blocks as Markdown; figures link to PNG files under `plot_dir`."""
    out: list[str] = []
    for bl in blocks:
        if bl.kind in ("h1", "h2", "h3"):
            out.append("#" * int(bl.kind[1]) + " " + bl.text)
        elif bl.kind == "p":
            out.append(bl.text)
        elif bl.kind == "quote":
            out.append("\n".join("> " + line if line else ">" for line in bl.text.splitlines()))
        elif bl.kind == "img":
            out.append(f"![{bl.text}]({plot_dir}/{bl.name}.png)\n\n*{bl.text}*")
        elif bl.kind == "links":
            out.append("\n".join(f"- [{_md_cell(t)}]({href})" for t, href in bl.rows))
        elif bl.kind == "table":
            out.append("| " + " | ".join(_md_cell(h) for h in bl.headers) + " |")
            out[-1] += "\n|" + "---|" * len(bl.headers)
            for r in bl.rows:
                out[-1] += "\n| " + " | ".join(_md_cell(c) for c in r) + " |"
    return "\n\n".join(out) + "\n"


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:1em 0;font-size:.85em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}
blockquote{border-left:4px solid #ccc;margin:1em 0;padding:.2em 1em;color:#333;
white-space:pre-wrap;background:#f8f8f8}
figure{margin:1em 0}figcaption{font-size:.85em;color:#555}
img{max-width:100%;height:auto}.headline{font-size:1.05em;background:#eef5ff;padding:.8em;
border-radius:4px}code{background:#f1f1f1;padding:0 .2em}
"""


def _inline(s: str) -> str:
    """Escape text for HTML, keeping `code` spans."""
    parts = html.escape(s).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def to_html(blocks: list[Block], title: str) -> str:
    """The blocks as one self-contained HTML page (figures as data: URIs, inline CSS)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
    ]
    for bl in blocks:
        if bl.kind in ("h1", "h2", "h3"):
            out.append(f"<{bl.kind}>{_inline(bl.text)}</{bl.kind}>")
        elif bl.kind == "p":
            cls = ' class="headline" id="headline"' if bl.name == "headline" else ""
            out.append(f"<p{cls}>{_inline(bl.text)}</p>")
        elif bl.kind == "quote":
            out.append(f"<blockquote>{html.escape(bl.text)}</blockquote>")
        elif bl.kind == "img" and bl.image is not None:
            data = base64.b64encode(bl.image).decode("ascii")
            out.append(
                f'<figure><img id="{bl.name}" alt="{html.escape(bl.text)}" '
                f'src="data:image/png;base64,{data}"><figcaption>'
                f"{html.escape(bl.text)}</figcaption></figure>"
            )
        elif bl.kind == "links":
            items = "".join(
                f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for t, h in bl.rows
            )
            out.append(f"<ul>{items}</ul>")
        elif bl.kind == "table":
            head = "".join(f"<th>{html.escape(h)}</th>" for h in bl.headers)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in bl.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


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
