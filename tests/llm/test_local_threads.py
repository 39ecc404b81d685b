"""The local model server's thread count: chosen for the machine, or set by the user."""

from __future__ import annotations

import os

import pytest

from gametest.engine.errors import UsageError
from gametest.llm.local_backend import auto_threads
from gametest.llm.options import parse_backend_opts


@pytest.mark.parametrize(
    ("cores", "load", "want"), [(2, 0.1, 2), (2, 1.2, 1), (1, 3.0, 1), (8, 2.0, 7)]
)
def test_one_core_is_left_free_when_the_machine_is_busy(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, want: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert auto_threads() == want


def test_threads_are_a_checked_backend_option() -> None:
    assert parse_backend_opts({"threads": "3"}) == {"threads": 3}
    for bad in ("abc", "0", "-1", "1e9"):
        with pytest.raises(UsageError, match="threads must be a whole number from 1 to 256"):
            parse_backend_opts({"threads": bad})
    with pytest.raises(UsageError, match="unknown backend option 'thread' \\(did you mean threads"):
        parse_backend_opts({"thread": "2"})
