"""What the simulation charts cost: playing games vs replaying their records for snapshots.

Usage: python bench/viewer.py [--games N] [--repeat R] [--json]
Records are unchanged (the charts' per-turn snapshots come from replaying each record's
choices), so the cost is all at report time: the replay with the event log and a snapshot per
turn, the aggregation, and drawing six PNGs. Each step is timed on one core, best of R runs,
next to the time the same games took to play, and the size the snapshots would add to each
record (compact JSON) if they were stored instead.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from typing import Any

from gametest.engine.record import replay
from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch
from gametest.viewer.series import build_series
from gametest.viewer.sim_report import chart_files
from gametest.viewer.snapshots import trace_game

MATCHUPS = [
    ("dominion", "first-game", ["smithy-bm", "bmu"]),
    ("embermarch", "standard", ["ashguard-rush", "tidecaller-laurels"]),
]


def best(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of `repeat` runs of f, and its result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def _traces(recs: list[dict[str, Any]]) -> list[Any]:
    """Replay with snapshots, as the report does (collector paused while the results pile up)."""
    gc.disable()
    try:
        return [trace_game(r) for r in recs]
    finally:
        gc.enable()


def measure(game: str, kspec: str, specs: list[str], n: int, repeat: int) -> dict[str, Any]:
    kingdom = get_game(game).parse_kingdom(kspec)
    games = plan(n, len(specs), seed=7)
    t_play, recs = best(lambda: collect(run_batch(game, kingdom, specs, games)), repeat)
    t_replay, _ = best(lambda: [replay(r) for r in recs], repeat)
    t_trace, traces = best(lambda: _traces(recs), repeat)
    per_seat = [[tr.seat_turns(s) for s in range(len(specs))] for tr in traces]
    t_series, series = best(lambda: build_series(recs, specs, per_seat), repeat)
    t_charts, _ = best(lambda: chart_files(series), repeat)
    turns = sum(sum(r["turns"]) for r in recs)
    # the alternative: storing each turn's snapshot (score, coins, cards, counts) in the record
    stored = [
        [
            [t.seat, t.seats[t.seat].score, t.seats[t.seat].money, t.seats[t.seat].owned]
            for t in tr.turns
        ]
        for tr in traces
    ]
    record_bytes = sum(len(json.dumps(r, separators=(",", ":"))) for r in recs) / n
    snapshot_bytes = sum(len(json.dumps(x, separators=(",", ":"))) for x in stored) / n
    return {
        "matchup": f"{game}: {' vs '.join(specs)} ({kspec})",
        "games": n,
        "play_ms_per_game": round(1000 * t_play / n, 3),
        "replay_ms_per_game": round(1000 * t_replay / n, 3),
        "trace_ms_per_game": round(1000 * t_trace / n, 3),
        "snapshot_us_per_turn": round(1e6 * (t_trace - t_replay) / turns, 2),
        "series_ms": round(1000 * t_series, 1),
        "charts_ms": round(1000 * t_charts, 1),
        "report_vs_play": round((t_trace + t_series + t_charts) / t_play, 2),
        "record_bytes_per_game": round(record_bytes),
        "stored_snapshot_bytes_per_game": round(snapshot_bytes),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows = [measure(g, k, s, a.games, a.repeat) for g, k, s in MATCHUPS]
    if a.json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        print(
            f"{r['matchup']}: {r['games']} games; play {r['play_ms_per_game']} ms/game, "
            f"replay {r['replay_ms_per_game']}, replay+snapshots {r['trace_ms_per_game']} "
            f"ms/game ({r['snapshot_us_per_turn']} us per turn for the log and snapshots); "
            f"aggregation {r['series_ms']} ms, six charts {r['charts_ms']} ms; the whole "
            f"report takes {r['report_vs_play']}x the time the games took to play. A record is "
            f"{r['record_bytes_per_game']} bytes; storing the snapshots in it would add "
            f"{r['stored_snapshot_bytes_per_game']} bytes per game"
        )


if __name__ == "__main__":
    main()
