"""Executor overhead: seconds per task for empty tasks, and games/s for 50-game chunks.

Usage: python bench/executor.py [--tasks N] [--games N] [--no-ray] [--json]
Times the serial executor, 2 worker processes and (if ray is installed) a local Ray instance
with 2 CPUs. Per-task overhead = wall time of N no-op tasks / N (start-up excluded, timed
separately). Timings are noisy on a shared machine: compare kinds within one run.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from gametest.games.dominion.kingdoms import PRESETS
from gametest.harness.batch import collect, plan, run_batch
from gametest.harness.executor import Executor, ProcessExecutor, SerialExecutor


def _noop(x: int) -> int:
    return x


def measure(ex: Executor, tasks: int, games: int) -> dict[str, Any]:
    """Start-up, per-task overhead and games/s on one executor."""
    t = time.perf_counter()
    ex.start()
    list(ex.map(_noop, range(2 * ex.workers)))  # workers up and warm
    startup = time.perf_counter() - t
    t = time.perf_counter()
    assert list(ex.map(_noop, range(tasks))) == list(range(tasks))
    per_task = (time.perf_counter() - t) / tasks
    kingdom = list(PRESETS["first-game"])
    t = time.perf_counter()
    recs = collect(
        run_batch("dominion", kingdom, ["smithy-bm", "bmu"], plan(games, 2, 7), executor=ex)
    )
    gps = len(recs) / (time.perf_counter() - t)
    return {
        "executor": ex.describe(),
        "startup_s": round(startup, 2),
        "per_task_ms": round(1000 * per_task, 3),
        "games_per_s": round(gps, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--games", type=int, default=4000)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    kinds: list[Executor] = [SerialExecutor(), ProcessExecutor(2)]
    if not args.no_ray:
        try:
            from gametest.harness.ray_executor import RayExecutor

            kinds.append(RayExecutor(2))
        except Exception as e:  # ray missing: measure the local kinds only
            print(f"(no ray: {e})")
    rows = []
    for ex in kinds:
        with ex:
            rows.append(measure(ex, args.tasks, args.games))
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{'executor':24} {'start-up s':>10} {'per task ms':>12} {'games/s':>9}")
    for r in rows:
        print(
            f"{r['executor']:24} {r['startup_s']:10.2f} {r['per_task_ms']:12.3f} "
            f"{r['games_per_s']:9.1f}"
        )


if __name__ == "__main__":
    main()
