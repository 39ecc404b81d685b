"""`gametest tournament` through click's runner: leaderboard, JSON, resume, files, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.commands import tournament as tournament_cmd

BOTS = ["-p", "witch-bm", "-p", "bmu", "-p", "big-money", "-p", "random"]


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), input=input)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Default results folders land in the test's own directory."""
    monkeypatch.chdir(tmp_path)


def test_leaderboard_table_and_json(tmp_path: Path) -> None:
    """A table on the terminal; --json gives one object with the per-participant fields."""
    code, out, err = run("tournament", "-k", "improvements", *BOTS, "-n", "12")
    assert code == 0, err
    assert "rating [95% CI]" in out and "win matrix" in out and "half wins" in out
    lines = [ln.split() for ln in out.splitlines() if ln[:2].strip().isdigit()]
    assert [ln[1] for ln in lines] == ["witch-bm", "bmu", "big-money", "random"]
    folders = list((tmp_path / "results").iterdir())
    assert len(folders) == 1 and (folders[0] / "games.jsonl").exists()

    code, out, err = run("tournament", "-k", "improvements", *BOTS, "-n", "12", "--json")
    assert code == 0 and "nothing to play" in err  # same command, same folder: all done
    data = json.loads(out)
    assert data["games"] == 72
    for p in data["participants"]:
        assert {"name", "rating", "interval", "games", "wins", "ties", "losses"} <= set(p)
        assert p["games"] == p["wins"] + p["ties"] + p["losses"]
    assert data["participants"][0]["name"] == "witch-bm"


def test_stopped_tournament_resumes_with_the_same_command(tmp_path: Path) -> None:
    """Stop after some games, rerun the same command: it resumes, and matches a clean run."""
    args = [
        "tournament",
        "-p",
        "bmu",
        "-p",
        "big-money",
        "-p",
        "random",
        "-n",
        "10",
        "--seed",
        "2",
        "--json",
    ]
    code, _, _ = run(*args, "--out", "a", "--stop-after", "7")
    assert code == 0
    assert len((tmp_path / "a" / "games.jsonl").read_text().splitlines()) == 7
    code, resumed, err = run(*args, "--out", "a")
    assert code == 0 and "7 of 30 games already played" in err
    code, clean, _ = run(*args, "--out", "b", "-j", "2")
    a, b = json.loads(resumed), json.loads(clean)
    a.pop("out"), b.pop("out")
    assert a == b


def test_run_from_toml_and_report(tmp_path: Path) -> None:
    """`tournament run FILE` plays; `tournament report DIR` writes Markdown and HTML."""
    (tmp_path / "t.toml").write_text(
        'players = ["bmu", "big-money", "random"]\nkingdoms = ["first-game", "random:3"]\n'
        'games_per_pairing = 6\nout = "res"\n'
    )
    code, out, err = run("tournament", "run", "t.toml")
    assert code == 0, err
    assert "first-game, random:3" in out
    code, out, err = run("tournament", "report", "res")
    assert code == 0, err
    md = (tmp_path / "res" / "report.md").read_text()
    page = (tmp_path / "res" / "report.html").read_text()
    assert "## Leaderboard" in md and "Ties count as half wins" in md and "## By kingdom" in md
    assert "data:image/png;base64," in page and "<table>" in page and "Wilson" in page
    assert (tmp_path / "res" / "win_matrix.png").read_bytes()[:4] == b"\x89PNG"


def test_gauntlet_and_random_kingdoms() -> None:
    """A gauntlet against two references over two random kingdoms."""
    code, out, err = run(
        "tournament",
        "--format",
        "gauntlet",
        "-p",
        "bmu",
        "-p",
        "big-money",
        "-r",
        "random",
        "--kingdoms",
        "random:2",
        "-n",
        "4",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert len(data["kingdoms"]) == 2 and data["games"] == 2 * 2 * 4
    roles = {p["name"]: p["role"] for p in data["participants"]}
    assert roles["random"] == "reference" and roles["bmu"] == "player"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give participants with --player"),
        (("-p", "bmu"), "at least 2 players"),
        (("-p", "bmu", "-p", "nobot"), "unknown player 'nobot'"),
        (("-p", "bmu", "-p", "big-money", "--format", "swiss"), "unknown --format 'swiss'"),
        (("-p", "bmu", "-p", "big-money", "--players-per-game", "7"), "players per game"),
        (("-p", "bmu", "-p", "big-money", "-n", "0"), "at least 1"),
        (("-p", "bmu", "-p", "big-money", "-j", "0"), "at least 1"),
        (("-p", "bmu", "-p", "big-money", "--kingdoms", "random:x"), "random:N"),
        (("-p", "bmu", "-p", "big-money", "-k", "nowhere"), "unknown kingdom 'nowhere'"),
        (("-p", "bmu", "-p", "big-money", "-r", "random"), "--reference is for"),
        (("-p", "bmu", "--format", "gauntlet"), "needs at least one --reference"),
        (("run", "missing.toml"), "tournament file not found"),
        (("report", "nowhere"), "no tournament in nowhere"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    """Every mistake exits 2 with a single line that says what is wrong."""
    code, _, err = run("tournament", *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert message in err


def test_human_seat_in_a_tournament(tmp_path: Path) -> None:
    """A human plays two games from typed input (garbage first); the records are complete."""
    typed = "what\n0\n" + "2\n" * 3 + "\n" * 400
    code, out, err = run(
        "tournament", "-p", "human", "-p", "big-money", "-n", "2", "--out", "h", input=typed
    )
    assert code == 0, err
    assert "Not understood" in out and out.count("Game over") == 2
    recs = [json.loads(x) for x in (tmp_path / "h" / "games.jsonl").read_text().splitlines()]
    assert len(recs) == 2 and all("human" in r["names"] for r in recs)
    assert sorted(r["names"].index("human") for r in recs) == [0, 1]  # seats rotate


def test_plain_progress_lines_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr is not a terminal here: a start line, count lines as games finish, an end line."""
    monkeypatch.setattr(tournament_cmd, "PROGRESS_EVERY", 0.0)  # a line per game, not per minute
    args = ["tournament", "-p", "bmu", "-p", "big-money", "-n", "4", "--out", "p"]
    code, _, err = run(*args, "--stop-after", "1")
    assert code == 0, err
    assert err.splitlines()[0] == "games: starting, 4 to do"
    code, _, err = run(*args)
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == "resuming in p: 1 of 4 games already played"
    assert lines[1] == "games: starting, 3 to do"
    assert [ln.split(" after ")[0] for ln in lines[2:5]] == [f"games: {i}/3" for i in (1, 2, 3)]
    assert lines[5].startswith("games: done, 3/3 in ") and len(lines) == 6
    code, _, err = run(*args)
    assert err.splitlines() == ["all 4 games already played in p; nothing to play"]
