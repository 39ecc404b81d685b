"""Racing: evaluate candidate strategies by successive halving on common random numbers.

Every candidate in a round plays the same seeds (paired, seats rotated) against every opponent,
so differences between candidates are not luck of the draw. After each round the better half
goes on with twice the games, so most games go to the contenders. All games of a round go to
the executor as one ordered map, so results do not depend on where or on how many workers ran.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gametest.engine.loop import play_game
from gametest.engine.registry import get_game
from gametest.engine.rng import derive_seed
from gametest.harness.batch import GameSpec, plan
from gametest.harness.executor import Executor, chunks, worker_state

Doc = dict[str, Any]
CHUNK = 50


def doc_key(doc: Doc) -> str:
    """A canonical text of a strategy document (its identity in caches and checkpoints)."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"))


def _players(game_name: str, docs: tuple[str, str]) -> tuple[Any, list[Any]]:
    from gametest.players.strategy_player import StrategyPlayer
    from gametest.strategy.model import parse_strategy

    game = get_game(game_name)
    return game, [StrategyPlayer(parse_strategy(json.loads(d), game), game) for d in docs]


def play_pair(setup: tuple[str, tuple[str, ...], str, str], chunk: list[GameSpec]) -> list[float]:
    """Outcomes for the first strategy (1 win, 0.5 shared win, 0 loss) over a chunk of games."""
    game_name, kingdom, a, b = setup
    game, players = worker_state(("optimize", game_name, a, b), lambda: _players(game_name, (a, b)))
    out = []
    cards = list(kingdom)
    for gs in chunk:
        seated = [players[p] for p in gs.seats]
        res = play_game(game, cards, seated, gs.seed)
        seat = gs.seats.index(0)
        if seat in res.winners:
            out.append(1.0 if len(res.winners) == 1 else 0.5)
        else:
            out.append(0.0)
    return out


@dataclass
class Score:
    """A candidate's results so far in one race: summed outcomes and games per opponent."""

    wins: dict[str, float] = field(default_factory=dict)
    games: dict[str, int] = field(default_factory=dict)

    def rate(self, opp: str) -> float:
        """Win rate (ties half) against one opponent."""
        n = self.games.get(opp, 0)
        return self.wins.get(opp, 0.0) / n if n else 0.0

    def fitness(self, opps: Sequence[str]) -> float:
        """Mean win rate over the opponents (each weighs the same)."""
        return sum(self.rate(o) for o in opps) / len(opps) if opps else 0.0


def play_matches(
    executor: Executor,
    game: str,
    kingdom: Sequence[str],
    pairs: Sequence[tuple[Doc, Doc]],
    games: int,
    seed: int,
) -> list[tuple[float, int]]:
    """(summed outcome of the first, games) for each pair, all on the same `games` seeds."""
    specs = plan(games, 2, seed)
    work: list[tuple[tuple[str, tuple[str, ...], str, str], list[GameSpec]]] = []
    owner: list[int] = []
    for i, (a, b) in enumerate(pairs):
        setup = (game, tuple(kingdom), doc_key(a), doc_key(b))
        for c in chunks(specs, CHUNK):
            work.append((setup, c))
            owner.append(i)
    totals = [(0.0, 0)] * len(pairs)
    for i, outcomes in zip(owner, executor.map(_run, work), strict=True):
        w, n = totals[i]
        totals[i] = (w + sum(outcomes), n + len(outcomes))
    return totals


def _run(item: tuple[tuple[str, tuple[str, ...], str, str], list[GameSpec]]) -> list[float]:
    return play_pair(*item)


@dataclass
class RaceResult:
    """The outcome of one race: candidates ranked best first, scores, games spent."""

    order: list[int]  # candidate indices, best first (by round reached, then fitness)
    scores: list[Score]
    reached: list[int]  # last round each candidate played
    games: int
    first_round: list[float]  # every candidate's fitness after round 0


def race(
    executor: Executor,
    game: str,
    kingdom: Sequence[str],
    candidates: Sequence[Doc],
    opponents: dict[str, Doc],
    first_games: int,
    seed: int,
    keep: int = 2,
    on_round: Callable[[int, int], None] | None = None,
) -> RaceResult:
    """Successive halving: every candidate plays `first_games` against every opponent; the
    better half plays twice as many new games; and so on until `keep` remain."""
    names = list(opponents)
    scores = [Score() for _ in candidates]
    reached = [0] * len(candidates)
    alive = list(range(len(candidates)))
    n = first_games
    spent = 0
    first_round: list[float] = []
    rnd = 0
    while True:
        pairs = [(candidates[c], opponents[o]) for c in alive for o in names]
        res = play_matches(executor, game, kingdom, pairs, n, derive_seed(seed, "round", rnd))
        k = 0
        for c in alive:
            for o in names:
                w, g = res[k]
                k += 1
                scores[c].wins[o] = scores[c].wins.get(o, 0.0) + w
                scores[c].games[o] = scores[c].games.get(o, 0) + g
                spent += g
            reached[c] = rnd
        if rnd == 0:
            first_round = [s.fitness(names) for s in scores]
        if on_round is not None:
            on_round(rnd, spent)
        if len(alive) <= keep:
            break
        alive.sort(key=lambda c: -scores[c].fitness(names))
        alive = alive[: max(keep, (len(alive) + 1) // 2)]
        n *= 2
        rnd += 1
    order = sorted(
        range(len(candidates)), key=lambda c: (-reached[c], -scores[c].fitness(names), c)
    )
    return RaceResult(order, scores, reached, spent, first_round)
