"""What one seat may see of a Dominion game: its own cards, public piles and scores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from games.dominion.state import DominionState


class DominionView:
    """A live, read-only window on the game from one seat; the deck's order stays hidden."""

    __slots__ = ("_g", "_s", "seat")

    def __init__(self, state: DominionState, seat: int) -> None:
        self._g = state
        self._s = state.seats[seat]
        self.seat = seat

    # own cards
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
        """How many cards of a type (Action, Treasure, Victory, ...) this player owns."""
        cards = self._g.cards
        return sum(n for name, n in self._s.owned.items() if type_name in cards[name].types)

    @property
    def total_money(self) -> int:
        """Sum of the coin values of all Treasures this player owns."""
        return self._s.total_money

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

    # the turn
    @property
    def actions(self) -> int:
        return self._g.actions if self._g.current == self.seat else 0

    @property
    def buys(self) -> int:
        return self._g.buys if self._g.current == self.seat else 0

    @property
    def coins(self) -> int:
        return self._g.coins if self._g.current == self.seat else 0

    @property
    def turn(self) -> int:
        """This player's own turn number (1 on the first turn)."""
        return self._s.turns

    @property
    def is_my_turn(self) -> bool:
        return self._g.current == self.seat

    # public information
    @property
    def n_players(self) -> int:
        return self._g.n

    @property
    def kingdom(self) -> list[str]:
        return list(self._g.kingdom)

    @property
    def supply(self) -> Mapping[str, int]:
        return MappingProxyType(self._g.supply)

    def pile(self, name: str) -> int:
        """Cards left in a Supply pile (0 if the card is not in the Supply)."""
        return self._g.supply.get(name, 0)

    @property
    def provinces_left(self) -> int:
        return self._g.supply["Province"]

    @property
    def piles_empty(self) -> int:
        return self._g.empty_piles

    @property
    def trash(self) -> list[str]:
        return [c.name for c in self._g.trash]

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

    def last_turn_gains(self, seat: int) -> list[str]:
        """What a seat bought on its most recent turn."""
        return list(self._g.last_turn[seat])

    def card(self, name: str) -> Any:
        """The printed card (name, cost, types, text)."""
        return self._g.cards[name]

    def would_end_game(self, name: str) -> bool:
        """True if gaining this card now would end the game after this turn."""
        g = self._g
        left = g.supply.get(name, 0)
        if left != 1:
            return False
        return name == "Province" or g.empty_piles + 1 >= g.pile_limit

    def scores_after_gain(self, name: str) -> list[int]:
        """Every seat's score if this player gained one more of `name` now."""
        g = self._g
        out = [g.score(i) for i in range(g.n)]
        s = self._s
        card = g.cards[name]
        gardens = s.owned.get("Gardens", 0) + (name == "Gardens")
        out[self.seat] = s.vp + card.vp + gardens * ((s.n_cards + 1) // 10)
        return out

    def wins_if_game_ends(self, scores: list[int]) -> bool:
        """Whether this seat would be among the winners if the game ended with these scores."""
        return self.seat in self._g.winners(scores)
