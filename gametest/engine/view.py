"""The read-only seat view every deckbuilder shares: own cards, turn counters, public scores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar, cast

from gametest.engine.cards import Card
from gametest.engine.zones import SeatZones


class ViewedState(Protocol):
    """What SeatView reads of a game state."""

    current: int
    n: int

    @property
    def seats(self) -> Sequence[SeatZones[Any]]:
        """Every seat's zones, in seat order."""

    @property
    def cards(self) -> Mapping[str, Card]:
        """Every card of the game by name."""

    @property
    def kingdom(self) -> Sequence[str]:
        """The game's kingdom card names."""

    @property
    def last_turn(self) -> Sequence[Sequence[str]]:
        """What each seat bought on its most recent turn."""

    def score(self, seat: int) -> int:
        """A seat's current score."""


G = TypeVar("G", bound=ViewedState)
S = TypeVar("S", bound=SeatZones[Any])


class SeatView(Generic[G, S]):
    """A live, read-only window on the game from one seat; the deck's order stays hidden."""

    __slots__ = ("_g", "_s", "seat")

    def __init__(self, state: G, seat: int) -> None:
        self._g: G = state
        self._s: S = cast(S, state.seats[seat])  # the state holds this view's seat type
        self.seat = seat

    # ----- own cards -------------------------------------------------------------------
    @property
    def hand(self) -> list[str]:
        return [c.name for c in self._s.hand]

    @property
    def in_play(self) -> list[str]:
        return [c.name for c in self._s.in_play]

    @property
    def owned(self) -> Mapping[str, int]:
        """Count of each card this player owns, in all zones."""
        return MappingProxyType(self._s.owned)

    def count(self, name: str) -> int:
        """How many of a card this player owns."""
        return self._s.owned.get(name, 0)

    def count_type(self, type_name: str) -> int:
        """How many cards of a type (Action, Treasure, a faction, ...) this player owns."""
        cards = self._g.cards
        return sum(n for name, n in self._s.owned.items() if type_name in cards[name].types)

    @property
    def deck_size(self) -> int:
        return len(self._s.deck)

    @property
    def n_cards(self) -> int:
        return self._s.n_cards

    def deck_composition(self) -> dict[str, int]:
        """What is left in the draw pile (as counts; its order is hidden)."""
        return dict(Counter(c.name for c in self._s.deck))

    def discard_composition(self) -> dict[str, int]:
        return dict(Counter(c.name for c in self._s.discard))

    # ----- the turn --------------------------------------------------------------------
    @property
    def turn(self) -> int:
        """This player's own turn number (1 on the first turn)."""
        return self._s.turns

    @property
    def is_my_turn(self) -> bool:
        return self._g.current == self.seat

    # ----- public information ----------------------------------------------------------
    @property
    def n_players(self) -> int:
        return self._g.n

    @property
    def kingdom(self) -> list[str]:
        """The game's kingdom card names."""
        return list(self._g.kingdom)

    @property
    def scores(self) -> list[int]:
        g = self._g
        return [g.score(i) for i in range(g.n)]

    @property
    def score(self) -> int:
        return self._g.score(self.seat)

    @property
    def best_opponent_score(self) -> int:
        g = self._g
        return max(g.score(i) for i in range(g.n) if i != self.seat)

    @property
    def turns(self) -> list[int]:
        """Turns taken so far by each seat."""
        return [s.turns for s in self._g.seats]

    @property
    def hand_sizes(self) -> list[int]:
        return [len(s.hand) for s in self._g.seats]

    def turns_finished(self, seat: int) -> int:
        """Turns a seat has finished: the one it is playing now does not count."""
        g = self._g
        return max(0, g.seats[seat].turns - (g.current == seat))

    def last_turn_gains(self, seat: int) -> list[str]:
        """What a seat bought on its most recent turn."""
        return list(self._g.last_turn[seat])

    def status_lines(self) -> list[str]:
        """The game's own facts for prompts, in sentences (tracks, rows, the end); none here."""
        return []
