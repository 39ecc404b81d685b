"""The turn-snapshot hook on every registered game: one snapshot per turn taken, true to the end."""

from __future__ import annotations

import copy

import pytest

from gametest.engine.record import ReplayError
from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch
from gametest.viewer.snapshots import trace_game

GAMES = {
    "dominion": ("improvements", ["bmu", "witch-bm", "random"]),
    "embermarch": ("standard", ["ashguard-rush", "tidecaller-laurels", "random"]),
}


@pytest.mark.parametrize("name", sorted(GAMES))
def test_every_turn_is_snapshotted(name: str) -> None:
    kspec, players = GAMES[name]
    recs = collect(run_batch(name, get_game(name).parse_kingdom(kspec), players, plan(6, 3, 5)))
    for rec in recs:
        tr = trace_game(rec)
        assert len(tr.turns) == sum(rec["turns"])
        assert len(tr.decisions) == len(rec["choices"])
        for seat in range(3):
            snaps = tr.seat_turns(seat)
            assert len(snaps) == rec["turns"][seat]
            assert tr.turns[-1].seats[seat].score == rec["scores"][seat]
            assert all(s.cards == sum(s.owned.values()) for s in snaps)
        # turns alternate in seat order from the first player
        assert [t.seat for t in tr.turns[:3]] == [(rec["first"] + i) % 3 for i in range(3)]


def test_a_tampered_record_does_not_replay() -> None:
    game = get_game("dominion")
    kingdom = game.parse_kingdom("first-game")
    rec = collect(run_batch("dominion", kingdom, ["bmu", "bmu"], plan(1, 2, 1)))[0]
    short = copy.deepcopy(rec)
    short["choices"] = short["choices"][:-3]
    with pytest.raises(ReplayError):
        trace_game(short)
    wrong = copy.deepcopy(rec)
    wrong["scores"] = [s + 1 for s in rec["scores"]]
    with pytest.raises(ReplayError):
        trace_game(wrong)
