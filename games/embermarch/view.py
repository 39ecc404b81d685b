"""What one seat may see of an Embermarch game: its own cards, the market, public tracks."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from gametest.engine.view import SeatView
from gametest.games.embermarch.cards import CARDS, FACTION_KEYS
from gametest.games.embermarch.state import (
    GLORY,
    KO_BONUS,
    ROUND_LIMIT,
    START_HEALTH,
    EmberState,
    Seat,
)

_KEY_TO_FACTION = {v: k for k, v in FACTION_KEYS.items()}


class EmberView(SeatView[EmberState, Seat]):
    """A live, read-only window on the game from one seat; hidden: others' hands, deck order."""

    __slots__ = ()

    # ----- own cards -------------------------------------------------------------------
    def faction_count(self, faction: str) -> int:
        """How many cards of a faction (full name or short key like 'ash') this player owns."""
        return self._s.factions.get(_KEY_TO_FACTION.get(faction, faction), 0)

    def played_count(self, faction: str) -> int:
        """How many cards of a faction this player has played this turn."""
        if self._g.current != self.seat:
            return 0
        return self._g.played.get(_KEY_TO_FACTION.get(faction, faction), 0)

    @property
    def main_faction(self) -> str:
        """The faction this player owns most cards of ('' if none)."""
        counts = self._s.factions
        if not counts:
            return ""
        best = max(counts, key=lambda f: counts[f])
        return FACTION_KEYS[best] if counts[best] else ""

    @property
    def total_money(self) -> int:
        """Sum of the printed Coin of all cards this player owns."""
        return self._s.total_coin

    @property
    def total_might(self) -> int:
        """Sum of the printed Might of all cards this player owns."""
        return sum(n * CARDS[name].base.might for name, n in self._s.owned.items())

    # ----- the turn --------------------------------------------------------------------
    @property
    def coins(self) -> int:
        """Coin to spend this turn."""
        return self._g.coin if self._g.current == self.seat else 0

    @property
    def might(self) -> int:
        """Might gathered this turn (dealt to an opponent before buying)."""
        return self._g.might if self._g.current == self.seat else 0

    @property
    def actions(self) -> int:
        """Embermarch has no Action limit; reads 0 (the LLM prompt's turn line shows it)."""
        return 0

    @property
    def buys(self) -> int:
        """Buys are unlimited while Coin lasts; reads 1 on your turn, 0 otherwise."""
        return 1 if self._g.current == self.seat else 0

    @property
    def round(self) -> int:
        """The current round, 1-based."""
        return max(1, self._g.round)

    @property
    def rounds_left(self) -> int:
        """Rounds left before the round limit ends the game."""
        return ROUND_LIMIT - self._g.round

    # ----- tracks ----------------------------------------------------------------------
    @property
    def health(self) -> int:
        return self._s.health

    @property
    def max_health(self) -> int:
        return START_HEALTH

    @property
    def ward(self) -> int:
        return self._s.ward

    @property
    def healths(self) -> list[int]:
        """Every seat's health."""
        return [s.health for s in self._g.seats]

    @property
    def wards(self) -> list[int]:
        """Every seat's current Ward."""
        return [s.ward for s in self._g.seats]

    @property
    def opponent_health(self) -> int:
        """The lowest health among opponents."""
        return min(s.health for i, s in enumerate(self._g.seats) if i != self.seat)

    @property
    def opponent_ward(self) -> int:
        """The Ward of the opponent with the lowest health."""
        g = self._g
        i = min(self.others, key=lambda j: g.seats[j].health)
        return g.seats[i].ward

    @property
    def others(self) -> list[int]:
        """The other seats in turn order."""
        return self._g.others(self.seat)

    @property
    def ko_bonus(self) -> int:
        return KO_BONUS

    # ----- public information ----------------------------------------------------------
    @property
    def market_row(self) -> list[str]:
        """The face-up market row, left to right."""
        return [c.name for c in self._g.row]

    @property
    def market_left(self) -> int:
        """Cards left in the face-down market deck."""
        return len(self._g.market_deck)

    @property
    def basic_piles(self) -> Mapping[str, int]:
        """Cards left in each always-available pile."""
        return MappingProxyType(self._g.piles)

    @property
    def supply(self) -> Mapping[str, int]:
        """Cards buyable now: the market row's counts plus the basic piles."""
        out = dict(self._g.piles)
        for c in self._g.row:
            out[c.name] = out.get(c.name, 0) + 1
        return MappingProxyType(out)

    def pile(self, name: str) -> int:
        """Copies buyable right now: in the market row, or left in a basic pile."""
        if name in self._g.piles:
            return self._g.piles[name]
        return sum(1 for c in self._g.row if c.name == name)

    @property
    def laurels_left(self) -> int:
        return self._g.piles["Laurel"]

    @property
    def ashes(self) -> list[str]:
        """Cards removed from the game."""
        return [c.name for c in self._g.ashes]

    @property
    def trash(self) -> list[str]:
        """The Ashes, under the name the shared vocabulary uses."""
        return self.ashes

    @property
    def deck_sizes(self) -> list[int]:
        """Cards each seat owns."""
        return [s.n_cards for s in self._g.seats]

    def card(self, name: str) -> Any:
        """The printed card (name, cost, faction, effects, text)."""
        return CARDS[name]

    def status_lines(self) -> list[str]:
        """This game's own facts in plain sentences (tracks, market row, the end in sight)."""
        g = self._g
        lines = [
            f"Your health {self.health}/{START_HEALTH}, Ward {self.ward}, Renown {self.score}."
        ]
        if self.is_my_turn:
            played = ", ".join(f"{f} {k}" for f, k in g.played.items() if k) or "none"
            lines.append(
                f"This turn: {self.coins} Coin, {self.might} Might; faction cards played: {played}."
            )
        for i in self.others:
            o = g.seats[i]
            lines.append(
                f"P{i + 1}: health {o.health}, Ward {o.ward}, Renown {g.score(i)}, "
                f"{o.n_cards} cards."
            )
        row = ", ".join(f"{c.name} (cost {c.cost})" for c in g.row)
        lines.append(f"Market row: {row or 'empty'}; {self.market_left} cards in the market deck.")
        lines.append(
            f"Round {self.round} of at most {ROUND_LIMIT}; Laurels left {self.laurels_left}. "
            f"The game ends at the end of a round once a player is at 0 health or has "
            f"{GLORY} Renown, or the Laurels or the market run out."
        )
        return lines
