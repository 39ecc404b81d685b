"""The public API: lazy re-exports, simulate with specs or objects, run folders as DataFrames."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import gametest
from gametest.engine.errors import UsageError
from gametest.players.random_player import RandomPlayer

ROOT = Path(__file__).resolve().parent.parent


def test_import_gametest_loads_nothing_heavy() -> None:
    code = (
        "import sys, gametest; gametest.__version__; "
        "print(sorted(m for m in ('numpy', 'scipy', 'pandas', 'gametest.api') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reexports_resolve_and_unknown_names_fail() -> None:
    for name in gametest.__all__:
        assert getattr(gametest, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        gametest.nope  # noqa: B018


def test_simulate_with_objects_matches_specs_serial_and_with_workers() -> None:
    game = gametest.get_game("dominion")
    kingdom = game.parse_kingdom("first-game")
    by_spec = gametest.simulate(["smithy-bm", "big-money"], game, kingdom, games=120, seed=4)
    bot = gametest.make_player("smithy-bm", game, kingdom)
    by_obj = gametest.simulate([bot, "big-money"], "dominion", "first-game", games=120, seed=4)
    two = gametest.simulate([bot, "big-money"], game, kingdom, games=120, seed=4, workers=2)
    key = [(r["index"], r["scores"], r["winners"]) for r in by_spec.records]
    assert key == [(r["index"], r["scores"], r["winners"]) for r in by_obj.records]
    assert key == [(r["index"], r["scores"], r["winners"]) for r in two.records]
    assert by_obj.to_dict()["players"] == by_spec.to_dict()["players"]
    assert by_obj.players[0].wins + by_obj.players[0].ties + by_obj.players[0].losses == 120
    lean = gametest.simulate(["smithy-bm", "big-money"], game, kingdom, 120, 4, 2, choices=False)
    assert key == [(r["index"], r["scores"], r["winners"]) for r in lean.records]
    assert lean.to_dict() == by_spec.to_dict()
    assert all("choices" in r for r in two.records) and not any(
        "choices" in r for r in lean.records
    )


def test_simulate_output_equals_the_cli_json() -> None:
    from click.testing import CliRunner

    from gametest.cli import main

    r = CliRunner().invoke(
        main, ["simulate", "-p", "bmu", "-p", "random", "-n", "30", "--seed", "2", "--json"]
    )
    assert r.exit_code == 0, r.output
    sim = gametest.simulate(["bmu", "random"], games=30, seed=2)
    assert json.loads(r.output) == json.loads(json.dumps(sim.to_dict()))


class _Unpicklable(RandomPlayer):
    def __reduce__(self) -> object:
        raise TypeError("not today")


def test_simulate_rejects_bad_input_in_one_line() -> None:
    with pytest.raises(UsageError, match="takes 2 to 6 players, got 1"):
        gametest.simulate(["bmu"])
    with pytest.raises(UsageError, match="unknown player 'nobot'"):
        gametest.simulate(["bmu", "nobot"])
    with pytest.raises(UsageError, match=r"cannot be sent to worker processes.*workers=1"):
        gametest.simulate([_Unpicklable(), "bmu"], games=200, workers=2)


def test_load_run_reads_the_reference_run() -> None:
    pytest.importorskip("pandas")
    run = gametest.load_run(ROOT / "results" / "reference-smollm2")
    games, advice, ratings = run.games_df(), run.advice_df(), run.ratings_df()
    lines = (ROOT / "results" / "reference-smollm2" / "games.jsonl").read_text().count("\n")
    assert len(games) == lines
    assert {"advice_id", "mode", "opponent", "outcome"} <= set(games.columns)
    assert set(games["advice_id"]) <= set(advice["id"])
    assert {"role", "control", "words", "provenance.backend"} <= set(advice.columns)
    assert {"kind", "judge", "overall"} <= set(ratings.columns)
    assert run.manifest and len(run.compile_df()) > 0


def test_load_run_gives_typed_records() -> None:
    run = gametest.load_run(ROOT / "results" / "reference-smollm2")
    games, ratings = run.games(), run.ratings()
    assert len(games) == len(run.records("games")) and all(0 <= g.outcome <= 1 for g in games)
    assert {r.kind for r in ratings} == {r["kind"] for r in run.records("ratings")}
    assert {a.id for a in run.advice()} >= {c.advice_id for c in run.compiles()}
    assert all(c.backend for c in run.llm_calls())
    with pytest.raises(UsageError, match="unknown record file 'game'"):
        run.records("game")


def test_load_run_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a run folder"):
        gametest.load_run(tmp_path / "missing")
    with pytest.raises(UsageError, match="not a run folder"):
        gametest.load_run(tmp_path)


def test_dataframes_without_pandas_say_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "advice.jsonl").write_text("")
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(UsageError, match=r"pip install 'gametest\[pandas\]'"):
        gametest.load_run(tmp_path).advice_df()


def test_simulate_checks_a_kingdom_given_as_card_names() -> None:
    game = gametest.get_game("dominion")
    cards = game.parse_kingdom("first-game")
    sim = gametest.simulate(["bmu", "big-money"], game, cards, games=4)
    assert sim.kingdom == cards
    with pytest.raises(UsageError, match="Smithee"):
        gametest.simulate(["bmu", "big-money"], game, [*cards[:9], "Smithee"], games=4)
