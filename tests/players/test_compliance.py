"""Compliance: the share of an advice-following player's gains that match its compiled strategy."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametest.engine.decision import Decision
from gametest.engine.registry import get_game
from gametest.players import make_player
from gametest.players.compliance import same_pick
from gametest.strategy.builtin import builtin_path

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No cache or advice store from the developer's machine."""
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GAMETEST_ADVICE_STORE", str(tmp_path / "advice"))


BUY = Decision(0, "buy", ("Copper", "Silver", "Village", "Smithy"), 0, 1, None, "Buy a card?", 4)
ACTION = Decision(0, "action", ("Village", "Smithy"), 0, 1, None, "Play an Action card?")


def test_matches_are_counted_on_gains_only() -> None:
    compiled = builtin_path("big-money", "dominion")
    p = make_player(f"llm:scripted:queue#compiled={compiled}", GAME, KINGDOM)
    view = GAME.new_game(KINGDOM, 2, 1, 0, False).view(0)
    p.start_game(view, 0, 1)
    p.client.backend.push(
        {"choice": 1, "reason": "a"},
        {"choice": 0, "reason": "b"},
        {"choice": 1, "reason": "c"},
        "??",
        "??",
    )
    assert p.decide(view, BUY) == (1,)  # Silver: what big money buys with $4
    assert p.decide(view, BUY) == (0,)  # Copper: not
    assert p.decide(view, ACTION) == (1,)  # not a gain: not counted
    assert p.decide(view, BUY) == (1,)  # two invalid answers: the fallback (big money) decides
    comp = p.end_game(None, 0)["compliance"]
    assert comp["compiled"] == str(compiled)
    assert (comp["gain_decisions"], comp["matched"], comp["share"]) == (3, 2, 0.6667)
    assert (comp["own_gain_decisions"], comp["own_matched"], comp["own_share"]) == (2, 1, 0.5)


def test_equal_copies_are_the_same_pick() -> None:
    d = Decision(0, "discard", ("Copper", "Estate", "Copper"), 1, 1, "Militia")
    assert same_pick(d, (0,), (2,))
    assert not same_pick(d, (0,), (1,))


def test_no_compiled_strategy_means_no_compliance() -> None:
    p = make_player("llm:scripted:first", GAME, KINGDOM)
    assert "compliance" not in p.end_game(None, 0)


def test_replayed_compliance_matches_the_live_figure() -> None:
    from gametest.engine.loop import play_game
    from gametest.players.compliance import replay_compliance
    from gametest.strategy.builtin import load_builtin

    compiled = builtin_path("smithy-bm", "dominion")
    p = make_player(f"llm:scripted:random#compiled={compiled}", GAME, KINGDOM)
    res = play_game(GAME, KINGDOM, [make_player("big-money", GAME, KINGDOM), p], seed=4)
    live = res.extra["players"]["1"]["compliance"]
    again = replay_compliance(res.to_dict(), 1, load_builtin("smithy-bm", GAME), "x")
    assert (again["gain_decisions"], again["matched"]) == (live["gain_decisions"], live["matched"])
    assert live["gain_decisions"] > 10
