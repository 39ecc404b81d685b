"""Judge validity on the advice ladder: do ratings follow substance (win rate) or looks (style,
length)?

Ladder items (role "ladder" in advice.jsonl) are rungs of known strength rendered in several
styles and lengths. Per judge, and pooled over judges standardized per judge (z-scores), this
module computes: validity (Spearman between rating and win rate, bootstrap resampling rungs,
its noise ceiling from repeated ratings and the disattenuated value); style effects (OLS of the
standardized rating on win rate, style and length, cluster bootstrap by rung, with the exchange
rate of each style in win-rate points); Shapley shares of rating variance; the minimum
detectable validity at 80% power; and best-of-n curves (`gametest.stats.goodhart`).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from gametest.stats import goodhart
from gametest.stats.correlation import FloatArray, percentile_interval, rng_for
from gametest.stats.intervals import wilson

if TYPE_CHECKING:
    from gametest.stats.summary import Records

SCALE = (1.0, 10.0)  # a rubric's scale when it cannot be loaded
BASE_STYLE = "plain"
BASE_LENGTH = "short"
POWER = 0.8
ALPHA = 0.05
MIN_RUNGS = 3
MIN_ADVISOR_SAMPLES = 4
SPEARMAN_VAR = 1.06  # var(atanh rho_s) ~ 1.06 / (n - 3) (Fieller, Hartley and Pearson 1957)
SHARES_METHOD = (
    "Shapley decomposition of R^2 over three groups of dummies (substance: one per rung; "
    "style; length), fitted by OLS to the individual standardized ratings; 'unexplained' is "
    "rating noise and interactions"
)
NOTES = (
    "Ladder ratings are standardized per judge (z-scores over that judge's ladder ratings) "
    "before pooling; a judge's rating of an item is the mean of its repeated ratings, taken "
    "from the expected score over the scale's tokens where the backend returned probabilities "
    "(G-Eval), else from the sampled answer.",
    "Intervals are bootstrap percentiles that resample rungs (the unit of substance); an "
    "item's styles and lengths come along with its rung. Validity's interval is set on "
    "Fisher's z scale around the estimate, with the replicates' SD (a rung drawn twice counts "
    "as two rungs of the same strength), inflated by sqrt(R/(R-1)) and a t quantile with R-1 "
    "degrees of freedom for the few rungs R a ladder has (its p-value is the matching t test, "
    "not the items-as-independent test). Style effects, exchange rates and "
    "variance shares use percentile intervals stretched about the estimate by the same factor "
    "(t quantile / z quantile x sqrt(R/(R-1))). Simulated with 12 rungs (bench/ladder_stats.py), "
    "plain percentile intervals covered 87-93% at a nominal 95%; these cover 92-96%, except "
    "validity near 1 (86% at a true 0.97, where Spearman's rho is biased low with few rungs).",
    "The noise ceiling is sqrt(reliability of the item ratings x reliability of the win "
    "rates); rating reliability is ICC(1,k) of the repeated ratings, win-rate reliability "
    "1 - binomial noise / observed variance. The disattenuated validity divides Spearman's "
    "rho and its interval by it (Spearman's correction, applied to a rank correlation as an "
    "approximation, the ceiling taken as known); it can exceed 1.",
    "An exchange rate is a style's coefficient divided by the win-rate coefficient: the "
    "win-rate points a judge would trade for the style. It is unbounded when the win-rate "
    "coefficient's interval contains 0 (Fieller).",
)


@dataclass(frozen=True)
class Item:
    """One ladder item: a rung rendered in one style and length, with its rung's win rate."""

    id: str
    rung: str  # the unit of substance: ladder file and rung id
    rung_label: str
    style: str
    length: str
    words: int
    win_rate: float
    low: float | None
    high: float | None
    games: int | None
    source: str  # "ladder" (the ladder file's measurement) or "games" (games.jsonl)


def _num(v: Any) -> float | None:
    """A finite float from a record field, else None."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _compiled_outcomes(records: Records) -> dict[str, list[float]]:
    """Compiled-mode game outcomes per advice id."""
    out: dict[str, list[float]] = defaultdict(list)
    for g in records.games:
        o = _num(g.get("outcome"))
        if o is not None and str(g.get("mode", "compiled")) == "compiled":
            out[str(g.get("advice_id"))].append(o)
    return out


def ladder_items(records: Records) -> list[Item]:
    """The run's ladder items with their win rates (from games.jsonl where played, else the
    ladder file's measurement)."""
    played = _compiled_outcomes(records)
    items = []
    for a in records.advice:
        lad = a.get("ladder")
        if a.get("role") != "ladder" or not isinstance(lad, dict) or "id" not in a:
            continue
        aid = str(a["id"])
        rung_id = str(lad.get("rung_id", lad.get("rung", "?")))
        where = str(lad.get("file") or a.get("kingdom_label") or "")
        outcomes = played.get(aid, [])
        lo: float | None
        hi: float | None
        if outcomes:
            n = len(outcomes)
            lo, hi = wilson(sum(outcomes), n)
            rate, games, source = sum(outcomes) / n, n, "games"
        else:
            w = _num(lad.get("win_rate"))
            if w is None:
                continue
            rate, lo, hi, source = w, _num(lad.get("lo")), _num(lad.get("hi")), "ladder"
            n_games = _num(lad.get("n"))
            games = int(n_games) if n_games is not None else 0
        words = _num(lad.get("words"))
        items.append(
            Item(
                id=aid,
                rung=f"{where}#{rung_id}",
                rung_label=rung_id,
                style=str(lad.get("style") or "?"),
                length=str(lad.get("length") or "?"),
                words=int(words) if words is not None else len(str(a.get("text", "")).split()),
                win_rate=rate,
                low=lo,
                high=hi,
                games=games or None,
                source=source,
            )
        )
    return items


def judge_ratings(
    records: Records, ids: set[str]
) -> tuple[dict[str, dict[str, list[float]]], dict[str, dict[str, Any]]]:
    """Per judge, each item's ratings (expected score where given, else overall) and where
    they came from."""
    from gametest.stats.summary import judge_keys

    absolute = [r for r in records.ratings if r.get("kind", "absolute") == "absolute"]
    jkeys = judge_keys(absolute)
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rubrics: dict[str, str] = {}
    for r in absolute:
        aid = str(r.get("advice_id"))
        jk = jkeys[(str(r.get("judge", "?")), str(r.get("rubric", "")))]
        rubrics[jk] = str(r.get("rubric", ""))
        exp = _num(r.get("expected"))
        overall = _num(r.get("overall"))
        if overall is None and isinstance(r.get("scores"), dict):
            overall = _num(r["scores"].get("overall"))
        v = exp if exp is not None else overall
        if aid not in ids:
            continue
        if v is None:
            counts[jk]["failed"] += 1
            continue
        counts[jk]["expected" if exp is not None else "overall"] += 1
        values[jk][aid].append(v)
    sources: dict[str, dict[str, Any]] = {}
    for jk in sorted(set(values) | set(counts)):
        c = counts[jk]
        kind = "expected" if c["expected"] else "overall"
        if c["expected"] and c["overall"]:
            kind = "expected, else overall"
        sources[jk] = {
            "source": kind,
            "expected": c["expected"],
            "overall": c["overall"],
            "failed": c["failed"],
            "rubric": rubrics.get(jk, ""),
        }
    return {j: dict(v) for j, v in values.items()}, sources


def rubric_scale(name: str) -> tuple[float, float]:
    """Lowest and highest score of a rubric's `overall`, from its answer schema (the default
    1-10 when the rubric cannot be loaded, e.g. a file no longer at hand)."""
    from gametest.engine.errors import GametestError
    from gametest.judges.rubric import load_rubric

    try:
        prop = load_rubric(name).schema()["properties"]["overall"]
        return float(prop["minimum"]), float(prop["maximum"])
    except (GametestError, KeyError, TypeError, ValueError):
        return SCALE


# --- the statistics --------------------------------------------------------------------------


def min_detectable_spearman(n: int, power: float = POWER, alpha: float = ALPHA) -> float | None:
    """Smallest Spearman's rho a two-sided test at `alpha` detects with `power` from n units."""
    if n <= 3:
        return None
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return float(math.tanh(z * math.sqrt(SPEARMAN_VAR / (n - 3))))


def icc_reliability(groups: Sequence[FloatArray]) -> float | None:
    """Reliability of item means, ICC(1,k) from a one-way ANOVA of repeated ratings (unequal
    repeats allowed, k = mean repeats); None without repeats."""
    gs = [g for g in groups if g.size]
    n = np.array([g.size for g in gs], dtype=np.float64)
    mean = np.array([g.mean() for g in gs])
    ssw = np.array([((g - g.mean()) ** 2).sum() for g in gs])
    return _icc(n, mean, ssw)


def _icc(n: FloatArray, mean: FloatArray, ssw: FloatArray) -> float | None:
    """ICC(1,k) from per-item counts, means and within-item sums of squares."""
    a = n.size
    total = float(n.sum())
    if a < 2 or total - a <= 0:
        return None
    grand = float(n @ mean) / total
    msb = float(n @ (mean - grand) ** 2) / (a - 1)
    msw = float(ssw.sum()) / (total - a)
    k0 = (total - float(n @ n) / total) / (a - 1)
    den = msb + (k0 - 1) * msw
    if den <= 0:
        return None
    icc1 = (msb - msw) / den
    k = total / a
    rel = k * icc1 / (1 + (k - 1) * icc1)
    return float(rel) if math.isfinite(rel) else None


def winrate_reliability(rates: FloatArray, games: FloatArray) -> float:
    """Share of the win rates' variance that is not binomial noise (1 where n is unknown)."""
    ok = games > 0
    if rates.size < 2 or not ok.any():
        return 1.0
    var = float(rates.var(ddof=1))
    if var <= 0:
        return 0.0
    noise = float(np.mean(np.where(ok, rates * (1 - rates) / np.where(ok, games, 1.0), 0.0)))
    return max(0.0, 1.0 - noise / var)


def _ranks(x: FloatArray) -> FloatArray:
    """Average ranks (1-based; ties share the mean of their positions)."""
    _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    top = np.cumsum(counts)
    out: FloatArray = (top - (counts - 1) / 2.0)[inv]
    return out


def _spearman(x: FloatArray, y: FloatArray) -> float:
    """Spearman's rho, NaN where either side is constant."""
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    rx, ry = _ranks(x), _ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float(rx @ ry / math.sqrt(float(rx @ rx) * float(ry @ ry)))


def fisher_interval(
    est: float, reps: FloatArray, units: int, level: float
) -> tuple[float | None, float | None, float | None]:
    """A correlation's interval and p-value on Fisher's z scale: the estimate plus or minus a
    t quantile (units - 1 degrees of freedom) times the bootstrap SD, inflated by
    sqrt(units / (units - 1)) for the few clusters a ladder has; bounded in (-1, 1)."""
    ok = reps[np.isfinite(reps)]
    if ok.size < max(2, reps.size / 2) or units < 2 or abs(est) >= 1:
        lo, hi = percentile_interval(reps, level)
        return lo, hi, None
    z = np.arctanh(np.clip(ok, -1 + 1e-12, 1 - 1e-12))
    se = float(z.std(ddof=1)) * math.sqrt(units / (units - 1))
    half = float(stats.t.ppf(0.5 + level / 2, units - 1)) * se
    centre = math.atanh(est)
    p = float(2 * stats.t.sf(abs(centre) / se, units - 1)) if se > 0 else None
    return math.tanh(centre - half), math.tanh(centre + half), p


def _ols(x: NDArray[np.float64], y: FloatArray) -> FloatArray:
    """OLS coefficients; NaN when the design is rank-deficient."""
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    if rank < x.shape[1]:
        return np.full(x.shape[1], np.nan)
    out: FloatArray = np.asarray(beta, dtype=np.float64)
    return out


def _dummies(labels: Sequence[str], base: str | None = None) -> tuple[NDArray[np.float64], list]:
    """Indicator columns for each level but the base (the first level when none is given)."""
    levels = sorted(set(labels))
    if base not in levels:
        base = levels[0] if levels else None
    kept = [lv for lv in levels if lv != base]
    mat = np.array([[1.0 if lab == lv else 0.0 for lv in kept] for lab in labels])
    return mat.reshape(len(labels), len(kept)), kept


class _Shares:
    """Shapley shares of R^2 for groups of item-level regressors, fitted to individual ratings
    through per-item sufficient statistics (count, sum, sum of squares)."""

    def __init__(self, groups: dict[str, NDArray[np.float64]]) -> None:
        """`groups` maps a group name to its item-level columns (one row per item)."""
        self.names = list(groups)
        n_items = next(iter(groups.values())).shape[0]
        cols = [np.ones((n_items, 1)), *groups.values()]
        self.x = np.column_stack(cols)
        self.slices: dict[str, list[int]] = {}
        start = 1
        for name, g in groups.items():
            self.slices[name] = list(range(start, start + g.shape[1]))
            start += g.shape[1]

    def __call__(
        self,
        count: FloatArray,
        total: FloatArray,
        squares: FloatArray,
        rows: NDArray[np.int64] | None = None,
    ) -> list[float]:
        """Shares per group, for items weighted by their number of ratings; `rows` picks the
        items (with repeats) a bootstrap sample drew, in the order of count/total/squares."""
        x = self.x if rows is None else self.x[rows]
        gram = x.T @ (count[:, None] * x)
        xty = x.T @ total
        yy = float(squares.sum())
        n = float(count.sum())
        tss = yy - float(total.sum()) ** 2 / n
        if tss <= 1e-12:
            return [math.nan] * len(self.names)
        r2: dict[frozenset[str], float] = {frozenset(): 0.0}
        for k in range(1, len(self.names) + 1):
            for subset in itertools.combinations(self.names, k):
                idx = [0, *[c for g in subset for c in self.slices[g]]]
                g_s, b_s = gram[np.ix_(idx, idx)], xty[idx]
                # a tiny ridge keeps undrawn levels (zero columns) solvable; fits are unchanged
                ridge = 1e-9 * (float(np.trace(g_s)) / len(idx) + 1.0)
                beta = np.linalg.solve(g_s + ridge * np.eye(len(idx)), b_s)
                rss = yy - 2 * float(beta @ b_s) + float(beta @ g_s @ beta)
                r2[frozenset(subset)] = 1.0 - rss / tss
        m = len(self.names)
        out = []
        for g in self.names:
            share = 0.0
            others = [h for h in self.names if h != g]
            for k in range(m):
                for subset in itertools.combinations(others, k):
                    w = math.factorial(k) * math.factorial(m - k - 1) / math.factorial(m)
                    s_ = frozenset(subset)
                    share += w * (r2[s_ | {g}] - r2[s_])
            out.append(share)
        return out


def expanded_interval(
    est: float,
    reps: FloatArray,
    units: int,
    level: float,
    bounds: tuple[float, float] | None = None,
) -> tuple[float | None, float | None]:
    """Percentile interval stretched about the estimate by t(units-1)/z x sqrt(units/(units-1)):
    a cluster bootstrap over the few rungs of a ladder is too narrow without it."""
    lo, hi = percentile_interval(reps, level)
    if lo is None or hi is None or units < 2:
        return lo, hi
    q = 0.5 + level / 2
    f = float(stats.t.ppf(q, units - 1) / stats.norm.ppf(q)) * math.sqrt(units / (units - 1))
    lo, hi = est - f * max(0.0, est - lo), est + f * max(0.0, hi - est)
    if bounds is not None:
        lo, hi = max(bounds[0], lo), min(bounds[1], hi)
    return lo, hi


def _interval(
    est: float | None,
    reps: FloatArray,
    units: int,
    level: float,
    note: str = "",
    bounds: tuple[float, float] | None = None,
) -> dict:
    """An estimate with its expanded percentile interval (or a note when undefined)."""
    if est is None or not math.isfinite(est):
        return {"estimate": None, "low": None, "high": None, "note": note or "n/a"}
    lo, hi = expanded_interval(est, reps, units, level, bounds)
    return {"estimate": float(est), "low": lo, "high": hi}


TIE_BREAK = 1e-9  # below any real gap between win rates


@dataclass
class RatedItems:
    """The ladder items one analysis covers, with their standardized ratings."""

    items: list[Item]
    z: list[FloatArray]  # standardized ratings per item
    raw_sd: float | None  # a judge's SD on its own scale (None when pooled over judges)


def analyze_items(s: RatedItems, n_boot: int, rng: np.random.Generator, level: float) -> dict:
    """Validity, style effects, variance shares, power and the best-of-n curve of one set."""
    items = s.items
    rungs = sorted({it.rung for it in items})
    n_rungs = len(rungs)
    rung_of = np.array([rungs.index(it.rung) for it in items])
    members = [np.flatnonzero(rung_of == r) for r in range(n_rungs)]
    y = np.array([float(g.mean()) for g in s.z])
    count = np.array([float(g.size) for g in s.z])
    total = np.array([float(g.sum()) for g in s.z])
    squares = np.array([float((g**2).sum()) for g in s.z])
    ssw = np.array([float(((g - g.mean()) ** 2).sum()) for g in s.z])
    w = np.array([it.win_rate for it in items])
    games = np.array([float(it.games or 0) for it in items])
    styles = [it.style for it in items]
    lengths = [it.length for it in items]
    sd, style_levels = _dummies(styles, BASE_STYLE)
    ld, length_levels = _dummies(lengths, BASE_LENGTH)
    base_style = sorted(set(styles) - set(style_levels))[0]
    base_length = sorted(set(lengths) - set(length_levels))[0]
    design = np.column_stack([np.ones(len(items)), w, sd, ld])
    shares = _Shares(
        {"substance": _dummies([it.rung for it in items])[0], "style": sd, "length": ld}
    )
    power = {
        "units": n_rungs,
        "unit": "rung",
        "items": len(items),
        "power": POWER,
        "alpha": ALPHA,
        "min_detectable": min_detectable_spearman(n_rungs),
        "method": "Fisher z of Spearman's rho, var 1.06/(n-3), n = rungs, two-sided",
    }
    out: dict[str, Any] = {
        "items": len(items),
        "rungs": n_rungs,
        "ratings": int(count.sum()),
        "styles": sorted(set(styles)),
        "lengths": sorted(set(lengths)),
        "base_style": base_style,
        "base_length": base_length,
        "power": power,
        "level": level,
        "n_boot": n_boot,
    }
    why = None
    if n_rungs < MIN_RUNGS:
        why = f"n/a (needs >= {MIN_RUNGS} rungs, has {n_rungs})"
    elif np.ptp(y) == 0:
        why = "n/a (the judge gave every ladder item the same rating)"
    elif np.ptp(w) == 0:
        why = "n/a (the rungs' win rates do not vary)"
    rel_r = _icc(count, y, ssw)
    firsts = np.array([m[0] for m in members])
    rel_w = winrate_reliability(w[firsts], games[firsts])
    ceiling = math.sqrt(rel_r * rel_w) if rel_r is not None and rel_r > 0 else None
    out["reliability"] = {
        "ratings_icc_k": rel_r,
        "win_rates": rel_w,
        "ceiling": ceiling,
        "repeats": float(count.sum() / len(items)),
    }
    if rel_r is None:
        out["reliability"]["note"] = "n/a (needs repeated ratings of items)"
    elif rel_r <= 0:
        out["reliability"]["note"] = "n/a (repeated ratings agree no better than chance)"
    # a judge whose ratings never vary still has a curve: it picks at random
    out["goodhart"] = goodhart.curve(y, w, rung_of, n_boot, rng, level)
    if why is not None:
        na = {"estimate": None, "low": None, "high": None, "note": why}
        out.update(validity=dict(na), disattenuated=dict(na), note=why)
        out["effects"] = {"note": why}
        out["shares"] = {"note": why}
        return out

    coef_names = ["win_rate", *[f"style:{v}" for v in style_levels]]
    coef_names += [f"length:{v}" for v in length_levels]
    est_rho = _spearman(y, w)
    est_beta = _ols(design, y)[1:]
    est_shares = shares(count, total, squares)
    reps_rho = np.full(n_boot, np.nan)
    reps_beta = np.full((n_boot, len(coef_names)), np.nan)
    reps_shares = np.full((n_boot, 3), np.nan)
    for b in range(n_boot):
        drawn = rng.integers(0, n_rungs, size=n_rungs)
        idx = np.concatenate([members[r] for r in drawn])
        # a rung drawn twice counts as two rungs of (almost) the same strength, not one tie
        # group twice as large, which no fresh sample of rungs would have
        seen = np.zeros(n_rungs, dtype=np.int64)
        copy = np.empty(n_rungs, dtype=np.float64)
        for k, r in enumerate(drawn):
            copy[k] = seen[r]
            seen[r] += 1
        tie_break = np.repeat(copy, [members[r].size for r in drawn]) * TIE_BREAK
        reps_rho[b] = _spearman(y[idx], w[idx] + tie_break)
        reps_beta[b] = _ols(design[idx], y[idx])[1:]
        reps_shares[b] = shares(count[idx], total[idx], squares[idx], idx)
    lo, hi, p = fisher_interval(est_rho, reps_rho, n_rungs, level)
    out["validity"] = {"estimate": est_rho, "low": lo, "high": hi, "p": p}
    if ceiling is None:
        note = out["reliability"].get("note", "n/a")
        out["disattenuated"] = {"estimate": None, "low": None, "high": None, "note": note}
    else:
        out["disattenuated"] = {
            "estimate": est_rho / ceiling,
            "low": None if lo is None else lo / ceiling,
            "high": None if hi is None else hi / ceiling,
        }
    out["effects"] = _effects(coef_names, est_beta, reps_beta, n_rungs, level, s.raw_sd)
    names = ("substance", "style", "length")
    out["shares"] = {
        k: _interval(est_shares[i], reps_shares[:, i], n_rungs, level, bounds=(0.0, 1.0))
        for i, k in enumerate(names)
    }
    out["shares"]["unexplained"] = {"estimate": 1.0 - sum(est_shares)}
    out["shares"]["method"] = SHARES_METHOD
    return out


def _effects(
    names: list[str],
    est: FloatArray,
    reps: NDArray[np.float64],
    units: int,
    level: float,
    raw_sd: float | None,
) -> dict[str, Any]:
    """Coefficients (SD units, and rating points on the judge's scale) and exchange rates."""
    coefs: dict[str, Any] = {}
    for k, name in enumerate(names):
        d = _interval(
            float(est[k]), reps[:, k], units, level, "n/a (the design cannot separate it)"
        )
        if raw_sd is not None and d["estimate"] is not None:
            d["points"] = {
                key: (None if d[key] is None else d[key] * raw_sd)
                for key in ("estimate", "low", "high")
            }
        coefs[name] = d
    win = coefs["win_rate"]
    rates: dict[str, Any] = {}
    for k, name in enumerate(names):
        if k == 0:
            continue
        rates[name] = _exchange(
            float(est[k]), float(est[0]), reps[:, k], reps[:, 0], win, units, level
        )
    styles = [n for n in names if n.startswith("style:") and coefs[n]["estimate"] is not None]
    largest = max(styles, key=lambda n: abs(coefs[n]["estimate"]), default=None)
    return {
        "coefficients": coefs,
        "exchange_rates": rates,
        "largest_style": largest,
        "units": "coefficients in SDs of the judge's ratings per unit (win rate 0-1, a style "
        "vs the base style, a length vs the base length); 'points' on the judge's own scale; "
        "exchange rates in win rate (0-1) per style",
    }


def _exchange(
    num: float,
    den: float,
    reps_num: FloatArray,
    reps_den: FloatArray,
    win: dict[str, Any],
    units: int,
    level: float,
) -> dict[str, Any]:
    """A style's worth in win rate: its coefficient over the win-rate coefficient."""
    if not math.isfinite(num) or not math.isfinite(den) or den == 0:
        return {"estimate": None, "low": None, "high": None, "note": "n/a (no win-rate effect)"}
    out: dict[str, Any] = {"estimate": num / den, "low": None, "high": None}
    lo, hi = win.get("low"), win.get("high")
    if lo is None or hi is None or lo <= 0 <= hi:
        out["unbounded"] = True
        out["note"] = (
            "unbounded: the win-rate coefficient's interval contains 0, so the judge gives win "
            "rate no detectable weight against which to price the style"
        )
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = reps_num / reps_den
    out["low"], out["high"] = expanded_interval(num / den, ratio, units, level)
    return out


def _item_points(
    items: list[Item], values: dict[str, list[float]], scale: tuple[float, float]
) -> list[dict[str, Any]]:
    """Per item: the judge's mean rating with an interval inside the scale, and the win rate."""
    out = []
    for it in items:
        v = np.asarray(values[it.id], dtype=np.float64)
        mean = float(v.mean())
        if v.size >= 3 and np.ptp(v) > 0:
            half = float(stats.t.ppf(0.975, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))
            lo, hi, kind = mean - half, mean + half, "t95"
        else:
            lo, hi, kind = float(v.min()), float(v.max()), "range"
        out.append(
            {
                "id": it.id,
                "rung": it.rung_label,
                "style": it.style,
                "length": it.length,
                "words": it.words,
                "win_rate": it.win_rate,
                "win_low": it.low,
                "win_high": it.high,
                "mean": mean,
                "low": max(scale[0], min(scale[1], lo)),
                "high": max(scale[0], min(scale[1], hi)),
                "interval": kind,
                "n": int(v.size),
            }
        )
    return out


def _advisor_pools(records: Records) -> dict[str, list[tuple[str, float]]]:
    """Advisor advice with compiled games, grouped by advisor and kingdom: (id, win rate)."""
    played = _compiled_outcomes(records)
    failed = {str(c.get("advice_id")) for c in records.compiles if c.get("ok") is False}
    pools: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for a in records.advice:
        aid = str(a.get("id"))
        if a.get("role", "advisor") != "advisor" or not played.get(aid) or aid in failed:
            continue
        key = f"{a.get('advisor') or '?'} @ {a.get('kingdom_label') or '?'}"
        pools[key].append((aid, float(np.mean(played[aid]))))
    return dict(pools)


def analyze_ladder(
    records: Records, n_boot: int = 2000, seed: int = 0, level: float = 0.95
) -> dict[str, Any] | None:
    """The ladder section of a run's summary; None when the run has no ladder items and no
    advisor with enough samples for a best-of-n curve."""
    items = ladder_items(records)
    pools = _advisor_pools(records)
    ids = {it.id for it in items} | {aid for p in pools.values() for aid, _ in p}
    values, sources = judge_ratings(records, ids)
    if not items and not any(len(p) >= MIN_ADVISOR_SAMPLES for p in pools.values()):
        return None
    per_judge: dict[str, Any] = {}
    pooled: dict[str, list[FloatArray]] = defaultdict(list)
    for j in sorted(values):
        rated = [it for it in items if values[j].get(it.id)]
        res: dict[str, Any] = {"rating_source": sources[j]}
        if rated:
            allv = np.concatenate([np.asarray(values[j][it.id], dtype=np.float64) for it in rated])
            mu = float(allv.mean())
            sdv = float(allv.std(ddof=1)) if allv.size >= 2 else 0.0
            z = [
                (np.asarray(values[j][it.id], dtype=np.float64) - mu) / (sdv or 1.0) for it in rated
            ]
            for it, zi in zip(rated, z, strict=True):
                pooled[it.id].append(zi)
            res.update(
                analyze_items(
                    RatedItems(rated, z, sdv or None), n_boot, rng_for(seed, "ladder", j), level
                )
            )
            lo, hi = rubric_scale(sources[j]["rubric"])
            # the scale drawn and clipped to: the rubric's, widened to any value it missed
            scale = (min(lo, float(allv.min())), max(hi, float(allv.max())))
            res["scale"] = {
                "mean": mu,
                "sd": sdv,
                "min": float(allv.min()),
                "max": float(allv.max()),
                "low": scale[0],
                "high": scale[1],
            }
            res["points"] = _item_points(rated, values[j], scale)
        res["advisor_goodhart"] = {
            key: goodhart.curve(
                [float(np.mean(values[j][a])) for a, _ in rows],
                [w for _, w in rows],
                [a for a, _ in rows],
                n_boot,
                rng_for(seed, "advisor-goodhart", j, key),
                level,
            )
            for key, pool in sorted(pools.items())
            if len(rows := [(a, w) for a, w in pool if values[j].get(a)]) >= MIN_ADVISOR_SAMPLES
        }
        per_judge[j] = res
    out: dict[str, Any] = {
        "items": len(items),
        "rungs": len({it.rung for it in items}),
        "styles": sorted({it.style for it in items}),
        "lengths": sorted({it.length for it in items}),
        "win_rate_source": sorted({it.source for it in items}),
        "judges": sorted(per_judge),
        "per_judge": per_judge,
        "pooled": None,
        "notes": list(NOTES),
    }
    judged = [j for j in per_judge if "validity" in per_judge[j]]
    if len(judged) >= 2:
        rated = [it for it in items if pooled.get(it.id)]
        z = [np.concatenate(pooled[it.id]) for it in rated]
        res = analyze_items(
            RatedItems(rated, z, None), n_boot, rng_for(seed, "ladder", "pooled"), level
        )
        res["judges"] = judged
        out["pooled"] = res
    return out
