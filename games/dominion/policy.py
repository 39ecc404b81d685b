"""How a Dominion strategy answers each kind of decision, with per-card defaults for the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gametest.engine.decision import Decision
from gametest.games.dominion.cards import CARDS
from gametest.strategy.model import Entry, Strategy

_KEEP_MONEY = 5  # Chapel/Sentry default: don't trash Coppers below this much total money


def card_options_schema() -> dict[str, Any]:
    """JSON Schema for the per-card options a Dominion strategy may set."""
    prio = {"type": "array", "items": {"$ref": "#/$defs/entry"}}
    boolean = {"type": "boolean"}

    def obj(desc: str, **props: Any) -> dict[str, Any]:
        return {
            "type": "object",
            "description": desc,
            "additionalProperties": False,
            "properties": props,
        }

    return {
        "Library": obj(
            "which Action cards to skip (set aside) while drawing",
            skip_actions={"enum": ["auto", "always", "never"]},
            skip=prio,
        ),
        "Sentry": obj("what to trash and discard of the top two cards", trash=prio, discard=prio),
        "Mine": obj("which Treasure to upgrade first", upgrade=prio),
        "Remodel": obj("what to remodel and into what", trash=prio, gain=prio),
        "Throne Room": obj("which Action to play twice", targets=prio),
        "Chapel": obj(
            "what to trash and how far",
            trash=prio,
            max={"type": "integer", "minimum": 0, "maximum": 4},
            keep_money={"type": "integer", "minimum": 0},
        ),
        "Cellar": obj("what to discard to draw", discard=prio),
        "Moat": obj("reveal Moat against Attacks", reveal=boolean),
        "Vassal": obj("play the discarded Action card", play=boolean),
        "Chancellor": obj("put the deck into the discard pile", discard_deck=boolean),
        "Moneylender": obj("trash a Copper for +$3", trash_copper=boolean),
        "Harbinger": obj("what to put back from the discard pile", topdeck=prio),
        "Artisan": obj("what to gain to hand and what to put back", gain=prio, topdeck=prio),
        "Workshop": obj("what to gain", gain=prio),
        "Feast": obj("what to gain", gain=prio),
        "Thief": obj("which trashed Treasures to gain", gain=prio),
    }


def value(name: str) -> float:
    """How much a card is worth keeping in a hand: junk low, money and good Actions high."""
    c = CARDS[name]
    if c.is_curse:
        return -2.0
    if c.is_victory and not c.is_action:
        return -1.0
    if c.is_treasure:
        return {1: 1.0, 2: 2.5, 3: 4.0}.get(c.coins, float(c.coins))
    return 1.0 + 0.5 * c.cost


def _action_rank(name: str, hand: Sequence[str]) -> tuple[float, int]:
    c = CARDS[name]
    if name == "Throne Room":
        others = sum(1 for h in hand if h != "Throne Room" and CARDS[h].is_action)
        return (2.5 if others else 0.0, c.cost)
    if c.plus_actions >= 2:
        return (3.0, c.cost)
    if c.plus_actions == 1:
        return (2.0, c.cost)
    return (1.0, c.cost)


class DominionPolicy:
    """Answers decisions for a strategy; an empty strategy gives the per-card defaults."""

    def __init__(self, strategy: Strategy) -> None:
        self.s = strategy
        self.gain_list = strategy.gain
        self.safety = strategy.endgame_safety
        self._buy_rows = [(e.card, e.check()) for e in strategy.gain]
        self._handlers: dict[str, Any] = {}  # decision kind -> bound _kind method (or None)
        # id(options) -> (options, its offered buy rows): see decide
        self._rows_by_options: dict[int, tuple[tuple[str, ...], list[Any]]] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the strategy alone: the caches hold compiled conditions, rebuilt on load."""
        return (type(self), (self.s,))

    def _offered_rows(self, options: tuple[str, ...]) -> tuple[tuple[str, ...], list[Any]]:
        """The gain list's (card, check, answer) rows whose card is among `options`, cached."""
        if len(self._rows_by_options) >= 256:  # bounded: piles emptying make new tuples
            self._rows_by_options.clear()
        rows = [(c, check, (options.index(c),)) for c, check in self._buy_rows if c in options]
        hit = self._rows_by_options[id(options)] = (options, rows)
        return hit

    # ----- priority helpers ------------------------------------------------------------
    def _safe(self, view: Any, name: str) -> bool:
        if not self.safety or not view.would_end_game(name):
            return True
        return bool(view.wins_if_game_ends(view.scores_after_gain(name)))

    def _first(
        self, entries: list[Entry], options: Sequence[str], view: Any, gain: bool = False
    ) -> int | None:
        for e in entries:
            if e.card in options and e.applies(view) and (not gain or self._safe(view, e.card)):
                return options.index(e.card)
        return None

    def _opt(self, card: str, key: str, default: Any) -> Any:
        return self.s.cards.get(card, {}).get(key, default)

    # ----- the entry point -------------------------------------------------------------
    def decide(self, view: Any, d: Decision) -> tuple[int, ...]:
        """Indices into d.options answering the decision."""
        if d.kind == "buy":  # the hot path: _first(gain_list, ..., gain=True) inlined
            options = d.options
            # The buy rows whose card is offered, with their answers, per options tuple: the
            # state shares one tuple per (coins, empty piles), so this is usually a lookup.
            hit = self._rows_by_options.get(id(options))
            if hit is None or hit[0] is not options:
                hit = self._offered_rows(options)
            try:
                for card, check, answer in hit[1]:
                    if check is None or check(view):
                        if (
                            self.safety
                            and view.would_end_game(card)
                            and not view.wins_if_game_ends(view.scores_after_gain(card))
                        ):
                            continue
                        return answer
            except Exception:  # a condition failed at run time: Entry.applies records it
                i = self._first(self.gain_list, options, view, gain=True)
                return () if i is None else (i,)
            return ()
        kind = d.kind
        handler = self._handlers.get(kind, False)
        if handler is False:
            handler = self._handlers[kind] = getattr(self, "_" + kind, None)
        if handler is None:
            return self.fallback(d)
        return tuple(handler(view, d))

    @staticmethod
    def fallback(d: Decision) -> tuple[int, ...]:
        """The minimum legal answer: the first `min` options."""
        return tuple(range(d.min))

    # ----- per kind --------------------------------------------------------------------
    def _action(self, view: Any, d: Decision) -> list[int]:
        if len(d.options) == 1:  # an Action is always played, so with one there is no choice
            return [0]
        i = self._first(self.s.play, d.options, view)
        if i is not None:
            return [i]
        hand = view.hand
        best = max(range(len(d.options)), key=lambda j: _action_rank(d.options[j], hand))
        return [best]

    def _throne(self, view: Any, d: Decision) -> list[int]:
        targets = self._opt("Throne Room", "targets", None) or self.s.play
        i = self._first(targets, d.options, view)
        if i is not None:
            return [i]
        hand = view.hand
        return [max(range(len(d.options)), key=lambda j: _action_rank(d.options[j], hand))]

    def _gain(self, view: Any, d: Decision) -> list[int]:
        opts = d.options
        per_card = self._opt(d.card or "", "gain", None)
        if d.card == "Thief":
            if per_card is not None:
                i = self._first(per_card, opts, view)
                return [] if i is None else [i]
            return [0] if CARDS[opts[0]].cost >= 3 else []
        for entries in (per_card, self.gain_list):
            if entries:
                i = self._first(entries, opts, view, gain=True)
                if i is not None:
                    return [i]
        if d.min == 0:
            return []
        safe = [j for j in range(len(opts)) if self._safe(view, opts[j])] or list(range(len(opts)))
        if "Silver" in opts and opts.index("Silver") in safe and d.card != "Mine":
            return [opts.index("Silver")]

        def rank(j: int) -> tuple[int, int, int]:
            c = CARDS[opts[j]]
            return (0 if c.is_curse else 1, 0 if c.is_victory else 1, c.cost)

        return [max(safe, key=rank)]

    def _default_trash_ok(self, view: Any, name: str, money_lost: int, keep: int) -> bool:
        c = CARDS[name]
        if c.is_curse:
            return True
        if name == "Estate":
            return bool(view.provinces_left > 4)
        if name == "Copper":
            return bool(view.total_money - money_lost - 1 >= keep)
        return False

    def _trash(self, view: Any, d: Decision) -> list[int]:
        opts, card = d.options, d.card
        if card == "Moneylender":
            return [0] if self._opt("Moneylender", "trash_copper", True) else []
        if card == "Bandit":  # our Treasure is being trashed: lose the cheapest
            return [min(range(len(opts)), key=lambda j: value(opts[j]))]
        if card == "Thief":  # we trash an opponent's Treasure: the best one
            return [max(range(len(opts)), key=lambda j: value(opts[j]))]
        if card == "Mine":
            upgrade = self._opt("Mine", "upgrade", None)
            if upgrade:
                i = self._first(upgrade, opts, view)
                return [] if i is None else [i]
            for name in ("Silver", "Copper"):
                if name in opts and view.pile("Gold" if name == "Silver" else "Silver"):
                    return [opts.index(name)]
            return []
        if card == "Remodel":
            return [self._remodel_target(view, d)]
        # multi-pick trashing (Chapel, Sentry)
        limit = d.max
        keep = _KEEP_MONEY
        entries = self.s.lists["trash"]
        if card == "Chapel":
            limit = min(limit, int(self._opt("Chapel", "max", 4)))
            keep = int(self._opt("Chapel", "keep_money", _KEEP_MONEY))
            entries = self._opt("Chapel", "trash", None) or entries
        elif card == "Sentry":
            entries = self._opt("Sentry", "trash", None) or entries
        picked: list[int] = []
        money_lost = 0
        if entries:
            for e in entries:
                if not e.applies(view):
                    continue
                for j, name in enumerate(opts):
                    if len(picked) >= limit:
                        break
                    if name == e.card and j not in picked:
                        coins = CARDS[name].coins
                        if (
                            coins
                            and view.total_money - money_lost - coins < keep
                            and card == "Chapel"
                        ):
                            continue
                        picked.append(j)
                        money_lost += coins
        else:
            for name in ("Curse", "Estate", "Copper"):
                for j, o in enumerate(opts):
                    if len(picked) >= limit:
                        break
                    if o == name and self._default_trash_ok(view, o, money_lost, keep):
                        picked.append(j)
                        money_lost += CARDS[o].coins
        return picked[: max(limit, d.min)] if len(picked) >= d.min else self._fill(picked, d)

    def _remodel_target(self, view: Any, d: Decision) -> int:
        opts = d.options
        per = self._opt("Remodel", "trash", None) or self.s.lists["trash"]
        if per:
            i = self._first(per, opts, view)
            if i is not None:
                return i
        if "Gold" in opts and view.provinces_left <= 4 and view.pile("Province"):
            return opts.index("Gold")
        return min(range(len(opts)), key=lambda j: (value(opts[j]), CARDS[opts[j]].cost))

    def _fill(self, picked: list[int], d: Decision) -> list[int]:
        """Top up a pick to the decision's minimum with the lowest-value remaining options."""
        rest = sorted(
            (j for j in range(len(d.options)) if j not in picked), key=lambda j: value(d.options[j])
        )
        return picked + rest[: d.min - len(picked)]

    def _discard(self, view: Any, d: Decision) -> list[int]:
        opts, card = d.options, d.card
        if card == "Spy":
            v = value(opts[0])
            mine = d.target == view.seat
            return [0] if (v < 2.0) == mine else []
        entries = self.s.lists["discard"]
        if card == "Cellar":
            entries = self._opt("Cellar", "discard", None) or entries
        elif card == "Sentry":
            entries = self._opt("Sentry", "discard", None) or entries
        picked: list[int] = []
        for e in entries:
            if e.applies(view):
                picked += [j for j, o in enumerate(opts) if o == e.card and j not in picked]
        if d.min == 0:  # optional: just the listed cards, or the junk by default
            if not entries:
                junk = ("Copper",) if card == "Sentry" else ()
                picked = [j for j, o in enumerate(opts) if value(o) < 0 or o in junk]
            return picked[: d.max]
        if len(picked) >= d.min:
            return picked[: d.min]
        return self._fill(picked, d)

    def _topdeck(self, view: Any, d: Decision) -> list[int]:
        opts, card = d.options, d.card
        entries = self._opt(card or "", "topdeck", None) or self.s.lists["topdeck"]
        i = self._first(entries, opts, view) if entries else None
        if i is not None:
            return [i]
        if card == "Harbinger":
            best = max(range(len(opts)), key=lambda j: value(opts[j]))
            return [best] if value(opts[best]) >= 2.5 else []
        if card == "Artisan":
            if view.actions == 0:
                acts = [j for j, o in enumerate(opts) if CARDS[o].is_action]
                if acts:
                    return [max(acts, key=lambda j: CARDS[opts[j]].cost)]
            non_junk = [j for j in range(len(opts)) if value(opts[j]) > 0]
            pool = non_junk or list(range(len(opts)))
            return [min(pool, key=lambda j: value(opts[j]))]
        return [0]

    def _reveal(self, view: Any, d: Decision) -> list[int]:
        return [0] if self._opt("Moat", "reveal", True) else []

    def _play(self, view: Any, d: Decision) -> list[int]:
        return [0] if self._opt("Vassal", "play", True) else []

    def _choose(self, view: Any, d: Decision) -> list[int]:
        return [0] if self._opt("Chancellor", "discard_deck", True) else []

    def _set_aside(self, view: Any, d: Decision) -> list[int]:
        skip = self._opt("Library", "skip", None)
        if skip:
            return [0] if self._first(skip, d.options, view) is not None else []
        mode = self._opt("Library", "skip_actions", "auto")
        if mode == "always":
            return [0]
        if mode == "never":
            return []
        return [0] if view.actions == 0 else []

    def _order(self, view: Any, d: Decision) -> list[int]:
        return [max(range(len(d.options)), key=lambda j: value(d.options[j]))]
