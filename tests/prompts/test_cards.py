"""Card rules and the Supply as prompts show them: one source for advice, judges and players."""

from __future__ import annotations

from gametest.engine.registry import get_game
from gametest.prompts.cards import card_rules, kingdom_rules
from gametest.prompts.supply import supply_names

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")


def test_supply_is_basics_then_kingdom() -> None:
    names = supply_names(GAME, KINGDOM)
    assert names == [*GAME.info.basic_cards, *KINGDOM]


def test_full_rules_cover_the_supply_and_judges_see_the_kingdom_only() -> None:
    full = card_rules(GAME, KINGDOM).splitlines()
    assert full == [f"- {GAME.describe_card(n)}" for n in supply_names(GAME, KINGDOM)]
    assert kingdom_rules(GAME, KINGDOM).splitlines() == full[len(GAME.info.basic_cards) :]


def test_compact_rules_give_basic_cards_one_line() -> None:
    lines = card_rules(GAME, KINGDOM, compact=True).splitlines()
    assert lines[0].startswith("- Basic cards: Copper $0 (+$1), Silver $3 (+$2)")
    assert "Province $8 (6 VP)" in lines[0]
    assert lines[1:] == kingdom_rules(GAME, KINGDOM).splitlines()
