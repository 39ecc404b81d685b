"""Card rules text for prompts, always from the game definition (never from a model's memory)."""

from __future__ import annotations

from collections.abc import Sequence

from gametest.engine.contract import GameDef
from gametest.prompts.supply import supply_names


def _rule_lines(game: GameDef, names: Sequence[str]) -> list[str]:
    """'- <rules text>' for each named card."""
    return [f"- {game.describe_card(n)}" for n in names]


def kingdom_rules(game: GameDef, kingdom: Sequence[str]) -> str:
    """The rules of the kingdom's cards only, one per line: what judges see beside advice."""
    return "\n".join(_rule_lines(game, kingdom))


def card_rules(game: GameDef, kingdom: Sequence[str], compact: bool = False) -> str:
    """The rules of every Supply card, one per line; compact gives the basic cards one line."""
    if not compact:
        return "\n".join(_rule_lines(game, supply_names(game, kingdom)))
    basics = [n for n in supply_names(game, kingdom) if n not in kingdom]
    short = ", ".join(_short_basic(game, n) for n in basics)
    return "\n".join([f"- Basic cards: {short}", *_rule_lines(game, kingdom)])


def _short_basic(game: GameDef, name: str) -> str:
    """'Silver $3 (+$2)': a basic card in a few tokens."""
    c = game.cards[name]
    what = f"+${c.coins}" if c.coins else f"{c.vp} VP"
    return f"{name} ${c.cost} ({what})"
