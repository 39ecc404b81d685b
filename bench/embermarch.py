"""Embermarch benchmark: games/s and mean length for reference matchups, first-player win rates.

Usage: python bench/embermarch.py [--games N] [--random-games N] [--json]
Runs in this process (one core). The first player is seat 0 of every planned game (the batch
rotates which bot sits there), so the first-player win rate counts seat 0's wins, shared
victories as half, with a 95% Wilson interval.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from typing import Any

from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch
from gametest.stats.intervals import wilson

GAME = "embermarch"
MATCHUPS: list[tuple[str, str, list[str]]] = [
    ("most-expensive mirror", "standard", ["most-expensive", "most-expensive"]),
    ("ashguard-rush mirror", "standard", ["ashguard-rush", "ashguard-rush"]),
    ("tidecaller-laurels mirror", "standard", ["tidecaller-laurels", "tidecaller-laurels"]),
    ("verdant-wall mirror", "standard", ["verdant-wall", "verdant-wall"]),
    ("gravewright-cull mirror", "standard", ["gravewright-cull", "gravewright-cull"]),
    ("ashguard-rush vs most-expensive", "standard", ["ashguard-rush", "most-expensive"]),
    ("tidecaller-laurels vs most-expensive", "standard", ["tidecaller-laurels", "most-expensive"]),
    ("verdant-wall vs most-expensive", "standard", ["verdant-wall", "most-expensive"]),
    ("gravewright-cull vs most-expensive", "standard", ["gravewright-cull", "most-expensive"]),
    ("ashguard-rush vs tidecaller-laurels", "standard", ["ashguard-rush", "tidecaller-laurels"]),
    ("ashguard-rush vs verdant-wall", "standard", ["ashguard-rush", "verdant-wall"]),
    ("most-expensive mirror (full market)", "full", ["most-expensive", "most-expensive"]),
]


def run(specs: list[str], kspec: str, n: int, seed: int = 12345) -> dict[str, Any]:
    """Play n games of a matchup; speed, length, end reasons, bot 0 and first-seat win rates."""
    kingdom = get_game(GAME).parse_kingdom(kspec)
    games = plan(n, len(specs), seed=seed)
    t = time.perf_counter()
    recs = collect(run_batch(GAME, kingdom, specs, games))
    dt = time.perf_counter() - t
    first = sum(1.0 if r["winners"] == [0] else 0.5 if 0 in r["winners"] else 0.0 for r in recs)
    bot0 = 0.0
    for r in recs:
        seat = r["seats"].index(0)
        if seat in r["winners"]:
            bot0 += 1.0 if len(r["winners"]) == 1 else 0.5
    lo, hi = wilson(first, n)
    blo, bhi = wilson(bot0, n)
    return {
        "games": n,
        "games_per_s": round(n / dt, 1),
        "mean_turns_per_player": round(sum(sum(r["turns"]) / len(r["turns"]) for r in recs) / n, 2),
        "first_player_win_rate": round(first / n, 4),
        "first_player_ci95": [round(lo, 4), round(hi, 4)],
        "bot0_win_rate": round(bot0 / n, 4),
        "bot0_ci95": [round(blo, 4), round(bhi, 4)],
        "ended_by": dict(Counter(r["ended_by"] for r in recs)),
    }


def random_kingdoms(n: int, specs: list[str]) -> dict[str, Any]:
    """First-player win rate over n games, each on its own random:SEED market."""
    first = 0.0
    turns = 0.0
    t = time.perf_counter()
    for i in range(n):
        r = run(specs, f"random:{i}", 2, seed=i)
        first += r["first_player_win_rate"] * 2
        turns += r["mean_turns_per_player"] * 2
    dt = time.perf_counter() - t
    m = 2 * n
    lo, hi = wilson(first, m)
    return {
        "games": m,
        "games_per_s": round(m / dt, 1),
        "mean_turns_per_player": round(turns / m, 2),
        "first_player_win_rate": round(first / m, 4),
        "first_player_ci95": [round(lo, 4), round(hi, 4)],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=2000, help="games per reference matchup")
    ap.add_argument("--random-games", type=int, default=10000, help="random-player games")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows: list[dict[str, Any]] = []
    run(["most-expensive", "most-expensive"], "standard", 100)  # warm-up
    for label, kspec, specs in MATCHUPS:
        rows.append({"matchup": label, "kingdom": kspec, **run(specs, kspec, args.games)})
    rows.append(
        {
            "matchup": "random mirror",
            "kingdom": "standard",
            **run(["random", "random"], "standard", args.random_games),
        }
    )
    rows.append(
        {
            "matchup": "most-expensive mirror, a new random:SEED market every 2 games",
            "kingdom": "random:*",
            **random_kingdoms(args.games // 2, ["most-expensive", "most-expensive"]),
        }
    )
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{'matchup':62} {'g/s':>6} {'turns':>6} {'1st-player win [95% CI]':>26} {'bot0':>6}")
    for r in rows:
        lo, hi = r["first_player_ci95"]
        fp = f"{100 * r['first_player_win_rate']:5.1f}% [{100 * lo:4.1f}, {100 * hi:4.1f}]"
        b0 = f"{100 * r['bot0_win_rate']:5.1f}%" if "bot0_win_rate" in r else ""
        print(
            f"{r['matchup'][:62]:62} {r['games_per_s']:6.0f} {r['mean_turns_per_player']:6.1f} "
            f"{fp:>26} {b0:>6}"
        )
        if "ended_by" in r:
            print(f"{'':64}ended by: {r['ended_by']}")


if __name__ == "__main__":
    main()
