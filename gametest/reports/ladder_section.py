"""The advice-ladder section of the experiment report, and its headline sentence.

Per judge (and pooled over standardized judges): validity with its noise ceiling and power,
the ladder scatter, the style-effect forest plot with exchange rates, and best-of-n curves.
"""

from __future__ import annotations

from typing import Any

from gametest.reports.blocks import Block
from gametest.reports.format import num, pval, reason
from gametest.reports.ladder_plots import effects_forest_png, goodhart_png, ladder_scatter_png
from gametest.stats.ladder import SCALE

POOLED = "pooled (standardized judges)"


def _est(d: dict[str, Any] | None, scale: float = 1.0, digits: int = 2) -> str:
    """'est [low, high]' scaled, or the figure's note."""
    if not d or d.get("estimate") is None:
        return str((d or {}).get("note", "n/a"))
    s = num(d["estimate"] * scale, digits)
    if d.get("low") is not None and d.get("high") is not None:
        s += f" [{num(d['low'] * scale, digits)}, {num(d['high'] * scale, digits)}]"
    return s


def _said(d: dict[str, Any] | None, scale: float = 1.0, digits: int = 2) -> str:
    """'est [low, high]' scaled for the headline, or 'undefined (why)' instead of 'n/a'."""
    if not d or d.get("estimate") is None:
        return f"undefined {reason((d or {}).get('note'))}"
    return _est(d, scale, digits)


def _judges(lad: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Judges with ladder figures, then the pooled analysis if there is one."""
    out = [(j, r) for j, r in lad["per_judge"].items() if "validity" in r]
    if lad.get("pooled"):
        out.append((POOLED, lad["pooled"]))
    return out


def _validity_words(name: str, r: dict[str, Any]) -> str:
    """One judge's validity with its noise ceiling, in words."""
    v = r["validity"]
    if v.get("estimate") is None:
        return f"{name}: undefined {reason(v.get('note'))}"
    ceiling = r["reliability"].get("ceiling")
    extra = (
        f"noise ceiling {num(ceiling)}, disattenuated {_said(r['disattenuated'])}"
        if ceiling is not None
        else f"no noise ceiling {reason(r['reliability'].get('note'))}"
    )
    return f"{name}: {_est(v)} ({extra})"


def _power_words(judges: list[tuple[str, dict[str, Any]]]) -> str:
    """The minimum detectable validity at 80% power for the run's number of rungs."""
    seen: dict[int, float | None] = {}
    for _, r in judges:
        seen[r["power"]["units"]] = r["power"]["min_detectable"]
    parts = [
        f"{num(md)} with {n} rungs" if md is not None else f"none with only {n} rungs"
        for n, md in sorted(seen.items())
    ]
    return "Smallest validity this run detects with 80% power (two-sided 5%): " + ", ".join(parts)


def _style_words(name: str, r: dict[str, Any]) -> str | None:
    """The judge's largest style effect and its exchange rate, in words."""
    eff = r.get("effects") or {}
    style = eff.get("largest_style")
    if not style:
        return None
    c = eff["coefficients"][style]
    x = eff["exchange_rates"][style]
    base = r.get("base_style", "plain")
    pts = f" ({_said(c['points'])} rating points)" if c.get("points") else ""
    head = f"{name}: '{style.split(':', 1)[1]}' vs '{base}' {_said(c)} SD{pts}"
    if x.get("unbounded"):
        win = eff["coefficients"]["win_rate"]
        return (
            f"{head}, worth an unbounded amount of win rate: the judge gives win rate no "
            f"detectable weight (win-rate coefficient {_said(win)} SD per unit)"
        )
    if x.get("estimate") is None:
        return f"{head}; exchange rate undefined {reason(x.get('note'))}"
    return f"{head}, worth {_said(x, 100, 1)} points of win rate"


def ladder_headline(summary: dict[str, Any]) -> str | None:
    """The headline sentence on judge validity and style exchange rates; None without ladder."""
    lad = summary.get("ladder")
    if not lad or not lad.get("items"):
        return None
    judges = _judges(lad)
    lead = (
        f"Judge validity (the primary figure: Spearman's rho between a judge's rating and the "
        f"win rate of the strategy behind the advice, over {lad['items']} ladder items from "
        f"{lad['rungs']} rungs in {len(lad['styles'])} styles and {len(lad['lengths'])} lengths; "
        "95% intervals resample rungs): "
    )
    if not judges:
        return lead + "undefined: no judge rated the ladder items."
    parts = [_validity_words(j, r) for j, r in judges]
    styles = [s for j, r in judges if (s := _style_words(j, r))]
    text = lead + "; ".join(parts) + ". " + _power_words(judges) + "."
    if styles:
        text += " Largest style effect per judge: " + "; ".join(styles) + "."
    else:
        why = "; ".join(f"{j}: {reason(r.get('note'))[1:-1]}" for j, r in judges if r.get("note"))
        text += f" Style effects are undefined ({why or 'no styles to compare'})."
    return text


def _validity_rows(lad: dict[str, Any]) -> list[list[str]]:
    """One row of validity figures per judge, and pooled."""
    rows = []
    for name, r in _judges(lad):
        rel = r["reliability"]
        sh = r.get("shares") or {}
        src = r.get("rating_source", {}).get("source", "z-scores") if name != POOLED else "z"
        rows.append(
            [
                name,
                src,
                f"{r['items']} / {r['rungs']}",
                _est(r["validity"]),
                pval(r["validity"].get("p")),
                num(rel.get("ceiling")) if rel.get("ceiling") is not None else rel.get("note", ""),
                _est(r["disattenuated"]),
                num(r["power"]["min_detectable"]),
                " / ".join(
                    num((sh.get(k) or {}).get("estimate")) for k in ("substance", "style", "length")
                ),
            ]
        )
    return rows


def _effect_rows(r: dict[str, Any]) -> list[list[str]]:
    """Coefficient, rating points and exchange rate per term of one judge's regression."""
    eff = r.get("effects") or {}
    rows = []
    for name, c in (eff.get("coefficients") or {}).items():
        x = (eff.get("exchange_rates") or {}).get(name)
        if x is None:
            rate = "(the numeraire)"
        elif x.get("unbounded"):
            rate = "unbounded (win rate has no detectable weight)"
        else:
            rate = _est(x, 100, 1)
        rows.append([name, _est(c), _est(c.get("points")) if c.get("points") else "—", rate])
    return rows


def _goodhart_rows(c: dict[str, Any]) -> list[list[str]]:
    """Best-of-n: expected win rate per n for the judge and the verifier."""
    rows = []
    for k, n in enumerate(c.get("n", [])):
        cells = [str(n)]
        for sel in ("judge", "verifier"):
            band = c[sel]
            cells.append(
                _est(
                    {"estimate": band["mean"][k], "low": band["low"][k], "high": band["high"][k]},
                    100,
                    1,
                )
            )
        rows.append(cells)
    return rows


def ladder_blocks(summary: dict[str, Any]) -> list[Block]:
    """The ladder section: validity table, then per judge its scatter, effects and curves."""
    lad = summary.get("ladder")
    if not lad:
        return []
    b = [Block("h2", "Advice ladder: do ratings follow substance or style?")]
    if lad.get("items"):
        b.append(
            Block(
                "p",
                f"{lad['items']} ladder items: {lad['rungs']} strategies of measured strength "
                f"(rungs), each told in the styles {', '.join(lad['styles'])} at lengths "
                f"{', '.join(lad['lengths'])}, judged blind among the other advice. Win rates "
                f"come from {' and '.join(lad['win_rate_source'])}.",
            )
        )
        b.append(
            Block(
                "table",
                headers=[
                    "judge",
                    "rating",
                    "items / rungs",
                    "validity (Spearman rho) [95%]",
                    "p",
                    "noise ceiling",
                    "disattenuated",
                    "min. detectable (80% power)",
                    "variance shares substance / style / length",
                ],
                rows=_validity_rows(lad),
            )
        )
    for name, r in [
        *lad["per_judge"].items(),
        *([(POOLED, lad["pooled"])] if lad.get("pooled") else []),
    ]:
        part = _judge_blocks(name, r)
        if part:
            title = "Ladder" if lad.get("items") else "Best-of-n"
            b.append(Block("h3", f"{title}: {name}"))
            b.extend(part)
    for note in lad.get("notes", []):
        b.append(Block("p", note))
    if lad.get("items"):
        b.append(Block("p", "Variance shares: " + _shares_method(lad) + "."))
    return b


def _shares_method(lad: dict[str, Any]) -> str:
    """How the variance shares were computed (from the first judge that has them)."""
    for _, r in _judges(lad):
        m = (r.get("shares") or {}).get("method")
        if m:
            return str(m)
    return "n/a"


def _judge_blocks(name: str, r: dict[str, Any]) -> list[Block]:
    """One judge's scatter, effects (figure and table) and best-of-n curves."""
    b: list[Block] = []
    slug = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
    if r.get("note"):
        b.append(Block("p", f"{name}: validity and style effects undefined {reason(r['note'])}."))
    if r.get("points"):
        sc = r.get("scale") or {}
        png = ladder_scatter_png(
            r["points"], name, (sc.get("low", SCALE[0]), sc.get("high", SCALE[1]))
        )
        if png:
            b.append(
                Block(
                    "img",
                    f"{name}: mean rating of each ladder item against its rung's win rate, "
                    "coloured by style (marker: length). Rating whiskers: 95% t-interval "
                    "clipped to the scale where an item has >= 3 ratings, else the range "
                    "of its ratings.",
                    image=png,
                    name=f"ladder-{slug}",
                )
            )
    if (r.get("effects") or {}).get("coefficients"):
        png = effects_forest_png(r["effects"], name)
        if png:
            b.append(
                Block(
                    "img",
                    f"{name}: style and length effects on the standardized rating (OLS with "
                    "win rate, style and length; 95% cluster-bootstrap intervals by rung); "
                    "the green square is the effect of 10 points of win rate, for scale.",
                    image=png,
                    name=f"ladder-effects-{slug}",
                )
            )
        b.append(
            Block(
                "table",
                headers=[
                    "term",
                    "SDs [95%]",
                    "rating points [95%]",
                    "exchange rate: win-rate points [95%]",
                ],
                rows=_effect_rows(r),
            )
        )
    curves = {}
    if (r.get("goodhart") or {}).get("n"):
        curves["ladder"] = r["goodhart"]
    curves.update(
        {f"advice of {k}": c for k, c in (r.get("advisor_goodhart") or {}).items() if c.get("n")}
    )
    png = goodhart_png(curves, name)
    if png:
        b.append(
            Block(
                "img",
                f"{name}: best-of-n selection. Expected win rate of the item rated highest "
                "among n drawn from the pool (exact over all n-subsets, ties broken at "
                "random), against selecting by win rate itself (the verifier).",
                image=png,
                name=f"ladder-goodhart-{slug}",
            )
        )
        for label, c in curves.items():
            b.append(
                Block(
                    "table",
                    headers=[
                        f"n ({label})",
                        "judge's pick: win rate % [95%]",
                        "verifier's pick [95%]",
                    ],
                    rows=_goodhart_rows(c),
                )
            )
    return b
