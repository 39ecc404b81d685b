"""The run-folder lock: one run at a time, stale locks (kill -9, reused PIDs) taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.errors import UsageError
from gametest.harness.lock import RunLock

HOLD = (
    "import sys, time; from gametest.harness.lock import RunLock; "
    "l = RunLock(sys.argv[1]); l.acquire(); print('held', flush=True); time.sleep(60)"
)


def _holder(folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    p = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    busy = f"run folder is in use by PID {os.getpid()}"
    with RunLock(tmp_path / "run"), pytest.raises(UsageError, match=busy):
        RunLock(tmp_path / "run").acquire()
    with RunLock(tmp_path / "run"):
        pass
    assert not (tmp_path / "run" / ".lock").exists()


def test_a_lock_left_by_kill_9_is_taken_over(tmp_path: Path) -> None:
    p = _holder(tmp_path / "run")
    try:
        with pytest.raises(UsageError, match=f"in use by PID {p.pid}"):
            RunLock(tmp_path / "run").acquire()
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert (tmp_path / "run" / ".lock").exists()  # left behind by the killed process
    with RunLock(tmp_path / "run") as lock:
        assert lock.path.read_text().strip() == str(os.getpid())


def test_a_lock_naming_a_live_but_unrelated_pid_is_stale(tmp_path: Path) -> None:
    (tmp_path / ".lock").write_text(f"{os.getppid()}\n")  # alive, but holds no flock
    with RunLock(tmp_path):
        pass


def test_experiment_run_into_a_locked_folder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))
    exp = tmp_path / "e.toml"
    exp.write_text(
        'name = "e"\nkingdoms = ["first-game"]\ncontrols = ["placebo"]\n'
        '[outcomes]\nopponents = ["big-money"]\ncompiled_games = 2\ncontrol_games = 4\n'
    )
    p = _holder(tmp_path / "run")
    try:
        t0 = time.perf_counter()
        res = CliRunner().invoke(
            main, ["experiment", "run", str(exp), "--out", str(tmp_path / "run")]
        )
        assert time.perf_counter() - t0 < 30
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert res.exit_code == 2
    assert res.stderr.startswith(f"error: run folder is in use by PID {p.pid}")
    assert sorted(x.name for x in (tmp_path / "run").iterdir()) == [".lock"]
