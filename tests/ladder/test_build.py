"""Ladder building: deterministic for a seed, spread from near 0% to the best bot, every game."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.registry import get_game
from gametest.experiment.controls import strongest_bot
from gametest.ladder.build import LadderOptions, build_ladder, pick_spread
from gametest.ladder.file import validate_ladder
from gametest.strategy.model import parse_strategy


def test_pick_spread_takes_endpoints_and_nearest_to_even_targets() -> None:
    rates = [0.0, 0.05, 0.24, 0.26, 0.5, 0.52, 0.74, 0.9, 1.0]
    assert pick_spread(rates, 5, must=7) == [0, 2, 4, 6, 7]  # 1.0 is above the top: left out
    assert pick_spread(rates, 3) == [0, 4, 8]
    assert pick_spread(rates, 20, must=7) == [0, 1, 2, 3, 4, 5, 6, 7]


def test_ladder_spreads_from_near_zero_to_the_best_bot(first_game_ladder: dict[str, Any]) -> None:
    lad = validate_ladder(first_game_ladder)
    rates = [r["win_rate"] for r in lad["rungs"]]
    assert len(rates) == 8 and rates == sorted(rates)
    assert rates[0] < 0.15
    game = get_game("dominion")
    best, best_rate = strongest_bot(game, lad["kingdom"], ["big-money", "bmu"], 120, 11)
    assert rates[-1] >= best_rate - 0.08, (best, best_rate, rates[-1])
    assert lad["rungs"][-1]["provenance"].startswith("bot:")
    step = (rates[-1] - rates[0]) / (len(rates) - 1)
    gaps = [b - a for a, b in itertools.pairwise(rates)]
    assert max(gaps) <= 2.5 * step, gaps
    for r in lad["rungs"]:
        parse_strategy(r["strategy"], game)
        for p in r["per_opponent"].values():
            assert p["n"] == 120 and p["lo"] <= p["rate"] <= p["hi"]
        assert r["win_rate"] == pytest.approx(
            sum(p["rate"] for p in r["per_opponent"].values()) / 2
        )


def test_same_seed_same_ladder() -> None:
    """Same seed, same ladder (worker independence is run_batch's, tested in tests/harness)."""
    game = get_game("dominion")
    cards = game.parse_kingdom("improvements")
    a = build_ladder(game, cards, "improvements", LadderOptions(["big-money"], 4, 16, seed=2))
    b = build_ladder(game, cards, "improvements", LadderOptions(["big-money"], 4, 16, seed=2))
    c = build_ladder(game, cards, "improvements", LadderOptions(["big-money"], 4, 16, seed=3))
    assert a == b
    assert [r["per_opponent"]["big-money"]["seed"] for r in c["rungs"]] != [
        r["per_opponent"]["big-money"]["seed"] for r in a["rungs"]
    ]


@pytest.mark.parametrize(
    ("game_name", "kingdom"),
    [
        ("dominion", "size-distortion"),
        ("dominion", "deck-top"),
        ("dominion", "sleight-of-hand"),
        ("dominion", "silver-and-gold"),
        ("dominion", "random:7"),
        ("embermarch", "standard"),
        ("embermarch", "night-market"),
    ],
)
def test_every_preset_and_embermarch_build(game_name: str, kingdom: str) -> None:
    game = get_game(game_name)
    cards = game.parse_kingdom(kingdom)
    opps = list(game.info.reference_opponents)
    lad = validate_ladder(build_ladder(game, cards, kingdom, LadderOptions(opps, 4, 16, seed=1)))
    rates = [r["win_rate"] for r in lad["rungs"]]
    assert len(rates) == 4 and rates[0] < rates[-1]
    assert len({r["name"] for r in lad["rungs"]}) == 4


def test_top_strategy_becomes_the_top_rung() -> None:
    game = get_game("dominion")
    cards = game.parse_kingdom("first-game")
    top = {"name": "my-top", "gain": ["Province", "Gold", {"card": "Smithy", "limit": 1}, "Silver"]}
    lad = build_ladder(game, cards, "fg", LadderOptions(["big-money"], 3, 20, seed=1, top=top))
    assert lad["rungs"][-1]["provenance"] == "top:my-top"
    with pytest.raises(UsageError, match="--top"):
        bad = {"name": "x", "gain": ["Witch"]}
        build_ladder(game, cards, "fg", LadderOptions(["big-money"], 3, 20, top=bad))
