"""Ratings from game outcomes: Bradley-Terry and Plackett-Luce on an Elo-like scale, with
bootstrap intervals, and the pairwise win matrix.

Both models are maximum-likelihood fits of the same choice model: at each "stage" one player is
chosen from a set with probability exp(t_i) / sum(exp(t_j)). Bradley-Terry uses the pairwise
comparisons of every game (a tie counts as half a win each way); Plackett-Luce uses each game's
full finishing order (tied players contribute every order of the tie with equal weight), so for
two-player games the two coincide. A weak prior of `prior_ties` virtual tied games per pair that
met keeps ratings finite when one side won every game.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

ELO_SCALE = 400.0 / math.log(10.0)
ELO_MEAN = 1500.0

# One game's outcome: (participant, place) per seat; lower place is better, equal = tie.
Outcome = Sequence[tuple[int, float]]


def finish_places(winners: Sequence[int], scores: Sequence[int], turns: Sequence[int]) -> list[int]:
    """Place per seat: 0 for the winners, then the rest by score (higher) and turns (fewer)."""
    keys = [(0, 0, 0) if s in winners else (1, -scores[s], turns[s]) for s in range(len(scores))]
    order = sorted(set(keys))
    return [order.index(k) for k in keys]


@dataclass(frozen=True)
class _Stages:
    """Unique choice stages (chooser, candidate set) and each game's weight on them."""

    chooser: NDArray[np.int64]
    mask: NDArray[np.float64]
    game: NDArray[np.int64]
    stage: NDArray[np.int64]
    weight: NDArray[np.float64]


def _build(per_game: list[list[tuple[int, tuple[int, ...], float]]], n: int) -> _Stages:
    """Index the stages of every game: (chooser, sorted candidate tuple, weight)."""
    index: dict[tuple[int, tuple[int, ...]], int] = {}
    g_idx: list[int] = []
    s_idx: list[int] = []
    wts: list[float] = []
    for g, stages in enumerate(per_game):
        for chooser, cands, w in stages:
            key = (chooser, cands)
            s = index.setdefault(key, len(index))
            g_idx.append(g)
            s_idx.append(s)
            wts.append(w)
    choosers = np.zeros(len(index), dtype=np.int64)
    mask = np.zeros((len(index), n), dtype=np.float64)
    for (c, cands), s in index.items():
        choosers[s] = c
        mask[s, list(cands)] = 1.0
    return _Stages(
        choosers,
        mask,
        np.asarray(g_idx, dtype=np.int64),
        np.asarray(s_idx, dtype=np.int64),
        np.asarray(wts, dtype=np.float64),
    )


def pairwise_stages(outcome: Outcome) -> list[tuple[int, tuple[int, ...], float]]:
    """Bradley-Terry stages of one game: every pair of seats, a tie as half a win each way."""
    out: list[tuple[int, tuple[int, ...], float]] = []
    for (a, pa), (b, pb) in itertools.combinations(outcome, 2):
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        if pa < pb:
            out.append((a, pair, 1.0))
        elif pb < pa:
            out.append((b, pair, 1.0))
        else:
            out.append((a, pair, 0.5))
            out.append((b, pair, 0.5))
    return out


def ranking_stages(outcome: Outcome) -> list[tuple[int, tuple[int, ...], float]]:
    """Plackett-Luce stages of one game; a tie contributes each of its orders equally."""
    groups: dict[float, list[int]] = {}
    for p, place in outcome:
        groups.setdefault(place, []).append(p)
    ordered = [groups[k] for k in sorted(groups)]
    perms = [list(itertools.permutations(g)) for g in ordered]
    combos = list(itertools.product(*perms))
    w = 1.0 / len(combos)
    out = []
    for combo in combos:
        order = [p for part in combo for p in part]
        for t in range(len(order) - 1):
            out.append((order[t], tuple(sorted(order[t:])), w))
    return out


def _prior_stages(
    outcomes: Sequence[Outcome], prior_ties: float
) -> list[tuple[int, tuple[int, ...], float]]:
    """Virtual ties (half a win each way) between every pair of participants that met."""
    if prior_ties <= 0:
        return []
    pairs = set()
    for o in outcomes:
        for (a, _), (b, _) in itertools.combinations(o, 2):
            if a != b:
                pairs.add((min(a, b), max(a, b)))
    half = prior_ties / 2
    return [st for a, b in sorted(pairs) for st in ((a, (a, b), half), (b, (a, b), half))]


def fit_choice(
    chooser: NDArray[np.int64],
    mask: NDArray[np.float64],
    weight: NDArray[np.float64],
    n: int,
    start: NDArray[np.float64] | None = None,
    tol: float = 1e-9,
) -> NDArray[np.float64]:
    """Maximum-likelihood strengths (natural log scale, summing to 0) of the choice model."""
    keep = weight > 0
    chooser, mask, weight = chooser[keep], mask[keep], weight[keep]
    chosen = np.bincount(chooser, weights=weight, minlength=n).astype(np.float64)
    ridge = 1e-9

    def probs(theta: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        z = np.where(mask > 0, theta[None, :], -np.inf)
        m = z.max(axis=1, keepdims=True)
        e = np.exp(z - m)
        tot = e.sum(axis=1, keepdims=True)
        return e / tot, (m + np.log(tot))[:, 0]

    def fun(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        p, lse = probs(theta)
        s = theta.sum()
        nll = -float(weight @ (theta[chooser] - lse)) + 0.5 * s * s
        nll += 0.5 * ridge * float(theta @ theta)
        grad = -chosen + p.T @ weight + s + ridge * theta
        return nll, grad

    def hess(theta: NDArray[np.float64]) -> NDArray[np.float64]:
        p, _ = probs(theta)
        pw = p * weight[:, None]
        h = np.diag(pw.sum(axis=0)) - pw.T @ p
        return np.asarray(h + 1.0 + ridge * np.eye(n), dtype=np.float64)

    theta = np.zeros(n) if start is None else start.astype(np.float64).copy()
    if len(weight) == 0:
        return theta
    # Damped Newton: the objective is strictly convex (gauge and ridge terms), so this
    # converges in a handful of steps; it is much faster than a general-purpose optimiser.
    f, g = fun(theta)
    scale = max(1.0, float(weight.sum()))
    for _ in range(100):
        if float(np.abs(g).max()) < tol * scale:
            break
        step = np.linalg.solve(hess(theta), -g)
        if float(np.abs(step).max()) < 1e-12:
            break
        t = 1.0
        while True:
            cand = theta + t * step
            fc, gc = fun(cand)
            if fc <= f + 1e-4 * t * float(g @ step) or t < 1e-6:
                break
            t *= 0.5
        theta, f, g = cand, fc, gc
    return theta - theta.mean()


def to_elo(theta: NDArray[np.float64]) -> NDArray[np.float64]:
    """Log-strengths to an Elo-like scale: 400 points = 10:1 odds, mean 1500."""
    return ELO_MEAN + ELO_SCALE * (theta - theta.mean())


@dataclass
class RatingFit:
    """Ratings (Elo-like) with 95% bootstrap intervals for one model."""

    model: str
    rating: list[float]
    lo: list[float]
    hi: list[float]


def _fit_model(
    outcomes: Sequence[Outcome],
    n: int,
    stager: Callable[[Outcome], list[tuple[int, tuple[int, ...], float]]],
    model: str,
    prior_ties: float,
    bootstrap: int,
    seed: int,
) -> RatingFit:
    """Fit one model to all games, then to `bootstrap` resamples of the games."""
    per_game = [stager(o) for o in outcomes]
    prior = _prior_stages(outcomes, prior_ties)
    st = _build([*per_game, prior], n)
    g = len(outcomes)
    prior_game = g  # the prior is a pseudo-game with weight 1 in every resample

    def fit(counts: NDArray[np.float64], start: NDArray[np.float64] | None) -> NDArray[np.float64]:
        w = np.asarray(
            np.bincount(st.stage, weights=st.weight * counts[st.game], minlength=len(st.chooser)),
            dtype=np.float64,
        )
        return fit_choice(st.chooser, st.mask, w, n, start)

    theta = fit(np.ones(g + 1), None)
    point = to_elo(theta)
    if bootstrap <= 0 or g == 0:
        return RatingFit(model, point.tolist(), point.tolist(), point.tolist())
    rng = np.random.default_rng(seed)
    reps = np.empty((bootstrap, n))
    for b in range(bootstrap):
        counts = np.empty(g + 1)
        counts[:g] = rng.multinomial(g, np.full(g, 1.0 / g))
        counts[prior_game] = 1.0
        reps[b] = to_elo(fit(counts, theta))
    lo, hi = np.percentile(reps, [2.5, 97.5], axis=0)
    return RatingFit(model, point.tolist(), lo.tolist(), hi.tolist())


def bradley_terry(
    outcomes: Sequence[Outcome],
    n: int,
    *,
    prior_ties: float = 1.0,
    bootstrap: int = 200,
    seed: int = 0,
) -> RatingFit:
    """Bradley-Terry ratings from the pairwise results of every game (ties = half wins)."""
    return _fit_model(outcomes, n, pairwise_stages, "bradley-terry", prior_ties, bootstrap, seed)


def plackett_luce(
    outcomes: Sequence[Outcome],
    n: int,
    *,
    prior_ties: float = 1.0,
    bootstrap: int = 200,
    seed: int = 0,
) -> RatingFit:
    """Plackett-Luce ratings from each game's full finishing order (multi-player aware)."""
    return _fit_model(outcomes, n, ranking_stages, "plackett-luce", prior_ties, bootstrap, seed)


@dataclass
class WinMatrix:
    """Pairwise results: wins[i][j] = games where i finished ahead of j; ties[i][j] symmetric."""

    wins: list[list[int]]
    ties: list[list[int]]

    def games(self, i: int, j: int) -> int:
        """Games in which i and j both sat (counted once per shared game)."""
        return self.wins[i][j] + self.wins[j][i] + self.ties[i][j]

    def score(self, i: int, j: int) -> float:
        """i's share against j, a tie counting as half a win (NaN if they never met)."""
        n = self.games(i, j)
        return (self.wins[i][j] + 0.5 * self.ties[i][j]) / n if n else math.nan


def win_matrix(outcomes: Sequence[Outcome], n: int) -> WinMatrix:
    """Count pairwise finishes between every two participants over all games."""
    wins = [[0] * n for _ in range(n)]
    ties = [[0] * n for _ in range(n)]
    for o in outcomes:
        for (a, pa), (b, pb) in itertools.combinations(o, 2):
            if a == b:
                continue
            if pa < pb:
                wins[a][b] += 1
            elif pb < pa:
                wins[b][a] += 1
            else:
                ties[a][b] += 1
                ties[b][a] += 1
    return WinMatrix(wins, ties)
