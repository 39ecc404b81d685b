"""A seat's shared deckbuilder zones and the zone operations every game's state uses."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from gametest.engine.cards import Card
from gametest.engine.shuffle import shuffle

C = TypeVar("C", bound=Card)
S = TypeVar("S", bound="SeatZones[Any]")

# (pile name, count) -> its repr: the piles' repr is hashed into every game's fingerprint.
_PILE_REPR: dict[tuple[str, int], str] = {}


def pile_repr(piles: dict[str, int]) -> str:
    """repr(sorted(piles.items())), built from memoized item reprs (a fingerprint's part)."""
    out = []
    for item in sorted(piles.items()):
        r = _PILE_REPR.get(item)
        if r is None:
            if len(_PILE_REPR) >= 65536:  # bounded: counts and names are few in practice
                _PILE_REPR.clear()
            r = _PILE_REPR[item] = repr(item)
        out.append(r)
    return "[" + ", ".join(out) + "]"


class SeatZones(Generic[C]):
    """One player's deck, hand, discard pile and cards in play, with owned-card counts."""

    __slots__ = ("deck", "discard", "hand", "in_play", "n_cards", "owned", "turns")

    def __init__(self) -> None:
        self.deck: list[C] = []  # the top of the deck is the end of the list
        self.hand: list[C] = []
        self.discard: list[C] = []
        self.in_play: list[C] = []
        self.owned: dict[str, int] = {}
        self.n_cards = 0
        self.turns = 0

    def all_cards(self) -> Iterator[C]:
        """Every card this player owns, in every zone."""
        yield from self.deck
        yield from self.hand
        yield from self.discard
        yield from self.in_play


class ZoneOps(Generic[S, C]):
    """Mixin for a game state: drawing, reshuffling, taking the top card, owned counts, log."""

    rng: random.Random
    seats: list[S]
    n: int
    total_turns: int
    events: list[tuple[Any, ...]] | None
    ended_by: str

    def score(self, seat: int) -> int:
        """A seat's score (each game defines it)."""
        raise NotImplementedError

    def winners(self, scores: list[int]) -> list[int]:
        """The winning seats given the final scores (each game defines its tiebreaks)."""
        raise NotImplementedError

    def result(self) -> dict[str, Any]:
        """Final scores, winners, turns per seat and how the game ended."""
        scores = [self.score(i) for i in range(self.n)]
        return {
            "scores": scores,
            "winners": self.winners(scores),
            "turns": [s.turns for s in self.seats],
            "ended_by": self.ended_by or "unfinished",
        }

    def _own(self, seat: S, card: C, delta: int) -> None:
        """Keep owned counts right when a card enters or leaves ownership (games add totals)."""
        seat.owned[card.name] = seat.owned.get(card.name, 0) + delta
        seat.n_cards += delta

    def log(self, seat: int, what: str, *detail: Any) -> None:
        """Append an event to the structured log when logging is on."""
        if self.events is not None:
            self.events.append((self.total_turns, seat, what, *detail))

    def others(self, seat: int) -> list[int]:
        """The other seats in turn order, starting to this seat's left."""
        return [(seat + i) % self.n for i in range(1, self.n)]

    def shuffle(self, seat: S) -> None:
        """Shuffle the discard pile to form a new deck (the deck is empty when this is called)."""
        seat.deck.extend(seat.discard)
        seat.discard.clear()
        shuffle(self.rng, seat.deck)
        if self.events is not None:
            self.log(self.seats.index(seat), "shuffle", len(seat.deck))

    def _draw_n(self, seat: S, n: int) -> list[C]:
        """Move up to n cards from deck to hand, reshuffling only when the deck is empty."""
        if n <= 0:  # deck[-0:] would be the whole deck
            return []
        deck: list[C] = seat.deck
        if len(deck) >= n:
            drawn = deck[-n:]
            del deck[-n:]
            drawn.reverse()
        else:
            # the whole deck, top first, then the rest from the reshuffled discard pile (if any)
            drawn = deck[::-1]
            deck.clear()
            if seat.discard:
                self.shuffle(seat)
                k = n - len(drawn)
                drawn += deck[: -k - 1 : -1]
                del deck[-k:]
        seat.hand.extend(drawn)
        return drawn

    def draw(self, seat: int, n: int) -> list[C]:
        """Draw up to n cards into hand, shuffling the discard pile only when the deck runs out."""
        drawn = self._draw_n(self.seats[seat], n)
        if self.events is not None and drawn:
            self.log(seat, "draw", [c.name for c in drawn])
        return drawn

    def take_top(self, seat: int) -> C | None:
        """Remove and return the top card of the deck (shuffling if needed), or None."""
        s = self.seats[seat]
        deck: list[C] = s.deck
        if not deck:
            if not s.discard:
                return None
            self.shuffle(s)
        return deck.pop()
