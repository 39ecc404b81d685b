"""Tournaments: stable rankings, ratings that agree with the win matrix, resume, planning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gametest.engine.errors import UsageError
from gametest.tournament import (
    Tournament,
    TournamentConfig,
    load_tournament,
    parse_kingdoms_option,
    standings,
)

BOTS = ["witch-bm", "bmu", "big-money", "random"]


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No cache or price table from the developer's machine."""
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GAMETEST_PRICES", str(tmp_path / "no-prices.toml"))


def play(cfg: TournamentConfig, out: Path, workers: int = 1, **kw: Any) -> dict[str, Any]:
    """Run to the end (or stop_after) and return the standings."""
    t = Tournament(cfg, out)
    t.run(workers, **kw)
    return standings(t, t.records(), bootstrap=30)


def without_timing(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records minus wall-clock fields, for comparing runs."""
    return [{k: v for k, v in r.items() if k != "seconds"} for r in recs]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_round_robin_ranking_is_stable(tmp_path: Path, seed: int) -> None:
    """witch-bm > bmu > big-money > random on a kingdom with Witch, whatever the seed."""
    cfg = TournamentConfig(BOTS, ["improvements"], games_per_pairing=30, seed=seed)
    st = play(cfg, tmp_path / "t")
    assert [p["name"] for p in st["participants"]] == BOTS
    assert st["games"] == 6 * 30 and st["complete"]
    for p in st["participants"]:
        assert p["interval"][0] <= p["rating"] <= p["interval"][1]
        assert p["games"] == p["wins"] + p["ties"] + p["losses"] == 90


def test_ratings_agree_with_win_matrix(tmp_path: Path) -> None:
    """Higher rating <=> better head-to-head score and better overall pairwise score."""
    cfg = TournamentConfig(BOTS, ["improvements"], games_per_pairing=30, seed=7)
    st = play(cfg, tmp_path / "t")
    m = st["win_matrix"]
    assert m["names"] == [p["name"] for p in st["participants"]]
    n = len(m["names"])
    for i in range(n):
        for j in range(i + 1, n):  # rows are in rating order: i is rated above j
            assert m["score"][i][j] >= 0.5
            assert m["score"][i][j] + m["score"][j][i] == pytest.approx(1.0)
            lo, hi = m["interval"][i][j]
            assert lo <= m["score"][i][j] <= hi
    scores = [p["pairwise_score"] for p in st["participants"]]
    assert scores == sorted(scores, reverse=True)


def test_resume_after_kill_gives_identical_results(tmp_path: Path) -> None:
    """Stop after K games (and cut the last line in half); rerun; same records and ratings."""
    cfg = TournamentConfig(BOTS[1:], ["first-game"], games_per_pairing=20, seed=3)
    full = play(cfg, tmp_path / "full")
    full_recs = without_timing(Tournament(cfg, tmp_path / "full").records())

    t = Tournament(cfg, tmp_path / "killed")
    assert t.run(1, stop_after=23) == 23
    games = tmp_path / "killed" / "games.jsonl"
    data = games.read_bytes()
    games.write_bytes(data[: len(data) - 40])  # a kill in the middle of a write
    assert len(Tournament(cfg, tmp_path / "killed").records()) == 22
    manifest = json.loads((tmp_path / "killed" / "manifest.json").read_text())
    assert manifest["status"] == "stopped"

    resumed = play(cfg, tmp_path / "killed")
    recs = Tournament(cfg, tmp_path / "killed").records()
    assert without_timing(recs) == full_recs
    assert len({r["key"] for r in recs}) == len(recs) == 60
    assert resumed == full
    # A finished tournament plays nothing.
    assert Tournament(cfg, tmp_path / "killed").run(2) == 0
    assert len(games.read_text().splitlines()) == 60


def test_workers_do_not_change_results(tmp_path: Path) -> None:
    """One process or two: the same games and the same standings."""
    cfg = TournamentConfig(BOTS[1:], ["first-game"], games_per_pairing=40, seed=11)
    one = play(cfg, tmp_path / "one", workers=1)
    two = play(cfg, tmp_path / "two", workers=2)
    assert one == two
    a = without_timing(Tournament(cfg, tmp_path / "one").records())
    b = without_timing(Tournament(cfg, tmp_path / "two").records())
    assert a == b


def test_seats_rotate_and_pairings_share_seeds(tmp_path: Path) -> None:
    """Each pair of games plays one seed from both seats; every table uses the same seeds."""
    cfg = TournamentConfig(BOTS[1:], ["first-game"], games_per_pairing=4)
    t = Tournament(cfg, tmp_path / "t")
    by_table: dict[tuple[int, ...], list[Any]] = {}
    for g in t.games:
        by_table.setdefault(g.table, []).append(g)
    seeds = None
    for table, gs in by_table.items():
        gs.sort(key=lambda g: g.index)
        assert [g.seats for g in gs] == [table, table[::-1]] * 2
        assert gs[0].seed == gs[1].seed != gs[2].seed == gs[3].seed
        seeds = seeds or [g.seed for g in gs]
        assert [g.seed for g in gs] == seeds


def test_gauntlet_tables(tmp_path: Path) -> None:
    """Every player meets every reference (never itself); references are rated too."""
    cfg = TournamentConfig(
        ["bmu", "smithy-bm", "big-money"],
        ["first-game"],
        format="gauntlet",
        references=["big-money", "random"],
        games_per_pairing=4,
    )
    t = Tournament(cfg, tmp_path / "g")
    roles = {p.name: p.role for p in t.participants}
    assert roles == {
        "bmu": "player",
        "smithy-bm": "player",
        "big-money": "reference",
        "random": "reference",
    }
    named = sorted(tuple(t.participants[i].name for i in tb) for tb in t.tables)
    assert named == [
        ("bmu", "big-money"),
        ("bmu", "random"),
        ("smithy-bm", "big-money"),
        ("smithy-bm", "random"),
    ]
    t.run(1)
    st = standings(t, t.records(), bootstrap=10)
    assert {p["name"] for p in st["participants"]} == set(roles)


def test_three_player_tables_and_multi_kingdom(tmp_path: Path) -> None:
    """Tables of three over two kingdoms: Plackett-Luce ratings and per-kingdom scores."""
    kingdoms = ["first-game", *parse_kingdoms_option("random:1", seed=5)]
    cfg = TournamentConfig(
        ["bmu", "big-money", "random", "smithy-bm"][:3],
        kingdoms,
        games_per_pairing=6,
        players_per_game=3,
    )
    st = play(cfg, tmp_path / "t3")
    assert st["games"] == 2 * 6
    assert [k["games"] for k in st["per_kingdom"]] == [6, 6]
    assert st["participants"][-1]["name"] == "random"
    assert all("pl_rating" in p for p in st["participants"])


def test_bad_configs_are_usage_errors(tmp_path: Path) -> None:
    """Wrong sizes, formats, unknown players or kingdoms: one clear UsageError."""
    bad = [
        TournamentConfig(["bmu"], ["first-game"]),
        TournamentConfig(["bmu", "big-money"], ["first-game"], format="swiss"),
        TournamentConfig(["bmu", "big-money"], ["first-game"], players_per_game=3),
        TournamentConfig(["bmu", "big-money"], ["first-game"], players_per_game=5),
        TournamentConfig(["bmu", "big-money"], ["first-game"], games_per_pairing=0),
        TournamentConfig(["bmu", "nope-bot"], ["first-game"]),
        TournamentConfig(["bmu", "big-money"], ["no-such-kingdom"]),
        TournamentConfig(["bmu", "big-money"], ["first-game", "first-game"]),
        TournamentConfig(["bmu"], ["first-game"], format="gauntlet"),
        TournamentConfig(["witch-bm", "bmu"], ["first-game"]),  # no Witch in first-game
    ]
    for cfg in bad:
        with pytest.raises(UsageError):
            Tournament(cfg, tmp_path / "x")


def test_load_tournament_for_reports(tmp_path: Path) -> None:
    """A results folder rebuilds its tournament without building any player."""
    cfg = TournamentConfig(["bmu", "big-money"], ["first-game"], games_per_pairing=4)
    t = Tournament(cfg, tmp_path / "r")
    t.run(1)
    again = load_tournament(tmp_path / "r")
    assert [p.name for p in again.participants] == [p.name for p in t.participants]
    assert len(again.records()) == 4
