"""Build a ladder: candidate strategies measured against reference opponents, N rungs picked
spread evenly in win rate from near 0% to the strongest strategy available.

Every candidate plays the same seeded games (paired seeds, seats rotated), first a screening
batch, then the picked rungs play the full batch (the screening games are its first games), so
a ladder is the same for the same seed whatever the number of workers.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError
from gametest.engine.registry import GameDef
from gametest.engine.rng import derive_seed
from gametest.harness.batch import collect, plan, run_batch, summarize
from gametest.ladder.file import FORMAT, rung_id
from gametest.ladder.variants import Candidate, degradations
from gametest.players.registry import supply_names
from gametest.stats.intervals import wilson
from gametest.strategy.builtin import builtin_names, load_builtin
from gametest.strategy.model import StrategyError, parse_strategy

SCREEN_SHARE = 4  # screening plays games // SCREEN_SHARE games per opponent
MIN_SCREEN = 40
BASES = 3  # the strongest bots whose degradations become candidates


@dataclass
class _Score:
    """Points (wins + half ties) and games of one candidate against one opponent."""

    points: float = 0.0
    n: int = 0

    @property
    def rate(self) -> float:
        return self.points / self.n if self.n else 0.0


@dataclass
class _Measured:
    cand: Candidate
    path: str
    scores: dict[str, _Score] = field(default_factory=dict)

    def rate(self) -> float:
        return sum(s.rate for s in self.scores.values()) / len(self.scores)


@dataclass
class LadderOptions:
    """What to build: opponents, rung count, games per opponent, seed, an optional top strategy."""

    against: Sequence[str]
    rungs: int = 12
    games: int = 400
    seed: int = 0
    top: dict[str, Any] | None = None
    workers: int = 1


def _valid(doc: dict[str, Any], game: GameDef, supply: list[str]) -> dict[str, Any] | None:
    """The normalized document if it parses and fits this kingdom, else None."""
    try:
        s = parse_strategy(doc, game, source=str(doc.get("name", "candidate")))
        s.check_kingdom(supply)
    except StrategyError:
        return None
    return dict(s.doc)


class _Bench:
    """Plays candidates against the opponents on shared seeds, keeping running scores."""

    def __init__(self, game: GameDef, kingdom: list[str], opts: LadderOptions, tmp: Path) -> None:
        self.game, self.kingdom, self.opts, self.tmp = game, kingdom, opts, tmp
        self.seeds = {o: derive_seed(opts.seed, "ladder", o) for o in opts.against}

    def add(self, cand: Candidate) -> _Measured:
        path = self.tmp / f"c{len(list(self.tmp.iterdir())):04d}.json"
        path.write_text(json.dumps(cand.doc))
        return _Measured(cand, str(path), {o: _Score() for o in self.opts.against})

    def play(self, ms: Sequence[_Measured], upto: int) -> None:
        """Play each candidate's games n..upto-1 against each opponent (in parallel with -j)."""
        tasks = [
            (self.game.name, self.kingdom, m.path, opp, self.seeds[opp], score.n, upto)
            for m in ms
            for opp, score in m.scores.items()
            if score.n < upto
        ]
        if self.opts.workers > 1 and len(tasks) > 1:
            ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
            with ProcessPoolExecutor(self.opts.workers, mp_context=ctx) as pool:
                results = list(pool.map(_play_range, tasks))
        else:
            results = [_play_range(t) for t in tasks]
        where = {(m.path, opp): m.scores[opp] for m in ms for opp in m.scores}
        for t, (points, n) in zip(tasks, results, strict=True):
            score = where[t[2], t[3]]
            score.points += points
            score.n += n


def _play_range(task: tuple[str, list[str], str, str, int, int, int]) -> tuple[float, int]:
    """Points and games of one candidate against one opponent over games start..stop-1."""
    game, kingdom, path, opp, seed, start, stop = task
    recs = collect(run_batch(game, kingdom, [path, opp], plan(stop, 2, seed, start=start)))
    s = summarize(recs, [path, opp])[0][0]
    return s.wins + 0.5 * s.ties, s.games


def pick_spread(rates: Sequence[float], n: int, must: int | None = None) -> list[int]:
    """Indices of n rates spread evenly from the lowest to the highest (or to `must`'s rate).

    Targets are evenly spaced; each takes the nearest unused candidate, endpoints first.
    """
    if not rates:
        return []
    order = sorted(range(len(rates)), key=lambda i: (rates[i], i))
    lo = order[0]
    hi = must if must is not None else order[-1]
    if n <= 1:
        return [hi]
    span = rates[hi] - rates[lo]
    chosen = [lo, hi] if lo != hi else [hi]
    targets = [rates[lo] + span * k / (n - 1) for k in range(1, n - 1)]
    for t in targets:
        free = [i for i in order if i not in chosen and rates[i] <= rates[hi]]
        if not free:
            break
        chosen.append(min(free, key=lambda i: (abs(rates[i] - t), i)))
    return sorted(chosen, key=lambda i: (rates[i], i))


def build_ladder(
    game: GameDef,
    kingdom: list[str],
    kingdom_label: str,
    opts: LadderOptions,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Measure candidates and return a ladder document (format gametest-ladder/1)."""
    say = progress or (lambda msg: None)
    if opts.rungs < 2:
        raise UsageError("--rungs: a ladder needs at least 2 rungs")
    if not opts.against:
        raise UsageError("--against: name at least one opponent")
    supply = supply_names(game, kingdom)
    screen = min(opts.games, max(MIN_SCREEN, opts.games // SCREEN_SHARE))
    with tempfile.TemporaryDirectory(prefix="gametest-ladder-") as tmpdir:
        bench = _Bench(game, kingdom, opts, Path(tmpdir))
        seen: set[str] = set()
        pool: list[_Measured] = []

        def consider(cand: Candidate) -> _Measured | None:
            doc = _valid(cand.doc, game, supply)
            if doc is None:
                return None
            body = json.dumps({k: v for k, v in doc.items() if k != "name"}, sort_keys=True)
            if body in seen:
                return None
            seen.add(body)
            m = bench.add(Candidate(cand.name, cand.provenance, doc))
            pool.append(m)
            return m

        bots = []
        for name in builtin_names(game.name):
            m = consider(Candidate(name, f"bot:{name}", {**load_builtin(name, game).doc}))
            if m is not None:
                bots.append(m)
        bench.play(bots, screen)
        say(f"screened {len(bots)} built-in bots")
        top: _Measured | None = None
        if opts.top is not None:
            doc = _valid(opts.top, game, supply)
            if doc is None:
                raise UsageError("--top: the strategy does not fit this kingdom")
            name = str(doc.get("name", "top"))
            top = bench.add(Candidate(name, f"top:{name}", doc))
            bench.play([top], screen)
            pool.append(top)
            seen.add(json.dumps({k: v for k, v in doc.items() if k != "name"}, sort_keys=True))
        bases = sorted(bots, key=lambda m: -m.rate())[:BASES]
        if top is not None:
            bases = [top, *bases]
        floors = [dict(game.info.default_strategy or {"gain": []})]
        floors += [dict(d) for d in game.info.wrong_strategies]
        floors.append({"name": "buy-nothing", "gain": [], "cards": {}})
        for doc in floors:
            doc.setdefault("name", "floor")
            consider(Candidate(str(doc["name"]), f"floor:{doc['name']}", doc))
        for base in bases:
            for cand in degradations(base.cand, game, supply, kingdom):
                consider(cand)
        bench.play(pool, screen)
        say(f"screened {len(pool)} candidates ({screen} games per opponent)")
        strongest = top if top is not None else max(bots or pool, key=lambda m: m.rate())
        rates = [m.rate() for m in pool]
        # A shortlist of twice the rungs, measured in full, then the final even spread from it:
        # screening noise then moves rungs less.
        short = [pool[i] for i in pick_spread(rates, 2 * opts.rungs, pool.index(strongest))]
        bench.play(short, opts.games)
        full = [m.rate() for m in short]
        chosen = [short[i] for i in pick_spread(full, opts.rungs, short.index(strongest))]
        say(f"measured {len(short)} shortlisted candidates ({opts.games} games per opponent)")
        chosen.sort(key=lambda m: (m.rate(), m.cand.name))
        rungs = []
        for i, m in enumerate(chosen):
            per = {}
            for opp, s in m.scores.items():
                lo, hi = wilson(s.points, s.n)
                per[opp] = {
                    "rate": s.rate,
                    "lo": min(lo, s.rate),  # rounding can put Wilson's bound past 0 or 1
                    "hi": max(hi, s.rate),
                    "n": s.n,
                    "seed": bench.seeds[opp],
                }
            rid = rung_id(i)
            rungs.append(
                {
                    "id": rid,
                    "name": m.cand.name,
                    "provenance": m.cand.provenance,
                    "strategy": {**m.cand.doc, "name": f"ladder-{rid}-{m.cand.name}"},
                    "win_rate": m.rate(),
                    "per_opponent": per,
                }
            )
    return {
        "format": FORMAT,
        "game": game.name,
        "game_version": game.version,
        "kingdom": list(kingdom),
        "kingdom_label": kingdom_label,
        "against": list(opts.against),
        "games": opts.games,
        "seed": opts.seed,
        "candidates": len(pool),
        "screen_games": screen,
        "rungs": rungs,
    }
