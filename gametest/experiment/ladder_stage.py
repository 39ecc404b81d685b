"""The experiment's ladder stages: ladder items (rung x style x length) written into advice.jsonl
and, if asked, each rung re-measured on the experiment's own seeds.

A kingdom's ladder comes from the experiment's `[ladder] file` when its kingdom matches, else it
is built here once and cached in the run folder (ladders/<kingdom>.json), so a rerun reuses it.
Ladder items are rated like any advice but never compiled: their strategy is the rung's own.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gametest.engine.errors import UsageError
from gametest.engine.rng import derive_seed
from gametest.experiment.config import Ladder
from gametest.harness.batch import plan, run_batch
from gametest.harness.records import RecordWriter, write_json_atomic
from gametest.ladder.file import read_ladder, write_ladder
from gametest.records.ids import content_id
from gametest.stats.intervals import wilson

if TYPE_CHECKING:
    from gametest.experiment.runner import Experiment


def _safe(label: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in label)


def ladder_path(exp: Experiment, label: str, cards: list[str]) -> tuple[Path, str]:
    """The ladder file for a kingdom (building and caching it if needed) and its recorded name."""
    lc = exp.cfg.ladder
    assert lc is not None
    if lc.file:
        doc = read_ladder(lc.file)
        if doc["game"] == exp.game.name and sorted(doc["kingdom"]) == sorted(cards):
            return Path(lc.file), lc.file
    rel = f"ladders/{_safe(label)}.json"
    path = exp.path(rel)
    if not path.exists():
        from gametest.ladder.build import LadderOptions, build_ladder

        opts = LadderOptions(
            list(exp.cfg.outcomes.opponents),
            lc.rungs,
            lc.build_games,
            derive_seed(exp.cfg.seed, "ladder", label),
            None,
            exp.workers,
        )
        exp.note(f"building the ladder for {label} ({lc.rungs} rungs)")
        write_ladder(path, build_ladder(exp.game, cards, label, opts))
    return path, rel


def grid(lc: Ladder, n_rungs: int, seed: int) -> list[tuple[int, str, str]]:
    """The (rung, style, length) items to rate: the whole grid, or a balanced seeded sample.

    A sample gives every rung the same number of items (within one), and rotates each rung's
    style x length order so styles and lengths spread evenly over the rungs.
    """
    combos = [(s, ln) for ln in lc.lengths for s in lc.styles]
    if not lc.sample or lc.sample >= n_rungs * len(combos):
        return [(r, s, ln) for r in range(n_rungs) for s, ln in combos]
    rng = random.Random(seed)
    rng.shuffle(combos)
    extra = set(rng.sample(range(n_rungs), lc.sample % n_rungs))
    out = []
    for r in range(n_rungs):
        k = lc.sample // n_rungs + (1 if r in extra else 0)
        turn = combos[r % len(combos) :] + combos[: r % len(combos)]
        out += [(r, s, ln) for s, ln in turn[:k]]
    return out


def item_count(lc: Ladder, n_kingdoms: int) -> int:
    """Ladder items the experiment will rate (a prebuilt file's own rung count when readable)."""
    rungs = lc.rungs
    if lc.file:
        # A bad file is reported by the ladder stage; the plan keeps the configured count.
        with contextlib.suppress(UsageError):
            rungs = len(read_ladder(lc.file, check_strategies=False)["rungs"])
    full = rungs * len(lc.styles) * len(lc.lengths)
    return n_kingdoms * (min(lc.sample, full) if lc.sample else full)


def ladder_items(exp: Experiment, label: str, cards: list[str]) -> list[dict[str, Any]]:
    """The advice records of a kingdom's ladder items (schema: briefs/ladder-schema.md)."""
    from gametest.ladder.styles import render_styled
    from gametest.strategy.model import parse_strategy

    lc = exp.cfg.ladder
    assert lc is not None
    path, name = ladder_path(exp, label, cards)
    doc = read_ladder(path)
    rungs = doc["rungs"]
    out = []
    for r, style, length in grid(lc, len(rungs), derive_seed(exp.cfg.seed, "ladder-grid", label)):
        rung = rungs[r]
        s = parse_strategy(rung["strategy"], exp.game, source=f"{name}: {rung['id']}")
        text = render_styled(s, exp.game, style, length, exp.cfg.seed, f"{label}/{rung['id']}")
        per = list(rung["per_opponent"].values())
        n = sum(int(p["n"]) for p in per)
        lo, hi = wilson(sum(float(p["rate"]) * int(p["n"]) for p in per), n)
        rec: dict[str, Any] = {
            "kind": "advice",
            "game": exp.game.name,
            "kingdom": list(cards),
            "kingdom_label": label,
            "text": text,
            "words": len(text.split()),
            "role": "ladder",
            "control": None,
            "advisor": None,
            "ladder": {
                "file": name,
                "rung": r,
                "rung_id": rung["id"],
                "style": style,
                "length": length,
                "words": len(text.split()),
                "win_rate": rung["win_rate"],
                "lo": min(lo, rung["win_rate"]),  # pooled over opponents (equal n each)
                "hi": max(hi, rung["win_rate"]),
                "n": n,
            },
            "provenance": {
                "source": "ladder",
                "seed": exp.cfg.seed,
                "ladder_seed": doc["seed"],
                "rung_name": rung["name"],
                "rung_provenance": rung["provenance"],
            },
        }
        key = {"ladder": rung["strategy"], "kingdom": cards, "style": style, "length": length}
        rec["id"] = content_id({**key, "text": text})
        out.append(rec)
    return out


def stage_ladder(exp: Experiment) -> None:
    """Write each kingdom's ladder items into advice.jsonl (skipping those already there)."""
    if exp.cfg.ladder is None:
        return
    have = {r["id"] for r in exp._advice()}
    used = False
    with RecordWriter(exp.path("advice.jsonl")) as w:
        for label, cards in exp.kingdoms:
            path, _ = ladder_path(exp, label, cards)
            used = used or path == Path(exp.cfg.ladder.file)
            for rec in ladder_items(exp, label, cards):
                if rec["id"] not in have:
                    w.write(rec)
                    have.add(rec["id"])
    if exp.cfg.ladder.file and not used:
        raise UsageError(
            f"ladder.file: {exp.cfg.ladder.file} is for none of this experiment's kingdoms"
        )


def stage_ladder_games(exp: Experiment) -> None:
    """Re-measure each rung on the experiment's compiled-game seeds; a record per ladder item."""
    lc = exp.cfg.ladder
    if lc is None or not lc.games:
        return
    items = [a for a in exp._advice() if a.get("role") == "ladder"]
    done = exp._games_done("compiled")
    by_rung: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for a in items:
        key = (str(a["kingdom_label"]), a["ladder"]["file"], a["ladder"]["rung_id"])
        by_rung.setdefault(key, []).append(a)
    with RecordWriter(exp.path("games.jsonl")) as w:
        for group in by_rung.values():
            first = group[0]
            lad = first["ladder"]
            inside = exp.path(lad["file"])  # built here, or the user's own file
            doc = read_ladder(inside if inside.exists() else lad["file"])
            rung = next(r for r in doc["rungs"] if r["id"] == lad["rung_id"])
            sfile = exp.path(f"strategies/ladder-{content_id(rung['strategy'])}.json")
            write_json_atomic(sfile, rung["strategy"])
            for opp in exp.cfg.outcomes.opponents:
                seed = derive_seed(exp.cfg.seed, "compiled", first["kingdom_label"], opp)
                specs = [
                    g
                    for g in plan(lc.games, 2, seed)
                    if any((a["id"], opp, g.index) not in done for a in group)
                ]
                by_index = {g.index: g for g in specs}
                for rec in run_batch(
                    exp.game.name, first["kingdom"], [str(sfile), opp], specs, exp.workers
                ):
                    gs = by_index[rec["index"]]
                    for a in group:
                        if (a["id"], opp, gs.index) not in done:
                            w.write(exp._game_record(a, "compiled", opp, gs, rec))
