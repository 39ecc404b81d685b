"""The local model server's thread count: chosen for the machine, or set by the user."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from gametest.engine.errors import UsageError
from gametest.llm import local_backend
from gametest.llm.local_backend import auto_threads
from gametest.llm.options import parse_backend_opts


@pytest.mark.parametrize(
    ("cores", "load", "running", "want"),
    [
        (2, 0.1, 0, 2),
        (2, 1.2, 0, 1),
        (2, 0.8, 0, 1),
        (1, 3.0, 0, 1),
        (8, 2.0, 0, 6),
        # a job that started a second ago: the load average has not seen it yet
        (2, 0.01, 1, 1),
        (8, 0.0, 3, 5),
        (4, 5.0, 9, 1),
    ],
)
def test_busy_cores_are_left_free(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, running: int, want: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(local_backend, "runnable_now", lambda: running)
    assert auto_threads() == want


def test_a_busy_process_is_seen_at_once() -> None:
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        during = local_backend.runnable_now(samples=15, interval=0.02)
    finally:
        burner.kill()
        burner.wait()
    assert during >= 1


def test_threads_are_a_checked_backend_option() -> None:
    assert parse_backend_opts({"threads": "3"}) == {"threads": 3}
    for bad in ("abc", "0", "-1", "1e9"):
        with pytest.raises(UsageError, match="threads must be a whole number from 1 to 256"):
            parse_backend_opts({"threads": bad})
    with pytest.raises(UsageError, match="unknown backend option 'thread' \\(did you mean threads"):
        parse_backend_opts({"thread": "2"})
