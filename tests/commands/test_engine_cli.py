"""`gametest engine build|status|clean` (and `python -m gametest.compiled`): errors and states."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_build_without_cython_is_one_line_and_status_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GAMETEST_COMPILED_DIR", str(tmp_path))
    monkeypatch.setitem(sys.modules, "Cython", None)
    monkeypatch.setitem(sys.modules, "Cython.Build", None)
    code, _, err = run("engine", "build")
    assert code == 2 and err.count("\n") == 1 and "pip install -e '.[compiled]'" in err
    assert list(tmp_path.iterdir()) == []


def test_build_into_a_folder_it_cannot_write_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("Cython", reason="pip install -e '.[compiled]'")
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("GAMETEST_COMPILED_DIR", str(blocker / "build"))
    code, _, err = run("engine", "build")
    assert code == 2 and err.count("\n") == 1 and "GAMETEST_COMPILED_DIR" in err


def test_clean_and_status_without_a_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GAMETEST_COMPILED_DIR", str(tmp_path))
    monkeypatch.delenv("GAMETEST_PURE", raising=False)
    code, out, _ = run("engine", "status")
    assert code == 0 and out.splitlines()[-1] == "engine: pure Python"
    assert out.splitlines()[0] == "pure      gametest.engine.decision"
    code, out, _ = run("engine", "clean")
    assert code == 0 and "removed 0 files" in out
    code, _, err = run("engine", "build", "--jobs", "0")
    assert code == 2 and err.count("\n") == 1 and "--jobs" in err


def test_python_m_gametest_compiled_is_the_same_command(tmp_path: Path) -> None:
    env = {"GAMETEST_COMPILED_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "gametest.compiled", "status"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "engine: pure Python"
