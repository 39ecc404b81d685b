"""Fixtures for the LLM layer tests: an isolated environment and a fake OpenAI server."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakeserver import FakeOpenAIServer

from gametest.llm import LLMClient, RetryPolicy, make_client


@pytest.fixture(autouse=True)
def llm_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real keys, URLs, caches or price tables leak in from the developer's environment."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENROUTER_API_KEY", "TOGETHER_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "default-cache"))
    monkeypatch.setenv("GAMETEST_PRICES", str(tmp_path / "no-prices.toml"))


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    """A fresh fake chat-completions server on an ephemeral loopback port."""
    with FakeOpenAIServer() as server:
        yield server


class SleepRecorder:
    """Stands in for time.sleep in retry policies: records delays, waits only a token amount."""

    def __init__(self) -> None:
        """Start with no delays."""
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        """Record the delay the retry layer asked for."""
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    """A sleep recorder for fast, wall-clock-free retry tests."""
    return SleepRecorder()


@pytest.fixture
def client_for(tmp_path: Path, sleeps: SleepRecorder) -> Iterator[Callable[..., LLMClient]]:
    """Build clients against a fake server with fast retries; closes them afterwards."""
    made: list[LLMClient] = []

    def build(server: FakeOpenAIServer, model: str = "fake-model", **kw: Any) -> LLMClient:
        kw.setdefault("cache_dir", tmp_path / "cache")
        kw.setdefault("timeout", 5.0)
        kw.setdefault(
            "retry",
            RetryPolicy(
                max_attempts=4, base_delay=0.01, max_delay=0.05, max_total_s=30.0, sleep=sleeps
            ),
        )
        client = make_client(f"openai:{model}", base_url=server.base_url, **kw)
        made.append(client)
        return client

    yield build
    for c in made:
        c.close()
