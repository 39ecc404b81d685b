"""Usage accounting, the user's price table, the JSONL call log and spec presets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fakeserver import FakeOpenAIServer

from gametest.llm import CallOptions, ConfigError, LLMClient, LLMError, get_backend, make_client
from gametest.llm.openai_backend import OpenAICompatBackend
from gametest.llm.usage import PriceTable

ClientFor = Callable[..., LLMClient]

PRICES = """
currency = "EUR"
[models."openai:fake-*"]
input_per_mtok = 1000.0
output_per_mtok = 2000000.0
"""


def test_cost_from_price_table(
    fake: FakeOpenAIServer, client_for: ClientFor, tmp_path: Path
) -> None:
    table = tmp_path / "prices.toml"
    table.write_text(PRICES)
    client = client_for(fake, prices=table)
    c = client.complete("one two three")  # 3 prompt tokens, "echo: one two three" = 4 out
    client.complete("one two three")  # cache hit: free
    s = client.usage_summary()
    assert (c.usage.prompt_tokens, c.usage.completion_tokens) == (3, 4)
    assert s["cost"] == pytest.approx(3 * 1000 / 1e6 + 4 * 2.0)
    assert s["currency"] == "EUR"
    assert (s["calls"], s["cache_hits"], s["prompt_tokens"], s["completion_tokens"]) == (2, 1, 3, 4)


def test_unpriced_model_has_no_cost(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    client = client_for(fake)
    client.complete("x")
    s = client.usage_summary()
    assert s["cost"] is None and s["uncosted_calls"] == 1


def test_bad_price_table_is_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[models."x"]\ninput_per_mtok = "cheap"\n')
    with pytest.raises(ConfigError, match="needs numeric"):
        PriceTable.load(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        PriceTable.load(tmp_path / "missing.toml")


def test_errors_and_retries_are_counted(fake: FakeOpenAIServer, client_for: ClientFor) -> None:
    client = client_for(fake)
    fake.push_faults("500", "400")
    with pytest.raises(LLMError):
        client.complete("x")
    s = client.usage_summary()
    assert s["errors"] == 1 and s["retries"] == 1 and s["calls"] == 1


def test_call_log_has_one_line_per_call(
    fake: FakeOpenAIServer, client_for: ClientFor, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    client = client_for(fake, run_dir=run)
    client.complete("a", CallOptions(temperature=0.1), sample=4)
    client.complete("a", CallOptions(temperature=0.1), sample=4)
    fake.push_faults("401")
    with pytest.raises(LLMError):
        client.complete("b")
    client.close()
    recs = [json.loads(line) for line in (run / "llm_calls.jsonl").read_text().splitlines()]
    assert len(recs) == 3
    live, hit, err = recs
    assert live["sample"] == 4 and live["request"]["options"]["temperature"] == 0.1
    assert live["response"]["text"] == "echo: a" and live["cached"] is False
    assert live["usage"]["prompt_tokens"] == 1 and live["latency_s"] > 0
    assert hit["cached"] is True and hit["key"] == live["key"]
    assert "401" in err["error"]["message"] and err["error"]["status"] == 401


@pytest.mark.parametrize(
    ("spec", "url"),
    [
        ("ollama:llama3.2", "http://127.0.0.1:11434/v1"),
        ("llamacpp:any", "http://127.0.0.1:8080/v1"),
        ("lmstudio:qwen", "http://127.0.0.1:1234/v1"),
        ("vllm:meta/llama", "http://127.0.0.1:8000/v1"),
    ],
)
def test_local_presets_are_keyless(spec: str, url: str) -> None:
    b = get_backend(spec)
    assert isinstance(b, OpenAICompatBackend)
    assert b.base_url == url and b.model == spec.split(":", 1)[1]
    b.close()


def test_openrouter_reads_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "or-key")
    b = get_backend("openrouter:meta/llama-3-8b")
    assert isinstance(b, OpenAICompatBackend)
    assert b.base_url == "https://openrouter.ai/api/v1" and b.key_env == "OPENROUTER_API_KEY"
    assert "or-key" not in b.identity()
    b.close()


def test_base_url_option_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    assert get_backend("openai:m").base_url == "http://127.0.0.1:1/v1"  # type: ignore[attr-defined]
    b = get_backend("openai:m", base_url="http://127.0.0.1:2/v1/")
    assert b.base_url == "http://127.0.0.1:2/v1"  # type: ignore[attr-defined]


def test_local_spec_without_package_or_file_is_clear() -> None:
    with pytest.raises(ConfigError, match="unknown local model 'nosuch'"):
        make_client("local:nosuch")


def test_register_backend_prefix() -> None:
    from gametest.llm.registry import register_backend
    from gametest.llm.scripted import ScriptedBackend

    register_backend(
        "always42", lambda rest, **_: ScriptedBackend(rule=lambda *a: "42", name="always42")
    )
    assert make_client("always42:whatever").complete("q").text == "42"


def test_unusable_cache_dir_is_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot open the LLM cache"):
        make_client("openai:m", base_url="http://127.0.0.1:9/v1", cache_dir=blocker / "sub")


def test_error_messages_are_redacted_and_one_line() -> None:
    from gametest.llm.base import register_secret

    register_secret("zz-private-value-42")
    err = LLMError("bad key zz-private-value-42\nsecond line Bearer abc.def")
    assert str(err) == "bad key *** second line ***"


def test_retry_after_forms() -> None:
    import email.utils
    import time as _time

    from gametest.llm.openai_backend import parse_retry_after

    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    date = email.utils.formatdate(_time.time() + 30, usegmt=True)
    assert 25 <= (parse_retry_after({"retry-after": date}) or 0) <= 31
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None
