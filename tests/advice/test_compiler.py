"""Compiling advice into a strategy: validation, repairs, records, the generation schema."""

from __future__ import annotations

import jsonschema
import pytest

from gametest.advice.compiler import CompileOptions, compile_advice, compile_record
from gametest.advice.language import generation_schema, language_guide
from gametest.advice.validate import check_strategy
from gametest.engine.loop import play_game
from gametest.engine.registry import get_game
from gametest.llm import LLMError, make_client
from gametest.llm.scripted import schema_instance
from gametest.players.strategy_player import StrategyPlayer
from gametest.records.advice_store import AdviceStore
from gametest.strategy.model import StrategyError, parse_strategy
from gametest.strategy.schema import strategy_schema

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")
GOOD = {
    "strategy": {
        "gain": [
            {"card": "Province", "if": "total_money > 15"},
            "Gold",
            {"card": "Smithy", "limit": 1},
            "Silver",
        ],
        "play": ["Smithy"],
    },
    "unexpressible": ["open Smithy/Silver on a 4/3 split"],
}
ADVICE = {"id": "a1b2c3d4e5f6", "text": "Buy one Smithy, then money; Provinces at $8."}


def test_generation_schema_is_a_narrowed_published_schema() -> None:
    schema = generation_schema(GAME, KINGDOM)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(GOOD, schema)
    doc = schema_instance(schema, lambda xs: xs[-1])["strategy"]
    jsonschema.validate(doc, strategy_schema(GAME))  # anything it allows, the published one does
    check_strategy(schema_instance(schema, lambda xs: xs[0])["strategy"], GAME, KINGDOM)
    names = schema["$defs"]["entry"]["oneOf"][0]["enum"]
    assert "Witch" not in names and "Smithy" in names and "Province" in names
    guide = language_guide(GAME, KINGDOM)
    assert "provinces_left" in guide and "count(CARD)" in guide and "Mine:" in guide


def test_kingdom_check_names_the_field() -> None:
    with pytest.raises(StrategyError, match=r"gain\[0\]: Witch is not in this kingdom"):
        check_strategy({"gain": ["Witch"]}, GAME, KINGDOM)
    with pytest.raises(StrategyError, match=r"play\[0\]: Chapel is not in this kingdom"):
        check_strategy({"gain": ["Gold"], "play": ["Chapel"]}, GAME, KINGDOM)
    with pytest.raises(StrategyError, match=r"cards\.Chapel: Chapel is not in this kingdom"):
        check_strategy({"gain": ["Gold"], "cards": {"Chapel": {"max": 2}}}, GAME, KINGDOM)


def test_an_invalid_first_answer_is_repaired() -> None:
    bad = {
        "strategy": {"gain": [{"card": "Province", "if": "money > 15"}, "Gold"]},
        "unexpressible": [],
    }
    with make_client("scripted:queue", replies=[bad, GOOD]) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"])
        reqs = client.backend.requests
    assert res.valid and res.repairs == 1 and res.structured
    assert res.strategy == GOOD["strategy"] and res.unexpressible == GOOD["unexpressible"]
    assert "unknown name 'money'" in str(res.attempts[0]["error"])
    assert ADVICE["text"] in reqs[0].messages[1].content
    assert GAME.describe_card("Smithy") in reqs[0].messages[1].content
    assert reqs[0].options.json_schema == generation_schema(GAME, KINGDOM)
    assert reqs[1].messages[2].role == "assistant"
    assert "That strategy is invalid" in reqs[1].messages[3].content
    assert "unknown name 'money'" in reqs[1].messages[3].content


def test_answers_outside_the_kingdom_are_repaired_too() -> None:
    witch = {"strategy": {"gain": ["Witch", "Gold"]}, "unexpressible": []}
    with make_client("scripted:queue", replies=[witch, "not json at all", GOOD]) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"])
    assert res.valid and res.repairs == 2
    assert "Witch" in str(res.attempts[0]["error"])
    assert "not valid JSON" in str(res.attempts[1]["error"])


def test_repairs_are_bounded_and_the_failure_recorded() -> None:
    with make_client("scripted:reply=no idea") as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"], CompileOptions(max_repairs=2))
        assert len(client.backend.requests) == 3
        rec = compile_record(res, ADVICE, GAME, KINGDOM, client, CompileOptions(max_repairs=2))
    assert not res.valid and res.repairs == 2 and len(res.attempts) == 3
    assert rec["valid"] is False and rec["strategy"] is None and rec["error"]


def test_a_server_that_refuses_the_schema_gets_plain_text() -> None:
    refused = LLMError("the server rejected the request (400)", kind="bad_request")
    with make_client("scripted:queue", replies=[refused, GOOD]) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"])
        assert client.backend.requests[1].options.json_schema is None
    assert res.valid and not res.structured and res.repairs == 0


def test_record_is_stored_and_the_strategy_plays() -> None:
    opts = CompileOptions()
    with make_client("scripted:queue", replies=[GOOD]) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"], opts)
        rec = compile_record(res, ADVICE, GAME, KINGDOM, client, opts)
    assert rec["valid"] and rec["repairs"] == 0 and rec["advice_id"] == ADVICE["id"]
    assert rec["provenance"]["backend"] == "scripted:queue"
    assert rec["provenance"]["tokens"]["completion"] > 0
    store = AdviceStore()
    path = store.put_compiled(rec)
    assert path.name.startswith(ADVICE["id"] + "-")
    assert store.compiled_for(ADVICE["id"]) == rec
    strat = parse_strategy(rec["strategy"], GAME)
    assert strat.name == f"compiled-{ADVICE['id']}"
    bm = parse_strategy({"gain": ["Province", "Gold", "Silver"]}, GAME)
    res2 = play_game(GAME, KINGDOM, [StrategyPlayer(strat, GAME), StrategyPlayer(bm, GAME)], 1)
    assert res2.ended_by != "turn_limit"


def test_empty_conditions_mean_no_condition() -> None:
    answer = {
        "strategy": {
            "gain": [{"card": "Gold", "if": " "}, "Silver"],
            "cards": {"Mine": {"upgrade": [{"card": "Silver", "if": ""}]}},
        },
        "unexpressible": [],
    }
    with make_client("scripted:queue", replies=[answer]) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"])
    assert res.valid and res.repairs == 0
    assert res.strategy == {
        "gain": [{"card": "Gold"}, "Silver"],
        "cards": {"Mine": {"upgrade": [{"card": "Silver"}]}},
    }
    entry = generation_schema(GAME, KINGDOM)["$defs"]["entry"]
    assert entry["oneOf"][1]["properties"]["if"]["minLength"] == 3


def test_repairs_sample_warmer_and_salvage_is_opt_in() -> None:
    bad = {
        "strategy": {
            "gain": [{"card": "Mine", "if": "{{1}}"}, "Province", "Witch", "Silver"],
            "play": ["Smithy", "Chapel"],
        },
        "unexpressible": ["the king rule"],
    }
    with make_client("scripted:queue", replies=[bad] * 4) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"])
        temps = [r.options.temperature for r in client.backend.requests]
    assert not res.valid and temps == [0.0, 0.7, 0.7, 0.7]
    opts = CompileOptions(max_repairs=1, salvage=True)
    with make_client("scripted:queue", replies=[bad] * 2) as client:
        res = compile_advice(client, GAME, KINGDOM, ADVICE["text"], opts)
        rec = compile_record(res, ADVICE, GAME, KINGDOM, client, opts)
    assert res.valid and res.salvaged and res.repairs == 1
    assert res.strategy == {"gain": ["Province", "Silver"], "play": ["Smithy"]}
    assert [d.split(" ")[0] for d in res.dropped] == ["gain[0]", "gain[2]", "play[1]"]
    assert "is not allowed in a condition" in res.dropped[0]
    assert rec["salvaged"] and rec["dropped"] == res.dropped
    assert rec["unexpressible"] == ["the king rule"]


def test_a_condition_that_would_fail_at_run_time_is_a_failed_compilation() -> None:
    inf = {"strategy": {"gain": [{"card": "Province", "if": "1e999 > coins"}]}}
    with make_client("scripted:queue", replies=[inf, inf]) as client:
        res = compile_advice(client, GAME, KINGDOM, "x", CompileOptions(max_repairs=1))
        rec = compile_record(res, ADVICE, GAME, KINGDOM, client, CompileOptions(max_repairs=1))
    assert not res.valid and rec["valid"] is False and "not finite" in str(res.error)
