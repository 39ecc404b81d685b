"""How strategies answer decisions: priorities, conditions, limits, endgame safety, card options."""

from __future__ import annotations

from typing import Any

from gametest.engine.decision import Decision
from gametest.games.dominion import GAME
from gametest.games.dominion.policy import DominionPolicy
from gametest.games.dominion.view import DominionView
from gametest.strategy.model import parse_strategy
from tests.games.dominion.helpers import new_state, set_zones, start_turn


def _policy(doc: dict[str, Any]) -> DominionPolicy:
    return DominionPolicy(parse_strategy(doc, GAME))


def _buy(opts: tuple[str, ...], coins: int = 8) -> Decision:
    return Decision(0, "buy", opts, 0, 1, None, "", coins)


def test_gain_priority_with_conditions() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Gold"] * 5, deck=["Copper"])
    view = DominionView(g, 0)
    p = _policy({"gain": [{"card": "Province", "if": "total_money > 18"}, "Gold", "Silver"]})
    opts = ("Copper", "Silver", "Gold", "Province")
    assert view.total_money == 16
    assert p.decide(view, _buy(opts)) == (2,)
    set_zones(g, 0, hand=["Gold"] * 5, deck=["Gold"] * 2)
    assert view.total_money == 21
    assert p.decide(view, _buy(opts)) == (3,)


def test_nothing_matches_buys_nothing_and_limit_counts_owned() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Copper"] * 5, discard=["Smithy"])
    view = DominionView(g, 0)
    p = _policy({"gain": [{"card": "Smithy", "limit": 1}]})
    assert p.decide(view, _buy(("Copper", "Smithy"), 4)) == ()
    p2 = _policy({"gain": [{"card": "Smithy", "limit": 2}]})
    assert p2.decide(view, _buy(("Copper", "Smithy"), 4)) == (1,)


def test_endgame_safety_refuses_the_losing_last_province() -> None:
    """Ruling taken: with safety on, never take a gain that ends the game with this seat losing."""
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Gold"] * 3)
    set_zones(g, 1, hand=["Province"] * 4)
    g.supply["Province"] = 1
    view = DominionView(g, 0)
    opts = ("Gold", "Province")
    safe = _policy({"gain": ["Province", "Gold"]})
    assert safe.decide(view, _buy(opts)) == (0,)
    unsafe = _policy({"gain": ["Province", "Gold"], "endgame_safety": False})
    assert unsafe.decide(view, _buy(opts)) == (1,)
    set_zones(g, 1, hand=["Province"])  # now taking it wins
    assert safe.decide(view, _buy(opts)) == (1,)


def test_play_priority_and_default_order() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Smithy", "Village", "Market"])
    view = DominionView(g, 0)
    d = Decision(0, "action", ("Smithy", "Village", "Market"), 0, 1)
    assert _policy({"gain": []}).decide(view, d) == (1,)  # villages first by default
    assert _policy({"gain": [], "play": ["Smithy"]}).decide(view, d) == (0,)


def test_chapel_limits_and_keep_money() -> None:
    g = new_state()
    start_turn(g)
    hand = ["Estate", "Copper", "Copper", "Copper", "Estate"]
    set_zones(g, 0, hand=hand, discard=["Copper"] * 4)
    view = DominionView(g, 0)
    d = Decision(0, "trash", tuple(hand), 0, 4, "Chapel")
    p = _policy(
        {
            "gain": [],
            "trash": ["Estate", "Copper"],
            "cards": {"Chapel": {"max": 3, "keep_money": 6}},
        }
    )
    picks = p.decide(view, d)
    assert [hand[i] for i in picks] == ["Estate", "Estate", "Copper"]  # 7 money -> keep 6


def test_library_skip_modes() -> None:
    g = new_state()
    start_turn(g)
    view = DominionView(g, 0)
    d = Decision(0, "set_aside", ("Village",), 0, 1, "Library")
    g.actions = 0
    assert _policy({"gain": []}).decide(view, d) == (0,)
    g.actions = 1
    assert _policy({"gain": []}).decide(view, d) == ()
    always = _policy({"gain": [], "cards": {"Library": {"skip_actions": "always"}}})
    assert always.decide(view, d) == (0,)


def test_throne_room_and_mine_targets() -> None:
    g = new_state()
    start_turn(g)
    view = DominionView(g, 0)
    tr = Decision(0, "throne", ("Smithy", "Market"), 0, 1, "Throne Room")
    p = _policy({"gain": [], "cards": {"Throne Room": {"targets": ["Smithy"]}}})
    assert p.decide(view, tr) == (0,)
    mine = Decision(0, "trash", ("Copper", "Silver"), 0, 1, "Mine")
    assert _policy({"gain": []}).decide(view, mine) == (1,)  # Silver -> Gold by default
    p2 = _policy({"gain": [], "cards": {"Mine": {"upgrade": ["Copper"]}}})
    assert p2.decide(view, mine) == (0,)


def test_forced_discard_keeps_the_best_cards() -> None:
    g = new_state()
    view = DominionView(g, 1)
    hand = ("Gold", "Estate", "Copper", "Silver", "Curse")
    d = Decision(1, "discard", hand, 2, 2, "Militia")
    picks = _policy({"gain": []}).decide(view, d)
    assert sorted(hand[i] for i in picks) == ["Curse", "Estate"]
