"""The response cache: hits, misses, distinct samples, no cached errors, a killed writer."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fakeserver import FakeOpenAIServer

from gametest.llm import CallOptions, LLMClient, LLMError, Message
from gametest.llm.cache import CACHE_FILE, ResponseCache, cache_key

MSGS = [Message("user", "Which card?")]
ClientFor = Callable[..., LLMClient]


def test_second_identical_call_is_a_hit(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    client = client_for(fake)
    a = client.complete(MSGS, CallOptions(temperature=0.7, seed=1))
    b = client.complete(MSGS, CallOptions(temperature=0.7, seed=1))
    assert not a.cached and b.cached
    assert (b.text, b.usage.prompt_tokens, b.finish_reason) == (
        a.text,
        a.usage.prompt_tokens,
        a.finish_reason,
    )
    assert len(fake.requests) == 1
    s = client.usage_summary()
    assert s["calls"] == 2 and s["cache_hits"] == 1


def test_rerun_in_a_new_client_is_free_and_identical(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    first = client_for(fake).complete(MSGS)
    again = client_for(fake).complete(MSGS)
    assert again.cached and again.text == first.text and again.key == first.key
    assert len(fake.requests) == 1


def test_misses_on_any_difference(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    client = client_for(fake)
    client.complete(MSGS)
    client.complete(MSGS, CallOptions(temperature=0.5))
    client.complete(MSGS, CallOptions(max_tokens=10))
    client.complete([Message("user", "Which card? ")])
    client.complete([Message("system", "x"), *MSGS])
    assert len(fake.requests) == 5


def test_samples_are_distinct(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    client = client_for(fake)
    results = [client.complete(MSGS, CallOptions(temperature=1.0), sample=i) for i in range(3)]
    assert len(fake.requests) == 3 and len({r.key for r in results}) == 3
    again = client.complete(MSGS, CallOptions(temperature=1.0), sample=1)
    assert again.cached and again.key == results[1].key


def test_key_covers_model_and_endpoint() -> None:
    opts = CallOptions()
    k = cache_key("openai-compatible|http://a/v1|json_schema", "m", MSGS, opts, 0)
    assert k != cache_key("openai-compatible|http://b/v1|json_schema", "m", MSGS, opts, 0)
    assert k != cache_key("openai-compatible|http://a/v1|json_schema", "m2", MSGS, opts, 0)
    assert k == cache_key("openai-compatible|http://a/v1|json_schema", "m", list(MSGS), opts, 0)


def test_errors_are_not_cached(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    client = client_for(fake)
    fake.push_faults("400")
    with pytest.raises(LLMError):
        client.complete(MSGS)
    ok = client.complete(MSGS)
    assert not ok.cached and len(fake.requests) == 2
    assert client.cache is not None and len(client.cache) == 1


def test_schema_failures_are_not_cached(client_for: ClientFor) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    replies = iter(["not json", '{"n": 3}'])
    with FakeOpenAIServer(reply=lambda body: next(replies)) as server:
        client = client_for(server)
        with pytest.raises(LLMError):
            client.complete(MSGS, CallOptions(json_schema=schema))
        c = client.complete(MSGS, CallOptions(json_schema=schema))
        assert c.json == {"n": 3} and not c.cached
        assert client.complete(MSGS, CallOptions(json_schema=schema)).json == {"n": 3}
        assert len(server.requests) == 2


def test_no_cache_neither_reads_nor_writes(
    fake: FakeOpenAIServer, client_for: ClientFor, tmp_path: Path
) -> None:
    client_for(fake).complete(MSGS)
    nc = client_for(fake, no_cache=True)
    assert not nc.complete(MSGS).cached
    assert not nc.complete([Message("user", "new")]).cached
    assert not client_for(fake).complete([Message("user", "new")]).cached
    assert len(fake.requests) == 4


def test_refresh_cache_calls_again_and_overwrites(client_for: ClientFor) -> None:
    answers = iter(["old", "new"])
    with FakeOpenAIServer(reply=lambda body: next(answers)) as server:
        assert client_for(server).complete(MSGS).text == "old"
        assert client_for(server, refresh_cache=True).complete(MSGS).text == "new"
        assert client_for(server).complete(MSGS).text == "new"
        assert len(server.requests) == 2


def test_default_cache_dir_from_env(
    fake: FakeOpenAIServer, client_for: ClientFor, tmp_path: Path
) -> None:
    client_for(fake, cache_dir=None).complete(MSGS)
    assert (tmp_path / "default-cache" / CACHE_FILE).exists()


def test_cache_is_in_wal_mode(tmp_path: Path) -> None:
    ResponseCache(tmp_path).close()
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def _hammer(directory: str, counter: mp.Value) -> None:  # type: ignore[valid-type]
    """Child process: write cache entries as fast as possible until killed."""
    cache = ResponseCache(directory)
    i = 0
    while True:
        cache.put(
            f"k{i}",
            {"text": "x" * 2000 + str(i), "finish_reason": "stop", "model": "m", "usage": {}},
        )
        i += 1
        with counter.get_lock():
            counter.value = i


def test_killed_writer_leaves_usable_cache(tmp_path: Path) -> None:
    ctx = mp.get_context("fork")
    counter = ctx.Value("i", 0)
    proc = ctx.Process(target=_hammer, args=(str(tmp_path), counter))
    proc.start()
    deadline = time.monotonic() + 60
    while counter.value < 300 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    written = counter.value
    assert written >= 300
    cache = ResponseCache(tmp_path)
    assert cache.integrity_ok()
    assert len(cache) >= written - 1
    rec = cache.get("k10")
    assert rec is not None and rec["text"].endswith("10")
    cache.put("after", {"text": "still works"})
    assert cache.get("after") == {"text": "still works"}
    cache.close()


def test_cache_shared_by_threads(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    cache = ResponseCache(tmp_path)

    def work(i: int) -> None:
        cache.put(f"t{i}", {"text": str(i)})
        assert cache.get(f"t{i}") == {"text": str(i)}

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(work, range(200)))
    assert len(cache) == 200
    cache.close()
