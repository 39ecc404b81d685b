"""A seat's position as an LLM player sees it, in a few lines built from aggregates.

Counts per card name and no history, so a prompt stays the same size on turn 40 as on turn 4.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class PromptView(Protocol):
    """What the prompts read of a game's seat view (engine SeatView plus the turn's resources)."""

    seat: int

    @property
    def n_players(self) -> int: ...
    @property
    def kingdom(self) -> Sequence[str]: ...
    @property
    def turn(self) -> int: ...
    @property
    def is_my_turn(self) -> bool: ...
    @property
    def scores(self) -> Sequence[int]: ...
    @property
    def hand(self) -> Sequence[str]: ...
    @property
    def in_play(self) -> Sequence[str]: ...
    @property
    def owned(self) -> Mapping[str, int]: ...
    @property
    def n_cards(self) -> int: ...
    @property
    def coins(self) -> int: ...
    @property
    def actions(self) -> int: ...
    @property
    def buys(self) -> int: ...
    @property
    def supply(self) -> Mapping[str, int]: ...

    def turns_finished(self, seat: int) -> int:
        """Turns a seat has finished (so a prompt never reports buys of a turn not yet taken)."""

    def last_turn_gains(self, seat: int) -> Sequence[str]:
        """What a seat bought on its most recent turn."""

    def deck_composition(self) -> Mapping[str, int]:
        """Counts of the cards left in the draw pile."""

    def discard_composition(self) -> Mapping[str, int]:
        """Counts of the cards in the discard pile."""

    def status_lines(self) -> Sequence[str]:
        """The game's own facts in sentences (tracks, market row, how it ends); may be empty."""

    def card(self, name: str) -> Any:
        """The printed card (its `cost` is shown beside buy and gain choices)."""

    def pile(self, name: str) -> int:
        """Copies of a card buyable now."""


def counts(names: Iterable[str] | Mapping[str, int]) -> str:
    """'Copper x3, Estate' from a list or a name->count mapping; 'nothing' when empty."""
    items = names.items() if isinstance(names, Mapping) else Counter(names).items()
    parts = [n if k == 1 else f"{n} x{k}" for n, k in sorted(items) if k > 0]
    return ", ".join(parts) if parts else "nothing"


def render_view(view: PromptView, compact: bool = False, victory_card: str | None = None) -> str:
    """The player's position in a few lines: turn, scores, cards, Supply, opponents' last buys.

    The compact Supply line names the game's `victory_card` pile (GameInfo.victory_card).
    """
    seat = view.seat
    n = view.n_players
    scores = list(view.scores)
    lines = [f"Your turn number: {view.turn}. You are P{seat + 1} of {n}."]
    if scores:
        score_txt = ", ".join(
            ("you" if i == seat else f"P{i + 1}") + f" {s}" for i, s in enumerate(scores)
        )
        lines.append(f"Scores: {score_txt}.")
    for i in range(n):
        if i == seat:
            continue
        if view.turns_finished(i):
            lines.append(f"P{i + 1} bought on its last turn: {counts(view.last_turn_gains(i))}.")
        else:
            lines.append(f"P{i + 1} has not finished a turn yet.")
    lines.append(f"Hand: {counts(view.hand)}.")
    if view.is_my_turn:
        lines.append(f"In play: {counts(view.in_play)}.")
        lines.append(f"Coins ${view.coins}, Actions {view.actions}, Buys {view.buys}.")
    lines += [str(x) for x in view.status_lines()]
    lines.append(f"You own {view.n_cards} cards: {counts(view.owned)}.")
    if not compact:
        lines.append(f"Draw pile: {counts(view.deck_composition())}.")
        lines.append(f"Discard pile: {counts(view.discard_composition())}.")
    lines.append(_supply_line(view.supply, compact, victory_card))
    return "\n".join(lines)


def _supply_line(supply: Mapping[str, int], compact: bool, victory_card: str | None) -> str:
    """Cards left per Supply pile; the compact form names only the victory pile and low piles."""
    empty = [n for n, k in supply.items() if k == 0]
    if compact:
        low = {n: k for n, k in supply.items() if 0 < k <= 3 and n != victory_card}
        if victory_card:
            txt = f"Supply: {victory_card} {supply.get(victory_card, 0)} left"
            if low:
                txt += "; low piles: " + ", ".join(f"{n} {k}" for n, k in low.items())
        else:
            txt = "Supply: low piles: " + (", ".join(f"{n} {k}" for n, k in low.items()) or "none")
    else:
        txt = "Supply (cards left): " + ", ".join(f"{n} {k}" for n, k in supply.items() if k)
    if empty:
        txt += "; empty: " + ", ".join(empty)
    return txt + "."
