"""Rules tests per card: each card's effects alone, with Resonance firing, and when burned."""

from __future__ import annotations

from typing import Any

import pytest

from gametest.games.embermarch.cards import CARDS, MARKET_NAMES
from gametest.games.embermarch.state import START_HEALTH, EmberState
from tests.games.embermarch.helpers import names, new_state, pick, play, set_zones, start_turn

# Hand-written expectations (independent of the card data): coin, might, ward, mend,
# renown, draw; the Resonance threshold and bonus; the Burn bonus.
C, M, W, H, R, D = "coin", "might", "ward", "mend", "renown", "draw"
BASE: dict[str, dict[str, int]] = {
    "Scrip": {C: 1},
    "Cudgel": {M: 1},
    "Trade Writ": {C: 2},
    "Sellsword": {M: 2},
    "Laurel": {},
    "Harbor Urchin": {C: 1},
    "Net Mender": {C: 2},
    "Tide Chart": {C: 1, D: 1},
    "Pearl Diver": {C: 2},
    "Quay Broker": {C: 3},
    "Salt Merchant": {C: 2, D: 1},
    "Lighthouse Keeper": {D: 2},
    "Drowned Bell": {C: 4},
    "Tide Regent": {C: 3, D: 2},
    "Ash Recruit": {M: 1},
    "Cinder Scout": {C: 1, M: 1},
    "Pikewall": {M: 2, W: 2},
    "Brand Bearer": {M: 3},
    "Warhorn": {M: 2, D: 1},
    "Siege Smith": {M: 4},
    "Ember Duelist": {C: 1, M: 3},
    "Ashen Banner": {M: 3, D: 1},
    "Pyre Marshal": {M: 6},
    "Moss Tender": {H: 2},
    "Thornhedge": {C: 1, W: 3},
    "Seedkeeper": {C: 2},
    "Grove Warden": {M: 1, W: 2, H: 1},
    "Rootspeaker": {C: 1, D: 1},
    "Bloom Oracle": {C: 2, R: 1},
    "Elder Bark": {W: 5, H: 3},
    "Wildheart Stag": {M: 3, H: 3},
    "Verdant Crown": {C: 2, H: 2},
    "Bone Sweeper": {},
    "Grave Lantern": {C: 2},
    "Ossuary Clerk": {C: 1, M: 1},
    "Ghoul Hound": {M: 2},
    "Crypt Scholar": {C: 1, D: 1},
    "Mourning Choir": {M: 3},
    "Pale Embalmer": {C: 3},
    "Lich Archivist": {D: 2},
    "Grave Sovereign": {C: 2, M: 4},
    "Wick Runner": {C: 1},
    "Street Lamplighter": {C: 1, M: 1},
    "Glass Peddler": {C: 2},
    "Moth Courier": {M: 1, D: 1},
    "Festival Crier": {C: 2, R: 1},
    "Guild Chandler": {C: 3},
    "Beacon Sage": {W: 2, R: 1, D: 1},
    "Starlight Parade": {C: 3, R: 2},
    "Lantern Queen": {C: 2, R: 2, D: 1},
}
RESONANCE: dict[str, tuple[int, dict[str, int]]] = {
    "Harbor Urchin": (2, {C: 1}),
    "Tide Chart": (2, {D: 1}),
    "Pearl Diver": (2, {R: 1}),
    "Quay Broker": (2, {C: 1}),
    "Salt Merchant": (3, {C: 2}),
    "Lighthouse Keeper": (2, {W: 2}),
    "Tide Regent": (2, {R: 2}),
    "Cinder Scout": (2, {M: 2}),
    "Brand Bearer": (2, {M: 1}),
    "Warhorn": (2, {M: 2}),
    "Siege Smith": (3, {M: 3}),
    "Ashen Banner": (2, {R: 1}),
    "Pyre Marshal": (2, {D: 1}),
    "Moss Tender": (2, {C: 1}),
    "Seedkeeper": (2, {H: 3}),
    "Rootspeaker": (2, {R: 1}),
    "Bloom Oracle": (3, {R: 2}),
    "Wildheart Stag": (2, {M: 2}),
    "Verdant Crown": (2, {R: 1}),
    "Grave Lantern": (2, {}),  # Cull 1 (tested below)
    "Crypt Scholar": (2, {D: 1}),
    "Mourning Choir": (2, {R: 1}),  # and Cull 1
    "Street Lamplighter": (2, {R: 1}),
    "Moth Courier": (2, {C: 2}),
    "Guild Chandler": (2, {D: 1}),
    "Lantern Queen": (2, {R: 2}),
}
BURN: dict[str, dict[str, int]] = {
    "Net Mender": {C: 3},
    "Ash Recruit": {M: 3},
    "Ember Duelist": {M: 5},
    "Ghoul Hound": {M: 2, R: 1},
    "Pale Embalmer": {R: 3},
    "Beacon Sage": {R: 3},
}
PRINTED_RENOWN = {
    "Laurel": 3,
    "Drowned Bell": 1,
    "Ashen Banner": 1,
    "Elder Bark": 1,
    "Verdant Crown": 3,
    "Grave Sovereign": 1,
    "Lantern Queen": 1,
}
FILLER = ["Scrip"] * 6
HURT = START_HEALTH - 10


def _play_declining(g: EmberState, card: str, burn: bool = False) -> list[str]:
    """Play a card answering Burn as told and every other optional choice with 'no'."""
    s = g.seats[0]
    c = g.cards[card]
    s.hand.remove(c)
    s.in_play.append(c)
    kinds = []
    gen = g.play_card(0, c)
    try:
        d = next(gen)
        while True:
            kinds.append(d.kind)
            d = gen.send((0,) if d.kind == "burn" and burn else ())
    except StopIteration:
        pass
    return kinds


def _setup(card: str, played: int = 0) -> tuple[EmberState, Any]:
    g = new_state("full")
    start_turn(g)
    s = set_zones(g, 0, hand=[card], deck=FILLER)
    s.health = HURT
    if played and CARDS[card].faction:
        g.played[CARDS[card].faction] = played
    return g, s


def _check(g: EmberState, s: Any, want: dict[str, int]) -> None:
    got = {
        C: g.coin,
        M: g.might,
        W: s.ward,
        H: s.health - HURT,
        R: s.tokens,
        D: len(s.hand),
    }
    expected = {k: want.get(k, 0) for k in got}
    assert got == expected


def test_every_card_has_a_row() -> None:
    assert set(BASE) == set(CARDS)
    assert len(CARDS) == 50 and len(MARKET_NAMES) == 45


@pytest.mark.parametrize("card", list(BASE))
def test_card_alone(card: str) -> None:
    g, s = _setup(card)
    _play_declining(g, card)
    _check(g, s, BASE[card])
    assert names(s.in_play) == [card]


@pytest.mark.parametrize("card", list(RESONANCE))
def test_resonance_fires_at_its_threshold(card: str) -> None:
    n, bonus = RESONANCE[card]
    assert CARDS[card].resonance == n
    g, s = _setup(card, played=n - 2)
    _play_declining(g, card)
    _check(g, s, BASE[card])  # one short: no bonus
    g, s = _setup(card, played=n - 1)
    _play_declining(g, card)
    want = dict(BASE[card])
    for k, v in bonus.items():
        want[k] = want.get(k, 0) + v
    _check(g, s, want)


def test_cards_without_resonance_have_none() -> None:
    for name, c in CARDS.items():
        assert bool(c.resonance) == (name in RESONANCE), name


@pytest.mark.parametrize("card", list(BURN))
def test_burn_removes_the_card_for_its_bonus(card: str) -> None:
    g, s = _setup(card)
    _play_declining(g, card, burn=True)
    want = dict(BASE[card])
    for k, v in BURN[card].items():
        want[k] = want.get(k, 0) + v
    _check(g, s, want)
    assert names(g.ashes) == [card] and s.owned.get(card, 0) == 0
    assert not s.in_play


@pytest.mark.parametrize("card", list(BURN))
def test_declining_burn_keeps_the_card(card: str) -> None:
    g, s = _setup(card)
    kinds = _play_declining(g, card)
    assert kinds.count("burn") == 1
    assert names(s.in_play) == [card] and not g.ashes


def test_only_burn_cards_offer_burn() -> None:
    for name, c in CARDS.items():
        assert (c.burn is not None) == (name in BURN), name


@pytest.mark.parametrize("card", list(PRINTED_RENOWN))
def test_printed_renown_counts_while_owned(card: str) -> None:
    g = new_state()
    set_zones(g, 0, discard=[card])
    assert g.score(0) == PRINTED_RENOWN[card]
    assert sum(c.vp for c in CARDS.values()) == sum(PRINTED_RENOWN.values())


def test_mend_never_exceeds_starting_health() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Elder Bark"])
    s.health = START_HEALTH - 1
    play(g, 0, "Elder Bark")
    assert s.health == START_HEALTH and s.ward == 5


def test_bone_sweeper_culls_from_discard_or_hand() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Bone Sweeper", "Cudgel"], discard=["Scrip"])
    asked = play(g, 0, "Bone Sweeper", [pick("Cudgel (in hand)")])
    assert asked[0].kind == "cull" and asked[0].options == ("Scrip", "Cudgel (in hand)")
    assert asked[0].max == 1
    assert names(s.hand) == [] and names(s.discard) == ["Scrip"]
    assert names(g.ashes) == ["Cudgel"] and s.owned["Cudgel"] == 0


def test_cull_with_nothing_to_cull_asks_nothing() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Bone Sweeper"])
    assert play(g, 0, "Bone Sweeper") == []


def test_lich_archivist_draws_then_culls_two() -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=["Lich Archivist"], deck=["Cudgel", "Scrip"], discard=["Scrip"])
    asked = play(g, 0, "Lich Archivist", [pick("Scrip", "Cudgel (in hand)")])
    assert asked[0].max == 2
    assert names(s.hand) == ["Scrip"] and not s.discard
    assert sorted(names(g.ashes)) == ["Cudgel", "Scrip"]


@pytest.mark.parametrize("card", ["Ossuary Clerk", "Crypt Scholar", "Grave Sovereign"])
def test_cull_one_cards(card: str) -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=[card], deck=["Laurel"], discard=["Cudgel", "Scrip"])
    asked = play(g, 0, card, [pick("Cudgel")])
    assert [d.kind for d in asked] == ["cull"] and asked[0].max == 1
    assert "Cudgel" not in names(s.discard) and names(g.ashes) == ["Cudgel"]


@pytest.mark.parametrize("card", ["Grave Lantern", "Mourning Choir"])
def test_resonance_cull(card: str) -> None:
    g = new_state()
    start_turn(g)
    s = set_zones(g, 0, hand=[card], discard=["Cudgel"])
    assert play(g, 0, card) == []  # first Gravewright: no Resonance, no cull
    g = new_state()
    start_turn(g)
    g.played["Gravewrights"] = 1
    s = set_zones(g, 0, hand=[card], discard=["Cudgel"])
    asked = play(g, 0, card, [pick("Cudgel")])
    assert [d.kind for d in asked] == ["cull"]
    assert not s.discard and names(g.ashes) == ["Cudgel"]


def test_wick_runner_sweeps_a_row_card_and_refills() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Wick Runner"])
    row = names(g.row)
    top = g.market_deck[-1].name
    asked = play(g, 0, "Wick Runner", [[1]])
    assert asked[0].kind == "sweep" and asked[0].min == 0
    assert names(g.ashes) == [asked[0].options[1]]
    assert len(g.row) == 5 and names(g.row)[row.index(asked[0].options[1])] == top
    assert g.coin == 1


def test_wick_runner_sweep_is_optional() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Wick Runner"])
    row = names(g.row)
    play(g, 0, "Wick Runner", [[]])
    assert names(g.row) == row and not g.ashes


def test_glass_peddler_puts_the_next_buy_on_the_deck() -> None:
    g = new_state()
    s = set_zones(g, 0, hand=["Glass Peddler", "Trade Writ", "Scrip"], deck=["Laurel"] * 5)
    gen = g.take_turn(0)
    bought = []
    try:
        d = next(gen)
        while True:
            assert d.kind == "buy"
            if bought or "Trade Writ" not in d.options:
                d = gen.send(())
            else:
                bought.append("Trade Writ")
                d = gen.send((d.options.index("Trade Writ"),))
    except StopIteration:
        pass
    assert bought and "Trade Writ" in names(s.hand)  # topdecked, then drawn in clean-up
    assert not g.topdeck_next or g.current != 0
