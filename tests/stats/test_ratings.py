"""Ratings: Bradley-Terry and Plackett-Luce recover known strengths; intervals; win matrix."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from gametest.stats.ratings import (
    ELO_SCALE,
    bradley_terry,
    finish_places,
    plackett_luce,
    ranking_stages,
    win_matrix,
)


def two_player(a: int, b: int, a_wins: int, b_wins: int, ties: int = 0) -> list:
    """Outcomes of a head-to-head: (participant, place) per seat."""
    return (
        [[(a, 0.0), (b, 1.0)]] * a_wins
        + [[(b, 0.0), (a, 1.0)]] * b_wins
        + [[(a, 0.0), (b, 0.0)]] * ties
    )


def test_two_players_log_odds() -> None:
    """75 wins of 100: the rating gap is 400*log10(3) points (no prior)."""
    fit = bradley_terry(two_player(0, 1, 75, 25), 2, prior_ties=0, bootstrap=0)
    assert fit.rating[0] - fit.rating[1] == pytest.approx(400 * math.log10(3), abs=1e-6)
    assert sum(fit.rating) / 2 == pytest.approx(1500)


def test_ties_are_half_wins() -> None:
    """60 wins, 20 losses and 40 ties score like 80 wins to 40."""
    a = bradley_terry(two_player(0, 1, 60, 20, ties=40), 2, prior_ties=0, bootstrap=0)
    b = bradley_terry(two_player(0, 1, 80, 40), 2, prior_ties=0, bootstrap=0)
    assert a.rating == pytest.approx(b.rating, abs=1e-6)


def test_known_strengths_recovered() -> None:
    """Expected win counts from strengths 1:2:4 are a fixed point of the MLE."""
    s = [1.0, 2.0, 4.0]
    outcomes: list = []
    for i, j in itertools.combinations(range(3), 2):
        n = 3000
        w = round(n * s[i] / (s[i] + s[j]))
        outcomes += two_player(i, j, w, n - w)
    fit = bradley_terry(outcomes, 3, prior_ties=0, bootstrap=0)
    theta = np.log(s) - np.log(s).mean()
    assert fit.rating == pytest.approx(list(1500 + ELO_SCALE * theta), abs=0.01)


def test_plackett_luce_equals_bradley_terry_for_two_players() -> None:
    """With two seats the finishing order is the pairwise result: the models coincide."""
    outcomes = two_player(0, 1, 30, 10, 4) + two_player(1, 2, 25, 15) + two_player(0, 2, 33, 7)
    bt = bradley_terry(outcomes, 3, bootstrap=20, seed=3)
    pl = plackett_luce(outcomes, 3, bootstrap=20, seed=3)
    assert pl.rating == pytest.approx(bt.rating, abs=1e-6)
    assert pl.lo == pytest.approx(bt.lo, abs=1e-6)


def test_plackett_luce_multiplayer_known_case() -> None:
    """Three-player orders sampled in expected proportions from strengths recover them."""
    s = {0: 1.0, 1: 2.0, 2: 4.0}
    outcomes: list = []
    for order in itertools.permutations(range(3)):
        p = 1.0
        rest = list(order)
        for x in order[:-1]:
            p *= s[x] / sum(s[y] for y in rest)
            rest.remove(x)
        outcomes += [[(pl, float(k)) for k, pl in enumerate(order)]] * round(p * 7 * 10_000)
    fit = plackett_luce(outcomes, 3, prior_ties=0, bootstrap=0)
    theta = np.log(list(s.values()))
    theta -= theta.mean()
    assert fit.rating == pytest.approx(list(1500 + ELO_SCALE * theta), abs=0.5)


def test_prior_keeps_ratings_finite_and_interval_contains_point() -> None:
    """A clean sweep gives a large but finite gap; the bootstrap band brackets the estimate."""
    fit = bradley_terry(two_player(0, 1, 50, 0) + two_player(1, 2, 30, 20), 3, bootstrap=100)
    assert all(math.isfinite(r) for r in fit.rating)
    assert fit.rating[0] > fit.rating[1] > fit.rating[2]
    for r, lo, hi in zip(fit.rating, fit.lo, fit.hi, strict=True):
        assert lo <= r + 1e-6 and r - 1e-6 <= hi


def test_bootstrap_is_seeded() -> None:
    """The same seed gives the same intervals."""
    o = two_player(0, 1, 12, 8, 3)
    assert bradley_terry(o, 2, seed=5).lo == bradley_terry(o, 2, seed=5).lo


def test_finish_places_and_ties() -> None:
    """Winners first, the rest by score then fewer turns; a shared win is a tie."""
    assert finish_places([1], [10, 20, 5], [9, 9, 9]) == [1, 0, 2]
    assert finish_places([0, 2], [20, 10, 20], [9, 9, 9]) == [0, 1, 0]
    assert finish_places([0], [30, 10, 10], [9, 10, 9]) == [0, 2, 1]
    stages = ranking_stages([(0, 0.0), (1, 0.0)])
    assert sorted(stages) == [(0, (0, 1), 0.5), (1, (0, 1), 0.5)]


def test_win_matrix_counts_pairs() -> None:
    """A three-player game adds a result for every pair; ties are recorded both ways."""
    wm = win_matrix([[(0, 0.0), (1, 1.0), (2, 1.0)]], 3)
    assert wm.wins[0][1] == wm.wins[0][2] == 1
    assert wm.ties[1][2] == wm.ties[2][1] == 1
    assert wm.score(1, 2) == 0.5
    assert math.isnan(win_matrix([], 2).score(0, 1))
