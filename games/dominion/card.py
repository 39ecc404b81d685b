"""Dominion's card: the shared printed facts plus +Cards/+Actions/+Buys/+$, its effect, edition."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gametest.engine.cards import Card

TYPE_ORDER = ("Action", "Treasure", "Victory", "Curse", "Attack", "Reaction")


@dataclass(frozen=True, eq=False)
class DominionCard(Card):
    """A Dominion card definition; the type flags are precomputed for the rules' hot path."""

    plus_cards: int = 0
    plus_actions: int = 0
    plus_buys: int = 0
    plus_coins: int = 0
    effect: Callable[..., Any] | None = None
    edition: str = ""  # "2" (second edition), "1" (first edition only) or "basic"

    def __post_init__(self) -> None:
        t = self.types
        object.__setattr__(self, "is_action", "Action" in t)
        object.__setattr__(self, "is_treasure", "Treasure" in t)
        object.__setattr__(self, "is_victory", "Victory" in t)
        object.__setattr__(self, "is_curse", "Curse" in t)
        object.__setattr__(self, "is_attack", "Attack" in t)
        object.__setattr__(self, "is_reaction", "Reaction" in t)

    # set in __post_init__; declared for type checkers
    is_action: bool = field(init=False, repr=False)
    is_treasure: bool = field(init=False, repr=False)
    is_victory: bool = field(init=False, repr=False)
    is_curse: bool = field(init=False, repr=False)
    is_attack: bool = field(init=False, repr=False)
    is_reaction: bool = field(init=False, repr=False)

    def __repr__(self) -> str:
        return f"Card({self.name})"

    @property
    def type_line(self) -> str:
        """Types in printed order, e.g. 'Action - Attack'."""
        return " - ".join(t for t in TYPE_ORDER if t in self.types)
