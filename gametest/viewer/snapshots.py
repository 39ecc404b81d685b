"""Per-turn snapshots of a recorded game, taken by replaying its choices (records stay as they are).

The hook is game-agnostic: every game logs a ("turn", ...) event as a turn starts, before any
of that turn's decisions or changes, so the state at that moment is the state at the end of the
previous turn. A list that watches its appends catches that moment; the end of the game gives
the last snapshot. What a snapshot reads (score, owned cards, printed coins) is on every game's
state through the shared zones and the ViewedState contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gametest.engine.decision import Decision, IllegalChoiceError, validate_choice
from gametest.engine.record import GameRecord, ReplayError
from gametest.engine.registry import GameState, get_game


@dataclass(slots=True)
class SeatSnapshot:
    """One seat at the end of a turn: score, total printed coins, cards owned and their counts
    (a count may be 0 for a card the seat owned earlier)."""

    score: int
    money: int
    cards: int
    owned: dict[str, int]

    @property
    def money_density(self) -> float:
        """Total money per card owned (DominionSim's 'money density')."""
        return self.money / self.cards if self.cards else 0.0


@dataclass(slots=True)
class TurnEnd:
    """The end of one turn: who took it, their own turn number, every seat's snapshot, and
    where the turn's events and decisions sit in the game's lists."""

    seat: int
    turn: int
    seats: list[SeatSnapshot]
    events: tuple[int, int]
    decisions: tuple[int, int]
    public: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DecisionTrace:
    """One recorded decision as it was asked during the replay, with the recorded answer."""

    decision: Decision
    picks: tuple[int, ...]
    event: int  # index into the event list when it was asked
    note: dict[str, Any] = field(default_factory=dict)


@dataclass
class GameTrace:
    """A replayed game: its turns in order, its decisions, and its structured event log."""

    record: GameRecord
    turns: list[TurnEnd]
    decisions: list[DecisionTrace]
    events: list[tuple[Any, ...]]
    start: list[SeatSnapshot]
    start_public: dict[str, Any]

    def seat_turns(self, seat: int) -> list[SeatSnapshot]:
        """The seat's own snapshot at the end of each of its turns (index k = its turn k+1)."""
        return [t.seats[seat] for t in self.turns if t.seat == seat]


def coin_cards(state: Any) -> list[tuple[str, int]]:
    """(name, printed coins) of every card of the game that has coins."""
    return [(name, c.coins) for name, c in state.cards.items() if c.coins]


def snapshot_seats(state: Any, coins: list[tuple[str, int]]) -> list[SeatSnapshot]:
    """Every seat's score, printed coins of the cards owned, card count and owned counts
    (counts may hold zeros for cards no longer owned)."""
    out = []
    for i, s in enumerate(state.seats):
        owned = s.owned.copy()
        money = sum(c * owned.get(name, 0) for name, c in coins)
        out.append(SeatSnapshot(state.score(i), money, s.n_cards, owned))
    return out


PublicFn = Callable[[Any], dict[str, Any]]
DecisionHook = Callable[[Any, Decision, tuple[int, ...], DecisionTrace], None]


class _TurnWatcher(list[tuple[Any, ...]]):
    """An event list that snapshots the state when a new turn's ("turn", ...) event arrives."""

    def __init__(self, on_turn: Callable[[int, int], None]) -> None:
        super().__init__()
        self._on_turn = on_turn

    def append(self, ev: tuple[Any, ...]) -> None:
        if len(ev) > 3 and ev[2] == "turn":
            self._on_turn(ev[1], ev[3])
        super().append(ev)


def trace_game(
    record: GameRecord,
    public: PublicFn | None = None,
    on_decision: DecisionHook | None = None,
) -> GameTrace:
    """Replay a record's choices and snapshot every seat at the end of every turn.

    `public` adds what everyone sees (the Supply, a market row) to each snapshot;
    `on_decision(view, decision, picks, trace)` may annotate each decision (compliance, LLM).
    Raises ReplayError if the record does not replay to its recorded end.
    """
    game = get_game(f"{record['game']}@{record['version']}")
    n = len(record["players"])
    state: GameState = game.new_game(record["kingdom"], n, record["seed"], record["first"], True)
    turns: list[TurnEnd] = []
    decisions: list[DecisionTrace] = []
    coins = coin_cards(state)
    current: list[int] = []  # [seat, turn, first event, first decision] of the turn under way

    def close_turn(end_event: int) -> None:
        if current:
            seat, turn, ev0, d0 = current
            turns.append(
                TurnEnd(
                    seat,
                    turn,
                    snapshot_seats(state, coins),
                    (ev0, end_event),
                    (d0, len(decisions)),
                    public(state) if public else {},
                )
            )

    def on_turn(seat: int, turn: int) -> None:
        close_turn(len(events))
        current[:] = [seat, turn, len(events), len(decisions)]

    events = _TurnWatcher(on_turn)
    events.extend(state.events or [])
    state.events = events
    start = snapshot_seats(state, coins)
    start_public = public(state) if public else {}
    views = [state.view(i) for i in range(n)]
    choices: list[list[int]] = record["choices"]
    gen = state.run()
    i = 0
    try:
        d = next(gen)
        while True:
            if i >= len(choices):
                raise ReplayError("the record ran out of choices before the game ended")
            try:
                picks = validate_choice(d, choices[i])
            except IllegalChoiceError as e:
                raise ReplayError(
                    f"a recorded choice does not fit the replayed game: {e}"
                ) from None
            i += 1
            dt = DecisionTrace(d, picks, len(events))
            if on_decision is not None:
                on_decision(views[d.seat], d, picks, dt)
            decisions.append(dt)
            d = gen.send(picks)
    except StopIteration:
        pass
    close_turn(len(events))
    if i != len(choices):
        raise ReplayError("the game ended before the record's choices were used up")
    if "fingerprint" in record and state.fingerprint() != record["fingerprint"]:
        raise ReplayError("the replay ended in a different state than the record")
    if state.result()["scores"] != record["scores"]:
        raise ReplayError("the replay ended with different scores than the record")
    return GameTrace(record, turns, decisions, list(events), start, start_public)
