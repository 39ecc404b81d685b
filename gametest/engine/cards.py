"""A card: printed facts (name, cost, types, coins, VP, text) plus its rules effect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, eq=False)
class Card:
    """One card definition; every copy of a card in every zone is this same object."""

    name: str
    cost: int
    types: frozenset[str]
    text: str
    coins: int = 0
    vp: int = 0
    plus_cards: int = 0
    plus_actions: int = 0
    plus_buys: int = 0
    plus_coins: int = 0
    effect: Callable[..., Any] | None = None
    edition: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

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
        order = ["Action", "Treasure", "Victory", "Curse", "Attack", "Reaction"]
        return " - ".join(t for t in order if t in self.types)
