"""Orchard's cards, rules and seat view: a deckbuilder small enough to read in one sitting."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Generator, Mapping
from types import MappingProxyType
from typing import Any

from gametest.engine.cards import Card
from gametest.engine.decision import Decision
from gametest.engine.view import SeatView
from gametest.engine.zones import SeatZones, ZoneOps

CARDS: dict[str, Card] = {
    c.name: c
    for c in (
        Card("Seed", 0, frozenset({"Starter"}), "+1 coin.", coins=1),
        Card("Pear", 3, frozenset({"Basic"}), "+2 coins.", coins=2),
        Card("Tree", 5, frozenset({"Basic"}), "1 point.", vp=1),
        Card("Plum", 2, frozenset({"Crop"}), "+1 coin.", coins=1),
        Card("Hive", 4, frozenset({"Crop"}), "+1 coin. 1 point.", coins=1, vp=1),
        Card("Apple", 6, frozenset({"Crop"}), "+3 coins.", coins=3),
    )
}
BASICS = ("Seed", "Pear", "Tree")  # always in the Supply (Seed only as the starting deck)
CROPS = ("Plum", "Hive", "Apple")  # the kingdom: two of these
HAND, TURN_LIMIT = 5, 20


class OrchardState(ZoneOps[SeatZones[Card], Card]):
    """One game: each turn a seat may prune a card from its hand, then buy one card."""

    def __init__(self, kingdom: list[str], n: int, seed: int, first: int, log: bool) -> None:
        self.cards: Mapping[str, Card] = CARDS
        self.kingdom = kingdom
        self.n, self.current, self.first = n, first, first
        self.rng = random.Random(seed)
        self.supply = {"Pear": 20, "Tree": 4 + 2 * n, **{k: 6 for k in kingdom}}
        self.pruned: list[Card] = []
        self.coins = 0
        self.total_turns = 0
        self.ended_by = ""
        self.events: list[tuple[Any, ...]] | None = [] if log else None
        self.last_turn: list[list[str]] = [[] for _ in range(n)]
        self.seats = [SeatZones[Card]() for _ in range(n)]
        for s in self.seats:
            for _ in range(8):
                self._own(s, CARDS["Seed"], 1)
                s.deck.append(CARDS["Seed"])
            self.rng.shuffle(s.deck)
            self._draw_n(s, HAND)

    def run(self) -> Generator[Decision, tuple[int, ...], None]:
        """Turns in seat order until the Trees run out or every seat has had TURN_LIMIT turns."""
        while not self.ended_by:
            seat, s = self.current, self.seats[self.current]
            if s.hand:
                opts = tuple(c.name for c in s.hand)
                picks = yield Decision(seat, "prune", opts, 0, 1, None, "Prune a card?")
                for i in picks:
                    card = CARDS[opts[i]]
                    s.hand.remove(card)
                    self._own(s, card, -1)
                    self.pruned.append(card)
            self.coins = sum(c.coins for c in s.hand)
            buyable = tuple(n for n, k in self.supply.items() if k and CARDS[n].cost <= self.coins)
            bought: list[str] = []
            if buyable:
                picks = yield Decision(seat, "buy", buyable, 0, 1, None, "Buy a card?")
                for i in picks:
                    self.supply[buyable[i]] -= 1
                    self._own(s, CARDS[buyable[i]], 1)
                    s.discard.append(CARDS[buyable[i]])
                    bought.append(buyable[i])
            self.last_turn[seat] = bought
            s.discard.extend(s.hand)
            s.hand.clear()
            self._draw_n(s, HAND)
            s.turns += 1
            self.total_turns += 1
            if self.supply["Tree"] == 0:
                self.ended_by = "trees"
            elif self.total_turns >= TURN_LIMIT * self.n:
                self.ended_by = "turn_limit"
            self.current = (seat + 1) % self.n

    def score(self, seat: int) -> int:
        """Points of every card the seat owns."""
        return sum(CARDS[n].vp * k for n, k in self.seats[seat].owned.items())

    def winners(self, scores: list[int]) -> list[int]:
        """Most points wins; ties are shared."""
        return [i for i, p in enumerate(scores) if p == max(scores)]

    def card_counts(self) -> dict[str, int]:
        """Every card in the Supply, the seats' zones and the pruned pile."""
        total = dict(self.supply)
        for c in [*self.pruned, *(c for s in self.seats for c in s.all_cards())]:
            total[c.name] = total.get(c.name, 0) + 1
        return total

    def fingerprint(self) -> str:
        """A hash of every zone's exact contents and the Supply."""
        zones = [self.pruned] + [z for s in self.seats for z in (s.deck, s.hand, s.discard)]
        text = repr(sorted(self.supply.items())) + "|".join(
            ",".join(c.name for c in z) for z in zones
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def view(self, seat: int) -> OrchardView:
        return OrchardView(self, seat)


class OrchardView(SeatView[OrchardState, SeatZones[Card]]):
    """The shared seat view plus what Orchard's conditions read."""

    __slots__ = ()

    @property
    def coins(self) -> int:
        return self._g.coins if self._g.current == self.seat else 0

    @property
    def total_money(self) -> int:
        return sum(CARDS[n].coins * k for n, k in self._s.owned.items())

    @property
    def trees_left(self) -> int:
        return self._g.supply["Tree"]

    @property
    def supply(self) -> Mapping[str, int]:
        return MappingProxyType(self._g.supply)

    def pile(self, name: str) -> int:
        return self._g.supply.get(name, 0)
