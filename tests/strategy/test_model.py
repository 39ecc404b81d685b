"""Strategy documents: loading TOML and JSON, the schema, and one-line errors naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from gametest.games.dominion import GAME
from gametest.strategy.model import StrategyError, load_strategy, parse_strategy
from gametest.strategy.schema import strategy_schema


def test_shortest_strategy_is_one_gain_line(tmp_path: Path) -> None:
    p = tmp_path / "mine.toml"
    p.write_text('gain = ["Province", "Gold", "Silver"]\n')
    s = load_strategy(p, GAME)
    assert s.name == "mine" and [e.card for e in s.gain] == ["Province", "Gold", "Silver"]
    assert s.endgame_safety is True and s.play == [] and s.cards == {}


def test_json_and_toml_are_the_same_language(tmp_path: Path) -> None:
    doc = {
        "name": "x",
        "gain": [
            {"card": "province", "if": "total_money > 15"},
            "gold",
            {"card": "Smithy", "limit": 1},
        ],
        "play": ["Smithy"],
        "trash": ["Curse"],
        "cards": {"throne room": {"targets": ["Smithy"]}, "Library": {"skip_actions": "never"}},
        "endgame_safety": False,
    }
    pj = tmp_path / "x.json"
    pj.write_text(json.dumps(doc))
    s = load_strategy(pj, GAME)
    assert [e.card for e in s.gain] == ["Province", "Gold", "Smithy"]
    assert s.gain[2].limit == 1 and s.endgame_safety is False
    assert "Throne Room" in s.cards and s.cards["Library"]["skip_actions"] == "never"
    # the normalized document validates against the published schema
    jsonschema.validate(s.doc, strategy_schema(GAME))


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({}, "'gain' is a required property"),
        ({"gain": "Gold"}, "gain: 'Gold' is not of type 'array'"),
        ({"gain": ["Gld"]}, "gain\\[0\\]: unknown card 'Gld' \\(did you mean Gold"),
        ({"gain": [{"card": "Gold", "if": "coins >> 2"}]}, "gain\\[0\\].if: .*not allowed"),
        ({"gain": [{"card": "Gold", "iff": "coins > 2"}]}, "gain\\[0\\]"),
        ({"gain": ["Gold"], "colour": "red"}, "'colour' was unexpected"),
        ({"gain": ["Gold"], "cards": {"Chapel": {"max": 9}}}, "cards.Chapel.max: 9 is greater"),
        ({"gain": ["Gold"], "cards": {"Chapel": {"maxx": 3}}}, "cards.Chapel: .*'maxx'"),
        ({"gain": ["Gold"], "cards": {"Smithy": {"x": 1}}}, "cards: .*'Smithy' was unexpected"),
        ({"gain": [{"card": "Gold", "limit": -1}]}, "gain\\[0\\]"),
        ([1, 2], "must be a table/object"),
    ],
)
def test_errors_name_the_field(doc: object, message: str) -> None:
    with pytest.raises(StrategyError, match=message) as e:
        parse_strategy(doc, GAME, source="s.toml")
    assert str(e.value).startswith("s.toml: ") and "\n" not in str(e.value)


def test_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("gain = [\n")
    with pytest.raises(StrategyError, match="not valid TOML"):
        load_strategy(bad, GAME)
    badj = tmp_path / "bad.json"
    badj.write_text("{")
    with pytest.raises(StrategyError, match="not valid JSON"):
        load_strategy(badj, GAME)
    with pytest.raises(StrategyError, match="cannot read"):
        load_strategy(tmp_path / "missing.toml", GAME)


def test_card_not_in_kingdom() -> None:
    s = parse_strategy({"gain": ["Province", "Witch"]}, GAME, "w")
    with pytest.raises(StrategyError, match="gain\\[1\\]: Witch is not in this kingdom"):
        s.check_kingdom(["Province", "Gold"])


def test_schema_is_valid_json_schema() -> None:
    schema = strategy_schema(GAME)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "Province" in schema["$defs"]["entry"]["oneOf"][0]["enum"]


def test_strategy_files_are_bounded_and_must_be_text(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text('gain = ["Silver"]\n' + "# padding\n" * 40000)
    with pytest.raises(StrategyError, match="larger than"):
        load_strategy(big, GAME)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "caf\xe9"\ngain = ["Silver"]\n'.encode("latin-1"))
    with pytest.raises(StrategyError, match="not UTF-8"):
        load_strategy(latin, GAME)
    deep = tmp_path / "deep.json"
    deep.write_text('{"gain": ["Silver"], "x": ' + "[" * 5000 + "]" * 5000 + "}")
    with pytest.raises(StrategyError, match=r"nested|not valid JSON"):
        load_strategy(deep, GAME)


def test_a_strategy_for_another_game_is_rejected() -> None:
    with pytest.raises(StrategyError, match="for 'chess', not dominion"):
        parse_strategy({"game": "chess", "gain": ["Silver"]}, GAME)
    assert parse_strategy({"game": "dominion@1", "gain": ["Silver"]}, GAME).game == "dominion"
