"""The executor seam: ordered results, errors, a dead worker, signals, cancellation, state."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest

from gametest.engine.errors import GametestError, UsageError
from gametest.harness.executor import (
    Executor,
    ProcessExecutor,
    SerialExecutor,
    ThreadExecutor,
    chunks,
    make_executor,
    worker_state,
)


def _square(x: int) -> int:
    return x * x


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def _die(x: int) -> int:
    os._exit(1)


def _sigterm_handler(_: int) -> bool:
    return signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def _built(_: int) -> int:
    return worker_state("test-counter", lambda: os.getpid())


@pytest.fixture(params=["serial", "process", "threads"])
def executor(request: pytest.FixtureRequest) -> Iterator[Executor]:
    ex = {"serial": SerialExecutor, "process": ProcessExecutor, "threads": ThreadExecutor}[
        request.param
    ](2)
    with ex:
        yield ex


def test_results_come_back_in_item_order(executor: Executor) -> None:
    assert list(executor.map(_square, range(50))) == [x * x for x in range(50)]
    assert list(executor.map(_square, [])) == []


def test_an_exception_in_the_function_is_raised_by_map(executor: Executor) -> None:
    with pytest.raises(ValueError, match="three"):
        list(executor.map(_fail_on_three, range(10)))


def test_a_dead_worker_raises_instead_of_hanging() -> None:
    with ProcessExecutor(2) as ex, pytest.raises(GametestError, match="worker process died"):
        list(ex.map(_die, range(4)))


def test_workers_reset_the_parents_signal_handlers() -> None:
    old = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        with ProcessExecutor(2) as ex:
            assert all(ex.map(_sigterm_handler, range(4)))
    finally:
        signal.signal(signal.SIGTERM, old)


def test_cancel_stops_handing_out_work(executor: Executor) -> None:
    got = []
    for r in executor.map(_square, range(100)):
        got.append(r)
        if len(got) == 3:
            executor.cancel()
    assert got[:3] == [0, 1, 4] and len(got) < 100
    assert executor.cancelled


def test_worker_state_is_built_once_per_worker() -> None:
    with ProcessExecutor(2) as ex:
        pids = set(ex.map(_built, range(40)))
    assert 1 <= len(pids) <= 2 and os.getpid() not in pids
    with SerialExecutor() as ex:
        assert set(ex.map(_built, range(5))) == {os.getpid()}


def test_make_executor_picks_local_kinds_and_rejects_unknown_ones() -> None:
    assert isinstance(make_executor("local", 1), SerialExecutor)
    assert isinstance(make_executor("local", 2), ProcessExecutor)
    with pytest.raises(UsageError, match="unknown executor 'dask'"):
        make_executor("dask", 2)
    assert chunks(list(range(5)), 2) == [[0, 1], [2, 3], [4]]


def test_a_tournament_runs_on_a_given_executor(tmp_path: Any) -> None:
    from gametest.tournament import Tournament, TournamentConfig

    cfg = TournamentConfig(players=["bmu", "big-money", "random"], games_per_pairing=6, seed=3)
    one = Tournament(cfg, tmp_path / "one")
    one.run(1)
    two = Tournament(cfg, tmp_path / "two")
    with ProcessExecutor(2) as ex:
        two.run(2, executor=ex)

    def games(t: Tournament) -> list[dict[str, Any]]:
        recs = [{k: v for k, v in r.items() if k != "seconds"} for r in t.records()]
        return sorted(recs, key=lambda r: str(r["key"]))

    assert games(one) == games(two) and len(games(one)) == 18
