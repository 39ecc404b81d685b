"""What one seat may see of a Dominion game: its own cards, public piles and scores."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from gametest.engine.view import SeatView
from gametest.games.dominion.state import DominionState, Seat


class DominionView(SeatView[DominionState, Seat]):
    """A live, read-only window on the game from one seat; the deck's order stays hidden."""

    __slots__ = ()

    # own cards
    @property
    def total_money(self) -> int:
        """Sum of the coin values of all Treasures this player owns."""
        return self._s.total_money

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

    # public information
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
