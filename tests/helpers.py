"""Helpers every game's rules tests share: drive a rules generator, answer by label, set zones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gametest.engine.decision import Decision, validate_choice

Answer = Sequence[int] | Callable[[Decision], Sequence[int]]


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


def pick(*labels: str) -> Callable[[Decision], list[int]]:
    """An answer choosing options by label (each label once, leftmost match first)."""

    def answer(d: Decision) -> list[int]:
        out: list[int] = []
        for lab in labels:
            out.append(next(i for i, o in enumerate(d.options) if o == lab and i not in out))
        return out

    return answer


def names(cards: Sequence[Any]) -> list[str]:
    """Card names of a zone."""
    return [c.name for c in cards]


def fill_zones(
    g: Any,
    seat: int,
    hand: Sequence[str],
    deck: Sequence[str],
    discard: Sequence[str],
    in_play: Sequence[str],
) -> Any:
    """Replace a seat's shared zones from card names (`deck` top card first); return the seat."""
    s = g.seats[seat]
    c = g.cards
    s.hand = [c[n] for n in hand]
    s.deck = [c[n] for n in reversed(deck)]
    s.discard = [c[n] for n in discard]
    s.in_play = [c[n] for n in in_play]
    return s


def rebuild_owned(g: Any, s: Any) -> None:
    """Recount a seat's owned cards (its totals must be zeroed first)."""
    for card in list(s.all_cards()):
        g._own(s, card, 1)
