"""Rules tests for Dominion basics and the first half of the base-set Kingdom cards.

Cards: Copper, Silver, Gold, Estate, Duchy, Province, Curse, Cellar, Chapel, Moat, Harbinger,
Merchant, Vassal, Village, Workshop, Bureaucrat, Gardens, Militia, Moneylender, Poacher,
Remodel, Smithy, Throne Room. Each test sets exact zones and asserts exact zones/counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

from gametest.engine.decision import Decision, IllegalChoiceError
from gametest.games.dominion.state import DominionState
from tests.games.dominion.helpers import (
    Answer,
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

# Printed costs of the first-game kingdom's Supply (the default of new_state), for checking
# "costing up to $N" option lists independently of the engine's card table.
FIRST_GAME_COSTS = {
    "Copper": 0,
    "Curse": 0,
    "Estate": 2,
    "Cellar": 2,
    "Moat": 2,
    "Silver": 3,
    "Merchant": 3,
    "Village": 3,
    "Militia": 4,
    "Remodel": 4,
    "Smithy": 4,
    "Workshop": 4,
    "Duchy": 5,
    "Market": 5,
    "Mine": 5,
    "Gold": 6,
    "Province": 8,
}


def up_to(limit: int) -> set[str]:
    """First-game Supply piles costing at most `limit` (all piles full)."""
    return {n for n, c in FIRST_GAME_COSTS.items() if c <= limit}


def empty_piles(g: DominionState, *piles: str) -> None:
    """Empty Supply piles (and keep the engine's empty-pile count in step, as set-up does)."""
    for p in piles:
        g.supply[p] = 0
    g.empty_piles = sum(1 for v in g.supply.values() if v == 0)


def plays(g: DominionState) -> list[str]:
    """Names of the cards played so far, from the event log."""
    assert g.events is not None
    return [e[3] for e in g.events if e[2] == "play"]


def decline_buy(d: Decision) -> list[int]:
    assert d.kind == "buy", d
    return []


def owned_consistent(g: DominionState) -> None:
    """The running ownership totals agree with the cards actually in the seats' zones."""
    for s in g.seats:
        actual = Counter(c.name for c in s.all_cards())
        assert {k: v for k, v in s.owned.items() if v} == dict(actual)
        assert s.n_cards == sum(actual.values())


# ----- basic Treasures, Victory cards and Curse ---------------------------------------


def test_treasures_give_1_2_3_coins_in_buy_phase() -> None:
    g = new_state()
    s = set_zones(
        g,
        0,
        hand=["Copper", "Silver", "Gold", "Estate", "Curse"],
        deck=["Copper"] * 5,
    )
    asked = drive(g.take_turn(0), [decline_buy])
    assert len(asked) == 1 and asked[0].limit == 6
    assert {n for n in asked[0].options} == up_to(6)
    assert g.coins == 6
    assert sorted(names(s.discard)) == ["Copper", "Curse", "Estate", "Gold", "Silver"]
    assert names(s.hand) == ["Copper"] * 5 and not s.in_play and not s.deck


def test_buying_gains_to_discard_and_spends_coins() -> None:
    g = new_state()
    s = set_zones(g, 0, hand=["Gold", "Gold", "Silver"], deck=["Estate"] * 5)
    before = g.score(0)
    drive(g.take_turn(0), [pick("Province")])
    assert g.supply["Province"] == 7
    assert g.coins == 0 and g.buys == 0
    assert sorted(names(s.discard)) == ["Gold", "Gold", "Province", "Silver"]
    assert g.score(0) == before + 6


def test_victory_and_curse_points() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Estate"], deck=["Duchy"], discard=["Province"], in_play=["Curse"])
    assert g.score(0) == 1 + 3 + 6 - 1
    set_zones(g, 1, hand=["Curse", "Curse", "Copper", "Silver", "Gold"])
    assert g.score(1) == -2


def test_starting_deck_scores_three() -> None:
    g = new_state(players=3)
    for seat in range(3):
        s = g.seats[seat]
        assert sorted(names(s.hand + s.deck)) == ["Copper"] * 7 + ["Estate"] * 3
        assert len(s.hand) == 5
        assert g.score(seat) == 3


def test_score_follows_gains_and_trashing() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Chapel", "Estate", "Curse", "Copper"])
    assert g.score(0) == 0
    g.gain(0, "Duchy")
    assert g.score(0) == 3
    play(g, 0, "Chapel", [pick("Estate", "Curse")])
    assert g.score(0) == 3
    assert names(g.seats[0].hand) == ["Copper"]


# ----- Gardens ------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "vp"), [(9, 0), (10, 1), (19, 1), (20, 2), (39, 3)])
def test_gardens_one_vp_per_full_ten_cards(total: int, vp: int) -> None:
    g = new_state(["Gardens", *new_state().kingdom[:9]])
    set_zones(g, 0, hand=["Gardens"], deck=["Copper"] * (total - 1))
    assert g.score(0) == vp


def test_gardens_counts_every_zone_including_set_aside() -> None:
    """Ruling: Gardens counts every card owned (deck, hand, discard, in play, set aside)."""
    g = new_state()
    s = set_zones(
        g,
        0,
        hand=["Gardens", "Copper", "Copper"],
        deck=["Copper"] * 5,
        discard=["Curse"] * 5,
        in_play=["Village"] * 4,
    )
    assert s.n_cards == 17
    s.set_aside.append(s.deck.pop())  # moving a card aside doesn't change what is owned
    s.set_aside.append(s.deck.pop())
    assert g.score(0) == 1 - 5  # 17 cards: Gardens 1, five Curses -5
    g.gain(0, "Copper")
    g.gain(0, "Copper")
    assert s.n_cards == 19 and g.score(0) == 1 - 5
    g.gain(0, "Copper")
    assert s.n_cards == 20 and g.score(0) == 2 - 5
    owned_consistent(g)


def test_two_gardens_each_count_and_trashing_drops_below_twenty() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Chapel", "Gardens", "Gardens", "Copper"], deck=["Copper"] * 17)
    assert g.score(0) == 4
    play(g, 0, "Chapel", [pick("Copper")])  # Chapel is in play, still owned: 20 -> 20
    assert g.score(0) == 4
    g.trash_card(0, g.seats[0].deck, g.cards["Copper"])
    assert g.score(0) == 2


@pytest.mark.parametrize(("players", "size"), [(2, 8), (3, 12), (6, 12)])
def test_gardens_pile_uses_victory_pile_size(players: int, size: int) -> None:
    g = new_state(["Gardens", *new_state().kingdom[:9]], players=players)
    assert g.supply["Gardens"] == size


# ----- Cellar -------------------------------------------------------------------------


def test_cellar_discards_then_draws_that_many() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(
        g, 0, hand=["Cellar", "Estate", "Estate", "Copper"], deck=["Gold", "Silver", "Province"]
    )
    asked = play(g, 0, "Cellar", [pick("Estate", "Estate")])
    assert asked[0].min == 0 and asked[0].max == 3
    assert g.actions == 1
    assert sorted(names(s.hand)) == ["Copper", "Gold", "Silver"]
    assert names(s.discard) == ["Estate", "Estate"]
    assert deck_top_first(s) == ["Province"]


def test_cellar_discarding_nothing_draws_nothing() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Cellar", "Estate", "Copper"], deck=["Gold"])
    play(g, 0, "Cellar", [[]])
    assert sorted(names(s.hand)) == ["Copper", "Estate"]
    assert deck_top_first(s) == ["Gold"] and not s.discard
    assert g.actions == 1


def test_cellar_with_empty_hand_asks_nothing() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Cellar"], deck=["Gold"], discard=["Silver"])
    assert play(g, 0, "Cellar") == []
    assert not s.hand and deck_top_first(s) == ["Gold"] and names(s.discard) == ["Silver"]
    assert g.actions == 1


def test_cellar_reshuffles_just_discarded_cards_when_deck_empty() -> None:
    """Ruling (published rules): Cellar discards first, so drawing with an empty deck
    reshuffles the cards it just discarded and can draw them again."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Cellar", "Estate", "Duchy"])
    play(g, 0, "Cellar", [pick("Estate", "Duchy")])
    assert sorted(names(s.hand)) == ["Duchy", "Estate"]
    assert not s.deck and not s.discard and names(s.in_play) == ["Cellar"]


def test_cellar_draws_rest_of_deck_then_reshuffles() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Cellar", "Estate", "Estate", "Copper"], deck=["Gold"])
    play(g, 0, "Cellar", [pick("Estate", "Estate", "Copper")])
    # Gold, then the reshuffled discard (2 Estates, 1 Copper) supplies the other two.
    assert len(s.hand) == 3 and "Gold" in names(s.hand)
    assert sorted(names(s.hand + s.deck)) == ["Copper", "Estate", "Estate", "Gold"]
    assert not s.discard and len(s.deck) == 1


# ----- Chapel -------------------------------------------------------------------------


def test_chapel_trashes_up_to_four() -> None:
    """Ruling: Chapel trashes at most 4 cards."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Chapel", "Estate", "Estate", "Copper", "Copper", "Curse"])
    asked = play(g, 0, "Chapel", [pick("Estate", "Estate", "Copper", "Curse")])
    assert asked[0].kind == "trash" and asked[0].min == 0 and asked[0].max == 4
    assert names(s.hand) == ["Copper"]
    assert sorted(names(g.trash)) == ["Copper", "Curse", "Estate", "Estate"]
    assert s.owned.get("Estate", 0) == 0 and s.n_cards == 2
    owned_consistent(g)


def test_chapel_rejects_a_fifth_card() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Chapel", "Estate", "Estate", "Copper", "Copper", "Curse"])
    with pytest.raises(IllegalChoiceError):
        play(g, 0, "Chapel", [[0, 1, 2, 3, 4]])


def test_chapel_may_trash_nothing() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Chapel", "Estate", "Copper"])
    play(g, 0, "Chapel", [[]])
    assert sorted(names(s.hand)) == ["Copper", "Estate"] and not g.trash


def test_chapel_with_small_hand_and_empty_hand() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Chapel", "Estate", "Copper"])
    asked = play(g, 0, "Chapel", [pick("Estate", "Copper")])
    assert asked[0].max == 2
    assert not g.seats[0].hand
    g2 = new_state()
    start_turn(g2)
    set_zones(g2, 0, hand=["Chapel"])
    assert play(g2, 0, "Chapel") == [] and not g2.trash


# ----- Moat ---------------------------------------------------------------------------


def test_moat_draws_two() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Moat"], deck=["Gold", "Silver", "Copper"])
    play(g, 0, "Moat")
    assert names(s.hand) == ["Gold", "Silver"] and deck_top_first(s) == ["Copper"]
    assert g.actions == 0


def test_moat_draw_reshuffles_and_stops_when_out_of_cards() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Moat"], deck=[], discard=["Gold"])
    play(g, 0, "Moat")
    assert names(s.hand) == ["Gold"] and not s.deck and not s.discard
    assert names(s.in_play) == ["Moat"]


def test_moat_declined_means_attacked() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Militia"])
    v = set_zones(g, 1, hand=["Moat", "Copper", "Estate", "Silver", "Gold"])
    asked = play(g, 0, "Militia", [[], pick("Moat", "Estate")])
    assert [(d.seat, d.kind) for d in asked] == [(1, "reveal"), (1, "discard")]
    assert asked[0].min == 0 and asked[0].target == 0
    assert sorted(names(v.hand)) == ["Copper", "Gold", "Silver"]


def test_moat_blocks_bureaucrat_and_stays_in_hand() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Bureaucrat"])
    v = set_zones(g, 1, hand=["Moat", "Estate", "Copper"], deck=["Copper"])
    asked = play(g, 0, "Bureaucrat", [pick("Moat")])
    assert [(d.seat, d.kind) for d in asked] == [(1, "reveal")]
    assert names(v.hand) == ["Moat", "Estate", "Copper"] and deck_top_first(v) == ["Copper"]
    assert deck_top_first(s) == ["Silver"]


# ----- attacks in turn order -----------------------------------------------------------

VICTIM = ["Copper", "Silver", "Gold", "Estate", "Duchy"]
MOATED = ["Moat", "Copper", "Silver", "Gold", "Estate"]


@pytest.mark.parametrize(
    ("players", "attacker", "moats"),
    [(3, 0, {2}), (3, 1, {0}), (4, 2, {0}), (4, 3, set()), (6, 4, {1, 5}), (6, 0, {3})],
)
def test_attack_resolves_in_turn_order_from_attackers_left(
    players: int, attacker: int, moats: set[int]
) -> None:
    """Ruling: attacks resolve for each other player in turn order starting to the attacker's
    left; Moat is revealed before the effect and stays in hand; the Moat holder isn't hit."""
    g = new_state(players=players)
    start_turn(g, attacker)
    set_zones(g, attacker, hand=["Militia"])
    for seat in range(players):
        if seat != attacker:
            set_zones(g, seat, hand=MOATED if seat in moats else VICTIM, deck=["Copper"])

    def respond(d: Decision) -> list[int]:
        return [0] if d.kind == "reveal" else [0, 1]  # reveal Moat; discard Copper, Silver

    answers: list[Answer] = [respond] * (players - 1)
    order = [(attacker + i) % players for i in range(1, players)]
    asked = play(g, attacker, "Militia", answers)
    expected = [(o, "reveal") for o in order if o in moats]
    expected += [(o, "discard") for o in order if o not in moats]
    assert [(d.seat, d.kind) for d in asked] == expected
    for o in order:
        hand = names(g.seats[o].hand)
        if o in moats:
            assert hand == MOATED
            assert not g.seats[o].discard
        else:
            assert hand == ["Gold", "Estate", "Duchy"]
            assert names(g.seats[o].discard) == ["Copper", "Silver"]
    assert g.coins == 2


def test_bureaucrat_hits_four_players_in_order() -> None:
    g = new_state(players=4)
    start_turn(g, 1)
    set_zones(g, 1, hand=["Bureaucrat"])
    set_zones(g, 2, hand=["Estate", "Duchy"])
    set_zones(g, 3, hand=["Moat", "Province"])
    set_zones(g, 0, hand=["Gardens", "Province"])
    asked = play(g, 1, "Bureaucrat", [pick("Moat"), pick("Duchy"), pick("Gardens")])
    assert [(d.seat, d.kind) for d in asked] == [(3, "reveal"), (2, "topdeck"), (0, "topdeck")]
    assert deck_top_first(g.seats[2]) == ["Duchy"] and names(g.seats[2].hand) == ["Estate"]
    assert deck_top_first(g.seats[3]) == [] and names(g.seats[3].hand) == ["Moat", "Province"]
    assert deck_top_first(g.seats[0]) == ["Gardens"] and names(g.seats[0].hand) == ["Province"]


# ----- Harbinger ----------------------------------------------------------------------


def test_harbinger_puts_chosen_discard_on_top_of_deck() -> None:
    """Ruling: the card chosen from the discard pile ends on top of the deck."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Harbinger"], deck=["Copper", "Estate"], discard=["Gold", "Curse"])
    asked = play(g, 0, "Harbinger", [pick("Gold")])
    assert asked[0].kind == "topdeck" and asked[0].min == 0
    assert set(asked[0].options) == {"Gold", "Curse"}
    assert names(s.hand) == ["Copper"] and g.actions == 1
    assert deck_top_first(s) == ["Gold", "Estate"] and names(s.discard) == ["Curse"]


def test_harbinger_may_decline() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Harbinger"], deck=["Copper"], discard=["Gold"])
    play(g, 0, "Harbinger", [[]])
    assert names(s.hand) == ["Copper"] and not s.deck and names(s.discard) == ["Gold"]


def test_harbinger_with_empty_discard_asks_nothing() -> None:
    """Ruling: Harbinger with an empty discard pile asks nothing."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Harbinger"], deck=["Copper", "Silver"])
    assert play(g, 0, "Harbinger") == []
    assert names(s.hand) == ["Copper"] and deck_top_first(s) == ["Silver"]


def test_harbinger_draw_reshuffle_empties_discard_so_nothing_asked() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Harbinger"], discard=["Gold", "Silver"])
    assert play(g, 0, "Harbinger") == []
    assert sorted(names(s.hand + s.deck)) == ["Gold", "Silver"]
    assert len(s.hand) == 1 and len(s.deck) == 1 and not s.discard


def test_harbinger_topdecked_card_is_drawn_next() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Harbinger", "Smithy"], deck=["Copper"], discard=["Gold"])
    play(g, 0, "Harbinger", [pick("Gold")])
    play(g, 0, "Smithy")
    assert sorted(names(s.hand)) == ["Copper", "Gold"] and not s.deck and not s.discard


# ----- Merchant -----------------------------------------------------------------------


def test_merchant_card_and_action() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Merchant"], deck=["Silver", "Copper"])
    assert play(g, 0, "Merchant") == []
    assert names(s.hand) == ["Silver"] and g.actions == 1 and g.merchants == 1 and g.coins == 0


def test_merchant_one_dollar_on_first_silver_only() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Merchant", "Silver", "Silver", "Copper"], deck=["Estate"] * 6)
    asked = drive(g.take_turn(0), [pick("Merchant"), decline_buy])
    assert asked[-1].limit == 2 + 2 + 1 + 1
    assert g.coins == 6


def test_merchant_without_silver_gives_nothing() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Merchant", "Copper", "Gold"], deck=["Estate"] * 6)
    drive(g.take_turn(0), [pick("Merchant"), decline_buy])
    assert g.coins == 4


def test_two_merchants_give_two_on_first_silver() -> None:
    """Ruling: Merchant played twice gives +$2 on the first Silver, not +$1 per Silver."""
    g = new_state()
    set_zones(
        g, 0, hand=["Merchant", "Merchant", "Silver", "Silver", "Copper"], deck=["Estate"] * 7
    )
    drive(g.take_turn(0), [pick("Merchant"), pick("Merchant"), decline_buy])
    assert g.coins == 2 + 2 + 1 + 2


def test_throne_room_merchant_gives_two_on_first_silver() -> None:
    """Ruling: Merchant played twice by Throne Room gives +$2 on the first Silver only."""
    g = new_state()
    s = set_zones(
        g, 0, hand=["Throne Room", "Merchant", "Silver", "Silver", "Copper"], deck=["Estate"] * 7
    )
    asked = drive(g.take_turn(0), [pick("Throne Room"), pick("Merchant"), decline_buy])
    assert [d.kind for d in asked] == ["action", "throne", "buy"]
    assert g.coins == 2 + 2 + 1 + 2
    assert g.actions == 2
    assert sorted(names(s.discard)) == sorted(
        ["Throne Room", "Merchant", "Silver", "Silver", "Copper", "Estate", "Estate"]
    )


# ----- Vassal -------------------------------------------------------------------------


def test_vassal_discards_non_action_and_asks_nothing() -> None:
    """Ruling: Vassal discarding a non-Action card asks nothing."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal"], deck=["Gold", "Copper"])
    assert play(g, 0, "Vassal") == []
    assert g.coins == 2 and names(s.discard) == ["Gold"] and deck_top_first(s) == ["Copper"]
    assert not s.hand


def test_vassal_played_action_uses_no_action() -> None:
    """Ruling: the Action played from the discard pile does not use up an Action."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal"], deck=["Smithy", "Copper", "Silver", "Gold", "Estate"])
    asked = play(g, 0, "Vassal", [pick("Smithy")])
    assert asked[0].kind == "play" and asked[0].min == 0 and asked[0].options == ("Smithy",)
    assert g.actions == 0
    assert names(s.hand) == ["Copper", "Silver", "Gold"]
    assert names(s.in_play) == ["Vassal", "Smithy"] and not s.discard
    assert g.coins == 2


def test_vassal_played_village_leaves_two_actions() -> None:
    """Ruling: Vassal's Village costs no Action, so its +2 Actions leave 2 (not 1)."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal"], deck=["Village", "Copper"])
    play(g, 0, "Vassal", [pick("Village")])
    assert g.actions == 2 and names(s.hand) == ["Copper"]


def test_vassal_full_turn_can_still_play_action_after() -> None:
    g = new_state()
    s = set_zones(
        g, 0, hand=["Vassal", "Smithy"], deck=["Village", "Copper", "Copper", "Copper", "Copper"]
    )
    asked = drive(g.take_turn(0), [pick("Vassal"), pick("Village"), pick("Smithy"), decline_buy])
    assert [d.kind for d in asked] == ["action", "play", "action", "buy"]
    assert asked[-1].limit == 2 + 4
    assert s.turns == 1


def test_vassal_may_decline_playing_the_action() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal"], deck=["Smithy", "Copper"])
    play(g, 0, "Vassal", [[]])
    assert names(s.discard) == ["Smithy"] and names(s.in_play) == ["Vassal"] and not s.hand
    assert deck_top_first(s) == ["Copper"]


def test_vassal_with_empty_deck_and_discard_does_nothing() -> None:
    """Ruling: Vassal with an empty deck and discard pile does nothing beyond +$2."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal", "Copper"])
    assert play(g, 0, "Vassal") == []
    assert g.coins == 2 and not s.deck and not s.discard and names(s.hand) == ["Copper"]


def test_vassal_reshuffles_when_deck_empty() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal"], discard=["Estate"])
    assert play(g, 0, "Vassal") == []
    assert names(s.discard) == ["Estate"] and not s.deck


def test_vassal_plays_throne_room_from_discard() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Vassal", "Village"], deck=["Throne Room", "Copper", "Silver"])
    asked = play(g, 0, "Vassal", [pick("Throne Room"), pick("Village")])
    assert [d.kind for d in asked] == ["play", "throne"]
    assert g.actions == 4  # Vassal used the only Action; Village twice gave +4
    assert names(s.hand) == ["Copper", "Silver"]
    assert names(s.in_play) == ["Vassal", "Throne Room", "Village"] and not s.discard


# ----- Village, Smithy ----------------------------------------------------------------


def test_village_card_and_two_actions() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Village"], deck=["Gold", "Silver"])
    assert play(g, 0, "Village") == []
    assert g.actions == 2 and names(s.hand) == ["Gold"] and deck_top_first(s) == ["Silver"]


def test_village_with_nothing_to_draw_still_gives_actions() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Village"])
    play(g, 0, "Village")
    assert g.actions == 2 and not s.hand


def test_smithy_draws_three() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Smithy"], deck=["Gold", "Silver", "Copper", "Estate"])
    assert play(g, 0, "Smithy") == []
    assert names(s.hand) == ["Gold", "Silver", "Copper"] and deck_top_first(s) == ["Estate"]
    assert g.actions == 0


def test_smithy_short_deck_no_discard_draws_what_there_is() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Smithy"], deck=["Gold"], in_play=["Village"])
    play(g, 0, "Smithy")
    assert names(s.hand) == ["Gold"]
    assert names(s.in_play) == ["Village", "Smithy"]  # in-play cards are never shuffled in


# ----- Workshop -----------------------------------------------------------------------


def test_workshop_gains_card_up_to_four() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Workshop"], deck=["Copper"])
    asked = play(g, 0, "Workshop", [pick("Smithy")])
    assert asked[0].kind == "gain" and asked[0].limit == 4 and asked[0].min == 1
    assert set(asked[0].options) == up_to(4)
    assert names(s.discard) == ["Smithy"] and g.supply["Smithy"] == 9
    assert deck_top_first(s) == ["Copper"] and not s.hand


def test_workshop_cannot_gain_from_empty_pile_or_over_four() -> None:
    """Ruling: Workshop can't gain from an empty pile nor a card costing more than $4."""
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Workshop"])
    empty_piles(g, "Silver", "Smithy")
    asked = play(g, 0, "Workshop", [pick("Village")])
    assert set(asked[0].options) == up_to(4) - {"Silver", "Smithy"}
    with pytest.raises(StopIteration):
        next(i for i, o in enumerate(asked[0].options) if o in {"Gold", "Duchy", "Market"})


def test_workshop_with_one_gainable_pile_asks_nothing() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Workshop"])
    empty_piles(g, *(up_to(4) - {"Moat"}))
    assert play(g, 0, "Workshop") == []
    assert names(s.discard) == ["Moat"]


def test_workshop_with_nothing_gainable_does_nothing() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Workshop"])
    empty_piles(g, *up_to(4))
    assert play(g, 0, "Workshop") == []
    assert not s.discard and not s.hand


# ----- Bureaucrat ---------------------------------------------------------------------


def test_bureaucrat_silver_on_deck_and_victim_topdecks_victory() -> None:
    """Ruling: Bureaucrat's Silver goes on top of the deck, not to the discard pile."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Bureaucrat"], deck=["Copper"])
    v = set_zones(g, 1, hand=["Estate", "Copper", "Copper", "Silver"], deck=["Gold"])
    assert play(g, 0, "Bureaucrat") == []  # one kind of Victory card: no choice to make
    assert deck_top_first(s) == ["Silver", "Copper"] and not s.discard
    assert g.supply["Silver"] == 39
    assert deck_top_first(v) == ["Estate", "Gold"]
    assert names(v.hand) == ["Copper", "Copper", "Silver"]


def test_bureaucrat_victim_chooses_among_victory_cards() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Bureaucrat"])
    v = set_zones(g, 1, hand=["Estate", "Duchy", "Copper", "Estate"])
    asked = play(g, 0, "Bureaucrat", [pick("Duchy")])
    assert asked[0].seat == 1 and asked[0].min == 1 and set(asked[0].options) == {"Estate", "Duchy"}
    assert deck_top_first(v) == ["Duchy"] and names(v.hand) == ["Estate", "Copper", "Estate"]


def test_bureaucrat_victim_without_victory_reveals_hand() -> None:
    """Ruling: a victim with no Victory card reveals the hand; nothing moves."""
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Bureaucrat"])
    v = set_zones(g, 1, hand=["Copper", "Silver", "Curse"], deck=["Gold"])
    assert play(g, 0, "Bureaucrat") == []
    assert names(v.hand) == ["Copper", "Silver", "Curse"] and deck_top_first(v) == ["Gold"]
    assert g.events is not None
    assert (1, "reveal", ["Copper", "Silver", "Curse"]) in [e[1:] for e in g.events]


def test_bureaucrat_with_empty_silver_pile_gains_nothing() -> None:
    """Ruling: with the Silver pile empty Bureaucrat gains nothing but still attacks."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Bureaucrat"], deck=["Copper"])
    v = set_zones(g, 1, hand=["Province", "Copper"])
    empty_piles(g, "Silver")
    play(g, 0, "Bureaucrat")
    assert deck_top_first(s) == ["Copper"] and not s.discard and g.supply["Silver"] == 0
    assert deck_top_first(v) == ["Province"]


def test_bureaucrat_with_empty_deck_silver_becomes_the_deck() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Bureaucrat"], discard=["Estate"])
    set_zones(g, 1, hand=[])
    play(g, 0, "Bureaucrat")
    assert deck_top_first(s) == ["Silver"] and names(s.discard) == ["Estate"]


# ----- Militia ------------------------------------------------------------------------


def test_militia_plus_two_and_discard_to_three() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Militia"])
    v = set_zones(g, 1, hand=["Copper", "Estate", "Gold", "Silver", "Duchy", "Curse"])
    asked = play(g, 0, "Militia", [pick("Estate", "Duchy", "Curse")])
    assert asked[0].kind == "discard" and asked[0].min == asked[0].max == 3
    assert names(v.hand) == ["Copper", "Gold", "Silver"]
    assert names(v.discard) == ["Estate", "Duchy", "Curse"]
    assert g.coins == 2


@pytest.mark.parametrize("size", [0, 1, 3])
def test_militia_against_three_or_fewer_does_nothing(size: int) -> None:
    """Ruling: Militia against a hand of 3 or fewer: nothing happens, no decision asked."""
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Militia"])
    hand = ["Gold", "Estate", "Silver"][:size]
    v = set_zones(g, 1, hand=hand)
    assert play(g, 0, "Militia") == []
    assert names(v.hand) == hand and not v.discard
    assert g.coins == 2


def test_militia_identical_cards_discard_without_asking() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Militia"])
    v = set_zones(g, 1, hand=["Copper"] * 5)
    assert play(g, 0, "Militia") == []
    assert names(v.hand) == ["Copper"] * 3 and names(v.discard) == ["Copper"] * 2


# ----- Moneylender --------------------------------------------------------------------


def test_moneylender_trashes_one_copper_for_three() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Moneylender", "Copper", "Copper", "Estate"])
    asked = play(g, 0, "Moneylender", [pick("Copper")])
    assert asked[0].kind == "trash" and asked[0].min == 0
    assert g.coins == 3 and names(g.trash) == ["Copper"]
    assert names(s.hand) == ["Copper", "Estate"] and s.owned["Copper"] == 1


def test_moneylender_declined_keeps_copper() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Moneylender", "Copper"])
    play(g, 0, "Moneylender", [[]])
    assert g.coins == 0 and not g.trash and names(s.hand) == ["Copper"]


def test_moneylender_without_copper_asks_nothing() -> None:
    """Ruling: Moneylender with no Copper in hand asks nothing and gives nothing."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Moneylender", "Silver", "Estate"], deck=["Copper"])
    assert play(g, 0, "Moneylender") == []
    assert g.coins == 0 and not g.trash and names(s.hand) == ["Silver", "Estate"]


# ----- Poacher ------------------------------------------------------------------------


def test_poacher_with_no_empty_piles_discards_nothing() -> None:
    """Ruling: Poacher with no empty Supply piles discards nothing (and asks nothing)."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Poacher", "Estate"], deck=["Gold"])
    assert play(g, 0, "Poacher") == []
    assert names(s.hand) == ["Estate", "Gold"] and not s.discard
    assert g.actions == 1 and g.coins == 1


def test_poacher_discards_one_per_empty_pile() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Poacher", "Estate", "Copper", "Silver"], deck=["Gold"])
    empty_piles(g, "Curse", "Moat")
    asked = play(g, 0, "Poacher", [pick("Estate", "Copper")])
    assert asked[0].kind == "discard" and asked[0].min == asked[0].max == 2
    assert sorted(names(s.hand)) == ["Gold", "Silver"]
    assert sorted(names(s.discard)) == ["Copper", "Estate"]


def test_poacher_more_empty_piles_than_cards_discards_whole_hand() -> None:
    """Ruling: with more empty piles than cards in hand, Poacher discards the whole hand."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Poacher", "Estate"], deck=["Gold"])
    empty_piles(g, "Curse", "Moat", "Cellar")
    assert play(g, 0, "Poacher") == []
    assert not s.hand and sorted(names(s.discard)) == ["Estate", "Gold"]
    assert g.coins == 1 and g.actions == 1


def test_poacher_sees_pile_emptied_by_a_gain() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Poacher", "Estate"], deck=["Gold"])
    g.supply["Curse"] = 1
    g.gain(1, "Curse")
    assert g.supply["Curse"] == 0
    play(g, 0, "Poacher", [pick("Estate")])
    assert names(s.hand) == ["Gold"] and names(s.discard) == ["Estate"]


# ----- Remodel ------------------------------------------------------------------------


def test_remodel_trashes_and_gains_up_to_cost_plus_two() -> None:
    """Ruling: Remodel must trash a card if it can and gains one costing up to $2 more."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Remodel", "Estate", "Gold"])
    asked = play(g, 0, "Remodel", [pick("Estate"), pick("Smithy")])
    assert (asked[0].kind, asked[0].min, asked[0].max) == ("trash", 1, 1)
    assert asked[1].kind == "gain" and asked[1].limit == 4 and asked[1].min == 1
    assert set(asked[1].options) == up_to(4)
    assert names(g.trash) == ["Estate"] and names(s.hand) == ["Gold"]
    assert names(s.discard) == ["Smithy"]


def test_remodel_must_trash() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Remodel", "Estate", "Gold"])
    with pytest.raises(IllegalChoiceError):
        play(g, 0, "Remodel", [[]])


def test_remodel_gold_into_province() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Remodel", "Gold"])
    asked = play(g, 0, "Remodel", [pick("Province")])  # the only card: trashed without asking
    assert [d.kind for d in asked] == ["gain"]
    assert set(asked[0].options) == up_to(8)
    assert names(g.trash) == ["Gold"] and names(s.discard) == ["Province"]
    assert g.supply["Province"] == 7 and g.score(0) == 6


def test_remodel_with_empty_hand_does_nothing() -> None:
    """Ruling: Remodel with an empty hand does nothing (nothing to trash, so no gain)."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Remodel"], deck=["Copper"], discard=["Gold"])
    assert play(g, 0, "Remodel") == []
    assert not g.trash and names(s.discard) == ["Gold"] and deck_top_first(s) == ["Copper"]


def test_remodel_with_nothing_gainable_still_trashes() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Remodel", "Curse"])
    empty_piles(g, *up_to(2))
    assert play(g, 0, "Remodel") == []
    assert names(g.trash) == ["Curse"] and not s.hand and not s.discard


def test_remodel_may_gain_cheaper_card() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Remodel", "Gold"])
    play(g, 0, "Remodel", [pick("Curse")])
    assert names(s.discard) == ["Curse"] and g.score(0) == -1


# ----- Throne Room --------------------------------------------------------------------


def test_throne_room_on_throne_room_four_plays() -> None:
    """Ruling: Throne Room on Throne Room plays one Action twice, then another Action twice
    (4 plays in all)."""
    g = new_state()
    start_turn(g)
    s = set_zones(
        g, 0, hand=["Throne Room", "Throne Room", "Smithy", "Village"], deck=["Copper"] * 10
    )
    asked = play(g, 0, "Throne Room", [pick("Throne Room"), pick("Smithy"), pick("Village")])
    assert [d.kind for d in asked] == ["throne"] * 3
    assert set(asked[1].options) == {"Smithy", "Village"}
    assert asked[2].options == ("Village",) and asked[2].min == 0
    # the outer Throne Room, then the inner one twice: Smithy twice, then Village twice
    assert plays(g) == [
        "Throne Room",
        "Throne Room",
        "Smithy",
        "Smithy",
        "Throne Room",
        "Village",
        "Village",
    ]
    assert names(s.in_play) == ["Throne Room", "Throne Room", "Smithy", "Village"]
    assert names(s.hand) == ["Copper"] * 8 and len(s.deck) == 2
    assert g.actions == 4


def test_throne_room_on_throne_room_with_one_other_action() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Throne Room", "Village"], deck=["Copper"] * 3)
    asked = play(g, 0, "Throne Room", [pick("Throne Room"), pick("Village")])
    assert len(asked) == 2  # the second play of the inner Throne Room finds no Action
    assert g.actions == 4 and names(s.hand) == ["Copper", "Copper"]


def test_throne_room_on_smithy_draws_six_with_reshuffle() -> None:
    """Ruling: Throne Room on a drawing card draws twice; the reshuffle happens mid-effect."""
    g = new_state()
    start_turn(g)
    s = set_zones(
        g,
        0,
        hand=["Throne Room", "Smithy"],
        deck=["Gold", "Gold", "Gold", "Gold"],
        discard=["Silver", "Silver", "Silver"],
    )
    play(g, 0, "Throne Room", [pick("Smithy")])
    assert sorted(names(s.hand)) == ["Gold"] * 4 + ["Silver"] * 2
    assert names(s.deck) == ["Silver"] and not s.discard
    assert names(s.in_play) == ["Throne Room", "Smithy"]


def test_throne_room_on_militia_attacks_twice() -> None:
    """Ruling: Throne Room on Militia attacks twice (+$4; a hand already at 3 isn't asked
    again; a Moat holder may reveal against each attack)."""
    g = new_state(players=3)
    start_turn(g)
    set_zones(g, 0, hand=["Throne Room", "Militia"])
    v1 = set_zones(g, 1, hand=["Copper", "Estate", "Gold", "Silver", "Duchy"])
    v2 = set_zones(g, 2, hand=["Moat", "Copper", "Estate", "Gold", "Silver"])
    asked = play(g, 0, "Throne Room", [pick("Militia"), pick("Moat"), pick("Estate", "Duchy"), [0]])
    assert [(d.seat, d.kind) for d in asked] == [
        (0, "throne"),
        (2, "reveal"),
        (1, "discard"),
        (2, "reveal"),
    ]
    assert g.coins == 4
    assert names(v1.hand) == ["Copper", "Gold", "Silver"]
    assert len(v2.hand) == 5 and "Moat" in names(v2.hand)
    assert plays(g) == ["Throne Room", "Militia", "Militia"]


def test_throne_room_second_militia_hits_moat_holder_who_declines() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Throne Room", "Militia"])
    v = set_zones(g, 1, hand=["Moat", "Copper", "Estate", "Gold", "Silver"])
    asked = play(g, 0, "Throne Room", [pick("Militia"), [0], [], pick("Moat", "Estate")])
    assert [d.kind for d in asked] == ["throne", "reveal", "reveal", "discard"]
    assert names(v.hand) == ["Copper", "Gold", "Silver"]


def test_throne_room_with_no_other_action_does_nothing() -> None:
    """Ruling: Throne Room with no other Action in hand: nothing happens, nothing asked."""
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Copper", "Estate"], deck=["Gold"])
    assert play(g, 0, "Throne Room") == []
    assert names(s.hand) == ["Copper", "Estate"] and names(s.in_play) == ["Throne Room"]
    assert deck_top_first(s) == ["Gold"] and g.actions == 0 and g.coins == 0


def test_throne_room_choice_is_optional() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Smithy"], deck=["Gold"] * 3)
    asked = play(g, 0, "Throne Room", [[]])
    assert asked[0].min == 0
    assert names(s.hand) == ["Smithy"] and names(s.in_play) == ["Throne Room"]


def test_throne_room_on_village_gives_four_actions() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Village"], deck=["Copper", "Silver"])
    play(g, 0, "Throne Room", [pick("Village")])
    assert g.actions == 4 and names(s.hand) == ["Copper", "Silver"]


def test_throne_room_on_workshop_gains_twice() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Workshop"])
    play(g, 0, "Throne Room", [pick("Workshop"), pick("Silver"), pick("Village")])
    assert names(s.discard) == ["Silver", "Village"]


def test_throne_room_on_bureaucrat_gains_two_silvers_onto_deck() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Bureaucrat"], deck=["Copper"])
    v = set_zones(g, 1, hand=["Estate", "Estate", "Copper"], deck=["Gold"])
    asked = play(g, 0, "Throne Room", [pick("Bureaucrat")])
    assert [d.kind for d in asked] == ["throne"]  # one kind of Victory card: no topdeck choice
    assert deck_top_first(s) == ["Silver", "Silver", "Copper"] and g.supply["Silver"] == 38
    assert deck_top_first(v) == ["Estate", "Estate", "Gold"] and names(v.hand) == ["Copper"]


def test_harbinger_with_identical_cards_in_discard_still_optional() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Harbinger"], discard=["Gold", "Gold"], deck=["Copper"])
    asked = play(g, 0, "Harbinger", [[0]])
    assert asked[0].options == ("Gold",) and asked[0].min == 0
    assert deck_top_first(s) == ["Gold"] and names(s.discard) == ["Gold"]


def test_throne_room_on_moneylender_with_one_copper() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Throne Room", "Moneylender", "Copper"])
    asked = play(g, 0, "Throne Room", [pick("Moneylender"), pick("Copper")])
    assert len(asked) == 2  # the second play finds no Copper and asks nothing
    assert g.coins == 3 and names(g.trash) == ["Copper"] and not s.hand


# ----- conservation -------------------------------------------------------------------

CONSERVE_CASES: list[tuple[str, list[str], list[str], list[str], list[Answer]]] = [
    ("Cellar", ["Cellar", "Estate", "Copper"], [], ["Gold"], [pick("Estate", "Copper")]),
    ("Chapel", ["Chapel", "Estate", "Copper", "Curse"], [], [], [pick("Estate", "Curse")]),
    ("Moat", ["Moat"], ["Copper"], ["Silver", "Gold"], []),
    ("Harbinger", ["Harbinger"], ["Copper"], ["Gold", "Estate"], [pick("Gold")]),
    ("Merchant", ["Merchant"], ["Silver"], [], []),
    ("Vassal", ["Vassal"], ["Smithy", "Copper", "Copper"], ["Gold"], [pick("Smithy")]),
    ("Village", ["Village"], [], ["Estate"], []),
    ("Workshop", ["Workshop"], [], [], [pick("Silver")]),
    ("Bureaucrat", ["Bureaucrat"], ["Copper"], [], []),
    ("Militia", ["Militia"], [], [], [pick("Estate", "Estate")]),
    ("Moneylender", ["Moneylender", "Copper"], [], [], [pick("Copper")]),
    ("Poacher", ["Poacher", "Estate"], [], ["Gold"], []),
    ("Remodel", ["Remodel", "Gold"], [], [], [pick("Province")]),
    ("Smithy", ["Smithy"], ["Copper"], ["Silver", "Gold"], []),
    (
        "Throne Room",
        ["Throne Room", "Throne Room", "Remodel", "Workshop", "Estate", "Copper"],
        [],
        [],
        [
            pick("Throne Room"),
            pick("Remodel"),
            pick("Estate"),
            pick("Silver"),
            pick("Copper"),
            pick("Curse"),
            pick("Workshop"),
            pick("Smithy"),
            pick("Village"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("card", "hand", "deck", "discard", "answers"),
    CONSERVE_CASES,
    ids=[c[0] for c in CONSERVE_CASES],
)
def test_effects_conserve_cards(
    card: str,
    hand: list[str],
    deck: list[str],
    discard: list[str],
    answers: Sequence[Answer],
) -> None:
    """Every effect only moves cards between zones, the Supply and the trash."""
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=hand, deck=deck, discard=discard)
    set_zones(g, 1, hand=["Estate", "Copper", "Silver", "Copper", "Estate"], deck=["Copper"] * 3)
    before = conserved(g)
    play(g, 0, card, answers)
    assert conserved(g) == before
    owned_consistent(g)


def test_full_turn_conserves_cards() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Village", "Smithy", "Silver", "Copper", "Estate"], discard=["Gold"])
    before = conserved(g)
    drive(g.take_turn(0), [pick("Village"), pick("Smithy"), pick("Silver")])
    assert conserved(g) == before
    owned_consistent(g)
    s = g.seats[0]
    assert s.n_cards == 7 and len(s.hand) == 5 and len(s.deck) == 2
    assert not s.discard and not s.in_play
