"""Every built-in bot parses, validates, and plays without errors in every kingdom it fits."""

from __future__ import annotations

import random

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.loop import play_game
from gametest.games.dominion import GAME
from gametest.games.dominion.cards import KINGDOM_NAMES
from gametest.games.dominion.kingdoms import PRESETS
from gametest.players import make_player
from gametest.prompts.supply import supply_names
from gametest.strategy.builtin import builtin_names, load_builtin

BOTS = builtin_names("dominion")


def _kingdoms_for(bot: str) -> list[list[str]]:
    """Presets that fit the bot, plus random kingdoms with the bot's cards swapped in."""
    needs = load_builtin(bot, GAME).needs() & set(KINGDOM_NAMES)
    fits = [k for k in PRESETS.values() if needs <= set(k)]
    rng = random.Random(bot)
    for _ in range(4):
        others = [c for c in KINGDOM_NAMES if c not in needs]
        fits.append(sorted(needs) + rng.sample(others, 10 - len(needs)))
    return fits


def test_the_required_bots_exist() -> None:
    required = {
        "big-money",
        "bmu",
        "smithy-bm",
        "witch-bm",
        "militia-bm",
        "council-room-bm",
        "laboratory-bm",
        "moat-bm",
        "moneylender-bm",
        "chapel-bm",
    }
    assert required <= set(BOTS)
    engines = {"village-smithy", "festival-library", "lab-market"}
    assert engines & set(BOTS)


@pytest.mark.parametrize("bot", BOTS)
def test_bot_plays_in_every_kingdom_it_fits(bot: str) -> None:
    for i, kingdom in enumerate(_kingdoms_for(bot)):
        for n in (2, 3):
            players = [make_player(bot, GAME, kingdom)] + [
                make_player("big-money", GAME, kingdom) for _ in range(n - 1)
            ]
            res = play_game(GAME, kingdom, players, seed=i * 10 + n)
            assert res.ended_by in ("provinces", "piles"), res.ended_by


@pytest.mark.parametrize("bot", BOTS)
def test_bot_needs_its_cards(bot: str) -> None:
    strategy = load_builtin(bot, GAME)
    needs = strategy.needs() & set(KINGDOM_NAMES)
    if not needs:
        pytest.skip("plays in any kingdom")
    kingdom = [c for c in KINGDOM_NAMES if c not in needs][:10]
    with pytest.raises(UsageError, match=r"(\w| )+ is not in this kingdom"):
        make_player(bot, GAME, kingdom)
    strategy.check_kingdom(supply_names(GAME, _kingdoms_for(bot)[0]))


def test_bot_definitions_match_the_issue() -> None:
    """The reference definitions: big-money buys Province/Gold/Silver only, bmu's order."""
    bm = load_builtin("big-money", GAME)
    assert [e.card for e in bm.gain] == ["Province", "Gold", "Silver"]
    bmu = load_builtin("bmu", GAME)
    assert [(e.card, e.expr) for e in bmu.gain] == [
        ("Province", "total_money > 18"),
        ("Duchy", "provinces_left <= 4"),
        ("Estate", "provinces_left <= 2"),
        ("Gold", None),
        ("Duchy", "provinces_left <= 6"),
        ("Silver", None),
    ]
    witch = load_builtin("witch-bm", GAME)
    assert [e.card for e in witch.gain].index("Witch") < [e.card for e in witch.gain].index("Gold")
    assert next(e for e in witch.gain if e.card == "Witch").limit == 2
