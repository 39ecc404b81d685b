"""Helpers for Embermarch rules tests: set up exact zones, play a card, answer its decisions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from games.embermarch import GAME
from games.embermarch.state import EmberState, Seat
from gametest.engine.decision import Decision, validate_choice

Answer = Sequence[int] | Callable[[Decision], Sequence[int]]


def new_state(
    kingdom: str = "standard", players: int = 2, seed: int = 0, first: int = 0
) -> EmberState:
    """A fresh game with logging on, seat `first` to move."""
    return GAME.new_game(GAME.parse_kingdom(kingdom), players, seed, first, True)


def set_zones(
    g: EmberState,
    seat: int,
    hand: Sequence[str] = (),
    deck: Sequence[str] = (),
    discard: Sequence[str] = (),
    in_play: Sequence[str] = (),
) -> Seat:
    """Replace a seat's zones; `deck` is listed top card first. Owned totals are rebuilt.

    Cards are conjured: use this for rules tests, not for conservation checks.
    """
    s = g.seats[seat]
    c = g.cards
    s.hand = [c[n] for n in hand]
    s.deck = [c[n] for n in reversed(deck)]
    s.discard = [c[n] for n in discard]
    s.in_play = [c[n] for n in in_play]
    s.owned, s.factions, s.n_cards, s.total_coin, s.vp = {}, {}, 0, 0, 0
    for card in list(s.all_cards()):
        g._own(s, card, 1)
    return s


def names(cards: Sequence[Any]) -> list[str]:
    """Card names of a zone."""
    return [c.name for c in cards]


def drive(gen: Any, answers: Sequence[Answer]) -> list[Decision]:
    """Run a rules generator to its end, answering each decision in turn; return the decisions."""
    asked: list[Decision] = []
    queue = list(answers)
    try:
        d = next(gen)
        while True:
            asked.append(d)
            assert queue, f"unexpected decision: {d.kind} {d.options} from {d.card}"
            a = queue.pop(0)
            picks = a(d) if callable(a) else a
            d = gen.send(validate_choice(d, picks))
    except StopIteration:
        pass
    assert not queue, f"{len(queue)} answer(s) left unused"
    return asked


def start_turn(g: EmberState, seat: int = 0) -> None:
    """Reset the turn totals as at the start of `seat`'s play phase."""
    g.current = seat
    g.coin = g.might = 0
    g.played = {}
    g.topdeck_next = False


def play(g: EmberState, seat: int, card: str, answers: Sequence[Answer] = ()) -> list[Decision]:
    """Play `card` from `seat`'s hand as in the play phase."""
    s = g.seats[seat]
    c = g.cards[card]
    s.hand.remove(c)
    s.in_play.append(c)
    g.current = seat
    return drive(g.play_card(seat, c), answers)


def pick(*labels: str) -> Callable[[Decision], list[int]]:
    """An answer choosing options by label (each label once, leftmost match first)."""

    def answer(d: Decision) -> list[int]:
        out: list[int] = []
        for lab in labels:
            out.append(next(i for i, o in enumerate(d.options) if o == lab and i not in out))
        return out

    return answer
