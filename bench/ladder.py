"""Ladder build benchmark: wall time to build a 12-rung ladder, and the rungs' win-rate spread.

Usage: python bench/ladder.py [--kingdom K] [--game G] [--games N] [--rungs N] [-j N] [--json]
Builds in this process (plus workers with -j) against the game's reference opponents.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time

from gametest.engine.registry import get_game
from gametest.ladder.build import LadderOptions, build_ladder


def main() -> None:
    """Build one ladder, print the time it took, candidates screened and the rungs' spread."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--game", default="dominion")
    ap.add_argument("--kingdom", default="first-game")
    ap.add_argument("--games", type=int, default=400, help="games per rung per opponent")
    ap.add_argument("--rungs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-j", "--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    game = get_game(a.game)
    cards = game.parse_kingdom(a.kingdom)
    opps = list(getattr(game, "reference_opponents", ()))
    t0 = time.perf_counter()
    lad = build_ladder(
        game, cards, a.kingdom, LadderOptions(opps, a.rungs, a.games, a.seed, None, a.workers)
    )
    secs = time.perf_counter() - t0
    rates = [r["win_rate"] for r in lad["rungs"]]
    out = {
        "game": a.game,
        "kingdom": a.kingdom,
        "rungs": len(rates),
        "games_per_opponent": a.games,
        "opponents": opps,
        "workers": a.workers,
        "candidates": lad["candidates"],
        "seconds": round(secs, 2),
        "win_rates": [round(r, 3) for r in rates],
        "max_gap": round(max(b - x for x, b in itertools.pairwise(rates)), 3),
    }
    if a.json:
        print(json.dumps(out))
        return
    print(
        f"{a.game} {a.kingdom}: {out['rungs']} rungs from {out['candidates']} candidates, "
        f"{a.games} games per rung per opponent ({', '.join(opps)}), -j {a.workers}: "
        f"{secs:.1f} s"
    )
    print("win rates: " + " ".join(f"{100 * r:.1f}%" for r in rates))
    print(f"largest gap between neighbouring rungs: {100 * out['max_gap']:.1f} points")


if __name__ == "__main__":
    main()
