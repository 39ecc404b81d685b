"""Strategy bots: a condition that raises at run time counts as false and is recorded."""

from __future__ import annotations

from gametest.engine.loop import play_game
from gametest.engine.registry import get_game
from gametest.players.strategy_player import StrategyPlayer
from gametest.strategy.model import parse_strategy

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")


def test_a_failing_condition_is_false_recorded_and_the_game_goes_on() -> None:
    doc = {
        "gain": [
            {"card": "Province", "if": "coins / (turn - turn) > 1"},
            {"card": "Province", "if": "coins >= 8"},
            "Gold",
            "Silver",
        ]
    }
    bad = StrategyPlayer(parse_strategy(doc, GAME), GAME)
    plain = StrategyPlayer(parse_strategy({"gain": ["Province", "Gold", "Silver"]}, GAME), GAME)
    res = play_game(GAME, KINGDOM, [bad, plain], seed=5)
    assert res.ended_by
    errs = res.extra["players"]["0"]["condition_errors"]
    assert list(errs) == ["coins / (turn - turn) > 1"]
    assert errs["coins / (turn - turn) > 1"]["count"] > 0
    assert errs["coins / (turn - turn) > 1"]["error"].startswith("ZeroDivisionError")
    assert "1" not in res.extra.get("players", {})  # no failures, nothing recorded
    again = play_game(GAME, KINGDOM, [bad, plain], seed=5)  # counts are per game
    assert again.extra == res.extra


def test_games_without_failures_have_unchanged_records() -> None:
    doc = {"gain": [{"card": "Province", "if": "coins >= 8"}, "Gold", "Silver"]}
    p = StrategyPlayer(parse_strategy(doc, GAME), GAME)
    q = StrategyPlayer(parse_strategy({"gain": ["Gold", "Silver"]}, GAME), GAME)
    assert "extra" not in play_game(GAME, KINGDOM, [p, q], seed=1).to_dict()
