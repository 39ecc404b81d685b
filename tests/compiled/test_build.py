"""The Cython build of the engine, and the rules and records tests run on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gametest.compiled import HOT

ROOT = Path(__file__).resolve().parents[2]


_PROBE = """
import importlib, sys
import gametest.compiled as c
for name in c.HOT:
    importlib.import_module(name)
print(len(c.active()))
"""


@pytest.mark.compiled
def test_compiled_engine_passes_the_rules_and_fingerprint_tests(tmp_path: Path) -> None:
    pytest.importorskip("Cython", reason="pip install -e '.[compiled]'")
    env = {**os.environ, "GAMETEST_COMPILED_DIR": str(tmp_path / "build")}
    env.pop("GAMETEST_PURE", None)

    def run(*args: str, extra: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**env, **(extra or {})},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    assert f"compiled {len(HOT)} modules" in run("-m", "gametest", "engine", "build")
    assert run("-c", _PROBE).split() == [str(len(HOT))]
    assert run("-c", _PROBE, extra={"GAMETEST_PURE": "1"}).split() == ["0"]
    status = run("-m", "gametest", "engine", "status")
    assert (
        status.splitlines()[-1]
        == f"engine: compiled by Cython ({len(HOT)} of {len(HOT)} hot modules)"
    )
    # records bit for bit (fingerprints), every card's rules, the conformance suite, both games
    out = run(
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/engine",
        "tests/games",
        "tests/conformance",
        "-m",
        "not slow",
    )
    assert " passed" in out and "failed" not in out
    assert f"removed {len(HOT) + 1} files" in run("-m", "gametest", "engine", "clean")
