"""Rules tests: Bandit, Council Room, Festival, Laboratory, Library, Market, Mine, Sentry, Witch,
Artisan and the first-edition Chancellor, Woodcutter, Feast, Spy, Thief, Adventurer.

Every test sets exact zones, plays the card with `play` (which fails on any unexpected decision
or unused answer), checks every zone it touches and checks card conservation.
"""

from __future__ import annotations

from gametest.games.dominion.state import DominionState
from tests.games.dominion.helpers import (
    conserved,
    deck_top_first,
    drive,
    names,
    new_state,
    pick,
    play,
    set_zones,
    start_turn,
)

# Second-edition cards of this suite (plus Moat for the Attacks).
K2 = [
    "Artisan",
    "Bandit",
    "Council Room",
    "Festival",
    "Laboratory",
    "Library",
    "Market",
    "Mine",
    "Sentry",
    "Witch",
    "Moat",
]
# First-edition cards of this suite, with Throne Room, Moat and some $5 cards to gain.
K1 = [
    "Adventurer",
    "Chancellor",
    "Feast",
    "Spy",
    "Thief",
    "Woodcutter",
    "Throne Room",
    "Moat",
    "Market",
    "Festival",
]


def game(kingdom: list[str] = K2, players: int = 2) -> DominionState:
    g = new_state(kingdom, players)
    start_turn(g, 0)
    return g


def shuffles(g: DominionState, since: int) -> list[tuple[int, int]]:
    """(seat, cards shuffled) for every shuffle logged after event index `since`."""
    assert g.events is not None
    return [(e[1], e[3]) for e in g.events[since:] if e[2] == "shuffle"]


def costs_up_to(g: DominionState, limit: int) -> set[str]:
    return {n for n, left in g.supply.items() if left > 0 and g.cards[n].cost <= limit}


# ----- Bandit ---------------------------------------------------------------------------


def test_bandit_gains_gold_and_trashes_the_victims_silver() -> None:
    g = game()
    a = set_zones(g, 0, hand=["Bandit"], deck=["Copper"])
    v = set_zones(g, 1, hand=["Estate"], deck=["Silver", "Estate", "Copper"])
    before = conserved(g)
    asked = play(g, 0, "Bandit")
    assert asked == []  # one non-Copper Treasure: nothing to choose
    assert names(a.discard) == ["Gold"] and g.supply["Gold"] == 29
    assert names(a.in_play) == ["Bandit"] and deck_top_first(a) == ["Copper"]
    assert names(g.trash) == ["Silver"]
    assert names(v.discard) == ["Estate"] and deck_top_first(v) == ["Copper"]
    assert names(v.hand) == ["Estate"] and v.set_aside == []
    assert v.owned.get("Silver", 0) == 0
    assert conserved(g) == before


def test_bandit_never_trashes_copper() -> None:
    """Ruling: Bandit trashes only a Treasure other than Copper."""
    g = game()
    set_zones(g, 0, hand=["Bandit"])
    v = set_zones(g, 1, deck=["Copper", "Copper", "Gold"])
    before = conserved(g)
    assert play(g, 0, "Bandit") == []
    assert g.trash == []
    assert names(v.discard) == ["Copper", "Copper"] and deck_top_first(v) == ["Gold"]
    assert conserved(g) == before


def test_bandit_victim_chooses_between_two_different_treasures() -> None:
    """Ruling: with two non-Copper Treasures revealed, the victim chooses which to trash."""
    g = game()
    set_zones(g, 0, hand=["Bandit"])
    v = set_zones(g, 1, deck=["Silver", "Gold"])
    before = conserved(g)
    asked = play(g, 0, "Bandit", [pick("Silver")])
    d = asked[0]
    assert d.seat == 1 and d.kind == "trash" and d.card == "Bandit"
    assert sorted(d.options) == ["Gold", "Silver"] and d.min == d.max == 1
    assert names(g.trash) == ["Silver"] and names(v.discard) == ["Gold"] and v.deck == []
    assert conserved(g) == before


def test_bandit_two_silvers_trashes_one_without_asking() -> None:
    g = game()
    set_zones(g, 0, hand=["Bandit"])
    v = set_zones(g, 1, deck=["Silver", "Silver"])
    before = conserved(g)
    assert play(g, 0, "Bandit") == []
    assert names(g.trash) == ["Silver"] and names(v.discard) == ["Silver"]
    assert conserved(g) == before


def test_bandit_with_empty_gold_pile_gains_nothing_but_still_attacks() -> None:
    """Ruling: no Gold can be gained from an empty pile; the Attack still resolves."""
    g = game()
    g.supply["Gold"] = 0
    a = set_zones(g, 0, hand=["Bandit"])
    v = set_zones(g, 1, deck=["Estate", "Silver"])
    before = conserved(g)
    assert play(g, 0, "Bandit") == []
    assert a.discard == [] and g.supply["Gold"] == 0
    assert names(g.trash) == ["Silver"] and names(v.discard) == ["Estate"]
    assert conserved(g) == before


def test_bandit_is_blocked_by_moat() -> None:
    """Ruling: a revealed Moat makes the victim unaffected; the attacker still gains Gold."""
    g = game()
    a = set_zones(g, 0, hand=["Bandit"])
    v = set_zones(g, 1, hand=["Moat"], deck=["Silver", "Gold"])
    before = conserved(g)
    asked = play(g, 0, "Bandit", [pick("Moat")])
    assert asked[0].seat == 1 and asked[0].kind == "reveal" and asked[0].target == 0
    assert names(a.discard) == ["Gold"]
    assert g.trash == [] and deck_top_first(v) == ["Silver", "Gold"] and names(v.hand) == ["Moat"]
    assert conserved(g) == before


def test_bandit_moat_not_revealed_is_hit() -> None:
    g = game()
    set_zones(g, 0, hand=["Bandit"])
    v = set_zones(g, 1, hand=["Moat"], deck=["Gold", "Copper"])
    before = conserved(g)
    play(g, 0, "Bandit", [pick()])
    assert names(g.trash) == ["Gold"] and names(v.discard) == ["Copper"]
    assert names(v.hand) == ["Moat"]
    assert conserved(g) == before


def test_bandit_victim_reshuffles_for_second_card_and_empty_victim_is_unaffected() -> None:
    g = game(players=3)
    set_zones(g, 0, hand=["Bandit"])
    v1 = set_zones(g, 1, deck=["Copper"], discard=["Gold"])
    v2 = set_zones(g, 2)
    before = conserved(g)
    assert play(g, 0, "Bandit") == []
    assert names(g.trash) == ["Gold"]
    assert names(v1.discard) == ["Copper"] and v1.deck == []
    assert v2.deck == v2.discard == v2.hand == []
    assert conserved(g) == before


def test_bandit_attacks_in_turn_order_from_the_attackers_left() -> None:
    g = game(players=3)
    set_zones(g, 1, hand=["Bandit"])
    set_zones(g, 2, deck=["Silver", "Gold"])
    set_zones(g, 0, deck=["Gold", "Silver"])
    start_turn(g, 1)
    asked = play(g, 1, "Bandit", [pick("Gold"), pick("Silver")])
    assert [d.seat for d in asked] == [2, 0]
    assert names(g.trash) == ["Gold", "Silver"]


# ----- Council Room ---------------------------------------------------------------------


def test_council_room_draws_four_gives_buy_and_each_other_player_draws() -> None:
    g = game(players=3)
    a = set_zones(g, 0, hand=["Council Room"], deck=["Copper", "Silver", "Gold", "Estate", "Duchy"])
    o1 = set_zones(g, 1, hand=["Copper"], deck=["Province", "Estate"])
    o2 = set_zones(g, 2, deck=["Gold"])
    before = conserved(g)
    assert play(g, 0, "Council Room") == []
    assert sorted(names(a.hand)) == ["Copper", "Estate", "Gold", "Silver"]
    assert deck_top_first(a) == ["Duchy"]
    assert g.buys == 2 and g.actions == 0 and g.coins == 0
    assert names(o1.hand) == ["Copper", "Province"] and deck_top_first(o1) == ["Estate"]
    assert names(o2.hand) == ["Gold"] and o2.deck == []
    assert conserved(g) == before


def test_council_room_reshuffles_mid_draw_and_others_with_no_cards_draw_nothing() -> None:
    g = game(players=3)
    a = set_zones(g, 0, hand=["Council Room"], deck=["Gold", "Gold"], discard=["Silver"] * 3)
    o1 = set_zones(g, 1, discard=["Province"])
    o2 = set_zones(g, 2)
    before = conserved(g)
    play(g, 0, "Council Room")
    assert sorted(names(a.hand)) == ["Gold", "Gold", "Silver", "Silver"]
    assert deck_top_first(a) == ["Silver"] and a.discard == []
    assert names(o1.hand) == ["Province"] and o1.discard == []
    assert o2.hand == []
    assert conserved(g) == before


# ----- Festival, Laboratory, Market, Woodcutter -----------------------------------------


def test_festival_gives_two_actions_a_buy_and_two_coins_and_draws_nothing() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Festival", "Estate"], deck=["Gold"])
    before = conserved(g)
    assert play(g, 0, "Festival") == []
    assert (g.actions, g.buys, g.coins) == (2, 2, 2)
    assert names(s.hand) == ["Estate"] and deck_top_first(s) == ["Gold"]
    assert conserved(g) == before


def test_laboratory_draws_two_and_gives_an_action() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Laboratory"], deck=["Silver", "Gold", "Estate"])
    before = conserved(g)
    assert play(g, 0, "Laboratory") == []
    assert names(s.hand) == ["Silver", "Gold"] and deck_top_first(s) == ["Estate"]
    assert (g.actions, g.buys, g.coins) == (1, 1, 0)
    assert conserved(g) == before


def test_laboratory_reshuffles_only_when_the_deck_runs_out() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Laboratory"], deck=["Gold"], discard=["Silver"])
    before = conserved(g)
    since = len(g.events or [])
    play(g, 0, "Laboratory")
    assert names(s.hand) == ["Gold", "Silver"] and s.deck == [] and s.discard == []
    assert shuffles(g, since) == [(0, 1)]
    assert conserved(g) == before


def test_laboratory_with_nothing_to_draw_still_gives_the_action() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Laboratory"])
    play(g, 0, "Laboratory")
    assert s.hand == [] and g.actions == 1


def test_market_gives_card_action_buy_and_coin() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Market"], deck=["Province", "Gold"])
    before = conserved(g)
    assert play(g, 0, "Market") == []
    assert names(s.hand) == ["Province"] and deck_top_first(s) == ["Gold"]
    assert (g.actions, g.buys, g.coins) == (1, 2, 1)
    assert conserved(g) == before


def test_market_with_empty_deck_and_discard_still_gives_the_rest() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Market"])
    play(g, 0, "Market")
    assert s.hand == [] and (g.actions, g.buys, g.coins) == (1, 2, 1)


def test_woodcutter_gives_a_buy_and_two_coins() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Woodcutter", "Copper"], deck=["Gold"])
    before = conserved(g)
    assert play(g, 0, "Woodcutter") == []
    assert (g.actions, g.buys, g.coins) == (0, 2, 2)
    assert names(s.hand) == ["Copper"] and deck_top_first(s) == ["Gold"]
    assert conserved(g) == before


def test_festival_then_woodcutter_in_a_full_turn_gives_three_buys() -> None:
    g = game(K1)
    s = set_zones(
        g,
        0,
        hand=["Festival", "Woodcutter", "Copper", "Copper", "Copper"],
        deck=["Estate"] * 5,
    )
    before = conserved(g)
    asked = drive(
        g.take_turn(0),
        [pick("Festival"), pick("Woodcutter"), pick("Gold"), pick("Copper"), pick()],
    )
    assert [d.kind for d in asked] == ["action", "action", "buy", "buy", "buy"]
    assert asked[1].options == ("Woodcutter",)
    assert [d.limit for d in asked[2:]] == [7, 1, 1]
    assert sorted(names(s.discard)) == sorted(
        ["Gold", "Copper", "Festival", "Woodcutter", "Copper", "Copper", "Copper"]
    )
    assert names(s.hand) == ["Estate"] * 5 and s.deck == [] and s.in_play == []
    assert g.supply["Gold"] == 29 and g.supply["Copper"] == 45
    assert conserved(g) == before


# ----- Library --------------------------------------------------------------------------


def test_library_draws_up_to_seven() -> None:
    g = game()
    s = set_zones(
        g,
        0,
        hand=["Library", "Copper", "Copper", "Copper", "Copper"],
        deck=["Silver", "Gold", "Estate", "Duchy"],
    )
    before = conserved(g)
    assert play(g, 0, "Library") == []
    assert names(s.hand) == ["Copper"] * 4 + ["Silver", "Gold", "Estate"]
    assert deck_top_first(s) == ["Duchy"] and s.discard == []
    assert conserved(g) == before


def test_library_set_aside_cards_do_not_count_and_are_discarded_afterwards() -> None:
    """Ruling: set-aside Actions are not in hand, so they don't count towards 7; discarded after."""
    g = game()
    s = set_zones(
        g,
        0,
        hand=["Library", "Copper", "Copper", "Copper", "Copper"],
        deck=["Village", "Silver", "Smithy", "Gold", "Estate"],
    )
    before = conserved(g)
    asked = play(g, 0, "Library", [pick("Village"), pick()])
    assert [(d.kind, d.options, d.min, d.max) for d in asked] == [
        ("set_aside", ("Village",), 0, 1),
        ("set_aside", ("Smithy",), 0, 1),
    ]
    assert names(s.hand) == ["Copper"] * 4 + ["Silver", "Smithy", "Gold"]
    assert names(s.discard) == ["Village"] and s.set_aside == []
    assert deck_top_first(s) == ["Estate"]
    assert conserved(g) == before


def test_library_reshuffle_does_not_include_set_aside_cards() -> None:
    """Ruling: a reshuffle during Library doesn't include the set-aside cards."""
    g = game()
    s = set_zones(
        g,
        0,
        hand=["Library", "Copper", "Copper", "Copper", "Copper"],
        deck=["Village", "Silver"],
        discard=["Gold"],
    )
    before = conserved(g)
    since = len(g.events or [])
    asked = play(g, 0, "Library", [pick("Village")])
    assert len(asked) == 1
    assert sorted(names(s.hand)) == ["Copper"] * 4 + ["Gold", "Silver"]
    assert names(s.discard) == ["Village"] and s.deck == [] and s.set_aside == []
    assert shuffles(g, since) == [(0, 1)]  # only the Gold was shuffled
    assert conserved(g) == before


def test_library_stops_when_out_of_cards_and_discards_set_aside() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Library", "Copper"], deck=["Festival", "Silver"])
    before = conserved(g)
    play(g, 0, "Library", [pick("Festival")])
    assert names(s.hand) == ["Copper", "Silver"]
    assert names(s.discard) == ["Festival"] and s.deck == []
    assert conserved(g) == before


def test_library_with_seven_or_more_cards_in_hand_draws_nothing() -> None:
    """Ruling: Library with 7+ cards already in hand draws nothing."""
    g = game()
    s = set_zones(g, 0, hand=["Library"] + ["Copper"] * 7, deck=["Village", "Gold"])
    before = conserved(g)
    assert play(g, 0, "Library") == []
    assert len(s.hand) == 7 and deck_top_first(s) == ["Village", "Gold"] and s.discard == []
    assert conserved(g) == before


# ----- Mine -----------------------------------------------------------------------------


def test_mine_trashes_copper_and_gains_silver_into_hand() -> None:
    """Ruling: Mine's gained Treasure goes into the hand, costing up to $3 more."""
    g = game()
    s = set_zones(g, 0, hand=["Mine", "Copper", "Silver", "Estate"])
    before = conserved(g)
    asked = play(g, 0, "Mine", [pick("Copper"), pick("Silver")])
    assert asked[0].kind == "trash" and sorted(asked[0].options) == ["Copper", "Silver"]
    assert asked[0].min == 0 and asked[0].max == 1
    assert asked[1].kind == "gain" and asked[1].options == ("Copper", "Silver")
    assert asked[1].limit == 3 and asked[1].min == 1
    assert sorted(names(s.hand)) == ["Estate", "Silver", "Silver"]
    assert s.discard == [] and names(g.trash) == ["Copper"] and g.supply["Silver"] == 39
    assert conserved(g) == before


def test_mine_offers_only_treasures() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Mine", "Silver"])
    before = conserved(g)
    asked = play(g, 0, "Mine", [pick("Silver"), pick("Gold")])
    assert asked[1].options == ("Copper", "Silver", "Gold") and asked[1].limit == 6
    assert names(s.hand) == ["Gold"] and names(g.trash) == ["Silver"]
    assert conserved(g) == before


def test_mine_may_be_declined() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Mine", "Copper"])
    before = conserved(g)
    asked = play(g, 0, "Mine", [pick()])
    assert len(asked) == 1 and asked[0].options == ("Copper",) and asked[0].min == 0
    assert names(s.hand) == ["Copper"] and g.trash == []
    assert conserved(g) == before


def test_mine_with_no_treasure_in_hand_does_nothing() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Mine", "Estate", "Village"])
    assert play(g, 0, "Mine") == []
    assert names(s.hand) == ["Estate", "Village"] and g.trash == []


def test_mine_with_empty_silver_and_gold_piles_forces_a_copper() -> None:
    g = game()
    g.supply["Silver"] = 0
    g.supply["Gold"] = 0
    s = set_zones(g, 0, hand=["Mine", "Silver"])
    before = conserved(g)
    asked = play(g, 0, "Mine", [pick("Silver")])
    assert len(asked) == 1  # Copper is the only Treasure left: no gain decision
    assert names(s.hand) == ["Copper"] and g.supply["Copper"] == 45
    assert conserved(g) == before


# ----- Sentry ---------------------------------------------------------------------------


def test_sentry_trashes_one_and_discards_the_other() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Gold", "Curse", "Copper", "Silver"])
    before = conserved(g)
    asked = play(g, 0, "Sentry", [pick("Curse"), pick("Copper")])
    assert asked[0].kind == "trash" and asked[0].options == ("Curse", "Copper")
    assert (asked[0].min, asked[0].max) == (0, 2)
    assert asked[1].kind == "discard" and asked[1].options == ("Copper",)
    assert names(s.hand) == ["Gold"] and g.actions == 1
    assert names(g.trash) == ["Curse"] and names(s.discard) == ["Copper"]
    assert deck_top_first(s) == ["Silver"] and s.set_aside == []
    assert conserved(g) == before


def test_sentry_puts_back_in_chosen_order_bottom_card_on_top() -> None:
    """Ruling: Sentry puts the kept cards back in any order the player chooses."""
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Copper", "Estate", "Silver", "Gold"])
    before = conserved(g)
    asked = play(g, 0, "Sentry", [pick(), pick(), pick("Silver")])
    assert asked[2].kind == "order" and sorted(asked[2].options) == ["Estate", "Silver"]
    assert deck_top_first(s) == ["Silver", "Estate", "Gold"]
    assert conserved(g) == before


def test_sentry_puts_back_in_chosen_order_same_order() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Copper", "Estate", "Silver", "Gold"])
    play(g, 0, "Sentry", [pick(), pick(), pick("Estate")])
    assert deck_top_first(s) == ["Estate", "Silver", "Gold"]


def test_sentry_two_identical_cards_need_no_order_choice() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Copper", "Silver", "Silver", "Gold"])
    asked = play(g, 0, "Sentry", [pick(), pick()])
    assert [d.kind for d in asked] == ["trash", "discard"]
    assert deck_top_first(s) == ["Silver", "Silver", "Gold"]


def test_sentry_trashes_both_and_asks_nothing_more() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Copper", "Estate", "Curse"])
    before = conserved(g)
    asked = play(g, 0, "Sentry", [pick("Estate", "Curse")])
    assert len(asked) == 1
    assert sorted(names(g.trash)) == ["Curse", "Estate"] and s.deck == [] and s.discard == []
    assert conserved(g) == before


def test_sentry_reshuffles_only_for_the_missing_second_card() -> None:
    """Ruling: deck-top effects reshuffle only when the deck has fewer cards than needed.

    After Sentry's +1 Card one card is left in the deck: Sentry looks at it, then
    reshuffles the discard pile for the second card."""
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Gold", "Estate"], discard=["Silver"])
    before = conserved(g)
    since = len(g.events or [])
    asked = play(g, 0, "Sentry", [pick("Estate"), pick()])
    assert asked[0].options == ("Estate", "Silver")
    assert shuffles(g, since) == [(0, 1)]
    assert names(s.hand) == ["Gold"] and names(g.trash) == ["Estate"]
    assert deck_top_first(s) == ["Silver"] and s.discard == []
    assert conserved(g) == before


def test_sentry_does_not_reshuffle_when_the_deck_has_enough() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Gold", "Estate", "Silver"], discard=["Province"])
    since = len(g.events or [])
    play(g, 0, "Sentry", [pick(), pick("Estate")])
    assert shuffles(g, since) == []
    assert names(s.discard) == ["Province", "Estate"] and deck_top_first(s) == ["Silver"]


def test_sentry_with_nothing_left_to_look_at_asks_nothing() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Sentry"], deck=["Gold"])
    assert play(g, 0, "Sentry") == []
    assert names(s.hand) == ["Gold"] and s.deck == [] and g.actions == 1


# ----- Witch ----------------------------------------------------------------------------


def test_witch_draws_two_and_each_other_player_gains_a_curse() -> None:
    g = game(players=3)
    a = set_zones(g, 0, hand=["Witch"], deck=["Copper", "Gold", "Estate"])
    v1 = set_zones(g, 1)
    v2 = set_zones(g, 2, discard=["Copper"])
    before = conserved(g)
    assert play(g, 0, "Witch") == []
    assert names(a.hand) == ["Copper", "Gold"] and deck_top_first(a) == ["Estate"]
    assert names(v1.discard) == ["Curse"] and names(v2.discard) == ["Copper", "Curse"]
    assert g.supply["Curse"] == 18 and v1.vp == -1
    assert conserved(g) == before


def test_witch_is_blocked_by_moat() -> None:
    g = game()
    a = set_zones(g, 0, hand=["Witch"], deck=["Copper", "Copper"])
    v = set_zones(g, 1, hand=["Moat"])
    asked = play(g, 0, "Witch", [pick("Moat")])
    assert asked[0].seat == 1 and asked[0].kind == "reveal"
    assert v.discard == [] and g.supply["Curse"] == 10 and names(v.hand) == ["Moat"]
    assert len(a.hand) == 2


def test_witch_with_fewer_curses_than_victims_goes_in_turn_order_from_the_left() -> None:
    """Ruling: Attacks resolve in turn order from the attacker's left, so with one Curse left
    and two victims the player to the attacker's left gets it."""
    g = game(players=3)
    g.supply["Curse"] = 1
    set_zones(g, 2, hand=["Witch"])
    v0 = set_zones(g, 0)
    v1 = set_zones(g, 1)
    start_turn(g, 2)
    before = conserved(g)
    play(g, 2, "Witch")
    assert names(v0.discard) == ["Curse"] and v1.discard == []
    assert g.supply["Curse"] == 0 and g.empty_piles == 1
    assert conserved(g) == before


def test_witch_with_empty_curse_pile_gains_nothing_and_the_pile_counts_for_the_ending() -> None:
    """Ruling: Witch with the Curse pile empty gives no Curse; the empty Curse pile counts
    towards the 3-pile ending."""
    g = game()
    g.supply["Curse"] = 1
    set_zones(g, 0, hand=["Witch"])
    v = set_zones(g, 1)
    play(g, 0, "Witch")
    assert names(v.discard) == ["Curse"] and g.empty_piles == 1
    # Second Witch: the pile is empty.
    start_turn(g, 0)
    set_zones(g, 0, hand=["Witch"])
    before = conserved(g)
    play(g, 0, "Witch")
    assert names(v.discard) == ["Curse"] and g.supply["Curse"] == 0
    assert conserved(g) == before
    assert not g.game_over()
    for pile in ("Laboratory", "Market"):
        g.supply[pile] = 1
        g.gain(0, pile)
    assert g.empty_piles == 3
    assert g.game_over() and g.ended_by == "piles"


# ----- Artisan --------------------------------------------------------------------------


def test_artisan_gains_to_hand_then_puts_a_card_onto_the_deck() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Artisan", "Copper", "Estate"], deck=["Gold"])
    before = conserved(g)
    asked = play(g, 0, "Artisan", [pick("Laboratory"), pick("Estate")])
    assert asked[0].kind == "gain" and asked[0].limit == 5 and asked[0].min == 1
    assert set(asked[0].options) == costs_up_to(g, 5) | {"Laboratory"}
    assert not {"Gold", "Province", "Artisan"} & set(asked[0].options)
    assert asked[1].kind == "topdeck" and asked[1].min == asked[1].max == 1
    assert sorted(asked[1].options) == ["Copper", "Estate", "Laboratory"]
    assert sorted(names(s.hand)) == ["Copper", "Laboratory"]
    assert deck_top_first(s) == ["Estate", "Gold"] and s.discard == []
    assert g.supply["Laboratory"] == 9
    assert conserved(g) == before


def test_artisan_with_only_the_gained_card_must_put_it_back() -> None:
    g = game()
    s = set_zones(g, 0, hand=["Artisan"])
    before = conserved(g)
    asked = play(g, 0, "Artisan", [pick("Silver")])
    assert len(asked) == 1  # putting the only card back is forced
    assert s.hand == [] and deck_top_first(s) == ["Silver"]
    assert conserved(g) == before


def test_artisan_does_not_offer_empty_piles() -> None:
    g = game()
    g.supply["Market"] = 0
    set_zones(g, 0, hand=["Artisan", "Copper"])
    asked = play(g, 0, "Artisan", [pick("Duchy"), pick("Copper")])
    assert "Market" not in asked[0].options and "Duchy" in asked[0].options


# ----- Chancellor -----------------------------------------------------------------------


def test_chancellor_may_put_the_deck_into_the_discard_pile() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Chancellor"], deck=["Gold", "Estate"], discard=["Copper"])
    before = conserved(g)
    asked = play(g, 0, "Chancellor", [[0]])
    assert asked[0].min == 0 and asked[0].max == 1
    assert s.deck == [] and sorted(names(s.discard)) == ["Copper", "Estate", "Gold"]
    assert g.coins == 2
    assert conserved(g) == before


def test_chancellor_declined_keeps_the_deck() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Chancellor"], deck=["Gold", "Estate"], discard=["Copper"])
    play(g, 0, "Chancellor", [pick()])
    assert deck_top_first(s) == ["Gold", "Estate"] and names(s.discard) == ["Copper"]
    assert g.coins == 2


def test_chancellor_with_empty_deck_asks_nothing() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Chancellor"], discard=["Copper"])
    assert play(g, 0, "Chancellor") == []
    assert names(s.discard) == ["Copper"] and g.coins == 2


# ----- Feast ----------------------------------------------------------------------------


def test_feast_trashes_itself_and_gains_a_card_costing_up_to_five() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Feast"])
    before = conserved(g)
    asked = play(g, 0, "Feast", [pick("Market")])
    assert asked[0].kind == "gain" and asked[0].limit == 5 and asked[0].min == 1
    assert set(asked[0].options) == costs_up_to(g, 5) | {"Market"}
    assert "Adventurer" not in asked[0].options and "Gold" not in asked[0].options
    assert names(g.trash) == ["Feast"] and s.in_play == [] and names(s.discard) == ["Market"]
    assert s.owned.get("Feast", 0) == 0
    assert conserved(g) == before


def test_throne_room_feast_trashes_feast_once_and_gains_twice() -> None:
    """Ruling: Throne Room with Feast: Feast is trashed once but you gain twice."""
    g = game(K1)
    s = set_zones(g, 0, hand=["Throne Room", "Feast"])
    before = conserved(g)
    asked = play(g, 0, "Throne Room", [pick("Feast"), pick("Market"), pick("Duchy")])
    assert [d.kind for d in asked] == ["throne", "gain", "gain"]
    assert names(g.trash) == ["Feast"]
    assert names(s.in_play) == ["Throne Room"]
    assert names(s.discard) == ["Market", "Duchy"]
    assert g.supply["Market"] == 9 and g.supply["Duchy"] == 7
    assert conserved(g) == before


def test_throne_room_feast_second_play_does_not_trash_another_feast_in_play() -> None:
    """Ruling: the second play of a Throne-Roomed Feast can't trash it again (it's gone) and
    doesn't trash a different Feast that happens to be in play."""
    g = game(K1)
    s = set_zones(g, 0, hand=["Throne Room", "Feast"], in_play=["Feast"])
    before = conserved(g)
    play(g, 0, "Throne Room", [pick("Feast"), pick("Silver"), pick("Silver")])
    assert names(g.trash) == ["Feast"]
    assert sorted(names(s.in_play)) == ["Feast", "Throne Room"]
    assert names(s.discard) == ["Silver", "Silver"]
    assert conserved(g) == before


def test_feast_does_not_offer_empty_piles() -> None:
    g = game(K1)
    g.supply["Festival"] = 0
    set_zones(g, 0, hand=["Feast"])
    asked = play(g, 0, "Feast", [pick("Duchy")])
    assert "Festival" not in asked[0].options


# ----- Spy ------------------------------------------------------------------------------


def test_spy_each_player_reveals_and_the_attacker_decides() -> None:
    """Ruling: Spy reveals for every player including the attacker; the attacker decides
    each (Decision.seat is the attacker, target is the revealed player's seat)."""
    g = game(K1)
    a = set_zones(g, 0, hand=["Spy"], deck=["Copper", "Estate", "Gold"])
    v = set_zones(g, 1, deck=["Silver", "Province"])
    before = conserved(g)
    asked = play(g, 0, "Spy", [pick("Estate"), pick()])
    assert [(d.seat, d.target, d.kind, d.options) for d in asked] == [
        (0, 0, "discard", ("Estate",)),
        (0, 1, "discard", ("Silver",)),
    ]
    assert [d.min for d in asked] == [0, 0]
    assert names(a.hand) == ["Copper"] and g.actions == 1
    assert names(a.discard) == ["Estate"] and deck_top_first(a) == ["Gold"]
    assert deck_top_first(v) == ["Silver", "Province"] and v.discard == []
    assert a.set_aside == [] and v.set_aside == []
    assert conserved(g) == before


def test_spy_moat_protects_others_but_not_the_attackers_own_reveal() -> None:
    g = game(K1)
    a = set_zones(g, 0, hand=["Spy"], deck=["Copper", "Estate"])
    v = set_zones(g, 1, hand=["Moat"], deck=["Gold"])
    asked = play(g, 0, "Spy", [pick("Moat"), pick("Estate")])
    assert [(d.seat, d.kind, d.target) for d in asked] == [(1, "reveal", 0), (0, "discard", 0)]
    assert names(a.discard) == ["Estate"] and deck_top_first(v) == ["Gold"]


def test_spy_three_players_in_turn_order_with_reshuffle_and_empty_victim() -> None:
    g = game(K1, players=3)
    set_zones(g, 1, hand=["Spy"], deck=["Copper"], discard=["Gold"])
    v2 = set_zones(g, 2)
    v0 = set_zones(g, 0, deck=["Duchy"])
    start_turn(g, 1)
    before = conserved(g)
    asked = play(g, 1, "Spy", [pick("Gold"), pick()])
    # Seat 1 drew its Copper and reshuffles for the Gold; seat 2 has no cards; then seat 0.
    assert [(d.seat, d.target, d.options) for d in asked] == [
        (1, 1, ("Gold",)),
        (1, 0, ("Duchy",)),
    ]
    assert v2.deck == v2.discard == []
    assert deck_top_first(v0) == ["Duchy"]
    assert conserved(g) == before


def test_spy_victim_reshuffles_to_reveal() -> None:
    g = game(K1)
    set_zones(g, 0, hand=["Spy"], deck=["Copper", "Estate"])
    v = set_zones(g, 1, discard=["Gold"])
    asked = play(g, 0, "Spy", [pick(), pick("Gold")])
    assert [(d.target, d.options) for d in asked] == [(0, ("Estate",)), (1, ("Gold",))]
    assert names(v.discard) == ["Gold"] and v.deck == []


# ----- Thief ----------------------------------------------------------------------------


def test_thief_trashes_the_only_treasure_and_the_attacker_may_gain_it() -> None:
    g = game(K1)
    a = set_zones(g, 0, hand=["Thief"])
    v = set_zones(g, 1, deck=["Estate", "Silver", "Copper"])
    before = conserved(g)
    asked = play(g, 0, "Thief", [pick("Silver")])
    d = asked[0]
    assert (d.seat, d.kind, d.target, d.options, d.min) == (0, "gain", 1, ("Silver",), 0)
    assert names(a.discard) == ["Silver"] and g.trash == []
    assert names(v.discard) == ["Estate"] and deck_top_first(v) == ["Copper"]
    assert a.owned["Silver"] == 1 and v.owned.get("Silver", 0) == 0
    assert g.supply["Silver"] == 40  # gained from the trash, not the Supply
    assert conserved(g) == before


def test_thief_attacker_chooses_between_treasures_and_may_decline_the_gain() -> None:
    g = game(K1)
    a = set_zones(g, 0, hand=["Thief"])
    v = set_zones(g, 1, deck=["Copper", "Gold"])
    before = conserved(g)
    asked = play(g, 0, "Thief", [pick("Gold"), pick()])
    assert asked[0].seat == 0 and asked[0].target == 1 and asked[0].kind == "trash"
    assert sorted(asked[0].options) == ["Copper", "Gold"] and asked[0].min == 1
    assert names(g.trash) == ["Gold"] and a.discard == []
    assert names(v.discard) == ["Copper"] and v.deck == []
    assert conserved(g) == before


def test_thief_with_no_treasures_trashes_nothing_and_discards_both() -> None:
    g = game(K1)
    set_zones(g, 0, hand=["Thief"])
    v = set_zones(g, 1, deck=["Estate", "Festival", "Gold"])
    before = conserved(g)
    assert play(g, 0, "Thief") == []
    assert g.trash == [] and names(v.discard) == ["Estate", "Festival"]
    assert deck_top_first(v) == ["Gold"]
    assert conserved(g) == before


def test_thief_two_coppers_trashes_one() -> None:
    g = game(K1)
    a = set_zones(g, 0, hand=["Thief"])
    v = set_zones(g, 1, deck=["Copper", "Copper"])
    asked = play(g, 0, "Thief", [pick("Copper")])
    assert [d.kind for d in asked] == ["gain"]
    assert names(a.discard) == ["Copper"] and names(v.discard) == ["Copper"] and g.trash == []


def test_thief_is_blocked_by_moat_and_hits_players_in_turn_order() -> None:
    g = game(K1, players=3)
    set_zones(g, 0, hand=["Thief"])
    v1 = set_zones(g, 1, hand=["Moat"], deck=["Gold", "Gold"])
    v2 = set_zones(g, 2, deck=["Silver", "Estate"])
    asked = play(g, 0, "Thief", [pick("Moat"), pick()])
    assert [(d.seat, d.kind, d.target) for d in asked] == [(1, "reveal", 0), (0, "gain", 2)]
    assert deck_top_first(v1) == ["Gold", "Gold"]
    assert names(g.trash) == ["Silver"] and names(v2.discard) == ["Estate"]


# ----- Adventurer -----------------------------------------------------------------------


def test_adventurer_reveals_until_two_treasures_and_discards_the_rest() -> None:
    g = game(K1)
    s = set_zones(
        g, 0, hand=["Adventurer"], deck=["Estate", "Copper", "Festival", "Silver", "Gold"]
    )
    before = conserved(g)
    assert play(g, 0, "Adventurer") == []
    assert names(s.hand) == ["Copper", "Silver"]
    assert sorted(names(s.discard)) == ["Estate", "Festival"]
    assert deck_top_first(s) == ["Gold"] and s.set_aside == []
    assert conserved(g) == before


def test_adventurer_with_fewer_than_two_treasures_stops_when_out_of_cards() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Adventurer"], deck=["Estate", "Copper"], discard=["Duchy"])
    before = conserved(g)
    since = len(g.events or [])
    play(g, 0, "Adventurer")
    assert names(s.hand) == ["Copper"]
    assert sorted(names(s.discard)) == ["Duchy", "Estate"] and s.deck == []
    # The reshuffle took only the Duchy, not the already-revealed Estate.
    assert shuffles(g, since) == [(0, 1)]
    assert conserved(g) == before


def test_adventurer_reshuffle_mid_reveal_does_not_include_revealed_cards() -> None:
    """Ruling: cards revealed (set aside) by Adventurer are not shuffled into the new deck."""
    g = game(K1)
    s = set_zones(
        g, 0, hand=["Adventurer"], deck=["Estate", "Province", "Copper"], discard=["Gold"]
    )
    before = conserved(g)
    since = len(g.events or [])
    play(g, 0, "Adventurer")
    assert shuffles(g, since) == [(0, 1)]
    assert sorted(names(s.hand)) == ["Copper", "Gold"] and s.deck == []
    assert sorted(names(s.discard)) == ["Estate", "Province"]
    assert conserved(g) == before


def test_adventurer_with_no_cards_does_nothing() -> None:
    g = game(K1)
    s = set_zones(g, 0, hand=["Adventurer", "Estate"])
    assert play(g, 0, "Adventurer") == []
    assert names(s.hand) == ["Estate"] and s.discard == [] and s.deck == []


# ----- interactions with Throne Room ------------------------------------------------------


def test_throne_room_mine_upgrades_twice_and_can_re_mine_the_gained_treasure() -> None:
    g = game([*K2, "Throne Room"])
    s = set_zones(g, 0, hand=["Throne Room", "Mine", "Copper"])
    before = conserved(g)
    asked = play(
        g,
        0,
        "Throne Room",
        [pick("Mine"), pick("Copper"), pick("Silver"), pick("Silver"), pick("Gold")],
    )
    assert [d.kind for d in asked] == ["throne", "trash", "gain", "trash", "gain"]
    assert names(s.hand) == ["Gold"] and names(g.trash) == ["Copper", "Silver"]
    assert names(s.in_play) == ["Throne Room", "Mine"]
    assert conserved(g) == before


def test_throne_room_council_room_makes_each_other_player_draw_twice() -> None:
    g = game([*K2, "Throne Room"])
    s = set_zones(g, 0, hand=["Throne Room", "Council Room"], deck=["Copper"] * 8)
    o = set_zones(g, 1, deck=["Gold", "Silver", "Estate"])
    before = conserved(g)
    play(g, 0, "Throne Room", [pick("Council Room")])
    assert len(s.hand) == 8 and g.buys == 3
    assert names(o.hand) == ["Gold", "Silver"] and deck_top_first(o) == ["Estate"]
    assert conserved(g) == before


def test_throne_room_witch_gives_two_curses() -> None:
    g = game([*K2, "Throne Room"])
    set_zones(g, 0, hand=["Throne Room", "Witch"])
    v = set_zones(g, 1)
    play(g, 0, "Throne Room", [pick("Witch")])
    assert names(v.discard) == ["Curse", "Curse"] and g.supply["Curse"] == 8
