"""Helpers for Dominion rules tests: set up exact zones, play a card, answer its decisions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from games.dominion import GAME
from games.dominion.kingdoms import PRESETS
from games.dominion.state import DominionState, Seat
from gametest.engine.decision import Decision, validate_choice

Answer = Sequence[int] | Callable[[Decision], Sequence[int]]


def new_state(
    kingdom: Sequence[str] | None = None, players: int = 2, seed: int = 0
) -> DominionState:
    """A fresh game (first-game kingdom unless given), with seat 0 to move."""
    state = GAME.new_game(list(kingdom or PRESETS["first-game"]), players, seed, 0, True)
    assert isinstance(state, DominionState)
    return state


def set_zones(
    g: DominionState,
    seat: int,
    hand: Sequence[str] = (),
    deck: Sequence[str] = (),
    discard: Sequence[str] = (),
    in_play: Sequence[str] = (),
) -> Seat:
    """Replace a seat's zones; `deck` is listed top card first. Owned counts are rebuilt."""
    s = g.seats[seat]
    c = g.cards
    s.hand = [c[n] for n in hand]
    s.deck = [c[n] for n in reversed(deck)]
    s.discard = [c[n] for n in discard]
    s.in_play = [c[n] for n in in_play]
    s.set_aside = []
    s.owned, s.n_cards, s.total_money, s.vp = {}, 0, 0, 0
    for card in list(s.all_cards()):
        g._own(s, card, 1)
    return s


def names(cards: Sequence[Any]) -> list[str]:
    """Card names of a zone."""
    return [c.name for c in cards]


def deck_top_first(s: Seat) -> list[str]:
    """A seat's deck, top card first."""
    return [c.name for c in reversed(s.deck)]


def drive(gen: Any, answers: Sequence[Answer]) -> list[Decision]:
    """Run a rules generator to its end, answering each decision in turn; return the decisions.

    Each answer is a list of option indices or a function of the Decision returning one.
    Raises AssertionError if the generator asks more decisions than answers were given.
    """
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


def play(g: DominionState, seat: int, card: str, answers: Sequence[Answer] = ()) -> list[Decision]:
    """Play `card` from `seat`'s hand as if in the Action phase (uses an Action)."""
    s = g.seats[seat]
    c = g.cards[card]
    s.hand.remove(c)
    s.in_play.append(c)
    g.current = seat
    g.actions -= 1
    return drive(g.play_action(seat, c), answers)


def start_turn(g: DominionState, seat: int = 0) -> None:
    """Reset the turn counters as at the start of `seat`'s turn (1 Action, 1 Buy, $0)."""
    g.current = seat
    g.actions, g.buys, g.coins, g.merchants = 1, 1, 0, 0


def pick(*labels: str) -> Callable[[Decision], list[int]]:
    """An answer choosing options by label (each label once, leftmost match first)."""

    def answer(d: Decision) -> list[int]:
        out: list[int] = []
        for lab in labels:
            out.append(next(i for i, o in enumerate(d.options) if o == lab and i not in out))
        return out

    return answer


def conserved(g: DominionState) -> dict[str, int]:
    """Count of every card across all seats' zones, the Supply and the trash."""
    return g.card_counts()
