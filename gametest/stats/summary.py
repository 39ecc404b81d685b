"""The statistics of one experiment run, read from its record files and written as summary.json.

`load_run` reads the records (tolerating a last line cut off by a killed writer); `analyze`
turns them into per-advice figures, the headline rating-vs-win-rate statistics per outcome mode
(ratings as per-judge z-scores, cluster-bootstrap intervals, power and reliability), the same
per judge (raw scale) and per kingdom, sensitivity rows, failed and missing ratings, judge
reliability, the compiler's fidelity on the controls and LLM usage per stage. Controls are
kept out of the headline statistics and shown beside them as labelled reference points.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from gametest.engine.errors import UsageError
from gametest.judges.kinds import ABSOLUTE, get_judge_kind, judge_kinds
from gametest.records.jsonl import FileStatus, read_jsonl
from gametest.stats.agreement import alpha_with_ci
from gametest.stats.fidelity import compile_fidelity
from gametest.stats.headline import across_advice, across_advice_reps, stratified
from gametest.stats.injection import injection_shift
from gametest.stats.judges import rating_interval, rating_status
from gametest.stats.sensitivity import sensitivity_rows, top_rated_loser
from gametest.stats.standardize import Standardized, zscore_by_judge
from gametest.stats.winrate import TIE_RULE, UNIT_NOTE, win_rate

SUMMARY_NAME = "summary.json"
RECORD_FILES = ("advice.jsonl", "ratings.jsonl", "compile.jsonl", "games.jsonl", "llm_calls.jsonl")
MODES = ("compiled", "llm")
LEVEL = 0.95
CONTROLS_NOTE = (
    "Controls (no advice, placebo, strong, confidently wrong) are excluded from the headline "
    "correlations, disagreement, regret and length control; they are reported beside them as "
    "labelled reference points."
)
BOOTSTRAP_NOTE = (
    "Bootstrap intervals (percentile) resample advisors (model x template) with their advice "
    "kept whole (pieces of advice, when there is one advisor), then each drawn piece's games "
    "and ratings; judges are resampled too when there are at least 3. Kingdoms are strata: "
    "the stratified estimate weights each kingdom's rho by its number of advice."
)
BIAS_NOTE = (
    "Noise in the ratings and win rates pulls an observed correlation towards 0 (attenuation), "
    "and so does the within-advice resampling of the bootstrap replicates. For a claim that "
    "there is no relation this is anti-conservative: read a null result against the minimum "
    "detectable correlation, the noise ceiling and the disattenuated correlation."
)
RATING_INTERVAL_NOTE = (
    "Mean-rating intervals are bootstrap percentile intervals, which stay within the ratings' "
    "own range (and so the scale); means of fewer than 3 ratings get no interval."
)
NOTES = (
    CONTROLS_NOTE,
    BOOTSTRAP_NOTE,
    BIAS_NOTE,
    "Compiled-mode win rates exclude advice whose compilation failed; those are listed "
    "under compile.failures and scored in the sensitivity rows.",
    f"Win rates: {TIE_RULE}; intervals are a {UNIT_NOTE}.",
    "Headline ratings are z-scores: each judge's ratings are standardized by that "
    "judge's mean and standard deviation over the advisors' advice, then pooled; "
    "per-judge figures and every table of mean ratings use the raw 1-10 scale.",
    RATING_INTERVAL_NOTE,
)
KEYS = {
    "advice.jsonl": "id",
    "ratings.jsonl": "id",
    "compile.jsonl": None,
    "games.jsonl": "key",
    "llm_calls.jsonl": None,
}


@dataclass
class Records:
    """Everything one run folder holds, as parsed records."""

    run_dir: Path
    manifest: dict[str, Any]
    advice: list[dict[str, Any]]
    ratings: list[dict[str, Any]]
    compiles: list[dict[str, Any]]
    games: list[dict[str, Any]]
    llm_calls: list[dict[str, Any]]
    files: dict[str, FileStatus]


def is_run_dir(path: Path) -> bool:
    """Whether a folder looks like a run: a manifest or at least one record file."""
    return path.is_dir() and (
        (path / "manifest.json").exists() or any((path / f).exists() for f in RECORD_FILES[:4])
    )


def load_run(run_dir: str | os.PathLike[str]) -> Records:
    """Read a run folder's records; UsageError for a folder that isn't a run."""
    d = Path(run_dir)
    if not d.exists():
        raise UsageError(f"no such run folder: {d}")
    if not is_run_dir(d):
        raise UsageError(f"{d} is not a run folder (no manifest.json, advice.jsonl or games.jsonl)")
    manifest: dict[str, Any] = {}
    if (d / "manifest.json").exists():
        try:
            loaded = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:
            raise UsageError(f"{d / 'manifest.json'} is not readable JSON: {e}") from None
        manifest = loaded if isinstance(loaded, dict) else {}
    parsed: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, FileStatus] = {}
    for name in RECORD_FILES:
        parsed[name], files[name] = read_jsonl(d / name, KEYS[name])
    return Records(
        run_dir=d,
        manifest=manifest,
        advice=parsed["advice.jsonl"],
        ratings=parsed["ratings.jsonl"],
        compiles=parsed["compile.jsonl"],
        games=parsed["games.jsonl"],
        llm_calls=parsed["llm_calls.jsonl"],
        files=files,
    )


# --- small helpers ---------------------------------------------------------------------------


def word_count(text: str) -> int:
    """Words in a text (runs of non-space characters)."""
    return len(re.findall(r"\S+", text or ""))


def mean_interval(values: Sequence[float], level: float = LEVEL) -> dict[str, Any]:
    """Mean with a Student-t interval; no interval from a single value."""
    a = np.asarray(values, dtype=np.float64)
    n = int(a.size)
    if n == 0:
        return {"mean": None, "low": None, "high": None, "n": 0, "sd": None}
    m = float(a.mean())
    if n == 1:
        return {"mean": m, "low": None, "high": None, "n": 1, "sd": None}
    sd = float(a.std(ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return {"mean": m, "low": m - half, "high": m + half, "n": n, "sd": sd}


def rotation_group(g: dict[str, Any]) -> tuple[str, int] | tuple[str, str]:
    """The seat-rotation group of an experiment game: its opponent and seed (index // seats)."""
    seats = len(g["scores"]) if isinstance(g.get("scores"), list) and g["scores"] else 2
    if isinstance(g.get("index"), int):
        return (str(g.get("opponent")), g["index"] // seats)
    return (str(g.get("opponent")), str(g.get("key")))


def games_win_rate(gs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Win rate of experiment games, the interval over their rotation groups."""
    return win_rate([float(g["outcome"]) for g in gs], [rotation_group(g) for g in gs])


def _num(v: Any) -> float | None:
    """A finite float from a record field, else None."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def advice_label(rec: dict[str, Any], multi_kingdom: bool) -> str:
    """A short name: the control kind for controls, else the id's first 8 characters."""
    aid = str(rec.get("id", "?"))
    if rec.get("role") == "control":
        base = f"control:{rec.get('control') or '?'}"
        return f"{base}@{rec.get('kingdom_label')}" if multi_kingdom else base
    return aid[:8]


def rating_value(rec: dict[str, Any]) -> float | None:
    """The overall 1-10 score of an absolute rating."""
    v = _num(rec.get("overall"))
    if v is None and isinstance(rec.get("scores"), dict):
        v = _num(rec["scores"].get("overall"))
    return v


def judge_keys(ratings: Iterable[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Name per (judge, rubric): the judge alone, or 'judge [rubric]' if it used several."""
    rubrics: dict[str, set[str]] = defaultdict(set)
    for r in ratings:
        rubrics[str(r.get("judge", "?"))].add(str(r.get("rubric", "")))
    out: dict[tuple[str, str], str] = {}
    for j, rs in rubrics.items():
        for rb in rs:
            out[(j, rb)] = j if len(rs) == 1 else f"{j} [{rb}]"
    return out


def _compliance(games: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Pooled compliance of LLM-player games: matched gains over gain decisions."""
    matched = decisions = 0.0
    shares: list[float] = []
    for g in games:
        c = g.get("compliance")
        if isinstance(c, dict):
            d, m = _num(c.get("gain_decisions")), _num(c.get("matched"))
            if d is not None and m is not None:
                decisions += d
                matched += m
            elif (share := _num(c.get("share"))) is not None:
                shares.append(share)
        elif (share := _num(c)) is not None:
            shares.append(share)
    if decisions:
        return {
            "share": matched / decisions,
            "matched": matched,
            "decisions": decisions,
            "games": len(games),
        }
    if shares:
        return {"share": float(np.mean(shares)), "games": len(shares)}
    return None


def _llm_player(games: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Totals of the LLM player's per-game counters (calls, fallbacks, invalid answers...)."""
    tot: dict[str, float] = defaultdict(float)
    n = 0
    for g in games:
        info = g.get("llm")
        if not isinstance(info, dict):
            continue
        n += 1
        for k in (
            "calls",
            "fallbacks",
            "invalid",
            "errors",
            "asked",
            "own",
            "tokens_in",
            "tokens_out",
            "decisions",
        ):
            v = _num(info.get(k))
            if v is not None:
                tot[k] += v
    if not n:
        return None
    out: dict[str, Any] = {"games": n, **{k: _whole(tot[k]) for k in sorted(tot)}}
    out["fallback_share"] = tot["fallbacks"] / tot["asked"] if tot["asked"] else None
    return out


@dataclass
class RunData:
    """A run's records sorted for analysis: ratings by advice and judge, games by advice and
    mode, compilations by advice, and the per-advice entries of summary.json."""

    records: Records
    advice: list[dict[str, Any]]
    kingdoms: list[str]
    absolute: list[dict[str, Any]]
    jkeys: dict[tuple[str, str], str]
    judges: list[str]
    by_adv_judge: dict[str, dict[str, list[float]]]
    by_sample: dict[str, dict[tuple[str, int], float]]
    ratings_unused: int
    std: Standardized
    status: dict[str, Any]
    compiles: dict[str, dict[str, Any]]
    failed_ids: set[str]
    games: dict[str, dict[str, list[dict[str, Any]]]]
    source_games: dict[str, list[dict[str, Any]]]
    excluded_games: Counter[str]
    orphan_games: int
    modes: list[str]
    per_advice: list[dict[str, Any]] = field(default_factory=list)

    @property
    def advisors(self) -> list[dict[str, Any]]:
        """Entries of the advisors' advice (neither controls nor ladder items)."""
        return [e for e in self.per_advice if e["role"] not in ("control", "ladder")]

    @property
    def controls(self) -> list[dict[str, Any]]:
        """Entries of the controls."""
        return [e for e in self.per_advice if e["role"] == "control"]

    def items(self, entries: list[dict[str, Any]], mode: str, judge: str | None) -> list[dict]:
        """Per-advice inputs to `across_advice`: z-scores pooled over judges, or one judge raw."""
        out = []
        for e in entries:
            if judge is None:
                rs = {j: self.std.z[j][e["id"]] for j in self.judges if e["id"] in self.std.z[j]}
            else:
                rs = {judge: list(self.by_adv_judge[e["id"]].get(judge, []))}
            os_ = [float(g["outcome"]) for g in self.games[e["id"]].get(mode, [])]
            out.append(
                {
                    "id": e["id"],
                    "cluster": (str(e.get("advisor") or "?"),),
                    "kingdom": str(e["kingdom_label"] or "?"),
                    "ratings": rs,
                    "outcomes": os_,
                    "words": e["words"],
                }
            )
        return out


# The order of summary.json's keys; keys a judge kind adds that are not listed come last.
SUMMARY_KEYS = (
    "schema",
    "run",
    "settings",
    "notes",
    "counts",
    "records",
    "modes",
    "opponents",
    "judges",
    "kingdoms",
    "advice",
    "controls",
    "headline",
    "per_judge",
    "per_kingdom",
    "sensitivity",
    "judge_scales",
    "rating_status",
    "pairwise_judgements",
    "top_rated_loser",
    "reliability",
    "compile",
    "compile_fidelity",
    "llm",
    "llm_players",
    "condition_errors",
    "injection",
    "ladder",
)


def analyze(records: Records, n_boot: int = 2000, seed: int = 0) -> dict[str, Any]:
    """The run's summary: per advice, headline per mode, per judge and kingdom, reliability."""
    from gametest.stats.ladder import analyze_ladder

    run = prepare(records, seed)
    headline, per_kingdom = _headline(run, n_boot, seed)
    parts: dict[str, Any] = {
        "schema": 2,
        "run": _run_info(records),
        "settings": {"n_boot": n_boot, "seed": seed, "level": LEVEL},
        "notes": list(NOTES),
        "counts": _counts(run),
        "records": {n: vars(s) for n, s in records.files.items()},
        "modes": run.modes,
        "opponents": sorted(
            {
                str(g.get("opponent"))
                for a in run.games
                for m in run.games[a]
                for g in run.games[a][m]
            }
        ),
        "judges": run.judges,
        "kingdoms": run.kingdoms,
        "advice": run.per_advice,
        "controls": [_reference_point(e, run.modes) for e in run.controls],
        "headline": headline,
        "per_kingdom": per_kingdom,
        "sensitivity": _sensitivity(run, headline, n_boot, seed),
        "judge_scales": {
            j: {"mean": sc.mean, "sd": sc.sd, "ratings": sc.n} for j, sc in run.std.scale.items()
        },
        "rating_status": run.status,
        "top_rated_loser": {m: top_rated_loser(run.advisors, m) for m in run.modes},
        "reliability": _reliability(run.by_sample, run.by_adv_judge, run.judges, n_boot, seed),
        "compile": _compile_summary(run.per_advice, run.compiles),
        "compile_fidelity": compile_fidelity(
            run.per_advice,
            run.compiles,
            {a: run.games[a].get("compiled", []) for a in run.games},
            run.source_games,
        ),
        "llm": llm_usage(records.llm_calls),
        "llm_players": _llm_player_totals(run.per_advice),
        "condition_errors": condition_errors(records.games),
        "injection": injection_shift(records.advice, run.absolute, run.jkeys, n_boot, seed),
        "ladder": analyze_ladder(records, n_boot=n_boot, seed=seed),
    }
    for name in judge_kinds():
        parts.update(get_judge_kind(name).figures(run, n_boot, seed))
    return {**{k: parts.pop(k) for k in SUMMARY_KEYS if k in parts}, **parts}


def prepare(records: Records, seed: int = 0) -> RunData:
    """Sort a run's records for analysis and build the per-advice entries."""
    advice = [a for a in records.advice if "id" in a and a.get("role") != "injection"]
    ids = {str(a["id"]) for a in advice}
    absolute = ABSOLUTE.records(records.ratings)  # the headline is about absolute ratings
    jkeys = judge_keys(absolute)
    judges = sorted(set(jkeys.values()))
    by_adv_judge, by_sample, unused = _ratings_by_advice(absolute, jkeys, ids)
    advisor_ids = [str(a["id"]) for a in advice if a.get("role", "advisor") != "control"]
    std = zscore_by_judge(
        {j: {a: by_adv_judge[a][j] for a in by_adv_judge if j in by_adv_judge[a]} for j in judges},
        reference=advisor_ids,
    )
    rated_ids = [str(a["id"]) for a in advice if a.get("control") != "none"]
    compiles: dict[str, dict[str, Any]] = {}
    for c in records.compiles:
        compiles[str(c.get("advice_id"))] = c  # the latest compilation of an advice counts
    failed_ids = {a for a, c in compiles.items() if c.get("ok") is False}
    games, source_games, excluded, orphans = _games_by_advice(records.games, ids, failed_ids)
    modes = [m for m in MODES if any(m in games[a] for a in games)] + sorted(
        {m for a in games for m in games[a]} - set(MODES)
    )
    run = RunData(
        records=records,
        advice=advice,
        kingdoms=sorted({str(a.get("kingdom_label") or "?") for a in advice}),
        absolute=absolute,
        jkeys=jkeys,
        judges=judges,
        by_adv_judge=by_adv_judge,
        by_sample=by_sample,
        ratings_unused=unused,
        std=std,
        status=rating_status(absolute, jkeys, rated_ids, rating_value),
        compiles=compiles,
        failed_ids=failed_ids,
        games=games,
        source_games=source_games,
        excluded_games=excluded,
        orphan_games=orphans,
        modes=modes,
    )
    run.per_advice = [_advice_entry(run, a, seed) for a in advice]
    return run


def _ratings_by_advice(
    absolute: list[dict[str, Any]], jkeys: dict[tuple[str, str], str], ids: set[str]
) -> tuple[dict[str, dict[str, list[float]]], dict[str, dict[tuple[str, int], float]], int]:
    """Usable ratings per advice and judge, per judge and (advice, sample), and how many were
    not usable (no score, or advice that is not in the run)."""
    by_adv_judge: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    by_sample: dict[str, dict[tuple[str, int], float]] = defaultdict(dict)
    unused = 0
    for r in absolute:
        v = rating_value(r)
        aid = str(r.get("advice_id"))
        if v is None or aid not in ids:
            unused += 1
            continue
        jk = jkeys[(str(r.get("judge", "?")), str(r.get("rubric", "")))]
        by_adv_judge[aid][jk].append(v)
        sample = r.get("sample")
        if isinstance(sample, int):
            by_sample[jk][(aid, sample)] = v
    return by_adv_judge, by_sample, unused


def _games_by_advice(
    records: list[dict[str, Any]], ids: set[str], failed_ids: set[str]
) -> tuple[
    dict[str, dict[str, list[dict[str, Any]]]], dict[str, list[dict[str, Any]]], Counter[str], int
]:
    """Games per advice and mode, the controls' source-strategy games, compiled games left out
    for a failed compilation (per advice), and games without a known advice or outcome."""
    games: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    excluded: Counter[str] = Counter()
    orphans = 0
    for g in records:
        aid = str(g.get("advice_id"))
        mode = str(g.get("mode", "compiled"))
        if aid not in ids or _num(g.get("outcome")) is None:
            orphans += 1
            continue
        if mode == "source":
            source[aid].append(g)
            continue
        if mode == "compiled" and aid in failed_ids:
            excluded[aid] += 1
            continue
        games[aid][mode].append(g)
    return games, source, excluded, orphans


def _advice_entry(run: RunData, a: dict[str, Any], seed: int) -> dict[str, Any]:
    """One piece of advice in summary.json: its ratings, win rates, compilation and LLM play."""
    aid = str(a["id"])
    pooled = [v for vs in run.by_adv_judge[aid].values() for v in vs]
    entry: dict[str, Any] = {
        "id": aid,
        "label": advice_label(a, len(run.kingdoms) > 1),
        "role": a.get("role", "advisor"),
        "control": a.get("control"),
        "advisor": a.get("advisor"),
        "kingdom_label": a.get("kingdom_label"),
        "kingdom": a.get("kingdom"),
        "words": word_count(str(a.get("text", ""))),
        "word_limit": a.get("word_limit"),
        "text": a.get("text", ""),
        "rating": {
            "pooled": rating_interval(pooled, aid, seed),
            "pooled_z": rating_interval(run.std.pooled(aid), f"z/{aid}", seed),
            "by_judge": {
                j: rating_interval(v, f"{j}/{aid}", seed)
                for j, v in sorted(run.by_adv_judge[aid].items())
            },
        },
        "win_rate": {},
    }
    for m in run.modes:
        gs = run.games[aid].get(m, [])
        by_opp: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for g in gs:
            by_opp[str(g.get("opponent"))].append(g)
        entry["win_rate"][m] = {
            "pooled": games_win_rate(gs),
            "by_opponent": {o: games_win_rate(v) for o, v in sorted(by_opp.items())},
        }
    comp = run.compiles.get(aid)
    entry["compile"] = {
        "status": "none" if comp is None else ("ok" if comp.get("ok") else "failed"),
        "repairs": comp.get("repairs") if comp else None,
        "unexpressed": comp.get("unexpressed") if comp else None,
        "error": comp.get("error") if comp else None,
        "excluded_compiled_games": run.excluded_games.get(aid, 0),
        "flags": list(comp.get("flags") or []) if comp else [],
    }
    llm_games = run.games[aid].get("llm", [])
    entry["compliance"] = _compliance(llm_games)
    entry["llm_player"] = _llm_player(llm_games)
    return entry


def _headline(run: RunData, n_boot: int, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The advisors' headline statistics per mode (stratified by kingdom) and per kingdom."""
    headline: dict[str, Any] = {}
    per_kingdom: dict[str, Any] = {k: {} for k in run.kingdoms}
    for m in run.modes:
        items = run.items(run.advisors, m, None)
        headline[m] = across_advice(items, n_boot, seed, f"pooled/{m}")
        strata = {}
        for k in run.kingdoms:
            sub = [it for it in items if it["kingdom"] == k]
            strata[k] = across_advice_reps(sub, n_boot, seed, f"k:{k}/{m}")
            per_kingdom[k][m] = strata[k][0]
        headline[m]["stratified_by_kingdom"] = stratified(strata)
    return headline, per_kingdom


def _sensitivity(run: RunData, headline: dict[str, Any], n_boot: int, seed: int) -> dict[str, Any]:
    """How each mode's headline moves under the analysis' choices (see sensitivity_rows)."""
    return {
        m: sensitivity_rows(
            headline[m],
            run.items(run.advisors, m, None),
            m,
            run.failed_ids,
            run.controls,
            run.games,
            n_boot,
            seed,
            run.judges,
        )
        for m in run.modes
    }


def _counts(run: RunData) -> dict[str, Any]:
    """How many pieces of advice, ratings of each kind, games and LLM calls the run holds."""
    advice, games = run.advice, run.games
    limits = [(a.get("word_limit") or {}).get("word_limit") for a in advice]
    return {
        "advice": len(advice),
        "advisor_advice": len(run.advisors),
        "controls": len(run.controls),
        **{
            f"ratings_{k}": len(get_judge_kind(k).records(run.records.ratings))
            for k in judge_kinds()
        },
        "ratings_unused": run.ratings_unused,
        "advice_truncated": limits.count("truncated"),
        "advice_over_word_limit": limits.count("violated"),
        "ratings_failed": sum(v["failed"] for v in run.status.values()),
        "ratings_missing": sum(v["missing"] for v in run.status.values()),
        "games": {m: sum(len(games[a].get(m, [])) for a in games) for m in run.modes},
        "games_excluded_failed_compile": sum(run.excluded_games.values()),
        "games_without_advice": run.orphan_games,
        "llm_calls": len(run.records.llm_calls),
    }


def condition_errors(games: list[dict[str, Any]]) -> dict[str, Any]:
    """Compiled conditions that raised at run time (each counted as false), per advice."""
    by_advice: dict[str, dict[str, Any]] = {}
    n_games = 0
    for g in games:
        errs = g.get("condition_errors")
        if not isinstance(errs, dict) or not errs:
            continue
        n_games += 1
        per = by_advice.setdefault(str(g.get("advice_id")), {})
        for expr, e in errs.items():
            n = e.get("count", 0) if isinstance(e, dict) else 0
            slot = per.setdefault(str(expr), {"count": 0, "error": None})
            slot["count"] += int(n) if isinstance(n, int) else 0
            slot["error"] = slot["error"] or (e.get("error") if isinstance(e, dict) else None)
    return {"games": n_games, "by_advice": by_advice}


def _run_info(records: Records) -> dict[str, Any]:
    """What identifies the run: folder, name, commit and versions from the manifest."""
    m = records.manifest
    info: dict[str, Any] = {"dir": str(records.run_dir), "name": records.run_dir.name}
    for k in ("name", "git_commit", "commit", "package_version", "versions", "game", "created"):
        if k in m:
            info[k] = m[k]
    return info


def _reference_point(e: dict[str, Any], modes: Sequence[str]) -> dict[str, Any]:
    """A control's rating and win rates, for showing beside the headline."""
    return {
        "id": e["id"],
        "label": e["label"],
        "control": e["control"],
        "kingdom_label": e["kingdom_label"],
        "rating": e["rating"]["pooled"],
        "win_rate": {m: e["win_rate"][m]["pooled"] for m in modes if m in e["win_rate"]},
    }


def _reliability(
    by_sample: dict[str, dict[tuple[str, int], float]],
    by_adv_judge: dict[str, dict[str, list[float]]],
    judges: list[str],
    n_boot: int,
    seed: int,
) -> dict[str, Any]:
    """Krippendorff's alpha (interval) within each judge's repeats and between judges."""
    n_alpha = min(n_boot, 500)
    within: dict[str, Any] = {}
    for j in judges:
        cells = by_sample.get(j, {})
        units = sorted({a for a, _ in cells})
        samples = sorted({s for _, s in cells})
        data = np.full((len(samples), len(units)), np.nan)
        for (a, s), v in cells.items():
            data[samples.index(s), units.index(a)] = v
        res: dict[str, Any] = (
            alpha_with_ci(data, n_alpha, seed)
            if len(samples) >= 2
            else {"alpha": None, "low": None, "high": None, "units": 0}
        )
        if res["alpha"] is None:
            res["note"] = "n/a (needs repeated ratings that vary)"
        within[j] = {**res, "repeats": len(samples)}
    units = sorted(by_adv_judge)
    between: dict[str, Any] = {"judges": judges}
    if len(judges) >= 2:
        data = np.full((len(judges), len(units)), np.nan)
        for u, a in enumerate(units):
            for j, vs in by_adv_judge[a].items():
                data[judges.index(j), u] = float(np.mean(vs))
        between.update(alpha_with_ci(data, n_alpha, seed))
    else:
        between.update(alpha=None, low=None, high=None, units=0, note="n/a (needs >= 2 judges)")
    return {
        "level": "interval",
        "within_judge": within,
        "between_judges": between,
        "note": "Krippendorff's alpha over every rated advice, controls included; between "
        "judges uses each judge's mean rating per advice.",
    }


def _compile_summary(
    per_advice: list[dict[str, Any]], compiles: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Compilation counts, repairs, and every failure listed."""
    ok = [e for e in per_advice if e["compile"]["status"] == "ok"]
    failed = [e for e in per_advice if e["compile"]["status"] == "failed"]
    none = [e for e in per_advice if e["compile"]["status"] == "none"]
    repairs = [e["compile"]["repairs"] for e in ok if isinstance(e["compile"]["repairs"], int)]
    return {
        "ok": len(ok),
        "failed": len(failed),
        "not_compiled": len(none),
        "repairs_total": sum(repairs),
        "repaired": sum(1 for r in repairs if r > 0),
        "failures": [
            {
                "id": e["id"],
                "label": e["label"],
                "role": e["role"],
                "error": e["compile"]["error"],
                "excluded_compiled_games": e["compile"]["excluded_compiled_games"],
            }
            for e in failed
        ],
        "not_compiled_ids": [e["id"] for e in none],
        "records_without_advice": sorted(set(compiles) - {e["id"] for e in per_advice}),
    }


def _llm_player_totals(per_advice: list[dict[str, Any]]) -> dict[str, Any]:
    """The LLM player's counters summed over every advice."""
    tot: dict[str, float] = defaultdict(float)
    for e in per_advice:
        for k, v in (e["llm_player"] or {}).items():
            if isinstance(v, int | float) and k != "fallback_share":
                tot[k] += v
    out: dict[str, Any] = {k: _whole(v) for k, v in sorted(tot.items())}
    out["fallback_share"] = tot["fallbacks"] / tot["asked"] if tot["asked"] else None
    return out


def llm_usage(calls: list[dict[str, Any]]) -> dict[str, Any]:
    """Calls, tokens, cost and latency per stage ('stage' or 'purpose' field, else backend)."""
    field_name = next((f for f in ("stage", "purpose") if any(f in c for c in calls)), "backend")
    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    costed: dict[str, bool] = defaultdict(bool)
    for c in calls:
        g = groups[str(c.get(field_name) or c.get("backend") or "?")]
        usage: dict[str, Any] = c["usage"] if isinstance(c.get("usage"), dict) else {}
        g["calls"] += 1
        g["cached"] += bool(c.get("cached"))
        g["errors"] += "error" in c
        g["retries"] += int(_num(c.get("retries")) or 0)
        g["prompt_tokens"] += int(_num(usage.get("prompt_tokens")) or 0)
        g["completion_tokens"] += int(_num(usage.get("completion_tokens")) or 0)
        g["latency_s"] += _num(c.get("latency_s")) or 0.0
        cost = _num(usage.get("cost"))
        if cost is not None:
            g["cost"] += cost
            costed[str(c.get(field_name) or c.get("backend") or "?")] = True
        elif "error" not in c and not c.get("cached"):
            g["uncosted_calls"] += 1
    by: dict[str, Any] = {}
    for name, g in sorted(groups.items()):
        by[name] = {
            k: int(g[k])
            for k in (
                "calls",
                "cached",
                "errors",
                "retries",
                "prompt_tokens",
                "completion_tokens",
                "uncosted_calls",
            )
        }
        by[name]["latency_s"] = round(g["latency_s"], 3)
        by[name]["cost"] = round(g["cost"], 6) if costed[name] else None
    total: dict[str, Any] = {
        k: sum(v[k] for v in by.values())
        for k in (
            "calls",
            "cached",
            "errors",
            "retries",
            "prompt_tokens",
            "completion_tokens",
            "uncosted_calls",
        )
    }
    total["latency_s"] = round(sum(v["latency_s"] for v in by.values()), 3)
    costs = [v["cost"] for v in by.values() if v["cost"] is not None]
    total["cost"] = round(sum(costs), 6) if costs else None
    return {
        "grouped_by": field_name,
        "by_stage": by,
        "total": total,
        "note": "cost is None where the price table has no price for the model",
    }


def _whole(v: float) -> int | float:
    """An integral float as an int (counts), else the float."""
    return int(v) if float(v).is_integer() else v


def _jsonable(obj: Any) -> Any:
    """Replace NaN/inf with None and numpy scalars with Python ones, recursively."""
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def write_summary(
    run_dir: str | os.PathLike[str], n_boot: int = 2000, seed: int = 0
) -> dict[str, Any]:
    """Analyze a run folder and write its summary.json (atomically); returns the summary."""
    from gametest.harness.records import write_json_atomic

    summary = _jsonable(analyze(load_run(run_dir), n_boot=n_boot, seed=seed))
    write_json_atomic(Path(run_dir) / SUMMARY_NAME, summary)
    return summary
