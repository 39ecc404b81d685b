"""The engine-facing commands through click's runner, including the bad-input cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.record import replay


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_games_cards_bots() -> None:
    code, out, _ = run("games")
    assert code == 0 and "dominion@1" in out
    code, out, _ = run("cards")
    assert code == 0 and "Throne Room ($4, Action)" in out and "Adventurer" in out
    code, out, _ = run("cards", "witch")
    assert code == 0 and out.startswith("Witch ($5, Action - Attack): +2 Cards.")
    code, out, _ = run("bots")
    assert code == 0 and "bmu" in out and "random" in out and "witch-bm" in out


def test_play_prints_a_readable_game() -> None:
    code, out, _ = run("play", "-p", "bmu", "-p", "smithy-bm", "--seed", "4")
    assert code == 0
    assert "seed 4" in out and "turn 1 -- hand:" in out and " buys " in out
    assert "Game over" in out and "*winner*" in out


def test_play_json_record_replays() -> None:
    code, out, _ = run("play", "-p", "random", "-p", "big-money", "--seed", "9", "--json")
    assert code == 0
    rec = json.loads(out)
    assert replay(rec).fingerprint == rec["fingerprint"]


def test_simulate_json_and_out(tmp_path: Path) -> None:
    out_file = tmp_path / "games.jsonl"
    code, out, _ = run(
        "simulate",
        "-p",
        "smithy-bm",
        "-p",
        "big-money",
        "-n",
        "40",
        "--seed",
        "3",
        "--json",
        "--out",
        str(out_file),
    )
    assert code == 0
    res = json.loads(out)
    assert res["games"] == 40 and res["mean_turns"] > 10
    names = [p["name"] for p in res["players"]]
    assert names == ["smithy-bm", "big-money"]
    for p in res["players"]:
        assert p["wins"] + p["ties"] + p["losses"] == 40
        lo, hi = p["win_rate_ci95"]
        assert lo <= p["win_rate"] <= hi
    lines = out_file.read_text().splitlines()
    assert len(lines) == 40 and [json.loads(x)["index"] for x in lines] == list(range(40))
    # Workers write each whole record (the summary gets only outcomes): it still replays.
    last = json.loads(lines[-1])
    assert replay(last).fingerprint == last["fingerprint"]


def test_simulate_table_and_worker_independence() -> None:
    a = run("simulate", "-p", "bmu", "-p", "random", "-n", "120", "--json")
    b = run("simulate", "-p", "bmu", "-p", "random", "-n", "120", "--json", "-j", "2")
    assert a[0] == b[0] == 0 and json.loads(a[1]) == json.loads(b[1])
    code, out, _ = run("simulate", "-p", "bmu", "-p", "big-money", "-n", "20")
    assert code == 0 and "win rate [95% CI]" in out and "bmu" in out


def test_strategy_schema_and_check(tmp_path: Path) -> None:
    code, out, _ = run("strategy", "schema")
    assert code == 0 and json.loads(out)["required"] == ["gain"]
    good = tmp_path / "good.toml"
    good.write_text('gain = ["Province", "Gold", { card = "Smithy", limit = 1 }, "Silver"]\n')
    code, out, _ = run("strategy", "check", str(good))
    assert code == 0 and out.startswith("ok: good")
    code, out, _ = run("simulate", "-p", str(good), "-p", "bmu", "-n", "10")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cards", "smithyy"), "unknown card 'smithyy' (did you mean Smithy"),
        (("play", "-p", "bmu", "-k", "cellar,moat"), "needs 10 Kingdom cards, got 2"),
        (
            (
                "play",
                "-p",
                "bmu",
                "-p",
                "bmu",
                "-k",
                "Smithy,Smithy,Cellar,Moat,Market,Mine,Village,Witch,Festival,Library",
            ),
            "Smithy is listed twice",
        ),
        (("simulate", "-p", "bmu"), "takes 2 to 6 players, got 1"),
        (("simulate",) + ("-p", "bmu") * 7, "takes 2 to 6 players, got 7"),
        (("simulate", "-p", "witch-bm", "-p", "bmu"), "Witch is not in this kingdom"),
        (("simulate", "-p", "bmuu", "-p", "bmu"), "unknown player 'bmuu' (did you mean bmu"),
        (("simulate", "-p", "nofile.toml", "-p", "bmu"), "strategy file not found"),
        (("play", "--game", "chess", "-p", "bmu", "-p", "bmu"), "unknown game 'chess'"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    code, _out, err = run(*args)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_invalid_strategy_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('gain = [{ card = "Gold", if = "total_mony > 3" }]\n')
    code, _, err = run("strategy", "check", str(bad))
    assert code == 2
    assert "gain[0].if: unknown name 'total_mony' (did you mean total_money?)" in err
