"""The code stays ruff-clean, ruff-formatted and mypy-clean (part of the suite, so CI checks it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["gametest", "games", "tests", "bench"]


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check_and_format() -> None:
    # ruff from this interpreter's environment, found even when its bin/ is not on PATH
    pytest.importorskip("ruff", reason="ruff not installed (pip install -e '.[dev]')")
    r = _run(sys.executable, "-m", "ruff", "check", *PATHS)
    assert r.returncode == 0, r.stdout + r.stderr
    r = _run(sys.executable, "-m", "ruff", "format", "--check", *PATHS)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy() -> None:
    pytest.importorskip("mypy")
    r = _run(sys.executable, "-m", "mypy")
    assert r.returncode == 0, r.stdout + r.stderr
