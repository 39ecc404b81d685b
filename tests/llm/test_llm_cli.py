"""`gametest llm check|ask|backends` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fakeserver import FakeOpenAIServer

from gametest.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Invoke `gametest llm ...`; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["llm", *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ask_scripted() -> None:
    code, out, _ = run("ask", "scripted:reply=Buy Gold", "What now?")
    assert code == 0 and out.strip() == "Buy Gold"


def test_ask_with_schema_prints_json(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"a": {"enum": [1, 2]}}}))
    code, out, _ = run("ask", "scripted:first", "pick", "--schema", f"@{schema}")
    assert code == 0 and json.loads(out) == {"a": 1}


def test_ask_against_server_uses_cache(fake: FakeOpenAIServer, tmp_path: Path) -> None:
    common = ["--base-url", fake.base_url, "--cache-dir", str(tmp_path / "c")]
    code, out, err = run("ask", "openai:fake-model", "hello", "--show-usage", *common)
    assert code == 0 and out.strip() == "echo: hello" and "cached=False" in err
    _, out, err = run("ask", "openai:fake-model", "hello", "--show-usage", *common)
    assert "cached=True" in err and len(fake.requests) == 1
    run("ask", "openai:fake-model", "hello", "--refresh-cache", *common)
    run("ask", "openai:fake-model", "hello", "--no-cache", *common)
    assert len(fake.requests) == 3


def test_ask_writes_call_log(fake: FakeOpenAIServer, tmp_path: Path) -> None:
    code, _, _ = run(
        "ask",
        "openai:fake-model",
        "hi",
        "--base-url",
        fake.base_url,
        "--run-dir",
        str(tmp_path / "run"),
        "--no-cache",
    )
    lines = (tmp_path / "run" / "llm_calls.jsonl").read_text().splitlines()
    assert code == 0 and len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["request"]["messages"] == [{"role": "user", "content": "hi"}]
    assert rec["response"]["text"] == "echo: hi"


def test_check_reports_model_latency_and_structured_output(fake: FakeOpenAIServer) -> None:
    code, out, _ = run("check", "openai:fake-model", "--base-url", fake.base_url)
    assert code == 0
    assert "model: fake-model" in out
    assert "latency: " in out
    assert 'structured output: yes ({"answer": "yes"}' in out


def test_check_with_env_only(fake: FakeOpenAIServer) -> None:
    code, out, _ = run(
        "check",
        "openai:fake-model",
        env={"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "k-123"},
    )
    assert code == 0 and f"url: {fake.base_url}" in out
    assert fake.headers_seen[0]["authorization"] == "Bearer k-123"


def test_check_never_uses_cache(fake: FakeOpenAIServer, tmp_path: Path) -> None:
    for _ in range(2):
        run("check", "openai:fake-model", "--base-url", fake.base_url, "--cache-dir", str(tmp_path))
    assert len(fake.requests) == 4


def test_check_structured_unsupported(fake: FakeOpenAIServer) -> None:
    fake.reply = lambda body: "no json here" if body.get("response_format") else "OK"
    code, out, _ = run("check", "openai:fake-model", "--base-url", fake.base_url)
    assert code == 0 and "structured output: no (reply is not valid JSON" in out


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["check", "openai:gpt-4o-mini"], {}, "error: OPENAI_API_KEY is unset"),
        (["check", "openrouter:some/model"], {}, "error: OPENROUTER_API_KEY is unset"),
        (["ask", "bogus:x", "hi"], {}, "error: unknown backend 'bogus'"),
        (
            ["ask", "openai:x", "hi", "--api-key-env", "MISSING_KEY"],
            {},
            "error: MISSING_KEY is unset",
        ),
        (
            ["ask", "scripted:first", "hi", "--schema", "{not json"],
            {},
            "error: --schema is not valid",
        ),
        (
            ["check", "local:/nonexistent/model.gguf"],
            {},
            "error: GGUF file /nonexistent/model.gguf",
        ),
    ],
)
def test_errors_exit_2_with_one_line(args: list[str], env: dict[str, str], message: str) -> None:
    code, out, err = run(*args, env=env)
    assert code == 2
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err + out


def test_model_not_found_and_dead_server_exit_2(tmp_path: Path) -> None:
    with FakeOpenAIServer(models=("real",)) as server:
        url = server.base_url
        code, _, err = run("check", "openai:wrong", "--base-url", url)
    assert code == 2 and err.startswith("error: model 'wrong' not found at http://127.0.0.1")
    code, _, err = run("check", "openai:x", "--base-url", url, "--max-attempts", "1")
    assert code == 2 and err.startswith("error: no server answers at")


def test_backends_lists_prefixes() -> None:
    code, out, _ = run("backends")
    assert code == 0
    prefixes = {line.split()[0] for line in out.splitlines()}
    assert {
        "openai",
        "ollama",
        "llamacpp",
        "lmstudio",
        "vllm",
        "openrouter",
        "local",
        "scripted",
    } <= prefixes


def test_registered_on_main_cli() -> None:
    from gametest.cli import main

    if "llm" not in main.list_commands(click.Context(main)):
        pytest.skip("gametest.cli does not register the llm group (owned by the CLI's author)")
    result = CliRunner().invoke(main, ["llm", "ask", "scripted:echo", "ping"])
    assert result.exit_code == 0 and result.stdout.strip() == "ping"
