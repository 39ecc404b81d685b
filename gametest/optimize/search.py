"""The strategy search: generations of candidates, raced against the opponents and the champion.

Generation 0 is the built-in bots that fit the kingdom plus children of them. Each generation
races its candidates (gametest/optimize/racing.py); fitness is the mean win rate against each
opponent and against the current champion (so the search does not overfit one opponent). The
winner of the race becomes the champion; the next generation keeps the best few and fills up
with their children (gametest/optimize/mutate.py). A checkpoint after every generation makes a
killed search resume where it stopped, with the same result as an uninterrupted one.
"""

from __future__ import annotations

import copy
import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError
from gametest.engine.registry import GameDef
from gametest.engine.rng import derive_seed
from gametest.harness.executor import Executor
from gametest.harness.records import write_json_atomic
from gametest.optimize.mutate import Doc, Mutator
from gametest.optimize.racing import doc_key, play_matches, race
from gametest.players.registry import supply_names
from gametest.strategy.builtin import builtin_names, load_builtin
from gametest.strategy.model import StrategyError, load_strategy

STATE_FILE = "state.json"
CHAMPION = "champion"
STATE_VERSION = 1
CONFIRM_FINALISTS = 4


@dataclass
class SearchConfig:
    """What to search: the game, kingdom, opponents, budget and the race's sizes."""

    game: str
    kingdom: str
    cards: list[str]
    against: list[str] = field(default_factory=list)  # empty: the best built-in bot here
    budget: int = 200_000
    seed: int = 0
    population: int = 16
    first_games: int = 50  # games per opponent for every candidate in a race's first round
    elite: int = 4
    rank_games: int = 200  # games per pair when ranking the built-in bots
    confirm_games: int = 2000  # fresh games per opponent for each finalist at the end

    def key(self) -> dict[str, Any]:
        """The settings a checkpoint must match to be resumed (the budget may grow)."""
        d = asdict(self)
        d.pop("budget")
        return d


def fitting_bots(game: GameDef, cards: list[str]) -> dict[str, Doc]:
    """The built-in bots whose gain lists fit this kingdom, as documents."""
    supply = supply_names(game, cards)
    out = {}
    for name in builtin_names(game.name):
        s = load_builtin(name, game)
        try:
            s.check_kingdom(supply)
        except StrategyError:
            continue
        out[name] = _plain(s.doc, name)
    return out


def _plain(doc: Doc, name: str) -> Doc:
    d = copy.deepcopy(doc)
    d["name"] = name
    d.pop("game", None)
    return d


def opponent_doc(game: GameDef, cards: list[str], spec: str) -> tuple[str, Doc]:
    """(name, document) for an --against spec: a built-in bot or a strategy file."""
    if spec in builtin_names(game.name):
        s = load_builtin(spec, game)
    elif spec.endswith((".toml", ".json")) or Path(spec).exists():
        s = load_strategy(spec, game)
    else:
        raise UsageError(
            f"--against: '{spec}' is neither a built-in bot of {game.name} nor a strategy file "
            "(the optimizer plays strategies only)"
        )
    s.check_kingdom(supply_names(game, cards))
    return s.name, _plain(s.doc, s.name)


def rank_bots(
    executor: Executor, game: GameDef, cards: list[str], bots: dict[str, Doc], games: int, seed: int
) -> tuple[list[tuple[str, float]], int]:
    """A round-robin of the bots ([(name, mean pairwise win rate)], best first) and its games."""
    names = sorted(bots)
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    res = play_matches(
        executor, game.name, cards, [(bots[a], bots[b]) for a, b in pairs], games, seed
    )
    score = {n: 0.0 for n in names}
    for (a, b), (w, n) in zip(pairs, res, strict=True):
        score[a] += w / n
        score[b] += 1 - w / n
    k = max(1, len(names) - 1)
    ranked = sorted(((n, score[n] / k) for n in names), key=lambda t: (-t[1], t[0]))
    return ranked, sum(n for _, n in res)


@dataclass
class State:
    """Everything a resumed search needs (written after every generation)."""

    config: dict[str, Any]
    generation: int = 0  # the next generation to run
    spent: int = 0  # games played by the search so far (ranking included)
    seconds: float = 0.0  # wall time of the search so far, over all sessions
    bot_ranking: list[tuple[str, float]] = field(default_factory=list)
    opponents: dict[str, Doc] = field(default_factory=dict)
    population: list[Doc] = field(default_factory=list)
    champion: Doc | None = None
    champion_fitness: dict[str, float] = field(default_factory=dict)
    curve: list[dict[str, Any]] = field(default_factory=list)
    # every game a candidate played against the fixed opponents, over all generations:
    # doc key -> opponent -> [summed outcomes, games] (seeds differ per race, so they add up)
    evidence: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    docs: dict[str, Doc] = field(default_factory=dict)  # doc key -> document, for evidence
    final: Doc | None = None  # the confirmed best (what best.toml holds)
    final_generation: int = -1  # the generation count the confirmation was made at
    confirmation: list[dict[str, Any]] = field(default_factory=list)
    confirm_spent: int = 0  # games of confirmation races (one per session that ended a search)
    version: int = STATE_VERSION

    def rate(self, doc: Doc) -> tuple[float, int]:
        """Pooled win rate against the fixed opponents over all races, and its games."""
        ev = self.evidence.get(_plain_key(doc), {})
        w = sum(ev.get(o, [0.0, 0])[0] for o in self.opponents)
        n = int(sum(ev.get(o, [0.0, 0])[1] for o in self.opponents))
        return (w / n if n else 0.0), n

    def lower_bound(self, doc: Doc) -> float:
        """The 95% Wilson lower bound of that pooled win rate."""
        from gametest.stats.intervals import wilson

        r, n = self.rate(doc)
        return wilson(r * n, n)[0] if n else 0.0

    def best(self) -> Doc:
        """The strategy to hand out: the best lower bound over everything raced so far."""
        assert self.champion is not None
        if not self.docs:
            return self.champion
        key = max(self.docs, key=lambda k: (self.lower_bound(self.docs[k]), k))
        return self.docs[key]

    def save(self, out: Path) -> None:
        """Write the checkpoint atomically."""
        write_json_atomic(out / STATE_FILE, asdict(self))

    @classmethod
    def load(cls, out: Path) -> State | None:
        """The checkpoint in `out`, if there is one."""
        p = out / STATE_FILE
        if not p.exists():
            return None
        try:
            data = json.loads(p.read_text())
            data["bot_ranking"] = [tuple(x) for x in data.get("bot_ranking", [])]
            return cls(**data)
        except (ValueError, TypeError) as e:
            raise UsageError(f"{p}: not a readable optimizer checkpoint ({e})") from None


Progress = Callable[[str, State, dict[str, Any]], None]


class Search:
    """One optimizer run in its output folder."""

    def __init__(
        self,
        game: GameDef,
        cfg: SearchConfig,
        out: Path,
        executor: Executor,
        progress: Progress | None = None,
    ) -> None:
        self.game = game
        self.cfg = cfg
        self.out = out
        self.ex = executor
        self.progress = progress or (lambda kind, state, info: None)
        self.supply = supply_names(game, cfg.cards)
        self.mutator = Mutator(game, self.supply, cfg.cards)
        self.session_games = 0
        self.session_seconds = 0.0

    def _setup(self) -> State:
        """Rank the built-in bots, pick the opponents, make generation 0."""
        cfg = self.cfg
        state = State(config=cfg.key())
        bots = fitting_bots(self.game, cfg.cards)
        if not bots:
            raise UsageError(f"no built-in {self.game.name} bot fits kingdom {cfg.kingdom}")
        t0 = time.perf_counter()
        if len(bots) > 1:
            state.bot_ranking, games = rank_bots(
                self.ex, self.game, cfg.cards, bots, cfg.rank_games, derive_seed(cfg.seed, "rank")
            )
            state.spent += games
        else:
            state.bot_ranking = [(next(iter(bots)), 0.5)]
        state.seconds += time.perf_counter() - t0
        against = cfg.against or [state.bot_ranking[0][0]]
        for spec in against:
            name, doc = opponent_doc(self.game, cfg.cards, spec)
            if name == CHAMPION or name in state.opponents:
                raise UsageError(f"--against: '{name}' is named twice (or reserved)")
            state.opponents[name] = doc
        ranked = [bots[n] for n, _ in state.bot_ranking]
        rng = random.Random(derive_seed(cfg.seed, "generation", 0))
        family = self._with_one_more(ranked[0])
        if len(family) > 3 * cfg.population:  # a big market (Embermarch): a seeded sample
            family = rng.sample(family, 3 * cfg.population)
        pop = ranked + family
        while len(pop) < cfg.population:
            pop.append(
                self._named(self.mutator.child(ranked[: max(2, cfg.elite)], rng), 0, len(pop))
            )
        state.population = _unique(pop)
        state.champion = ranked[0]
        return state

    def _with_one_more(self, base: Doc) -> list[Doc]:
        """The best bot plus one or two of each Kingdom card it does not buy, placed just
        before or after its Gold: the "money plus X" family many strong simple strategies
        come from, raced in full in generation 0."""
        gain = list(base.get("gain", []))
        cards = [e if isinstance(e, str) else e["card"] for e in gain]
        gold = cards.index("Gold") if "Gold" in cards else max(0, len(gain) - 1)
        out = []
        for x in self.cfg.cards:
            if x in cards:
                continue
            for at, limit in ((gold, 1), (gold, 2), (gold + 1, 1)):
                doc = copy.deepcopy(base)
                doc["gain"] = [*gain[:at], {"card": x, "limit": limit}, *gain[at:]]
                doc["name"] = f"{base.get('name', 'bot')}+{x}-{limit}{'a' if at > gold else ''}"
                doc.pop("description", None)
                if self.mutator.valid(doc):
                    out.append(doc)
        return out

    @staticmethod
    def _named(doc: Doc, gen: int, i: int) -> Doc:
        d = dict(doc)
        d["name"] = f"g{gen}-{i}"
        d.pop("description", None)
        return d

    def gen_cost(self, state: State) -> int:
        """Games one generation of the race spends."""
        per = 0
        alive, n = max(self.cfg.population, len(state.population)), self.cfg.first_games
        while True:
            per += alive * n
            if alive <= 2:
                break
            alive, n = max(2, (alive + 1) // 2), n * 2
        return per * (len(state.opponents) + 1)

    def run(self) -> State:
        """Run (or resume) generations until the budget is spent; returns the final state."""
        self.out.mkdir(parents=True, exist_ok=True)
        state = State.load(self.out)
        if state is not None and state.config != self.cfg.key():
            raise UsageError(
                f"{self.out} holds a search with other settings; use another --out or the "
                "same options (only --budget may change)"
            )
        if state is None:
            state = self._setup()
            state.save(self.out)
        self.progress("start", state, {"gen_cost": self.gen_cost(state)})
        reserve = self.confirm_cost(state)
        # the budget covers the search and its final confirmation; when a finished search is
        # extended (a larger --budget), the earlier confirmation comes on top, so the extended
        # search plays the same generations as one started with the larger budget
        while state.spent + self.gen_cost(state) + reserve <= self.cfg.budget:
            self.generation(state)
            state.save(self.out)
        if state.final_generation != state.generation:
            self.confirm(state)
            state.save(self.out)
        self.progress("done", state, {})
        return state

    def finalists(self, state: State) -> list[Doc]:
        """The champion and the best few by lower bound: what the confirmation race compares."""
        assert state.champion is not None
        by_lb = sorted(state.docs.items(), key=lambda kv: (-state.lower_bound(kv[1]), kv[0]))
        return _unique([state.champion, *(d for _, d in by_lb[:CONFIRM_FINALISTS])])

    def confirm_cost(self, state: State) -> int:
        """Games the confirmation race takes (reserved from the budget)."""
        return (CONFIRM_FINALISTS + 1) * self.cfg.confirm_games * len(state.opponents)

    def confirm(self, state: State) -> None:
        """Play the finalists on fresh seeds against the opponents and hand out the best: the
        search's own numbers flatter whoever was picked on them (the winner's curse)."""
        t0 = time.perf_counter()
        docs = self.finalists(state)
        names = list(state.opponents)
        pairs = [(d, state.opponents[o]) for d in docs for o in names]
        seed = derive_seed(self.cfg.seed, "confirm", state.generation)
        res = play_matches(
            self.ex, self.game.name, self.cfg.cards, pairs, self.cfg.confirm_games, seed
        )
        rates = []
        for i in range(len(docs)):
            part = res[i * len(names) : (i + 1) * len(names)]
            rates.append(sum(w / n for w, n in part) / len(names))
            state.confirm_spent += sum(n for _, n in part)
        best = max(range(len(docs)), key=lambda i: (rates[i], -i))
        state.final = docs[best]
        state.final_generation = state.generation
        state.confirmation = [
            {"name": d.get("name", ""), "win_rate": round(r, 4)}
            for d, r in zip(docs, rates, strict=True)
        ]
        state.seconds += time.perf_counter() - t0

    def generation(self, state: State) -> None:
        """Race one generation, crown its winner, breed the next one."""
        cfg, g = self.cfg, state.generation
        t0 = time.perf_counter()
        assert state.champion is not None
        opponents = {**state.opponents, CHAMPION: state.champion}
        start = state.spent

        def on_round(rnd: int, spent: int) -> None:
            self.progress("round", state, {"round": rnd, "spent": start + spent})

        res = race(
            self.ex,
            self.game.name,
            cfg.cards,
            state.population,
            opponents,
            cfg.first_games,
            derive_seed(cfg.seed, "race", g),
            on_round=on_round,
        )
        names = list(opponents)
        fixed = list(state.opponents)
        for i, doc in enumerate(state.population):
            key = _plain_key(doc)
            state.docs.setdefault(key, doc)
            ev = state.evidence.setdefault(key, {})
            for o in fixed:
                w, n = ev.get(o, [0.0, 0])
                ev[o] = [w + res.scores[i].wins.get(o, 0.0), n + res.scores[i].games.get(o, 0)]
        # The race winner takes over only if it has done better against the opponents over
        # all its games so far and did not lose to the champion head to head: a lucky
        # newcomer cannot unseat a champion with ten times its evidence.
        ckey = _plain_key(state.champion)
        champ_i = next((i for i, d in enumerate(state.population) if _plain_key(d) == ckey), None)
        top = res.order[0]
        if champ_i is None:
            best = top
        else:
            head_to_head = res.scores[top].rate(CHAMPION)
            better = state.rate(state.population[top])[0] > state.rate(state.champion)[0]
            best = top if better and head_to_head >= 0.5 else champ_i
        score = res.scores[best]
        state.champion = state.population[best]
        state.champion_fitness = {o: score.rate(o) for o in names}
        state.champion_fitness["fitness"] = score.fitness(names)
        state.spent += res.games
        dt = time.perf_counter() - t0
        state.seconds += dt
        self.session_games += res.games
        self.session_seconds += dt
        state.curve.append(
            {
                "generation": g,
                "games": state.spent,
                "seconds": round(state.seconds, 1),
                "best_fitness": round(score.fitness(names), 4),
                "best_vs_opponents": round(state.rate(state.champion)[0], 4),
                "best_games_vs_opponents": state.rate(state.champion)[1],
                "median_fitness": round(statistics.median(res.first_round), 4),
                "best_games_per_opponent": score.games.get(names[0], 0),
            }
        )
        rng = random.Random(derive_seed(cfg.seed, "generation", g + 1))
        ranked = [state.population[i] for i in res.order]
        parents = ranked[: max(2, cfg.population // 2)]
        nxt = _unique([state.champion, *ranked[: cfg.elite]])
        tries = 0
        while len(nxt) < cfg.population and tries < 50 * cfg.population:
            tries += 1
            kid = self._named(self.mutator.child(parents[: cfg.elite * 2], rng), g + 1, len(nxt))
            if _plain_key(kid) not in {_plain_key(d) for d in nxt}:
                nxt.append(kid)
        state.population = nxt
        state.generation = g + 1
        self.progress("generation", state, {"seconds": dt, "games": res.games})

    def games_per_second(self) -> float:
        """Search games per wall second in this session (after set-up)."""
        return self.session_games / self.session_seconds if self.session_seconds else 0.0


def _plain_key(doc: Doc) -> str:
    """A document's identity without its name and description."""
    return doc_key({k: v for k, v in doc.items() if k not in ("name", "description")})


def _unique(docs: list[Doc]) -> list[Doc]:
    seen: set[str] = set()
    out = []
    for d in docs:
        k = _plain_key(d)
        if k not in seen:
            seen.add(k)
            out.append(d)
    return out
