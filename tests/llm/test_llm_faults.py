"""Fault handling of the OpenAI-compatible backend, through the real `openai` client.

Each injected fault is either retried and recovered from, or fails at once with one clear line.
"""

from __future__ import annotations

import json
import socket
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from fakeserver import FakeOpenAIServer

from gametest.llm import CallOptions, LLMClient, LLMError, Message, RefusalError, RetryPolicy

MSGS = [Message("system", "You play Dominion."), Message("user", "Buy what?")]
ClientFor = Callable[..., LLMClient]


def _one_line(err: BaseException) -> None:
    """Errors are a single line and never mention a traceback."""
    text = str(err)
    assert text and "\n" not in text and "Traceback" not in text


@pytest.mark.parametrize("fault", ["500", "503", "reset", "malformed", "empty_choices"])
def test_transient_faults_are_retried_and_recovered(
    fake: FakeOpenAIServer, client_for: ClientFor, fault: str
) -> None:
    fake.push_faults(fault)
    c = client_for(fake).complete(MSGS)
    assert c.text == "echo: Buy what?"
    assert c.retries == 1
    assert len(fake.requests) == 2


def test_429_honours_retry_after(fake: FakeOpenAIServer, client_for: ClientFor, sleeps) -> None:
    fake.retry_after = "2"
    fake.push_faults("429", "429")
    client = client_for(fake)
    c = client.complete(MSGS)
    assert c.retries == 2 and c.text.startswith("echo")
    assert len(sleeps.delays) == 2 and all(d >= 2.0 for d in sleeps.delays)
    assert client.usage_summary()["retries"] == 2


def test_429_real_wait_short_retry_after(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    """With the real sleep, a Retry-After of 0.05 s is waited out and the call succeeds."""
    fake.retry_after = "0.05"
    fake.push_faults("429")
    c = client_for(fake, retry=RetryPolicy(base_delay=0.001, max_delay=0.01)).complete(MSGS)
    assert c.retries == 1


def test_retry_after_beyond_budget_fails_clearly(
    fake: FakeOpenAIServer, client_for: ClientFor, sleeps
) -> None:
    fake.retry_after = "600"
    fake.push_faults("429")
    with pytest.raises(LLMError) as exc:
        client_for(fake).complete(MSGS)
    _one_line(exc.value)
    assert "rate limited" in str(exc.value) and "600" in str(exc.value)
    assert sleeps.delays == []


def test_backoff_grows_exponentially(fake: FakeOpenAIServer, client_for: ClientFor, sleeps) -> None:
    fake.push_faults("500", "500", "500")
    retry = RetryPolicy(max_attempts=5, base_delay=0.1, max_delay=10, jitter=0.0, sleep=sleeps)
    client_for(fake, retry=retry).complete(MSGS)
    assert sleeps.delays == pytest.approx([0.1, 0.2, 0.4])


def test_persistent_server_error_gives_up_after_max_attempts(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.push_faults(*["503"] * 10)
    with pytest.raises(LLMError) as exc:
        client_for(fake).complete(MSGS)
    _one_line(exc.value)
    assert "server error" in str(exc.value) and "503" in str(exc.value)
    assert "gave up after 4 attempts" in str(exc.value)
    assert exc.value.retryable is False
    assert len(fake.requests) == 4


def test_total_time_budget_bounds_retries(
    fake: FakeOpenAIServer, client_for: ClientFor, sleeps
) -> None:
    fake.push_faults(*["500"] * 10)
    retry = RetryPolicy(
        max_attempts=50, base_delay=1.0, max_delay=1.0, jitter=0.0, max_total_s=0.5, sleep=sleeps
    )
    with pytest.raises(LLMError, match="retry budget"):
        client_for(fake, retry=retry).complete(MSGS)
    assert len(fake.requests) == 1


def test_slow_response_times_out_then_recovers(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.slow_s = 1.5
    fake.push_faults("slow")
    c = client_for(fake, timeout=0.3).complete(MSGS)
    assert c.retries == 1


def test_slow_responses_exhaust_to_timeout_error(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.slow_s = 1.0
    fake.push_faults("slow", "slow")
    retry = RetryPolicy(max_attempts=2, base_delay=0.001)
    with pytest.raises(LLMError) as exc:
        client_for(fake, timeout=0.2, retry=retry).complete(MSGS)
    _one_line(exc.value)
    assert "timeout" in str(exc.value) and exc.value.kind == "timeout"


@pytest.mark.parametrize("fault", ["content_filter", "refusal"])
def test_refusal_fails_at_once(fake: FakeOpenAIServer, client_for: ClientFor, fault: str) -> None:
    fake.push_faults(fault)
    with pytest.raises(RefusalError) as exc:
        client_for(fake).complete(MSGS)
    _one_line(exc.value)
    assert "refused" in str(exc.value)
    assert len(fake.requests) == 1


def test_model_not_found_fails_at_once(client_for: ClientFor) -> None:
    with FakeOpenAIServer(models=("real-model",)) as server:
        with pytest.raises(LLMError) as exc:
            client_for(server, model="nope").complete(MSGS)
        assert len(server.requests) == 1
    _one_line(exc.value)
    assert str(exc.value).startswith("model 'nope' not found at http://127.0.0.1:")
    assert exc.value.status == 404 and not exc.value.retryable


def test_wrong_path_404_suggests_base_url(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    fake.push_faults("404_path")
    with pytest.raises(LLMError, match="is the base URL right"):
        client_for(fake).complete(MSGS)
    assert len(fake.requests) == 1


def test_400_fails_at_once(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    fake.push_faults("400")
    with pytest.raises(LLMError) as exc:
        client_for(fake).complete(MSGS)
    _one_line(exc.value)
    assert "rejected the request (400)" in str(exc.value)
    assert len(fake.requests) == 1


def test_401_without_key_says_variable_is_unset(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.push_faults("401")
    with pytest.raises(LLMError) as exc:
        client_for(fake).complete(MSGS)
    _one_line(exc.value)
    assert "OPENAI_API_KEY is unset" in str(exc.value)
    assert len(fake.requests) == 1


def test_no_server_answers(client_for: ClientFor, sleeps) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    class Dead:
        base_url = f"http://127.0.0.1:{port}/v1"

    with pytest.raises(LLMError) as exc:
        client_for(Dead).complete(MSGS)
    _one_line(exc.value)
    assert f"no server answers at http://127.0.0.1:{port}/v1" in str(exc.value)


def test_schema_request_uses_json_schema_response_format(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    schema = {
        "type": "object",
        "properties": {"buy": {"type": "string", "enum": ["Silver", "Gold"]}},
        "required": ["buy"],
        "additionalProperties": False,
    }
    c = client_for(fake).complete(
        MSGS, CallOptions(json_schema=schema, temperature=0.2, max_tokens=50, seed=7, stop=["\n\n"])
    )
    assert c.json == {"buy": "Silver"}
    sent = fake.requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == schema
    assert sent["temperature"] == 0.2 and sent["max_tokens"] == 50 and sent["seed"] == 7
    assert sent["stop"] == ["\n\n"]


def test_schema_mismatch_is_a_clear_error(client_for: ClientFor) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    with (
        FakeOpenAIServer(reply=lambda body: '{"n": "three"}') as server,
        pytest.raises(LLMError, match="does not match the schema at n"),
    ):
        client_for(server).complete(MSGS, CallOptions(json_schema=schema))


SECRET = "sk-test-SECRET-abcdef123456"


def test_api_key_never_leaks(
    monkeypatch: pytest.MonkeyPatch, client_for: ClientFor, tmp_path: Path
) -> None:
    """A server that echoes the wrong key back: the key appears in no error, log or summary."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    run_dir = tmp_path / "run"
    with FakeOpenAIServer(api_key="the-right-key") as server:
        client = client_for(server, run_dir=run_dir)
        with pytest.raises(LLMError) as exc:
            client.complete(MSGS)
        assert server.headers_seen[0]["authorization"] == f"Bearer {SECRET}"
    err = exc.value
    _one_line(err)
    assert "rejected the key in OPENAI_API_KEY (401)" in str(err)
    texts = [
        str(err),
        repr(err),
        "".join(traceback.format_exception(err)),
        json.dumps(client.usage_summary()),
    ]
    cause: BaseException | None = err
    while cause is not None:
        texts.append(repr(cause))
        cause = cause.__cause__ or cause.__context__
    client.close()
    texts.append((run_dir / "llm_calls.jsonl").read_text())
    for t in texts:
        assert SECRET not in t
        assert "SECRET-abcdef" not in t


def test_api_key_sent_and_not_logged_on_success(
    monkeypatch: pytest.MonkeyPatch, client_for: ClientFor, tmp_path: Path
) -> None:
    monkeypatch.setenv("MY_KEY", SECRET)
    with FakeOpenAIServer(api_key=SECRET) as server:
        client = client_for(server, api_key_env="MY_KEY", run_dir=tmp_path / "run")
        client.complete([Message("user", f"please repeat {SECRET}")])
        client.close()
    log_text = (tmp_path / "run" / "llm_calls.jsonl").read_text()
    assert SECRET not in log_text and "***" in log_text


def test_named_key_variable_unset_is_config_error(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    with pytest.raises(LLMError, match=r"^NOPE_KEY is unset"):
        client_for(fake, api_key_env="NOPE_KEY")


@pytest.mark.parametrize(
    "fault",
    ["usage_abc", "usage_list", "usage_huge", "usage_negative", "empty_content", "null_content"],
)
def test_malformed_usage_and_empty_answers_are_retried_never_cached(
    fake: FakeOpenAIServer, client_for: ClientFor, fault: str
) -> None:
    fake.push_faults(fault, fault)
    client = client_for(fake)
    c = client.complete(MSGS)
    assert c.text == "echo: Buy what?" and c.retries == 2 and c.usage.prompt_tokens >= 0
    fake.push_faults(fault)  # the good answer was cached; the bad ones never were
    assert client.complete(MSGS).cached and len(fake.requests) == 3


def test_persistent_empty_answers_fail_in_one_line(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    fake.push_faults(*["null_content"] * 4)
    with pytest.raises(LLMError, match="empty answer") as e:
        client_for(fake).complete(MSGS)
    _one_line(e.value)


def test_a_huge_reply_is_refused_without_reading_it_whole(
    fake: FakeOpenAIServer, client_for: ClientFor, tmp_path: Path
) -> None:
    fake.huge_bytes = 50 * 1024 * 1024
    fake.push_faults("huge")
    client = client_for(fake, run_dir=tmp_path / "run")
    with pytest.raises(LLMError, match="larger than 4 MB") as e:
        client.complete(MSGS)
    _one_line(e.value)
    client.close()
    assert (tmp_path / "run" / "llm_calls.jsonl").stat().st_size < 10_000
    assert sum(f.stat().st_size for f in (tmp_path / "cache").rglob("*") if f.is_file()) < 1e6


def test_the_retry_budget_bounds_an_attempt_in_flight(
    fake: FakeOpenAIServer, client_for: ClientFor
) -> None:
    import time

    fake.slow_s = 5.0
    fake.push_faults("slow", "slow", "slow")
    policy = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, max_total_s=1.2)
    t0 = time.monotonic()
    with pytest.raises(LLMError, match=r"timeout|budget") as e:
        client_for(fake, timeout=1.0, retry=policy).complete(MSGS)
    assert time.monotonic() - t0 < 1.9  # 1.2 s budget: no second full 1 s attempt past it
    _one_line(e.value)
