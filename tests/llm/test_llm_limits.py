"""Concurrency and requests-per-minute limits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fakeserver import FakeOpenAIServer

from gametest.llm import LLMClient, Message, Request, make_client
from gametest.llm.limits import Limiter, limiter_for

ClientFor = Callable[..., LLMClient]


def test_parallel_calls_never_exceed_the_limit(client_for: ClientFor) -> None:
    with FakeOpenAIServer(latency=0.03) as server:
        client = client_for(server, concurrency=3, no_cache=True)
        results = client.complete_many([Request([Message("user", f"q{i}")]) for i in range(24)])
        assert [r.text for r in results] == [f"echo: q{i}" for i in range(24)]  # type: ignore[union-attr]
        assert server.max_in_flight <= 3
        assert client.limiter.peak == 3
        assert server.completions == 24


def test_limit_holds_for_callers_own_thread_pool(client_for: ClientFor) -> None:
    with FakeOpenAIServer(latency=0.02) as server:
        client = client_for(server, concurrency=2, no_cache=True)
        with ThreadPoolExecutor(16) as pool:
            texts = list(pool.map(lambda i: client.complete(f"p{i}").text, range(32)))
        assert texts == [f"echo: p{i}" for i in range(32)]
        assert server.max_in_flight <= 2


def test_clients_of_one_endpoint_share_the_limit(tmp_path) -> None:
    with FakeOpenAIServer(latency=0.02) as server:
        a = make_client("openai:m", base_url=server.base_url, concurrency=2, no_cache=True)
        b = make_client("vllm:m", base_url=server.base_url, no_cache=True)
        assert a.limiter is b.limiter
        with ThreadPoolExecutor(12) as pool:
            list(pool.map(lambda i: (a if i % 2 else b).complete(f"x{i}"), range(24)))
        assert server.max_in_flight <= 2
        a.close()
        b.close()


def test_limiter_counts_peak_and_releases_on_error() -> None:
    lim = Limiter(2)
    entered = threading.Barrier(2, timeout=10)

    def hold() -> None:
        with lim.slot():
            entered.wait()

    ts = [threading.Thread(target=hold) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert lim.peak == 2 and lim.in_flight == 0
    try:
        with lim.slot():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert lim.in_flight == 0


def test_rpm_spaces_call_starts() -> None:
    lim = Limiter(8, rpm=1200)  # one start every 50 ms
    starts: list[float] = []
    t0 = time.monotonic()
    for _ in range(5):
        with lim.slot():
            starts.append(time.monotonic() - t0)
    # four gaps of >= 50 ms each; only a lower bound, so a slow machine cannot fail it
    assert starts[-1] >= 0.19


def test_limiter_registry_updates_explicit_settings() -> None:
    lim = limiter_for("test|registry", None, 4)
    assert lim.limit == 4
    assert limiter_for("test|registry", 7, 4) is lim and lim.limit == 7
