"""Benchmark: a 6-bot round-robin (2,000 games per pairing by default) with 1 and 2 workers.

    python bench/tournament.py [--games-per-pairing N] [--workers 1,2]

Prints wall time, games per second, CPU time (this process and its workers) and the machine's
load average before and after each run: other processes competing for the CPU slow the wall
time down (the load says how much); CPU time per game is less sensitive to them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from gametest.tournament import Tournament, TournamentConfig, standings

BOTS = ["big-money", "bmu", "smithy-bm", "witch-bm", "militia-bm", "random"]
KINGDOM = "Cellar,Festival,Laboratory,Library,Market,Militia,Moat,Smithy,Village,Witch"


def main() -> None:
    """Run the benchmark and print one line per worker count."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games-per-pairing", type=int, default=2000)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    cfg = TournamentConfig(BOTS, [KINGDOM], games_per_pairing=args.games_per_pairing)
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {len(BOTS)} bots, 15 pairings x {args.games_per_pairing} "
        f"games on {KINGDOM}"
    )
    for w in (int(x) for x in args.workers.split(",")):
        out = Path(tempfile.mkdtemp(prefix="gametest-bench-"))
        try:
            t = Tournament(cfg, out)
            load0 = os.getloadavg()[0]
            c0 = os.times()
            t0 = time.perf_counter()
            n = t.run(w)
            wall = time.perf_counter() - t0
            c1 = os.times()
            load1 = os.getloadavg()[0]
            cpu = sum(b - a for a, b in zip(c0[:4], c1[:4], strict=True))
            t1 = time.perf_counter()
            st = standings(t, t.records(light=True), bootstrap=200)
            rate_s = time.perf_counter() - t1
            size = (out / "games.jsonl").stat().st_size / 1e6
            top = ", ".join(f"{p['name']} {p['rating']:.0f}" for p in st["participants"])
            print(
                f"workers={w}: {n} games in {wall:.1f}s ({n / wall:.0f} games/s), "
                f"CPU {cpu:.1f}s ({1000 * cpu / n:.2f} ms/game); ratings+bootstrap "
                f"{rate_s:.1f}s; games.jsonl {size:.0f} MB; load avg {load0:.2f} -> {load1:.2f}"
            )
            print(f"  {top}")
        finally:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
