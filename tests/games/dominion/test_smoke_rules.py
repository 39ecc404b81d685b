"""Examples of the rules-test helpers; the per-card suites live in test_cards_*.py."""

from tests.games.dominion.helpers import (
    deck_top_first,
    names,
    new_state,
    pick,
    play,
    set_zones,
    start_turn,
)


def test_smithy_draws_three_and_reshuffles_mid_draw() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Smithy"], deck=["Gold"], discard=["Silver", "Silver"])
    play(g, 0, "Smithy")
    assert sorted(names(s.hand)) == ["Gold", "Silver", "Silver"]
    assert names(s.in_play) == ["Smithy"] and not s.deck and not s.discard


def test_militia_makes_others_discard_to_three() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Militia"])
    victim = set_zones(g, 1, hand=["Copper", "Copper", "Estate", "Gold", "Silver"])
    asked = play(g, 0, "Militia", [pick("Estate", "Copper")])
    assert asked[0].seat == 1 and asked[0].min == asked[0].max == 2
    assert sorted(names(victim.hand)) == ["Copper", "Gold", "Silver"]
    assert g.coins == 2
    assert deck_top_first(victim) == []


def test_moat_is_revealed_before_any_of_the_attacks_effects() -> None:
    """Ruling: reactions are revealed when the Attack is played, before its +Cards and +$."""
    g = new_state()
    start_turn(g)
    attacker = set_zones(g, 0, hand=["Witch"], deck=["Gold", "Gold"])
    set_zones(g, 1, hand=["Moat", "Copper"])
    seen: list[int] = []

    def reveal(d: object) -> list[int]:
        seen.append(len(attacker.hand))
        return [0]

    asked = play(g, 0, "Witch", [reveal])
    assert asked[0].kind == "reveal" and seen == [0]
    assert names(attacker.hand) == ["Gold", "Gold"] and g.supply["Curse"] == 10
