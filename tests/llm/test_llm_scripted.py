"""The scripted backend: rules, queues, files, recording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametest.llm import CallOptions, ConfigError, LLMError, Message, make_client
from gametest.llm.scripted import ScriptedBackend, schema_instance

CHOICE = {
    "type": "object",
    "properties": {
        "card": {"type": "string", "enum": ["Silver", "Gold", "Province"]},
        "count": {"type": "integer", "minimum": 1},
        "why": {"type": "string"},
    },
    "required": ["card", "count", "why"],
    "additionalProperties": False,
}


def test_first_picks_the_first_legal_option() -> None:
    client = make_client("scripted:first")
    c = client.complete("Buy?", CallOptions(json_schema=CHOICE))
    assert c.json == {"card": "Silver", "count": 1, "why": "first"}
    assert client.complete("Free text?").text == "first"


def test_random_is_seeded_and_legal() -> None:
    client = make_client("scripted:random")
    picks = [
        client.complete("Buy?", CallOptions(json_schema=CHOICE, seed=3), sample=i).json
        for i in range(20)
    ]
    assert {p["card"] for p in picks} <= {"Silver", "Gold", "Province"}
    assert len({p["card"] for p in picks}) > 1
    again = [
        client.complete("Buy?", CallOptions(json_schema=CHOICE, seed=3), sample=i).json
        for i in range(20)
    ]
    assert picks == again


def test_queue_then_exhausted() -> None:
    client = make_client("scripted:queue", replies=["one", {"card": "Gold"}])
    assert client.complete("a").text == "one"
    card_only = {"type": "object", "properties": {"card": {"type": "string"}}}
    assert client.complete("b", CallOptions(json_schema=card_only)).json == {"card": "Gold"}
    with pytest.raises(LLMError, match="ran out of replies"):
        client.complete("c")


def test_push_and_recorded_requests() -> None:
    client = make_client("scripted:queue")
    backend = client.backend
    assert isinstance(backend, ScriptedBackend)
    backend.push("x", LLMError("injected", kind="test"))
    opts = CallOptions(temperature=0.3)
    msgs = [Message("system", "s"), Message("user", "u")]
    assert client.complete(msgs, opts, sample=2).text == "x"
    with pytest.raises(LLMError, match="injected"):
        client.complete("again")
    first = backend.requests[0]
    assert [m.content for m in first.messages] == ["s", "u"]
    assert first.options == opts and first.sample == 2
    assert len(backend.requests) == 2


def test_reply_and_echo_rules() -> None:
    assert make_client("scripted:reply=Buy Gold").complete("?").text == "Buy Gold"
    assert make_client("scripted:echo").complete("hello there").text == "hello there"


def test_file_of_replies(tmp_path: Path) -> None:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps({"replies": ["a", "b"], "then": "first"}))
    client = make_client(f"scripted:file={path}")
    assert [client.complete("q").text for _ in range(3)] == ["a", "b", "first"]
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(["only"]))
    assert make_client(f"scripted:file={plain}").complete("q").text == "only"


def test_bad_specs_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown scripted spec"):
        make_client("scripted:bogus")
    with pytest.raises(ConfigError, match="cannot read scripted replies"):
        make_client(f"scripted:file={tmp_path / 'missing.json'}")
    with pytest.raises(ConfigError, match="unknown backend 'nope'"):
        make_client("nope:model")


def test_scripted_replies_are_not_cached(tmp_path: Path) -> None:
    client = make_client("scripted:queue", replies=["a", "b"], cache_dir=tmp_path)
    assert [client.complete("same").text for _ in range(2)] == ["a", "b"]


def test_schema_instance_handles_refs_and_arrays() -> None:
    schema = {
        "$defs": {"Pick": {"type": "object", "properties": {"i": {"const": 2}}}},
        "type": "object",
        "properties": {
            "picks": {"type": "array", "items": {"$ref": "#/$defs/Pick"}, "minItems": 2},
            "ok": {"type": "boolean"},
            "alt": {"anyOf": [{"type": "null"}, {"type": "string"}]},
        },
    }
    assert schema_instance(schema, lambda xs: xs[0]) == {
        "picks": [{"i": 2}, {"i": 2}],
        "ok": False,
        "alt": None,
    }
