"""--executor ray: a local Ray instance with 2 CPUs gives the same records as -j 2."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.errors import GametestError

pytestmark = pytest.mark.ray
ray = pytest.importorskip("ray")

from gametest.harness.ray_executor import RayExecutor  # noqa: E402


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ex = RayExecutor(2)
    ex.start()
    yield
    ex._started_here = True  # the fixture started it: shut it down
    ex.close()


def _games(path: Path) -> list[dict[str, object]]:
    recs = [json.loads(line) for line in path.read_text().splitlines()]
    return [{k: v for k, v in r.items() if k != "seconds"} for r in recs]


def _boom(x: int) -> int:
    if x == 2:
        raise ValueError("boom")
    return x + 1


def _die(x: int) -> int:
    os._exit(1)


def test_simulate_on_ray_matches_two_local_workers(local_ray: None, tmp_path: Path) -> None:
    args = ["simulate", "-k", "first-game", "-p", "smithy-bm", "-p", "bmu", "-n", "300"]
    r = CliRunner()
    local = r.invoke(main, [*args, "-j", "2", "--json", "--out", str(tmp_path / "a.jsonl")])
    on_ray = r.invoke(
        main, [*args, "--executor", "ray", "--json", "--out", str(tmp_path / "b.jsonl")]
    )
    assert local.exit_code == 0 and on_ray.exit_code == 0, on_ray.output
    assert json.loads(local.output) == json.loads(on_ray.output)
    a, b = _games(tmp_path / "a.jsonl"), _games(tmp_path / "b.jsonl")
    assert len(a) == 300 and a == b


def test_tournament_on_ray_matches_two_local_workers(local_ray: None, tmp_path: Path) -> None:
    args = ["tournament", "-p", "bmu", "-p", "big-money", "-p", "smithy-bm", "-n", "40"]
    args += ["--seed", "5", "--json"]
    r = CliRunner()
    local = r.invoke(main, [*args, "-j", "2", "--out", str(tmp_path / "a")])
    on_ray = r.invoke(main, [*args, "--executor", "ray", "--out", str(tmp_path / "b")])
    assert local.exit_code == 0 and on_ray.exit_code == 0, on_ray.output
    a, b = json.loads(local.stdout), json.loads(on_ray.stdout)  # stderr has progress
    a.pop("out"), b.pop("out")
    assert a == b
    key = "key"
    ga = sorted(_games(tmp_path / "a" / "games.jsonl"), key=lambda g: str(g[key]))
    gb = sorted(_games(tmp_path / "b" / "games.jsonl"), key=lambda g: str(g[key]))
    assert ga == gb and len(ga) == 120


def test_task_errors_and_dead_workers(local_ray: None) -> None:
    ex = RayExecutor(2)
    assert list(ex.map(_boom, [0, 1])) == [1, 2]
    with pytest.raises(ValueError, match="boom"):
        list(ex.map(_boom, range(5)))
    with pytest.raises(GametestError, match="worker process died"):
        list(ex.map(_die, range(2)))
