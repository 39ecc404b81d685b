"""Outputs: strategy documents written as TOML read back unchanged; descriptions say what
the strategy does and how it was measured."""

from __future__ import annotations

import tomllib

from gametest.engine.registry import get_game
from gametest.optimize.output import describe, to_toml
from gametest.strategy.model import parse_strategy

DOC = {
    "name": "optimized-x",
    "description": 'says "quoted" things',
    "gain": [
        {"card": "Province", "if": 'total_money > 15 and count("Throne Room") < 2'},
        {"card": "Witch", "limit": 2},
        "Gold",
        "Silver",
    ],
    "play": ["Throne Room", "Witch"],
    "trash": ["Curse", {"card": "Estate", "if": "provinces_left > 4"}],
    "endgame_safety": False,
    "cards": {"Throne Room": {"targets": ["Witch"]}, "Chapel": {"max": 3, "keep_money": 4}},
}


def test_toml_round_trip_and_validity() -> None:
    text = to_toml(DOC)
    assert tomllib.loads(text) == DOC
    assert '  { card = "Witch", limit = 2 },' in text.splitlines()
    parse_strategy(tomllib.loads(text), get_game("dominion"))


def test_description_names_buys_plays_and_validation() -> None:
    val = {
        "games_per_opponent": 10_000,
        "opponents": {"witch-bm": {"win_rate": 0.6, "ci95": [0.59, 0.61]}},
    }
    text = describe(DOC, "size-distortion", ["witch-bm"], val)
    assert "Province, Witch, Gold, Silver" in text and "plays Throne Room, Witch first" in text
    assert "trash first: Curse, Estate" in text
    assert "60.0% [59.0, 61.0] vs witch-bm" in text and "10,000 fresh games" in text


def test_description_names_each_game_s_own_lists() -> None:
    doc = {"name": "x", "gain": ["Ember"], "cull": ["Spark", "Ash"], "burn": ["Coal"]}
    text = describe(doc, "k", ["most-expensive"], None)
    assert "cull first: Spark, Ash" in text and "burn first: Coal" in text
