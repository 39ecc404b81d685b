"""Dominion game state: seats and their zones, the Supply, the trash, the turn, and the rules."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Generator, Iterator
from operator import attrgetter
from typing import Any

from gametest.engine.decision import Decision
from gametest.engine.zones import SeatZones, ZoneOps, pile_repr
from gametest.games.dominion.card import DominionCard as Card

Run = Generator[Decision, tuple[int, ...], Any]

# A safety stop so a game between players that never end it still terminates; the published
# rules have no turn limit, so games that reach it are flagged `ended_by: turn_limit`.
TURN_LIMIT = 100


_NAME = attrgetter("name")
# pile names (in Supply order) -> (the cards, the highest cost, buyable piles by coins while
# every pile is non-empty); see DominionState._buyable.
_FULL_SUPPLY: dict[
    tuple[str, ...], tuple[dict[str, Card], int, dict[tuple[int, int], tuple[str, ...]]]
] = {}


class Seat(SeatZones[Card]):
    """One player's zones and the running totals strategies read (owned counts, money, VP)."""

    __slots__ = ("set_aside", "total_money", "vp")

    def __init__(self) -> None:
        SeatZones.__init__(self)
        self.set_aside: list[Card] = []
        self.total_money = 0
        self.vp = 0  # VP from fixed-value cards; Gardens is added when scoring

    def all_cards(self) -> Iterator[Card]:
        """Every card this player owns, in every zone."""
        yield from SeatZones.all_cards(self)
        yield from self.set_aside


class PlayCtx:
    """One resolution of a played card (shared by both plays under Throne Room)."""

    __slots__ = ("card", "moved", "victims")

    def __init__(self, card: Card) -> None:
        self.card = card
        self.moved = False  # Feast: whether this instance has already been trashed
        self.victims: list[int] = []  # an Attack's targets, fixed when it is played


class DominionState(ZoneOps[Seat, Card]):
    """A Dominion game in progress; `run()` is the rules as a decision-yielding generator."""

    def __init__(
        self,
        cards: dict[str, Card],
        kingdom: list[str],
        supply: dict[str, int],
        n_players: int,
        seed: int,
        first: int,
        log: bool,
    ) -> None:
        self.cards = cards
        self.kingdom = kingdom
        self.supply = supply
        self.n = n_players
        self.rng = random.Random(seed)
        self.trash: list[Card] = []
        self.seats = [Seat() for _ in range(n_players)]
        self.current = first
        self.actions = 0
        self.buys = 0
        self.coins = 0
        self.merchants = 0
        self.total_turns = 0
        self.empty_piles = sum(1 for v in supply.values() if v == 0)
        self.pile_limit = 4 if n_players >= 5 else 3
        self.ended_by = ""
        self.events: list[tuple[Any, ...]] | None = [] if log else None
        self.last_turn: list[list[str]] = [[] for _ in range(n_players)]
        self._buy_cache: dict[tuple[int, int], tuple[str, ...]] = {}
        # What each amount of coins buys while no pile is empty is the same in every game with
        # these piles and cards, so that cache is shared between games.
        shared = _FULL_SUPPLY.get(tuple(supply))
        if shared is None or shared[0] is not cards:
            if len(_FULL_SUPPLY) >= 256:  # bounded: a run over many random kingdoms
                _FULL_SUPPLY.clear()
            shared = (cards, max(cards[n].cost for n in supply), {})
            _FULL_SUPPLY[tuple(supply)] = shared
        self._max_cost = shared[1]
        self._full_cache = shared[2]
        copper, estate = cards["Copper"], cards["Estate"]
        for seat in self.seats:
            self._own(seat, copper, 7)  # the running totals are linear in the count
            self._own(seat, estate, 3)
            seat.discard = [copper] * 7 + [estate] * 3
            self.shuffle(seat)
            self._draw_n(seat, 5)

    # ----- bookkeeping -----------------------------------------------------------------
    def _own(self, seat: Seat, card: Card, delta: int) -> None:
        """Keep the seat's running totals right when a card enters or leaves its ownership."""
        # ZoneOps._own's two lines inlined: this runs on every gain, so no super() call here.
        seat.owned[card.name] = seat.owned.get(card.name, 0) + delta
        seat.n_cards += delta
        if card.is_treasure:
            seat.total_money += card.coins * delta
        if card.vp:
            seat.vp += card.vp * delta

    # ----- moving cards (drawing, shuffling, take_top: gametest.engine.zones) ----------
    def gain(self, seat: int, name: str, to: str = "discard") -> Card | None:
        """Gain a card from the Supply to discard, deck (top) or hand; None if the pile is empty."""
        left = self.supply.get(name, 0)
        if left <= 0:
            return None
        self.supply[name] = left - 1
        if left == 1:
            self.empty_piles += 1
        card = self.cards[name]
        s = self.seats[seat]
        # self._own(s, card, 1), inlined: a gain happens on most turns
        s.owned[name] = s.owned.get(name, 0) + 1
        s.n_cards += 1
        if card.is_treasure:
            s.total_money += card.coins
        if card.vp:
            s.vp += card.vp
        if to == "discard":
            s.discard.append(card)
        elif to == "deck":
            s.deck.append(card)
        else:
            s.hand.append(card)
        if self.events is not None:
            self.log(seat, "gain", name, to)
        return card

    def gain_from_trash(self, seat: int, card: Card) -> None:
        """Move a card from the trash to a player's discard pile (Thief)."""
        self.trash.remove(card)
        s = self.seats[seat]
        self._own(s, card, 1)
        s.discard.append(card)
        self.log(seat, "gain", card.name, "from trash")

    def trash_card(self, seat: int, zone: list[Card], card: Card) -> None:
        """Move a card the seat owns from one of its zones to the trash."""
        zone.remove(card)
        self.trash.append(card)
        self._own(self.seats[seat], card, -1)
        self.log(seat, "trash", card.name)

    def discard_cards(self, seat: int, zone: list[Card], cards: list[Card]) -> None:
        """Move cards from a zone to the seat's discard pile."""
        s = self.seats[seat]
        for c in cards:
            zone.remove(c)
            s.discard.append(c)
        if cards:
            self.log(seat, "discard", [c.name for c in cards])

    def gainable(self, limit: int, pred: Any = None) -> tuple[str, ...]:
        """Names of non-empty Supply piles costing at most `limit` (and matching pred)."""
        cards = self.cards
        return tuple(
            n
            for n, left in self.supply.items()
            if left > 0 and cards[n].cost <= limit and (pred is None or pred(cards[n]))
        )

    # ----- decisions helpers -----------------------------------------------------------
    def pick_cards(
        self,
        seat: int,
        kind: str,
        pool: list[Card],
        lo: int,
        hi: int,
        card: str | None,
        prompt: str,
        target: int | None = None,
    ) -> Run:
        """Ask `seat` to pick lo..hi cards of `pool` (duplicates allowed); returns the cards."""
        hi = min(hi, len(pool))
        lo = min(lo, hi)
        if hi == 0:
            return []
        if lo == hi == len(pool):
            return list(pool)
        opts = tuple(c.name for c in pool)
        if lo == hi and len(set(opts)) == 1:
            return list(pool[:lo])
        picks = yield Decision(seat, kind, opts, lo, hi, card, prompt, target=target)
        return [pool[i] for i in picks]

    def pick_name(
        self,
        seat: int,
        kind: str,
        names: tuple[str, ...],
        optional: bool,
        card: str | None,
        prompt: str,
        limit: int | None = None,
        target: int | None = None,
    ) -> Run:
        """Ask `seat` to pick one of distinct `names` (or none if optional); returns a name."""
        if not names:
            return None
        if len(names) == 1 and not optional:
            return names[0]
        picks = yield Decision(
            seat, kind, names, 0 if optional else 1, 1, card, prompt, limit, target
        )
        return names[picks[0]] if picks else None

    def attack_targets(self, seat: int) -> Run:
        """Other seats hit by an Attack, in turn order; each may first reveal a Moat."""
        victims = []
        for other in self.others(seat):
            hand = self.seats[other].hand
            if any(c.is_reaction for c in hand):
                picks = yield Decision(
                    other,
                    "reveal",
                    ("Moat",),
                    0,
                    1,
                    "Moat",
                    f"Player {seat + 1} played an Attack: reveal Moat to be unaffected?",
                    target=seat,
                )
                if picks:
                    self.log(other, "reveal", "Moat")
                    continue
            victims.append(other)
        return victims

    # ----- playing cards ---------------------------------------------------------------
    def play_action(self, seat: int, card: Card, ctx: PlayCtx | None = None) -> Run:
        """Resolve a played Action card: its +Cards/+Actions/+Buys/+$ first, then its effect."""
        if self.events is not None:
            self.log(seat, "play", card.name)
        if ctx is None:
            ctx = PlayCtx(card)
        if card.is_attack:
            # Reactions (Moat) are revealed when the Attack is played, before any of its effects.
            ctx.victims = yield from self.attack_targets(seat)
        if card.plus_cards:
            self.draw(seat, card.plus_cards)
        self.actions += card.plus_actions
        self.buys += card.plus_buys
        self.coins += card.plus_coins
        if card.effect is not None:
            yield from card.effect(self, seat, ctx)

    def run(self) -> Run:
        """Play turns until the game ends."""
        return self._turns(None)

    def take_turn(self, seat: int) -> Run:
        """One turn of `seat`: Action phase, Buy phase (Treasures are all played), Clean-up."""
        return self._turns(seat)

    def _turns(self, only: int | None) -> Run:
        """Play `only`'s turn, or (None) every turn until the game ends. The turns of a game
        run in this one generator, not one sub-generator per turn: every decision of the game
        resumes this frame, so one generator level less is paid on every answer."""
        seats, cards, supply = self.seats, self.cards, self.supply
        full_cache, max_cost = self._full_cache, self._max_cost
        pile_limit, turn_cap = self.pile_limit, TURN_LIMIT * self.n
        while True:
            seat = self.current if only is None else only
            s = seats[seat]
            s.turns += 1
            self.total_turns += 1
            self.actions, self.buys, self.coins, self.merchants = 1, 1, 0, 0
            bought: list[str] = []
            hand = s.hand
            if self.events is not None:
                self.log(seat, "turn", s.turns, [c.name for c in hand])
            in_play = s.in_play
            while self.actions > 0:
                for c in hand:  # most hands hold no Action: find one before building options
                    if c.is_action:
                        break
                else:
                    break
                names = tuple(dict.fromkeys(c.name for c in hand if c.is_action))
                picks = yield Decision(seat, "action", names, 0, 1, None, "Play an Action card?")
                if not picks:
                    break
                card = cards[names[picks[0]]]
                hand.remove(card)
                in_play.append(card)
                self.actions -= 1
                yield from self.play_action(seat, card)
            # Buy phase. In the base set no card rewards holding a Treasure back, so every
            # Treasure in hand is played (one ruling: the choice could never matter).
            coins = self.coins
            keep = []
            for c in hand:
                if c.is_treasure:
                    coins += c.coins
                    in_play.append(c)
                else:
                    keep.append(c)
            if self.merchants and any(c.name == "Silver" for c in hand):
                coins += self.merchants
            if len(keep) != len(hand):
                if self.events is not None:
                    self.log(seat, "treasures", [c.name for c in hand if c.is_treasure], coins)
                hand[:] = keep
            self.coins = coins
            while self.buys > 0:
                # self._buyable(coins), its shared-cache hit inline
                opts = None if self.empty_piles else full_cache.get((min(coins, max_cost), 0))
                if opts is None:
                    opts = self._buyable(coins)
                if not opts:
                    break
                picks = yield Decision(seat, "buy", opts, 0, 1, None, "Buy a card?", coins)
                if not picks:
                    break
                name = opts[picks[0]]
                # coins and buys cannot change while the player decides (views are read-only)
                self.coins = coins = coins - cards[name].cost
                self.buys -= 1
                bought.append(name)
                if self.events is not None:
                    self.log(seat, "buy", name)
                self.gain(seat, name)
            # Clean-up
            discard = s.discard
            discard.extend(hand)
            discard.extend(in_play)
            hand.clear()
            in_play.clear()
            deck = s.deck
            if len(deck) >= 5:  # self._draw_n(s, 5) without a reshuffle, inline
                hand.extend(deck[:-6:-1])
                del deck[-5:]
            else:
                self._draw_n(s, 5)
            self.last_turn[seat] = bought
            if only is not None:
                return
            ended = supply["Province"] == 0 or self.empty_piles >= pile_limit
            if ended or self.total_turns >= turn_cap:
                self.game_over()
                return
            self.current = (seat + 1) % self.n

    def _buyable(self, coins: int) -> tuple[str, ...]:
        """Supply piles a player with `coins` can buy, cached: piles only ever empty, so the
        number of empty piles identifies which are empty."""
        empty = self.empty_piles
        key = (coins if coins < self._max_cost else self._max_cost, empty)
        cache = self._buy_cache if empty else self._full_cache
        opts = cache.get(key)
        if opts is None:
            cards = self.cards
            opts = tuple(n for n, left in self.supply.items() if left and cards[n].cost <= coins)
            cache[key] = opts
        return opts

    # ----- ending and scoring ----------------------------------------------------------
    def game_over(self) -> bool:
        """True after a turn that emptied the Provinces or enough Supply piles."""
        if self.supply["Province"] == 0:
            self.ended_by = "provinces"
        elif self.empty_piles >= self.pile_limit:
            self.ended_by = "piles"
        elif self.total_turns >= TURN_LIMIT * self.n:
            self.ended_by = "turn_limit"
        return bool(self.ended_by)

    def score(self, seat: int) -> int:
        """Victory points: fixed-value cards plus Gardens (1 per full 10 cards owned)."""
        s = self.seats[seat]
        return s.vp + s.owned.get("Gardens", 0) * (s.n_cards // 10)

    def winners(self, scores: list[int]) -> list[int]:
        """Highest score wins; ties go to the fewest turns; still tied players share."""
        best = max(scores)
        tied = [i for i, sc in enumerate(scores) if sc == best]
        fewest = min(self.seats[i].turns for i in tied)
        return [i for i in tied if self.seats[i].turns == fewest]

    def public_info(self) -> dict[str, Any]:
        """The Supply and the trash, as everyone sees them."""
        return {"Supply": dict(self.supply), "Trash": [c.name for c in self.trash]}

    def card_counts(self) -> dict[str, int]:
        """Count of every card across all seats' zones, the Supply and the trash (conserved)."""
        total = dict(self.supply)
        for s in self.seats:
            for c in s.all_cards():
                total[c.name] = total.get(c.name, 0) + 1
        for c in self.trash:
            total[c.name] = total.get(c.name, 0) + 1
        return total

    def fingerprint(self) -> str:
        """A hash of every zone's exact contents, the Supply and the trash."""
        parts: list[str] = [pile_repr(self.supply), repr(list(map(_NAME, self.trash)))]
        for s in self.seats:
            for zone in (s.deck, s.hand, s.discard, s.in_play, s.set_aside):
                parts.append(",".join(map(_NAME, zone)))
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def view(self, seat: int) -> Any:
        """The view from `seat` (see gametest.games.dominion.view)."""
        from gametest.games.dominion.view import DominionView

        return DominionView(self, seat)
