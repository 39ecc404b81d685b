"""The LLM player with the scripted backend: prompts, answers, re-asks, fallbacks, records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from gametest.engine.decision import Decision
from gametest.engine.loop import play_game
from gametest.engine.record import replay
from gametest.engine.registry import get_game
from gametest.llm import CallOptions, LLMClient, LLMError, Message
from gametest.llm.scripted import ScriptedBackend
from gametest.players import make_player
from gametest.players.llm_player import LLMPlayer, LLMPlayerError, split_spec, with_options
from gametest.prompts.answer import AnswerError, parse_answer
from gametest.prompts.decision import answer_schema, render_decision, single_outcome
from gametest.strategy.model import parse_strategy

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No cache or advice store from the developer's machine."""
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GAMETEST_ADVICE_STORE", str(tmp_path / "advice"))


def queue_player(*replies: Any, **opts: Any) -> LLMPlayer:
    """An LLM player whose model answers from a queue."""
    p = make_player("llm:scripted:queue", GAME, KINGDOM, **opts)
    assert isinstance(p, LLMPlayer)
    p.client.backend.push(*replies)
    return p


def first_view() -> Any:
    """The view of seat 0 at the start of a game."""
    state = GAME.new_game(KINGDOM, 2, 7, 0, False)
    return state.view(0)


BUY = Decision(0, "buy", ("Copper", "Silver", "Village", "Smithy"), 0, 1, None, "Buy a card?", 4)


def test_prompt_has_card_rules_view_and_numbered_choices() -> None:
    p = queue_player({"choice": 1, "reason": "money"})
    view = first_view()
    p.start_game(view, 0, 7)
    assert p.decide(view, BUY) == (1,)
    req = p.client.backend.requests[0]
    system, user = req.messages[0].content, req.messages[1].content
    for card in [*KINGDOM, "Copper", "Province"]:
        assert GAME.describe_card(card) in system
    for i, name in enumerate(BUY.options):
        assert f"{i}: {name} (${GAME.cards[name].cost}" in user
    assert "4: nothing" in user
    assert "Hand:" in user and "Supply (cards left)" in user and "Draw pile" in user
    assert req.options.json_schema == answer_schema(BUY)
    assert p.reasons == [{"turn": 0, "kind": "buy", "choice": ["Silver"], "reason": "money"}]


def test_invalid_answer_is_reasked_with_the_error_then_accepted() -> None:
    p = queue_player("I am not sure", {"choice": 2, "reason": "engine"})
    view = first_view()
    p.start_game(view, 0, 7)
    assert p.decide(view, BUY) == (2,)
    reqs = p.client.backend.requests
    assert len(reqs) == 2
    assert reqs[1].messages[2] == Message("assistant", "I am not sure")
    assert "That answer is invalid: no choice found" in reqs[1].messages[3].content
    st = p.stats
    assert (st.calls, st.invalid, st.reasks, st.own, st.fallbacks) == (2, 1, 1, 1, 0)


def test_two_invalid_answers_fall_back_to_the_default_decision() -> None:
    p = queue_player({"choice": 9, "reason": "x"}, {"choice": [0, 1], "reason": "y"})
    view = first_view()
    p.start_game(view, 0, 7)
    big_money = GAME.policy(parse_strategy({"gain": ["Province", "Gold", "Silver"]}, GAME))
    assert p.decide(view, BUY) == tuple(big_money.decide(view, BUY)) == (1,)
    st = p.stats.summary()
    assert (st["calls"], st["invalid"], st["reasks"], st["own"], st["fallbacks"]) == (2, 2, 1, 0, 1)
    assert st["own_share"] == 0.0 and st["invalid_rate"] == 1.0
    assert "option 9 is not one of 0..3" in st["invalid_examples"][0]


def test_trivial_decisions_make_no_call() -> None:
    p = queue_player()
    view = first_view()
    p.start_game(view, 0, 7)
    forced = [
        Decision(0, "discard", ("Copper", "Estate"), 2, 2, "Militia"),
        Decision(0, "discard", ("Copper", "Copper", "Copper"), 1, 1, "Militia"),
        Decision(0, "trash", ("Copper",), 0, 0, "Chapel"),
    ]
    for d in forced:
        assert single_outcome(d)
        assert len(p.decide(view, d)) == d.min
    assert p.client.backend.requests == []
    assert p.stats.trivial == 3 and p.stats.calls == 0


def test_plain_text_answers_are_parsed() -> None:
    d = BUY
    assert parse_answer(d, None, "I would buy the Smithy now.")[0] == (3,)
    assert parse_answer(d, None, "choice: 2")[0] == (2,)
    assert parse_answer(d, None, '{"choice": 1, "reason": "cut off mid-sen')[0] == (1,)
    assert parse_answer(d, None, "Nothing, save the money")[0] == ()
    assert parse_answer(d, {"choice": 4, "reason": "pass"}, "")[0] == ()
    multi = Decision(0, "discard", ("Copper", "Estate", "Silver", "Estate"), 2, 2, "Militia")
    assert parse_answer(multi, None, "choice: [1, 3]")[0] == (1, 3)
    with pytest.raises(AnswerError, match="pick 2 options, got 1"):
        parse_answer(multi, {"choice": [1]}, "")
    with pytest.raises(AnswerError, match="picked twice"):
        parse_answer(multi, {"choice": [1, 1]}, "")


def test_answer_schema_lists_only_legal_numbers() -> None:
    choice = answer_schema(BUY)["properties"]["choice"]
    assert choice == {"type": "integer", "enum": [0, 1, 2, 3, 4]}
    forced = Decision(0, "gain", ("Silver", "Village"), 1, 1, "Workshop")
    assert answer_schema(forced, with_reason=False) == {
        "type": "object",
        "properties": {"choice": {"type": "integer", "enum": [0, 1]}},
        "required": ["choice"],
        "additionalProperties": False,
    }
    multi = Decision(0, "discard", ("Copper", "Estate", "Silver"), 0, 3, "Cellar")
    arr = answer_schema(multi)["properties"]["choice"]
    assert (arr["type"], arr["minItems"], arr["maxItems"]) == ("array", 0, 3)
    assert '{"choice": [<numbers>]' in render_decision(multi, first_view())


def test_a_whole_game_records_stats_and_replays() -> None:
    p = make_player("llm:scripted:random", GAME, KINGDOM)
    res = play_game(GAME, KINGDOM, [p, make_player("big-money", GAME, KINGDOM)], seed=3)
    rec = json.loads(json.dumps(res.to_dict()))
    info = rec["extra"]["players"]["0"]
    st = info["stats"]
    assert info["backend"] == "scripted:random" and info["advice"] is None
    assert st["calls"] == len(p.client.backend.requests) == st["asked"] > 10
    assert st["own"] == st["asked"] and st["fallbacks"] == 0
    assert st["tokens_in"] > 0 and st["tokens_out"] > 0
    assert st["decisions"] == st["asked"] + st["trivial"]
    assert "1" not in rec["extra"]["players"]  # the bot adds nothing
    replay(rec)


def test_prompts_stay_bounded_over_a_long_game() -> None:
    p = make_player("llm:scripted:random", GAME, KINGDOM)
    play_game(GAME, KINGDOM, [p, make_player("random", GAME, KINGDOM)], seed=5)
    sizes = [sum(len(m.content) for m in r.messages) for r in p.client.backend.requests]
    assert len(sizes) > 40
    assert max(sizes) < 3500
    assert max(sizes) == p.stats.max_prompt_chars
    compact = make_player("llm:scripted:random#prompt=compact", GAME, KINGDOM)
    play_game(GAME, KINGDOM, [compact, make_player("random", GAME, KINGDOM)], seed=5)

    def mean_user(player: Any) -> float:
        reqs = player.client.backend.requests
        return sum(len(r.messages[1].content) for r in reqs) / len(reqs)

    assert mean_user(compact) < 0.8 * mean_user(p)


def test_errors_fall_back_and_fatal_errors_stop() -> None:
    p = queue_player(LLMError("server overloaded", kind="server"))
    view = first_view()
    p.start_game(view, 0, 7)
    assert p.decide(view, BUY) == (1,)
    assert (p.stats.errors, p.stats.fallbacks, p.stats.invalid) == (1, 1, 0)
    p.client.backend.push(LLMError("bad key", kind="auth"))
    with pytest.raises(LLMPlayerError, match="bad key"):
        p.decide(view, BUY)


def test_spec_options_and_names() -> None:
    assert split_spec("local:smollm2#prompt=compact&max_tokens=30") == (
        "local:smollm2",
        {"prompt": "compact", "max_tokens": "30"},
    )
    spec = with_options("llm:scripted:first#reason=0", {"reason": 1, "prompt": "compact"})
    assert split_spec(spec[4:]) == ("scripted:first", {"reason": "0", "prompt": "compact"})
    assert with_options("big-money", {"prompt": "compact"}) == "big-money"
    p = make_player(spec, GAME, KINGDOM)
    assert (p.settings.reason, p.settings.prompt) == (False, "compact")
    assert p.name == "llm:scripted:first"
    from gametest.engine.errors import UsageError

    with pytest.raises(UsageError, match="unknown option"):
        make_player("llm:scripted:first#colour=red", GAME, KINGDOM)
    with pytest.raises(LLMPlayerError, match="bad value"):
        make_player("llm:scripted:first#max_tokens=lots", GAME, KINGDOM)


def test_advice_goes_into_the_instructions_and_the_record(tmp_path: Path) -> None:
    advice = tmp_path / "advice.md"
    advice.write_text("Buy Smithy early, then Gold and Provinces.")
    p = make_player(f"llm:scripted:first#advice={advice}", GAME, KINGDOM)
    res = play_game(GAME, KINGDOM, [p, make_player("big-money", GAME, KINGDOM)], seed=1)
    assert "Follow this strategy advice:\nBuy Smithy early" in (
        p.client.backend.requests[0].messages[0].content
    )
    info = res.extra["players"]["0"]
    assert info["advice"] == p.advice["id"] and len(info["advice"]) == 12
    assert p.name == f"llm:scripted:first+advice:{info['advice'][:8]}"


def test_structured_output_unsupported_falls_back_to_text_parsing() -> None:
    """A reply that breaks the schema (SchemaError in the client) is still read from its text."""

    def rule(messages: Sequence[Message], options: CallOptions, sample: int) -> str:
        return "My answer: choice: 1 because Silver is good"

    client = LLMClient(ScriptedBackend(rule=rule, name="text"))
    p = make_player("llm:scripted:text", GAME, KINGDOM, client=client)
    view = first_view()
    p.start_game(view, 0, 7)
    assert p.decide(view, BUY) == (1,)
    assert p.stats.own == 1 and p.stats.invalid == 0
    # the client passes the tokens of a schema-breaking reply on with the SchemaError
    assert p.stats.calls_without_usage == 0 and p.stats.tokens_out > 0


def test_a_server_that_refuses_answer_schemas_is_asked_in_plain_text() -> None:
    refused = LLMError("the server rejected the request (400): bad schema", kind="bad_request")
    p = queue_player(refused, "choice: 2", "I pick 1")
    view = first_view()
    p.start_game(view, 0, 7)
    assert p.decide(view, BUY) == (2,)
    assert p.decide(view, BUY) == (1,)
    reqs = p.client.backend.requests
    assert reqs[0].options.json_schema is not None
    assert reqs[1].options.json_schema is None and reqs[2].options.json_schema is None
    assert (p.stats.calls, p.stats.errors, p.stats.own) == (3, 0, 2)


def test_other_games_get_their_status_lines_and_default_bot() -> None:
    game = get_game("embermarch")
    kingdom = game.parse_kingdom(game.info.default_kingdom)
    p = make_player("llm:scripted:random", game, kingdom)
    res = play_game(game, kingdom, [p, make_player("random", game, kingdom)], seed=2)
    assert res.extra["players"]["0"]["stats"]["own"] > 0
    user = p.client.backend.requests[0].messages[1].content
    assert "Market row:" in user  # from the game's view.status_lines()
