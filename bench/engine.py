"""Engine benchmark: single-core games per second and peak memory for reference matchups.

Usage: python bench/engine.py [--games N] [--workers-check]
Measures in this process (one core) unless --workers-check, which also times `-j 2`.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import tracemalloc

from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch

MATCHUPS: list[tuple[str, str, list[str]]] = [
    ("big-money mirror", "first-game", ["big-money", "big-money"]),
    ("bmu mirror", "first-game", ["bmu", "bmu"]),
    ("smithy-bm vs bmu", "first-game", ["smithy-bm", "bmu"]),
    (
        "village-smithy vs lab-market (random kingdom)",
        "Village,Smithy,Laboratory,Market,Cellar,Chapel,Moat,Witch,Mine,Bandit",
        ["village-smithy", "lab-market"],
    ),
    (
        "festival-library vs bmu (random kingdom)",
        "Festival,Library,Cellar,Council Room,Gardens,Harbinger,Militia,Poacher,Smithy,Witch",
        ["festival-library", "bmu"],
    ),
]


def _kingdom(spec: str) -> list[str]:
    return get_game("dominion").parse_kingdom(spec)


def bench(specs: list[str], kingdom: list[str], n: int, workers: int = 1) -> float:
    """Games per second for n games of the matchup."""
    games = plan(n, len(specs), seed=12345)
    t = time.perf_counter()
    recs = collect(run_batch("dominion", kingdom, specs, games, workers))
    dt = time.perf_counter() - t
    assert len(recs) == n
    return n / dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=5000)
    ap.add_argument("--workers-check", action="store_true", help="also time -j 2")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    for label, kspec, specs in MATCHUPS:
        kingdom = _kingdom(kspec)
        bench(specs, kingdom, 200)  # warm-up
        gps = bench(specs, kingdom, args.games)
        row = {"matchup": label, "games": args.games, "games_per_s": round(gps, 1)}
        if args.workers_check:
            row["games_per_s_j2"] = round(bench(specs, kingdom, args.games, workers=2), 1)
        rows.append(row)
        if not args.json:
            extra = f"   -j 2: {row['games_per_s_j2']:8.1f}" if args.workers_check else ""
            print(f"{label:48} {gps:8.1f} games/s{extra}", flush=True)
    # peak memory: traced allocations during 1,000 bmu-mirror games, plus the process max RSS
    tracemalloc.start()
    bench(["bmu", "bmu"], _kingdom("first-game"), 1000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mem = {"traced_peak_mb_1000_games": round(peak / 2**20, 2), "max_rss_mb": round(rss_mb, 1)}
    if args.json:
        print(json.dumps({"rows": rows, "memory": mem}))
    else:
        peak = mem["traced_peak_mb_1000_games"]
        print(
            f"peak traced memory over 1,000 bmu-mirror games: {peak} MB;"
            f" process max RSS {mem['max_rss_mb']} MB"
        )


if __name__ == "__main__":
    main()
