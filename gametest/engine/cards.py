"""A card: the printed facts every game shares (name, cost, types, text, coins, points).

A game subclasses Card for its own data (Dominion's +Actions and effects, Embermarch's
factions and Burn bonuses); the engine and the shared tooling read only these fields.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class Card:
    """One card definition; every copy of a card in every zone is this same object."""

    name: str
    cost: int
    types: frozenset[str]
    text: str
    coins: int = 0  # money the card gives when played (0 if none)
    vp: int = 0  # points the card is worth at the end (0 if none)

    def __repr__(self) -> str:
        return f"Card({self.name})"
