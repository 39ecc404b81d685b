"""Engine benchmark: steady-state games per second on one core, -j 2 scaling, peak memory.

Usage: python bench/engine.py [--games N] [--repeat R] [--workers-check] [--pyminion PATH] [--json]

Steady state: the clock starts when a batch's first record arrives, so interpreter start-up,
imports and building the players are left out; each figure is the best of R runs (the machine
is shared, and the best run is the one least disturbed). --workers-check also times `-j 2` on
Smithy-BM vs BMU against one core (their runs alternated, best of R each), twice: as
`gametest simulate -j 2` plays (workers send back what the summary reads,
run_batch(slim=True); the target's figure), and keeping every whole record in the collecting
process (run_batch's default; for comparison). --pyminion PATH (a pyminion checkout, or any
folder holding the `pyminion` package) times pyminion's Big Money Smithy vs Big Money Ultimate
the same way, as a peer. Targets are from issue 15. The first line names the engine timed: pure
Python, or the Cython build (`gametest engine build`; GAMETEST_PURE=1 times the pure path
beside it). On a shared machine, --clock cpu times the one-core figures by this process's CPU
time, so other processes' load is left out.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from gametest.compiled import describe
from gametest.engine.registry import get_game
from gametest.harness.batch import plan, run_batch

# (label, game, kingdom, players, target games/s on one core or None)
MATCHUPS: list[tuple[str, str, str, list[str], float | None]] = [
    ("smithy-bm vs bmu", "dominion", "first-game", ["smithy-bm", "bmu"], 4000),
    ("bmu mirror", "dominion", "first-game", ["bmu", "bmu"], 6000),
    (
        "village-smithy vs lab-market",
        "dominion",
        "Village,Smithy,Laboratory,Market,Cellar,Chapel,Moat,Witch,Mine,Bandit",
        ["village-smithy", "lab-market"],
        1500,
    ),
    ("big-money mirror", "dominion", "first-game", ["big-money", "big-money"], None),
    (
        "festival-library vs bmu",
        "dominion",
        "Festival,Library,Cellar,Council Room,Gardens,Harbinger,Militia,Poacher,Smithy,Witch",
        ["festival-library", "bmu"],
        None,
    ),
    # The slowest of bench/embermarch.py's reference matchups (the target is twice its speed
    # before issue 15: 2 x 768 games/s, measured with --clock cpu on the 2-core machine).
    ("embermarch most-expensive mirror", "embermarch", "standard", ["most-expensive"] * 2, 1536),
]
J2_MATCHUP = 0  # -j 2 is timed on smithy-bm vs bmu
J2_TARGET = 1.8

_PYMINION = """
import sys, time
from pyminion.bots.examples import BigMoneySmithy, BigMoneyUltimate
from pyminion.expansions import base
from pyminion.game import Game
n = int(sys.argv[1])
first_game = [getattr(base, c) for c in (
    "cellar market merchant militia mine moat remodel smithy village workshop".split())]
def play(k):
    bots = [BigMoneySmithy(), BigMoneyUltimate()]
    for _ in range(k):
        Game(bots, [base.base_set], kingdom_cards=first_game, log_stdout=False).play()
clock = time.process_time if sys.argv[2] == "cpu" else time.perf_counter
play(20)  # warm-up
t = clock()
play(n)
print(n / (clock() - t))
"""


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = time.perf_counter


def steady_rate(
    game: str,
    kspec: str,
    specs: list[str],
    n: int,
    workers: int = 1,
    wall: bool = False,
    slim: bool = False,
) -> float:
    """Games per second between a batch's first record and its last.

    With workers the first chunk's records arrive together, so up to one chunk (50 games) of
    the count was played before the clock started: under 1% of the batches timed here.
    """
    kingdom = get_game(game).parse_kingdom(kspec)
    clock = time.perf_counter if workers > 1 or wall else _clock
    t0 = 0.0
    got = 0
    for _ in run_batch(game, kingdom, specs, plan(n, len(specs), seed=12345), workers, slim=slim):
        got += 1
        if got == 1:
            t0 = clock()
    assert got == n > 1
    return (got - 1) / (clock() - t0)


def best_of(repeat: int, *args: Any, **kw: Any) -> float:
    return max(steady_rate(*args, **kw) for _ in range(repeat))


def pyminion_rate(path: str, n: int, repeat: int, clock: str) -> float:
    """pyminion's Big Money Smithy vs Big Money Ultimate, games per second (best of repeat)."""
    env = {**os.environ, "PYTHONPATH": path}
    rates = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _PYMINION, str(n), clock],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rates.append(float(out.split()[-1]))
    return max(rates)


def _verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return f"target {target:,.0f}: {'met' if value >= target else 'not met'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--games", type=int, default=4000, help="games per timed batch")
    ap.add_argument("--repeat", type=int, default=3, help="timed batches per figure (best kept)")
    ap.add_argument("--workers-check", action="store_true", help="also time -j 2")
    ap.add_argument("--pyminion", metavar="PATH", help="a pyminion checkout to time as a peer")
    ap.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="one-core figures by wall time, or by this process's CPU time (for a busy machine;"
        " -j 2 is always wall time)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    global _clock
    _clock = CLOCKS[args.clock]
    rows: list[dict[str, Any]] = []
    if not args.json:
        print(describe(), flush=True)
    for label, game, kspec, specs, target in MATCHUPS:
        n = args.games if game == "dominion" else max(200, args.games // 5)
        steady_rate(game, kspec, specs, 200)  # warm-up
        gps = best_of(args.repeat, game, kspec, specs, n)
        row: dict[str, Any] = {"matchup": label, "games": n, "games_per_s": round(gps, 1)}
        if target is not None:
            row["target"] = target
            row["met"] = gps >= target
        rows.append(row)
        if not args.json:
            print(f"{label:36} {gps:8.1f} games/s   {_verdict(gps, target)}", flush=True)
    out: dict[str, Any] = {"engine": describe(), "rows": rows}
    if args.workers_check:
        label, game, kspec, specs, _ = MATCHUPS[J2_MATCHUP]
        n = 4 * args.games
        out["workers"] = {"matchup": label, "games": n}
        for key, slim, what in (
            ("simulate", True, "as `gametest simulate -j 2` plays"),
            ("records", False, "keeping whole records"),
        ):
            # one core and two alternate, so a slow spell on a shared host hits both alike
            ones, twos = [], []
            for _ in range(args.repeat):
                ones.append(steady_rate(game, kspec, specs, n, wall=True, slim=slim))
                twos.append(steady_rate(game, kspec, specs, n, workers=2, slim=slim))
            one, two = max(ones), max(twos)
            ratio = two / one
            out["workers"][key] = {
                "j1": round(one, 1),
                "j2": round(two, 1),
                "ratio": round(ratio, 2),
            }
            if not args.json:
                verdict = f"target {J2_TARGET}x: {'met' if ratio >= J2_TARGET else 'not met'}"
                print(
                    f"-j 2 vs one core, wall time, {what} ({label}, {n} games): {two:.1f} vs"
                    f" {one:.1f} games/s = {ratio:.2f}x   {verdict if slim else '(no target)'}",
                    flush=True,
                )
    if args.pyminion:
        peer = pyminion_rate(args.pyminion, max(100, args.games // 20), args.repeat, args.clock)
        ours = rows[0]["games_per_s"]
        out["pyminion"] = {"matchup": "Big Money Smithy vs Big Money Ultimate", "games_per_s": peer}
        if not args.json:
            print(
                f"pyminion Big Money Smithy vs Big Money Ultimate: {peer:.1f} games/s"
                f" (gametest smithy-bm vs bmu: {ours:.1f}, {ours / peer:.1f}x)"
            )
    # peak memory: traced allocations during 1,000 bmu-mirror games, plus the process max RSS
    tracemalloc.start()
    steady_rate("dominion", "first-game", ["bmu", "bmu"], 1000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["memory"] = {
        "traced_peak_mb_1000_games": round(peak / 2**20, 2),
        "max_rss_mb": round(rss_mb, 1),
    }
    if args.json:
        print(json.dumps(out))
    else:
        mem = out["memory"]
        print(
            "peak traced memory over 1,000 bmu-mirror games:"
            f" {mem['traced_peak_mb_1000_games']} MB; process max RSS {mem['max_rss_mb']} MB"
        )


if __name__ == "__main__":
    main()
