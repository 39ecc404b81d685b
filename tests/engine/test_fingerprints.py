"""Pinned record digests: the same seeds give the same records, bit for bit, across engine changes.

Each case plays a seeded batch (paired seeds, rotated seats) and hashes every record's final-state
fingerprint, its choices, scores, winners, turns and end reason (and, where logged, its events).
The pinned values were computed before the engine was optimised; a speed-up that changes any
record fails here. A game whose version changes re-pins its cases on purpose:
`python -m tests.engine.test_fingerprints` prints the current digests.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch

# (id, game, kingdom spec, player specs, games, batch seed, log)
CASES: list[tuple[str, str, str, list[str], int, int, bool]] = [
    ("smithy-bm-vs-bmu", "dominion", "first-game", ["smithy-bm", "bmu"], 100, 11, False),
    ("bmu-mirror", "dominion", "first-game", ["bmu", "bmu"], 100, 12, False),
    (
        "village-smithy-vs-lab-market",
        "dominion",
        "Village,Smithy,Laboratory,Market,Cellar,Chapel,Moat,Witch,Mine,Bandit",
        ["village-smithy", "lab-market"],
        40,
        13,
        False,
    ),
    ("witch-bm-vs-bmu", "dominion", "improvements", ["witch-bm", "bmu"], 40, 14, False),
    (
        "four-bots-witch-moat",
        "dominion",
        "Witch,Moat,Militia,Chapel,Smithy,Festival,Library,Moneylender,Council Room,Laboratory",
        ["witch-bm", "moat-bm", "militia-bm", "chapel-bm"],
        24,
        15,
        False,
    ),
    (
        "three-bots-engines",
        "dominion",
        "Festival,Library,Council Room,Moneylender,Village,Smithy,Laboratory,Market,Moat,Witch",
        ["festival-library", "council-room-bm", "moneylender-bm"],
        18,
        16,
        False,
    ),
    ("bmu-vs-big-money-logged", "dominion", "first-game", ["bmu", "big-money"], 10, 17, True),
    (
        "embermarch-rush-vs-laurels",
        "embermarch",
        "standard",
        ["ashguard-rush", "tidecaller-laurels"],
        40,
        21,
        False,
    ),
    (
        "embermarch-wall-vs-cull",
        "embermarch",
        "standard",
        ["verdant-wall", "gravewright-cull"],
        40,
        22,
        False,
    ),
    (
        "embermarch-four-bots-full",
        "embermarch",
        "full",
        ["ashguard-rush", "tidecaller-laurels", "verdant-wall", "most-expensive"],
        16,
        23,
        False,
    ),
    (
        "embermarch-three-logged",
        "embermarch",
        "standard",
        ["gravewright-cull", "most-expensive", "ashguard-rush"],
        6,
        24,
        True,
    ),
]
# Random players over random kingdoms: (id, game, kingdom seeds, players per game, games each)
RANDOM_CASES: list[tuple[str, str, str, range, int]] = [
    ("dominion-random", "dominion", "random", range(0, 30), 2),
    ("dominion-random-all", "dominion", "random-all", range(30, 60), 2),
    ("embermarch-random", "embermarch", "random", range(0, 30), 2),
]

# Computed from the engine at commit f4ea496 (before the speed work).
PINNED: dict[str, str] = {
    "smithy-bm-vs-bmu": "1a52598879f26a5a",
    "bmu-mirror": "adb0a74da7557142",
    "village-smithy-vs-lab-market": "8013b2f3699eab60",
    "witch-bm-vs-bmu": "7d12d960117448c3",
    "four-bots-witch-moat": "f5cb94884b2c9a71",
    "three-bots-engines": "dd1e0717f7c03acf",
    "bmu-vs-big-money-logged": "c22b83c28aa4ef41",
    "embermarch-rush-vs-laurels": "1086c4344fbdf4db",
    "embermarch-wall-vs-cull": "448974715b585b76",
    "embermarch-four-bots-full": "6a432ee66a910677",
    "embermarch-three-logged": "ebe1f4401d8cb3a3",
    "dominion-random": "fa9694d4acd0befc",
    "dominion-random-all": "6d6aebbba668a096",
    "embermarch-random": "56e9e842b16ce52c",
}


def _record_digest(rec: dict[str, Any]) -> list[Any]:
    choices = hashlib.sha256(json.dumps(rec["choices"]).encode()).hexdigest()[:16]
    out: list[Any] = [
        rec["fingerprint"],
        choices,
        rec["scores"],
        rec["winners"],
        rec["turns"],
        rec["ended_by"],
    ]
    if "events" in rec:
        out.append(hashlib.sha256(json.dumps(rec["events"]).encode()).hexdigest()[:16])
    return out


def _digest(records: list[dict[str, Any]]) -> str:
    rows = [_record_digest(r) for r in records]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


def _batch(game: str, kspec: str, specs: list[str], n: int, seed: int, log: bool) -> str:
    kingdom = get_game(game).parse_kingdom(kspec)
    return _digest(collect(run_batch(game, kingdom, specs, plan(n, len(specs), seed), log=log)))


def _random(game: str, kind: str, kseeds: range, n_games: int) -> str:
    records: list[dict[str, Any]] = []
    g = get_game(game)
    for k in kseeds:
        n_players = g.min_players + k % (g.max_players - g.min_players + 1)
        kingdom = g.parse_kingdom(f"{kind}:{k}")
        specs = ["random"] * n_players
        records += collect(run_batch(game, kingdom, specs, plan(n_games, n_players, 1000 + k)))
    return _digest(records)


def current() -> dict[str, str]:
    """Every case's digest under the code as it is now."""
    out = {c[0]: _batch(*c[1:]) for c in CASES}
    out.update({c[0]: _random(*c[1:]) for c in RANDOM_CASES})
    return out


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bot_records_are_unchanged(case: tuple[str, str, str, list[str], int, int, bool]) -> None:
    assert _batch(*case[1:]) == PINNED[case[0]]


@pytest.mark.parametrize("case", RANDOM_CASES, ids=[c[0] for c in RANDOM_CASES])
def test_random_player_records_are_unchanged(case: tuple[str, str, str, range, int]) -> None:
    assert _random(*case[1:]) == PINNED[case[0]]


def test_a_changed_choice_changes_the_digest() -> None:
    kingdom = get_game("dominion").parse_kingdom("first-game")
    recs = collect(run_batch("dominion", kingdom, ["bmu", "bmu"], plan(2, 2, 1)))
    before = _digest(recs)
    recs[1]["choices"][3] = [*recs[1]["choices"][3], 0]
    assert _digest(recs) != before


if __name__ == "__main__":
    for name, value in current().items():
        print(f'    "{name}": "{value}",')
