"""The numbers behind each simulation chart, checked against values computed independently.

The independent values come from the engine's own structured event log (a logged re-play of
each record through play_game), counting gains and trashes per seat from the starting deck,
so they share no code with the snapshot hook or the aggregation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest

from gametest.engine.loop import play_game
from gametest.engine.player import Player
from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch
from gametest.viewer.series import build_series, last_turn
from gametest.viewer.snapshots import trace_game

VP = {"Estate": 1, "Duchy": 3, "Province": 6, "Curse": -1}
COINS = {"Copper": 1, "Silver": 2, "Gold": 3}
NAMES = ["smithy-bm", "militia-bm"]


class _Replayer(Player):
    def __init__(self, name: str, choices: list[list[int]], cursor: list[int]) -> None:
        self.name, self.choices, self.cursor = name, choices, cursor

    def decide(self, view: Any, d: Any) -> list[int]:
        self.cursor[0] += 1
        return self.choices[self.cursor[0] - 1]


def owned_by_turn(rec: dict[str, Any]) -> list[list[Counter[str]]]:
    """Per seat, the cards owned at the end of each of its turns, from the event log alone."""
    game = get_game("dominion")
    cursor = [0]
    players = [_Replayer(n, rec["choices"], cursor) for n in rec["players"]]
    res = play_game(game, rec["kingdom"], players, rec["seed"], rec["first"], log=True)
    owned = [Counter({"Copper": 7, "Estate": 3}) for _ in rec["players"]]
    out: list[list[Counter[str]]] = [[] for _ in rec["players"]]
    last: tuple[int, int] | None = None  # (seat, turn) under way
    for ev in res.events or []:
        _, seat, what, *d = ev
        if what == "turn":
            if last is not None:
                out[last[0]].append(Counter(owned[last[0]]))
            last = (seat, d[0])
        elif what == "gain":
            owned[seat][d[0]] += 1
        elif what == "trash":
            owned[seat][d[0]] -= 1
    assert last is not None
    out[last[0]].append(Counter(owned[last[0]]))
    return out


def vp(c: Counter[str]) -> int:
    return sum(VP.get(k, 0) * v for k, v in c.items())


def density(c: Counter[str]) -> float:
    return sum(COINS.get(k, 0) * v for k, v in c.items()) / sum(c.values())


@pytest.fixture(scope="module")
def run() -> tuple[list[dict[str, Any]], list[list[list[Counter[str]]]]]:
    """20 seeded games of smithy-bm against militia-bm (Militia makes discards; Curse-free)."""
    kingdom = get_game("dominion").parse_kingdom("first-game")
    recs = collect(run_batch("dominion", kingdom, NAMES, plan(20, 2, 11)))
    return recs, [owned_by_turn(r) for r in recs]


def _at(series: Sequence[Counter[str]], k: int) -> Counter[str]:
    return series[min(k, len(series) - 1)]


def test_snapshots_match_the_event_log(run: Any) -> None:
    recs, owned = run
    for rec, seats in zip(recs, owned, strict=True):
        tr = trace_game(rec)
        for seat in range(2):
            snaps = tr.seat_turns(seat)
            assert len(snaps) == rec["turns"][seat] == len(seats[seat])
            for snap, c in zip(snaps, seats[seat], strict=True):
                assert {k: v for k, v in snap.owned.items() if v} == {
                    k: v for k, v in c.items() if v
                }
                assert snap.score == vp(c)
                assert snap.money_density == pytest.approx(density(c))
        assert [tr.seat_turns(s)[-1].score for s in range(2)] == rec["scores"]


def test_chart_numbers(run: Any) -> None:
    recs, owned = run
    s = build_series(recs, NAMES)
    lengths = [max(r["turns"]) for r in recs]
    assert s.turns == last_turn(lengths) and s.turns <= max(lengths)
    assert s.lengths == Counter(lengths)
    assert s.ended_by == Counter(r["ended_by"] for r in recs)
    for p in range(2):
        games = [seats[r["seats"].index(p)] for r, seats in zip(recs, owned, strict=True)]
        for k in (0, 5, 10, s.turns - 1):
            at = [_at(g, k) for g in games]
            assert s.vp_mean[p][k] == pytest.approx(sum(vp(c) for c in at) / len(at))
            assert s.vp_low[p][k] <= s.vp_mean[p][k] <= s.vp_high[p][k]
            assert s.density[p][k] == pytest.approx(sum(density(c) for c in at) / len(at))
            for card in ("Silver", "Gold", "Province"):
                mean = sum(c[card] for c in at) / len(at)
                assert s.cards[p].get(card, [0.0] * s.turns)[k] == pytest.approx(mean)
        # win rate by place in turn order (batch games start with seat 0)
        for pos in range(2):
            mine = [r for r in recs if r["seats"][pos] == p]
            pts = sum((1.0 if len(r["winners"]) == 1 else 0.5) for r in mine if pos in r["winners"])
            assert s.win_rate_by_seat(p)[pos] == pytest.approx(pts / len(mine))
    assert "Smithy" in s.cards[0] and "Militia" in s.cards[1]


def test_last_turn_share() -> None:
    assert last_turn([10] * 99 + [40]) == 10
    assert last_turn([10] * 98 + [40, 41]) == 40
    assert last_turn([]) == 0
