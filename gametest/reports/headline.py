"""The report's headline: one paragraph of the figures a reader needs first, which never reads
'n/a' (a missing figure is said in words). It leads report.md and report.html and is what
`gametest experiment run` prints when it finishes.
"""

from __future__ import annotations

from typing import Any

from gametest.reports.format import cap, pct, points, pval, reason, said
from gametest.reports.ladder_section import ladder_headline
from gametest.reports.plots import MODE_TITLES
from gametest.reports.stats_sections import power_sentence
from gametest.stats.correlation import MIN_ADVICE


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
    h = summary["headline"][m]
    title = cap(MODE_TITLES.get(m, m))
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


def _regret_text(reg: dict[str, Any]) -> str:
    """Regret in points, or why it is withheld, in words."""
    if reg.get("value") is None:
        return f"undefined {reason(reg.get('note'))}"
    return f"{points(reg)} points"
