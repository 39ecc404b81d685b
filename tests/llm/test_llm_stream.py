"""Streamed replies: a server sending tokens is never declared dead, one that stops is, and a
streamed answer is recorded exactly as the same answer sent whole."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fakeserver import FakeOpenAIServer

from gametest.llm import CallOptions, LLMClient, LLMError, Message, RetryPolicy
from gametest.llm.options import parse_backend_opts
from gametest.llm.sse import fold_stream, iter_events

MSGS = [Message("system", "You play Dominion."), Message("user", "Buy what?")]
ClientFor = Callable[..., LLMClient]


def test_a_steady_stream_longer_than_the_timeout_succeeds(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.stream_interval = 0.25
    fake.reply = lambda body: "buy a silver then a gold then a province please"
    t0 = time.monotonic()
    got = client_for(fake, timeout=1.0, retry=RetryPolicy(max_attempts=1)).complete(MSGS)
    assert time.monotonic() - t0 > 2.0  # 10 words, a quarter second apart
    assert got.text == "buy a silver then a gold then a province please"
    assert fake.requests[0]["stream"] is True
    assert got.usage.completion_tokens == 10


def test_a_stream_that_stalls_fails_naming_the_setting(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.slow_s = 3.0
    fake.push_faults("stall")
    with pytest.raises(LLMError) as e:
        client_for(fake, timeout=0.5, retry=RetryPolicy(max_attempts=1)).complete(MSGS)
    assert e.value.kind == "timeout"
    assert "within 0.5s" in str(e.value) and "--timeout" in str(e.value)


def test_a_stream_that_trickles_forever_is_cut(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.stream_interval = 0.2
    fake.reply = lambda body: "word " * 200
    t0 = time.monotonic()
    with pytest.raises(LLMError, match=r"still streaming after 3s \(10 x the timeout\)") as e:
        client_for(fake, timeout=0.3, retry=RetryPolicy(max_attempts=1)).complete(MSGS)
    assert e.value.kind == "timeout" and time.monotonic() - t0 < 10


def test_streamed_and_whole_answers_are_recorded_alike(
    fake: FakeOpenAIServer, client_for: ClientFor, tmp_path: Path
) -> None:
    one = client_for(fake, cache_dir=tmp_path / "a")
    two = client_for(fake, cache_dir=tmp_path / "b", stream=False)
    streamed, whole = one.complete(MSGS), two.complete(MSGS)
    assert fake.requests[0].get("stream") is True and "stream" not in fake.requests[1]
    assert (streamed.text, streamed.usage, streamed.finish_reason, streamed.model) == (
        whole.text,
        whole.usage,
        whole.finish_reason,
        whole.model,
    )
    assert streamed.key == whole.key  # the cache key does not depend on how the answer came
    assert one.cache is not None and two.cache is not None
    a, b = one.cache.get(streamed.key), two.cache.get(whole.key)
    assert a is not None and b is not None
    a.pop("latency_s", None), b.pop("latency_s", None)
    assert a == b


def test_a_server_without_streaming_still_answers(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.push_faults("no_stream")
    got = client_for(fake).complete(MSGS)
    assert got.text and got.usage.completion_tokens > 0


def test_a_server_refusing_stream_options_is_asked_without_them(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.push_faults("refuse_stream")
    client = client_for(fake)
    assert client.complete(MSGS).text
    assert client.complete("again").text
    assert [r.get("stream") for r in fake.requests] == [True, None, None]


def test_a_stream_without_usage_is_asked_again_whole_so_counts_stay_true(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.push_faults("no_stream_usage")
    client = client_for(fake)
    got = client.complete(MSGS)
    assert got.usage.completion_tokens > 0 and got.usage.prompt_tokens > 0
    assert [r.get("stream") for r in fake.requests] == [True, None]


def test_malformed_stream_is_retried(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    fake.push_faults("malformed")
    got = client_for(fake).complete(MSGS)
    assert got.text and got.retries == 1


def test_logprob_calls_are_not_streamed(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    got = client_for(fake).complete(MSGS, CallOptions(logprobs=3, max_tokens=1))
    assert "stream" not in fake.requests[0]
    assert got.logprobs


def test_refusal_arrives_through_the_stream(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    from gametest.llm import RefusalError

    fake.push_faults("refusal")
    with pytest.raises(RefusalError, match="can't help"):
        client_for(fake, retry=RetryPolicy(max_attempts=1)).complete(MSGS)


def test_stream_is_a_checked_backend_option() -> None:
    assert parse_backend_opts({"stream": "false"}) == {"stream": False}
    assert parse_backend_opts({"stream": True}) == {"stream": True}
    from gametest.engine.errors import UsageError

    with pytest.raises(UsageError, match="stream must be true or false"):
        parse_backend_opts({"stream": "maybe"})


def _chunk(content: str | None = None, **extra: object) -> bytes:
    delta = {} if content is None else {"content": content}
    event = {"model": "m", "choices": [{"index": 0, "delta": delta, **extra}]}
    return b"data: " + json.dumps(event).encode() + b"\n\n"


def test_events_split_anywhere_fold_to_the_same_completion() -> None:
    body = (
        b": keep-alive comment\r\n\r\n"
        + _chunk("Buy ")
        + _chunk("Gold.")
        + _chunk(finish_reason="stop")
        + b'data: {"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 2}}\n\n'
        + b"data: [DONE]\n\n"
    )
    for size in (1, 2, 7, 64, len(body)):
        parts = [body[i : i + size] for i in range(0, len(body), size)]
        done = fold_stream(iter_events(parts, 10_000)).completion()
        assert done["choices"][0]["message"]["content"] == "Buy Gold."
        assert done["choices"][0]["finish_reason"] == "stop"
        assert done["usage"] == {"prompt_tokens": 3, "completion_tokens": 2}


def test_the_byte_cap_holds_while_streaming() -> None:
    from gametest.llm.sse import StreamTooLarge

    with pytest.raises(StreamTooLarge):
        list(iter_events([_chunk("x" * 100)] * 100, 5_000))


def test_an_error_event_becomes_an_error_object() -> None:
    body = b'data: {"error": {"message": "overloaded"}}\n\n'
    assert fold_stream(iter_events([body], 1000)).completion() == {
        "error": {"message": "overloaded"}
    }
