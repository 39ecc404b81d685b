"""Styles: the same substance (every clause, in order) in every style and length; deterministic."""

from __future__ import annotations

from typing import Any

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.registry import get_game
from gametest.ladder.styles import LENGTHS, STYLES, clauses, render_styled
from gametest.strategy.builtin import builtin_names, load_builtin
from gametest.strategy.model import Strategy, parse_strategy


def _strategies() -> list[tuple[str, Strategy]]:
    out = []
    for game_name in ("dominion", "embermarch"):
        game = get_game(game_name)
        out += [(game_name, load_builtin(n, game)) for n in builtin_names(game_name)]
    return out


def _in_order(text: str, parts: list[str]) -> bool:
    """Every part appears in the text, in order (a sentence may capitalize its first letter)."""
    text = text.lower()
    pos = 0
    for p in (p.lower() for p in parts):
        found = text.find(p, pos)
        if found < 0:
            return False
        pos = found + len(p)
    return True


@pytest.mark.parametrize(("game_name", "strategy"), _strategies(), ids=lambda x: str(x)[:30])
def test_every_rendering_states_every_clause_in_order(game_name: str, strategy: Strategy) -> None:
    game = get_game(game_name)
    parts = [c.text for c in clauses(strategy, game)]
    assert parts
    texts = {}
    for style in STYLES:
        for length in LENGTHS:
            text = render_styled(strategy, game, style, length, seed=4, key="r01")
            assert _in_order(text, parts), (style, length, text)
            texts[style, length] = text
    assert len(set(texts.values())) == len(texts)  # every rendering differs in wording
    for style in STYLES:  # long is longer
        assert len(texts[style, "long"].split()) > len(texts[style, "short"].split())


def test_ladder_rungs_render_with_identical_substance(first_game_ladder: dict[str, Any]) -> None:
    game = get_game("dominion")
    for r in first_game_ladder["rungs"]:
        s = parse_strategy(r["strategy"], game)
        parts = [c.text for c in clauses(s, game)]
        for style in STYLES:
            for length in LENGTHS:
                assert _in_order(render_styled(s, game, style, length, 1, r["id"]), parts)


def test_clauses_carry_conditions_limits_orders_and_options() -> None:
    game = get_game("dominion")
    s = parse_strategy(
        {
            "name": "t",
            "gain": [
                {"card": "Province", "if": "provinces_left <= 4"},
                {"card": "Witch", "limit": 2},
            ],
            "play": ["Witch"],
            "cards": {"Library": {"skip_actions": "auto"}},
        },
        game,
    )
    texts = [c.text for c in clauses(s, game)]
    assert texts == [
        "Province when the Provinces left is at most 4",
        "Witch (at most 2 in total)",
        "play cards in this order: Witch",
        "for Library, set skip actions to auto",
    ]
    ember = get_game("embermarch")
    cond = clauses(load_builtin("ashguard-rush", ember), ember)[7].text
    assert cond == "Cinder Scout when how many Ashguard cards you own is below 8"


def test_wording_is_deterministic_for_a_seed_and_varies_with_it() -> None:
    game = get_game("dominion")
    s = load_builtin("witch-bm", game)
    a = render_styled(s, game, "expert", "long", seed=1, key="r03")
    assert a == render_styled(s, game, "expert", "long", seed=1, key="r03")
    others = {render_styled(s, game, "expert", "long", seed=k, key="r03") for k in range(2, 8)}
    assert others - {a}


def test_unknown_style_or_length_is_a_usage_error() -> None:
    game = get_game("dominion")
    s = load_builtin("bmu", game)
    with pytest.raises(UsageError, match="unknown style 'poetic'"):
        render_styled(s, game, "poetic", "short")
    with pytest.raises(UsageError, match="length"):
        render_styled(s, game, "plain", "medium")
