"""Embermarch game state: seats, the market row and deck, basic piles, the Ashes, and the rules."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Generator
from operator import attrgetter
from typing import Any

from gametest.engine.decision import Decision
from gametest.engine.shuffle import shuffle
from gametest.engine.zones import SeatZones, ZoneOps, pile_repr
from gametest.games.embermarch.cards import CARDS, STARTING_DECK, Effects, EmberCard

Run = Generator[Decision, tuple[int, ...], Any]

START_HEALTH = 50
HAND_SIZE = 5
ROW_SIZE = 5
ROUND_LIMIT = 30  # the last resort: the game always ends after this many rounds
GLORY = 15  # Renown that ends the game at the end of the round
KO_BONUS = 5  # Renown for knocking a player out (decides 3-4 player games)
# Opening hand size by position in turn order: the first player starts with fewer cards
# to offset striking and buying first (tuned so equal 2-player bots win about half each).
OPENING_HANDS = (4, 5, 5, 5)
IN_HAND = " (in hand)"


def _asks_nothing(card: EmberCard) -> bool:
    """Whether playing the card can never ask its player anything (no Cull, Sweep or Burn)."""
    return (
        card.burn is None
        and not (card.base.cull or card.base.sweep)
        and not (card.resonance and (card.bonus.cull or card.bonus.sweep))
    )


_NAME = attrgetter("name")
_QUIET = frozenset(c for c in CARDS.values() if _asks_nothing(c))
# Cards whose own effects go past Coin and Might (Ward, Mend, Renown or Draw): a set lookup
# by identity is cheaper than reading four fields on every play.
_BASE_REST = frozenset(
    c for c in CARDS.values() if c.base.ward or c.base.mend or c.base.renown or c.base.draw
)


class Seat(SeatZones[EmberCard]):
    """One player's zones, health, Ward and Renown tokens, and owned-card totals."""

    __slots__ = ("factions", "health", "tokens", "total_coin", "vp", "ward")

    def __init__(self) -> None:
        SeatZones.__init__(self)
        self.factions: dict[str, int] = {}  # cards owned per faction
        self.total_coin = 0  # printed Coin of every card owned (strategies read it)
        self.vp = 0  # printed Renown of cards owned
        self.tokens = 0  # Renown tokens taken during play
        self.health = START_HEALTH
        self.ward = 0


class EmberState(ZoneOps[Seat, EmberCard]):
    """An Embermarch game in progress; `run()` is the rules as a decision-yielding generator."""

    def __init__(
        self,
        kingdom: list[str],
        piles: dict[str, int],
        n_players: int,
        seed: int,
        first: int,
        log: bool,
    ) -> None:
        self.cards = CARDS
        self.kingdom = kingdom
        self.piles = piles
        self.n = n_players
        self.first = first
        self.rng = random.Random(seed)
        self.seats = [Seat() for _ in range(n_players)]
        self.ashes: list[EmberCard] = []  # cards removed from the game (culled, burned, swept)
        self.market_deck = [CARDS[n] for n in kingdom for _ in range(CARDS[n].copies)]
        shuffle(self.rng, self.market_deck)
        self.row: list[EmberCard] = []
        self.current = first
        self.coin = 0
        self.might = 0
        self.played: dict[str, int] = {}
        self.topdeck_next = False
        self.total_turns = 0
        self.ended_by = ""
        self.events: list[tuple[Any, ...]] | None = [] if log else None
        self.last_turn: list[list[str]] = [[] for _ in range(n_players)]
        for _ in range(ROW_SIZE):
            self.row.append(self.market_deck.pop())
        for pos in range(n_players):
            seat_no = (first + pos) % n_players
            s = self.seats[seat_no]
            for name, k in STARTING_DECK:
                for _ in range(k):
                    card = CARDS[name]
                    self._own(s, card, 1)
                    s.deck.append(card)
            shuffle(self.rng, s.deck)
            self._draw_n(s, OPENING_HANDS[min(pos, len(OPENING_HANDS) - 1)])

    # ----- bookkeeping -----------------------------------------------------------------
    def _own(self, seat: Seat, card: EmberCard, delta: int) -> None:
        """Keep the seat's running totals right when a card enters or leaves its ownership."""
        # ZoneOps._own's two lines inlined: this runs on every buy, so no super() call here.
        seat.owned[card.name] = seat.owned.get(card.name, 0) + delta
        seat.n_cards += delta
        if card.faction:
            seat.factions[card.faction] = seat.factions.get(card.faction, 0) + delta
        seat.total_coin += card.coins * delta
        seat.vp += card.vp * delta

    def public_info(self) -> dict[str, Any]:
        """The market row, the piles, the market deck's size and every seat's health."""
        return {
            "Market row": [c.name for c in self.row],
            "Piles": dict(self.piles),
            "Market deck": len(self.market_deck),
            "Health": {f"P{i + 1}": s.health for i, s in enumerate(self.seats)},
        }

    def card_counts(self) -> dict[str, int]:
        """How many of each card exist across every zone: seats, row, market deck, piles, Ashes."""
        total: dict[str, int] = {n: k for n, k in self.piles.items()}
        for zone in (self.row, self.market_deck, self.ashes):
            for c in zone:
                total[c.name] = total.get(c.name, 0) + 1
        for s in self.seats:
            for c in s.all_cards():
                total[c.name] = total.get(c.name, 0) + 1
        return total

    # ----- moving cards (drawing and shuffling: gametest.engine.zones) ----------------
    def to_ashes(self, seat: int, zone: list[EmberCard], card: EmberCard, why: str) -> None:
        """Remove a card a seat owns from the game."""
        zone.remove(card)
        self.ashes.append(card)
        self._own(self.seats[seat], card, -1)
        self.log(seat, why, card.name)

    def refill(self, index: int) -> None:
        """Deal a market card into an emptied row slot, if the market deck has one."""
        if self.market_deck:
            card = self.market_deck.pop()
            self.row.insert(index, card)
            self.log(self.current, "reveal", card.name)

    def take_from_market(self, name: str) -> EmberCard:
        """Remove a card from the row (refilling the slot) or from its basic pile."""
        if name in self.piles:
            self.piles[name] -= 1
            return CARDS[name]
        for i, c in enumerate(self.row):
            if c.name == name:
                del self.row[i]
                self.refill(i)
                return c
        raise KeyError(name)

    def buyable(self, coin: int) -> tuple[str, ...]:
        """Names of cards in the row or basic piles costing at most `coin`."""
        out: dict[str, None] = {}  # a plain loop: no comprehension frame on every buy
        for c in self.row:
            if c.cost <= coin:
                out[c.name] = None
        for name, left in self.piles.items():
            if left and CARDS[name].cost <= coin:
                out[name] = None
        return tuple(out)

    # ----- playing cards ---------------------------------------------------------------
    def apply(self, seat: int, eff: Effects, card: EmberCard) -> Run:
        """Resolve one set of effects for the seat whose turn it is."""
        self._apply_gains(seat, eff)
        if eff.cull:
            yield from self.cull(seat, eff.cull, card)
        if eff.sweep:
            yield from self.sweep(seat, card)
        if eff.topdeck:
            self.topdeck_next = True

    def _apply_gains(self, seat: int, eff: Effects) -> None:
        """The effects that ask nothing, in printed order: Coin, Might, Ward, Mend, Renown, Draw."""
        self.coin += eff.coin
        self.might += eff.might
        if eff.ward or eff.mend or eff.renown or eff.draw:
            self._apply_rest(seat, eff)

    def _apply_rest(self, seat: int, eff: Effects) -> None:
        """_apply_gains after Coin and Might: Ward, Mend, Renown, Draw."""
        s = self.seats[seat]
        if eff.ward:
            s.ward += eff.ward
        if eff.mend:
            healed = min(START_HEALTH, s.health + eff.mend) - s.health
            s.health += healed
            if healed:
                self.log(seat, "mend", healed, s.health)
        if eff.renown:
            s.tokens += eff.renown
            self.log(seat, "renown", eff.renown)
        if eff.draw:
            self.draw(seat, eff.draw)

    def play_card(self, seat: int, card: EmberCard) -> Run:
        """Resolve a played card: its effects, its Resonance bonus, then the offer to Burn it."""
        if self.events is not None:
            self.log(seat, "play", card.name)
        f = card.faction
        if f:
            self.played[f] = self.played.get(f, 0) + 1
        yield from self.apply(seat, card.base, card)
        if card.resonance and self.played.get(f, 0) >= card.resonance:
            self.log(seat, "resonance", card.name)
            yield from self.apply(seat, card.bonus, card)
        if card.burn is not None:
            picks = yield Decision(
                seat,
                "burn",
                (card.name,),
                0,
                1,
                card.name,
                f"Burn {card.name} (remove it from the game) for: {card.burn.text()}",
            )
            if picks:
                self.to_ashes(seat, self.seats[seat].in_play, card, "burn")
                yield from self.apply(seat, card.burn, card)

    def cull(self, seat: int, n: int, card: EmberCard) -> Run:
        """Remove up to n cards of the seat's discard pile and hand from the game."""
        s = self.seats[seat]
        pool = [(s.discard, c) for c in s.discard] + [(s.hand, c) for c in s.hand]
        if not pool:
            return
        n = min(n, len(pool))
        opts = tuple(c.name if z is s.discard else c.name + IN_HAND for z, c in pool)
        picks = yield Decision(
            seat,
            "cull",
            opts,
            0,
            n,
            card.name,
            f"Cull up to {n} card(s) from your discard pile or hand (remove them from the game).",
        )
        for i in picks:
            zone, c = pool[i]
            self.to_ashes(seat, zone, c, "cull")

    def sweep(self, seat: int, card: EmberCard) -> Run:
        """Optionally remove one market row card from the game and deal a replacement."""
        names = tuple(dict.fromkeys(c.name for c in self.row))
        if not names:
            return
        picks = yield Decision(
            seat, "sweep", names, 0, 1, card.name, "Sweep a card from the market row?"
        )
        if picks:
            name = names[picks[0]]
            i = next(j for j, c in enumerate(self.row) if c.name == name)
            self.ashes.append(self.row.pop(i))
            self.log(seat, "sweep", name)
            self.refill(i)

    def strike(self, seat: int) -> Run:
        """Deal this turn's Might to one opponent: Ward absorbs it first, then health."""
        targets = [o for o in self.others(seat) if self.seats[o].health > 0]
        if not targets:
            return
        if len(targets) == 1:
            victim = targets[0]
        else:
            opts = tuple(f"Player {o + 1}" for o in targets)
            picks = yield Decision(
                seat,
                "target",
                opts,
                1,
                1,
                None,
                f"Deal {self.might} damage to which opponent?",
                self.might,
            )
            victim = targets[picks[0]]
        v = self.seats[victim]
        blocked = min(v.ward, self.might)
        v.ward -= blocked
        dealt = self.might - blocked
        v.health -= dealt
        self.log(seat, "strike", victim, self.might, blocked, v.health)
        if v.health <= 0:
            self.seats[seat].tokens += KO_BONUS
            self.log(seat, "knockout", victim)

    # ----- the turn --------------------------------------------------------------------
    def run(self) -> Run:
        """Play turns until the game ends."""
        return self._turns(None)

    def take_turn(self, seat: int) -> Run:
        """Play every card in hand in the chosen order, strike, buy, then draw a new hand."""
        return self._turns(seat)

    def _turns(self, only: int | None) -> Run:
        """Play `only`'s turn, or (None) every turn until the game ends. The turns of a game
        run in this one generator, not one sub-generator per turn: every decision of the game
        resumes this frame, so one generator level less is paid on every answer."""
        while True:
            seat = self.current if only is None else only
            s = self.seats[seat]
            s.turns += 1
            self.total_turns += 1
            s.ward = 0
            self.coin = self.might = 0
            played: dict[str, int] = {}
            self.played = played
            self.topdeck_next = False
            bought: list[str] = []
            hand = s.hand
            if self.events is not None:
                self.log(seat, "turn", s.turns, [c.name for c in hand], [c.name for c in self.row])
            in_play = s.in_play
            while hand:
                # Order only matters with Resonance or Cull in hand; otherwise play left to right.
                card = hand[0]
                if len(hand) > 1:
                    for c in hand:
                        if c.ordered:
                            names = tuple(dict.fromkeys(map(_NAME, hand)))
                            if len(names) > 1:
                                picks = yield Decision(
                                    seat, "play", names, 1, 1, None, "Play which card next?"
                                )
                                card = CARDS[names[picks[0]]]
                            break
                hand.remove(card)
                in_play.append(card)
                if card in _QUIET:
                    # A card that can ask nothing (no Cull, Sweep or Burn) resolves here, with
                    # no generator or call for its Coin and Might: most plays are such cards.
                    if self.events is not None:
                        self.log(seat, "play", card.name)
                    f = card.faction
                    if f:
                        played[f] = played.get(f, 0) + 1
                    eff = card.base
                    self.coin += eff.coin
                    self.might += eff.might
                    if card in _BASE_REST:
                        self._apply_rest(seat, eff)
                    if eff.topdeck:
                        self.topdeck_next = True
                    if card.resonance and played.get(f, 0) >= card.resonance:
                        self.log(seat, "resonance", card.name)
                        self._apply_gains(seat, card.bonus)
                        if card.bonus.topdeck:
                            self.topdeck_next = True
                else:
                    yield from self.play_card(seat, card)
            if self.might > 0:
                yield from self.strike(seat)
            while True:
                opts = self.buyable(self.coin)
                if not opts:
                    break
                picks = yield Decision(seat, "buy", opts, 0, 1, None, "Buy a card?", self.coin)
                if not picks:
                    break
                name = opts[picks[0]]
                if self.events is not None:
                    self.log(seat, "buy", name, "deck" if self.topdeck_next else "discard")
                card = self.take_from_market(name)
                self.coin -= card.cost
                self._own(s, card, 1)
                bought.append(name)
                if self.topdeck_next:
                    self.topdeck_next = False
                    s.deck.append(card)
                else:
                    s.discard.append(card)
            s.discard.extend(s.in_play)
            s.in_play.clear()
            self._draw_n(s, HAND_SIZE)
            self.last_turn[seat] = bought
            if only is not None:
                return
            if self.game_over(self.current):
                return
            self.current = (self.current + 1) % self.n

    # ----- ending and scoring ----------------------------------------------------------
    @property
    def round(self) -> int:
        """The current round (1-based): the first player's turns taken so far."""
        return self.seats[self.first].turns

    def game_over(self, seat: int) -> bool:
        """Game end is checked at the end of each round: knockout, Glory, Laurels, market, limit."""
        if (seat + 1) % self.n == self.first:
            if any(s.health <= 0 for s in self.seats):
                self.ended_by = "knockout"
            elif max(self.score(i) for i in range(self.n)) >= GLORY:
                self.ended_by = "glory"
            elif self.piles["Laurel"] == 0:
                self.ended_by = "laurels"
            elif len(self.row) < ROW_SIZE:
                self.ended_by = "market"
            elif self.round >= ROUND_LIMIT:
                self.ended_by = "round_limit"
        return bool(self.ended_by)

    def score(self, seat: int) -> int:
        """Renown: printed Renown of cards owned plus Renown tokens."""
        s = self.seats[seat]
        return s.vp + s.tokens

    def winners(self, scores: list[int]) -> list[int]:
        """Knocked-out players can't win; then most Renown, most health, fewest turns, shared."""
        alive = [i for i in range(self.n) if self.seats[i].health > 0] or list(range(self.n))

        def key(i: int) -> tuple[int, int, int]:
            s = self.seats[i]
            return (scores[i], s.health, -s.turns)

        best = max(key(i) for i in alive)
        return [i for i in alive if key(i) == best]

    def fingerprint(self) -> str:
        """A hash of every zone's exact contents, piles, health, Ward and Renown."""
        parts: list[str] = [
            pile_repr(self.piles),
            ",".join(c.name for c in self.row),
            ",".join(c.name for c in self.market_deck),
            ",".join(c.name for c in self.ashes),
        ]
        for s in self.seats:
            for zone in (s.deck, s.hand, s.discard, s.in_play):
                parts.append(",".join(c.name for c in zone))
            parts.append(f"{s.health}/{s.ward}/{s.tokens}/{s.turns}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def view(self, seat: int) -> Any:
        """The view from `seat` (see gametest.games.embermarch.view)."""
        from gametest.games.embermarch.view import EmberView

        return EmberView(self, seat)
