"""The shared zone operations: drawing, reshuffling, taking the top card, owned counts."""

from __future__ import annotations

import random
from typing import Any

from gametest.engine.cards import Card
from gametest.engine.zones import SeatZones, ZoneOps


def _card(name: str) -> Card:
    return Card(name=name, cost=0, types=frozenset({"Treasure"}), text="")


A, B, C, D = (_card(n) for n in "ABCD")


class _State(ZoneOps[SeatZones[Card], Card]):
    """A minimal game state with two seats and logging on."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.seats = [SeatZones[Card](), SeatZones[Card]()]
        self.n = 2
        self.total_turns = 0
        self.events: list[tuple[Any, ...]] | None = []


def _shuffles(g: _State) -> list[tuple[Any, ...]]:
    return [e for e in g.events or [] if e[2] == "shuffle"]


def test_draw_takes_from_the_top_without_shuffling_when_the_deck_has_enough() -> None:
    g = _State()
    s = g.seats[0]
    s.deck = [A, B, C]  # C is on top
    s.discard = [D]
    assert g.draw(0, 2) == [C, B]
    assert s.hand == [C, B] and s.deck == [A] and s.discard == [D]
    assert not _shuffles(g)
    assert g.events == [(0, 0, "draw", ["C", "B"])]


def test_drawing_no_cards_moves_nothing() -> None:
    """A draw of 0 (say, +1 card per empty pile with none empty) or fewer takes no card."""
    g = _State()
    s = g.seats[0]
    s.deck, s.discard = [A, B], [C]
    assert g.draw(0, 0) == [] and g.draw(0, -1) == []
    assert s.hand == [] and s.deck == [A, B] and s.discard == [C] and g.events == []


def test_draw_reshuffles_only_when_the_deck_is_empty() -> None:
    g = _State(seed=3)
    s = g.seats[1]
    s.deck = [A]
    s.discard = [B, C, D]
    drawn = g.draw(1, 3)
    assert drawn[0] is A  # the old deck is used up before the discard pile is shuffled
    assert len(s.deck) == 1 and not s.discard
    assert _shuffles(g) == [(0, 1, "shuffle", 3)]
    # the shuffle used the state's RNG exactly as random.shuffle would
    expected = [B, C, D]
    random.Random(3).shuffle(expected)
    assert drawn[1:] == expected[::-1][:2] and s.deck == expected[:1]


def test_draw_stops_when_deck_and_discard_are_empty() -> None:
    g = _State()
    s = g.seats[0]
    s.deck = [A]
    assert g.draw(0, 3) == [A]
    assert g.draw(0, 2) == []
    assert s.hand == [A]
    assert not _shuffles(g)
    assert g.events == [(0, 0, "draw", ["A"])]  # an empty draw is not logged


def _draw_one_by_one(g: _State, seat: SeatZones[Card], n: int) -> list[Card]:
    """The rules' reading of a draw: one card at a time, reshuffling when the deck is empty."""
    drawn = []
    for _ in range(n):
        if not seat.deck:
            if not seat.discard:
                break
            g.shuffle(seat)
        drawn.append(seat.deck.pop())
    seat.hand.extend(drawn)
    return drawn


def test_a_draw_through_a_reshuffle_matches_drawing_one_card_at_a_time() -> None:
    pool = [_card(f"c{i}") for i in range(20)]
    for case in range(400):
        r = random.Random(case)
        n, d = r.randrange(1, 10), r.randrange(0, 6)
        deck, discard = pool[:d], pool[d : d + r.randrange(0, 12)]
        out = []
        for draw in (_draw_one_by_one, _State._draw_n):
            g = _State(seed=case)
            s = g.seats[0]
            s.deck, s.discard = list(deck), list(discard)
            drawn = draw(g, s, n)
            out.append((drawn, s.deck, s.discard, s.hand, g.rng.getstate(), _shuffles(g)))
        assert out[0] == out[1], (case, n, d)


def test_take_top_removes_the_top_card_shuffling_if_needed() -> None:
    g = _State()
    s = g.seats[0]
    s.deck = [A, B]
    assert g.take_top(0) is B and s.deck == [A]
    s.deck = []
    s.discard = [C]
    assert g.take_top(0) is C
    assert _shuffles(g) == [(0, 0, "shuffle", 1)]
    assert g.take_top(0) is None


def test_own_keeps_owned_counts_and_the_card_total() -> None:
    g = _State()
    s = g.seats[0]
    g._own(s, A, 1)
    g._own(s, A, 1)
    g._own(s, B, 1)
    g._own(s, A, -1)
    assert s.owned == {"A": 1, "B": 1} and s.n_cards == 2


def test_all_cards_covers_every_zone_and_others_go_left() -> None:
    g = _State()
    s = g.seats[0]
    s.deck, s.hand, s.discard, s.in_play = [A], [B], [C], [D]
    assert list(s.all_cards()) == [A, B, C, D]
    assert g.others(0) == [1] and g.others(1) == [0]
