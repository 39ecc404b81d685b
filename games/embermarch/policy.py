"""How an Embermarch strategy answers each kind of decision, with sensible defaults for the rest.

Decision kinds: buy (the `gain` list, then the market fallback), play (the `play` list, then
Resonance-aware ordering), burn (the `burn` list or per-card `burn` option), cull (the `cull`
list, then starting cards), sweep (the `sweep` list: market cards to sweep away), target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gametest.engine.decision import Decision
from gametest.games.embermarch.cards import CARDS, FACTION_KEYS, MARKET, EmberCard
from gametest.games.embermarch.state import IN_HAND
from gametest.strategy.model import Entry, Strategy

_KEEP_COIN = 5  # default culling never takes printed Coin below this
_LATE_LAURELS = 2  # "late game" for default Burn of Renown: this few Laurels left
_LATE_ROUNDS = 3  # ... or this few rounds left before the round limit


def card_options_schema() -> dict[str, Any]:
    """JSON Schema for the per-card options an Embermarch strategy may set."""
    burn = {
        "type": "object",
        "description": "when to Burn this card for its bonus (auto: when it wins a fight or "
        "the game is nearly over)",
        "additionalProperties": False,
        "properties": {"burn": {"enum": ["auto", "always", "never"]}},
    }
    out: dict[str, Any] = {c.name: burn for c in MARKET if c.burn is not None}
    out["Market"] = {
        "type": "object",
        "description": "what to buy when no `gain` entry applies",
        "additionalProperties": False,
        "properties": {
            "fallback": {
                "enum": ["most_expensive", "none"],
                "description": "most_expensive: the costliest affordable card (ties: your "
                "main faction); none: buy only what the gain list names",
            },
            "min_cost": {
                "type": "integer",
                "minimum": 0,
                "description": "the fallback never buys a card cheaper than this",
            },
        },
    }
    return out


def value(name: str) -> float:
    """How much a card is worth keeping: starting cards low, strong cards high."""
    c = CARDS[name]
    if c.kind == "starter":
        return 0.0
    return 1.0 + c.cost


def _base(label: str) -> str:
    return label[: -len(IN_HAND)] if label.endswith(IN_HAND) else label


class EmberPolicy:
    """Answers decisions for a strategy; an empty strategy gives the defaults."""

    def __init__(self, strategy: Strategy) -> None:
        self.s = strategy
        market = strategy.cards.get("Market", {})
        self.fallback = str(market.get("fallback", "most_expensive"))
        self.min_cost = int(market.get("min_cost", 0))
        self._handlers: dict[str, Any] = {}  # decision kind -> bound _kind method (or None)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the strategy alone: the caches hold compiled conditions, rebuilt on load."""
        return (type(self), (self.s,))

    def _opt(self, card: str, key: str, default: Any) -> Any:
        return self.s.cards.get(card, {}).get(key, default)

    @staticmethod
    def _first(entries: list[Entry], options: Sequence[str], view: Any) -> int | None:
        for e in entries:
            if e.card in options and e.applies(view):
                return options.index(e.card)
        return None

    def decide(self, view: Any, d: Decision) -> tuple[int, ...]:
        """Indices into d.options answering the decision."""
        kind = d.kind
        handler = self._handlers.get(kind, False)
        if handler is False:
            handler = self._handlers[kind] = getattr(self, "_" + kind, None)
        if handler is None:
            return tuple(range(d.min))
        return tuple(handler(view, d))

    # ----- per kind --------------------------------------------------------------------
    def _buy(self, view: Any, d: Decision) -> list[int]:
        opts = d.options
        i = self._first(self.s.gain, opts, view)
        if i is not None:
            return [i]
        if self.fallback == "none":
            return []
        # The costliest affordable card at least min_cost, ties to the main faction, then the
        # first offered: one pass over the options (this fallback runs on most buys).
        min_cost = self.min_cost
        main = None
        best = -1
        best_cost = best_same = 0
        for j, n in enumerate(opts):
            cost, key = _COST_KEY[n]
            if cost < min_cost or cost < best_cost:
                continue
            if main is None:
                main = view.main_faction
            same = 1 if main and key == main else 0
            if best < 0 or cost > best_cost or same > best_same:
                best, best_cost, best_same = j, cost, same
        return [] if best < 0 else [best]

    def _play(self, view: Any, d: Decision) -> list[int]:
        if self.s.play:  # most strategies list no play order: skip the call
            i = self._first(self.s.play, d.options, view)
            if i is not None:
                return [i]
        opts = d.options
        best, best_rank = 0, (-1, 0)
        for j, name in enumerate(opts):  # max(..., key=_play_rank), ranks precomputed if fixed
            r = _FIXED_PLAY_RANK.get(name)
            if r is None:  # a Resonance card: _play_rank without the call
                faction, resonance, ready, waiting = _RESONANCE_RANKS[name]
                r = ready if view.played_count(faction) + 1 >= resonance else waiting
            if r > best_rank:
                best, best_rank = j, r
        return [best]

    @staticmethod
    def _play_rank(view: Any, name: str) -> tuple[int, int]:
        """Cull first (to cull before drawing), draw next; hold back Resonance until it fires."""
        c = CARDS[name]
        if c.base.cull:
            return (5, c.cost)
        if c.resonance:
            ready = view.played_count(c.faction) + 1 >= c.resonance
            if not ready:
                return (0, -c.resonance)
            return (3 if c.base.draw or c.bonus.draw else 2, c.cost)
        if c.base.draw:
            return (4, c.cost)
        return (3, c.cost)

    def _burn(self, view: Any, d: Decision) -> list[int]:
        name = d.options[0]
        for e in self.s.lists["burn"]:
            if e.card == name and e.applies(view):
                return [0]
        mode = self._opt(name, "burn", "auto")
        if mode == "always":
            return [0]
        if mode == "never":
            return []
        return [0] if self._auto_burn(view, CARDS[name]) else []

    @staticmethod
    def _auto_burn(view: Any, card: EmberCard) -> bool:
        burn = card.burn
        assert burn is not None
        lethal = view.opponent_health + view.opponent_ward
        if burn.might and view.n_players == 2 and view.might + burn.might >= lethal > 0:
            return bool(view.might < lethal)
        late = view.laurels_left <= _LATE_LAURELS or view.rounds_left <= _LATE_ROUNDS
        if burn.renown:
            return bool(late)
        if burn.coin:
            # Only when the extra Coin buys a Laurel the Coin on hand could not.
            return bool(late and view.coins < 6 <= view.coins + burn.coin and view.laurels_left > 0)
        return False

    def _cull(self, view: Any, d: Decision) -> list[int]:
        opts = d.options
        picked: list[int] = []
        lost = 0
        culls = self.s.lists["cull"]
        for e in culls:
            if len(picked) >= d.max:
                break
            if not e.applies(view):
                continue
            # Discard-pile copies first, then copies in hand.
            for j in sorted(range(len(opts)), key=lambda j: opts[j].endswith(IN_HAND)):
                if len(picked) >= d.max:
                    break
                if _base(opts[j]) == e.card and j not in picked:
                    picked.append(j)
        if culls:
            return picked
        for name in ("Cudgel", "Scrip"):
            for j, o in enumerate(opts):
                if len(picked) >= d.max:
                    break
                if o != name:
                    continue
                coin = CARDS[name].coins
                if view.total_money - lost - coin < _KEEP_COIN:
                    continue
                picked.append(j)
                lost += coin
        return picked

    def _sweep(self, view: Any, d: Decision) -> list[int]:
        sweeps = self.s.lists["sweep"]
        i = self._first(sweeps, d.options, view)
        if i is not None:
            return [i]
        if sweeps:
            return []
        cheap = [j for j, n in enumerate(d.options) if CARDS[n].cost <= 1]
        return [cheap[0]] if cheap else []

    def _target(self, view: Any, d: Decision) -> list[int]:
        healths, wards = view.healths, view.wards

        def left(j: int) -> tuple[int, int]:
            seat = int(d.options[j].split()[-1]) - 1
            return (healths[seat] + wards[seat], -view.scores[seat])

        return [min(range(len(d.options)), key=left)]


def _key(card: EmberCard) -> str:
    """The short faction key of a card ('' for basics)."""
    return FACTION_KEYS.get(card.faction, "")


_COST_KEY: dict[str, tuple[int, str]] = {n: (c.cost, _key(c)) for n, c in CARDS.items()}
# EmberPolicy._play_rank of the cards whose rank does not depend on the turn (no Resonance, or
# a Cull that ranks first anyway).
_FIXED_PLAY_RANK: dict[str, tuple[int, int]] = {
    n: EmberPolicy._play_rank(None, n) for n, c in CARDS.items() if c.base.cull or not c.resonance
}
# The other cards' (faction, Resonance, rank once it fires, rank before), as _play_rank gives.
_RESONANCE_RANKS: dict[str, tuple[str, int, tuple[int, int], tuple[int, int]]] = {
    n: (
        c.faction,
        c.resonance,
        (3 if c.base.draw or c.bonus.draw else 2, c.cost),
        (0, -c.resonance),
    )
    for n, c in CARDS.items()
    if n not in _FIXED_PLAY_RANK
}
