"""Kingdom specs: presets, card lists, random draws and the errors for bad input."""

from __future__ import annotations

import pytest

from gametest.engine.errors import UsageError
from gametest.games.dominion.cards import KINGDOM_NAMES, SECOND_EDITION
from gametest.games.dominion.kingdoms import PRESETS, parse_kingdom, supply_sizes


def test_first_game_preset_matches_the_rulebook() -> None:
    assert sorted(parse_kingdom("first-game")) == sorted(
        [
            "Cellar",
            "Market",
            "Merchant",
            "Militia",
            "Mine",
            "Moat",
            "Remodel",
            "Smithy",
            "Village",
            "Workshop",
        ]
    )
    for cards in PRESETS.values():
        assert len(set(cards)) == 10 and set(cards) <= set(SECOND_EDITION)


def test_all_cards_are_present() -> None:
    assert len(KINGDOM_NAMES) == 32 and len(SECOND_EDITION) == 26


def test_card_lists_forgive_case_and_spacing() -> None:
    k = parse_kingdom("cellar, market,merchant,militia,mine,moat,remodel,smithy,village,throneroom")
    assert "Throne Room" in k and len(k) == 10


def test_random_kingdoms_are_seeded() -> None:
    assert parse_kingdom("random:5") == parse_kingdom("random:5")
    assert parse_kingdom("random:5") != parse_kingdom("random:6")
    assert set(parse_kingdom("random:5")) <= set(SECOND_EDITION)
    assert set(parse_kingdom("random-all:5")) <= set(KINGDOM_NAMES)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("cellar,market", "needs 10 Kingdom cards, got 2"),
        ("Smithyy,Cellar", "unknown card 'Smithyy' \\(did you mean Smithy"),
        (
            "Cellar,Cellar,Market,Merchant,Militia,Mine,Moat,Remodel,Smithy,Village",
            "Cellar is listed twice",
        ),
        (
            "Copper,Cellar,Market,Merchant,Militia,Mine,Moat,Remodel,Smithy,Village",
            "Copper is a basic card",
        ),
        ("first-gaem", "unknown kingdom 'first-gaem' \\(did you mean first-game"),
        ("random:x", "must be an integer"),
    ],
)
def test_bad_kingdoms(spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_kingdom(spec)


@pytest.mark.parametrize(
    ("n", "copper", "victory", "province", "curse"),
    [
        (2, 46, 8, 8, 10),
        (3, 39, 12, 12, 20),
        (4, 32, 12, 12, 30),
        (5, 25, 12, 15, 40),
        (6, 18, 12, 18, 50),
    ],
)
def test_supply_sizes(n: int, copper: int, victory: int, province: int, curse: int) -> None:
    s = supply_sizes(["Gardens", "Smithy"], n)
    assert s["Copper"] == copper and s["Silver"] == 40 and s["Gold"] == 30
    assert s["Estate"] == s["Duchy"] == s["Gardens"] == victory
    assert s["Province"] == province and s["Curse"] == curse and s["Smithy"] == 10
