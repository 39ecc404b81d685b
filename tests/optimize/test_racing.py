"""Racing: common random numbers, halving, and the same results on any executor."""

from __future__ import annotations

from gametest.engine.registry import get_game
from gametest.games.dominion.kingdoms import PRESETS
from gametest.harness.executor import ProcessExecutor, SerialExecutor
from gametest.optimize.racing import play_matches, race
from gametest.optimize.search import fitting_bots

CARDS = list(PRESETS["first-game"])


def _bots() -> dict[str, dict[str, object]]:
    return fitting_bots(get_game("dominion"), CARDS)


def test_matches_are_the_same_on_any_executor_and_mirror_games_split_evenly() -> None:
    b = _bots()
    pairs = [(b["smithy-bm"], b["big-money"]), (b["bmu"], b["bmu"])]
    with SerialExecutor() as one, ProcessExecutor(2) as two:
        a = play_matches(one, "dominion", CARDS, pairs, 120, 5)
        c = play_matches(two, "dominion", CARDS, pairs, 120, 5)
    assert a == c
    assert a[1] == (60.0, 120)  # a bot against itself: each seed from both seats
    assert a[0][0] / 120 > 0.6  # Smithy beats plain money


def test_race_halves_the_field_and_ranks_the_strong_first() -> None:
    b = _bots()
    cands = [b["big-money"], b["smithy-bm"], b["bmu"], b["militia-bm"]]
    with SerialExecutor() as ex:
        res = race(ex, "dominion", CARDS, cands, {"bm": b["big-money"]}, 40, seed=2)
    assert sorted(res.reached, reverse=True) == [1, 1, 0, 0]
    assert res.games == 4 * 40 + 2 * 80
    assert cands[res.order[-1]]["name"] == "big-money"
    assert len(res.first_round) == 4
