"""advise, compile-advice, and play/simulate with llm:scripted players, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gametest.cli import main

GOOD = {
    "strategy": {
        "gain": [
            {"card": "Province", "if": "total_money > 15"},
            "Gold",
            {"card": "Smithy", "limit": 1},
            "Silver",
        ]
    },
    "unexpressible": [],
}


def run(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI; return exit code, stdout and stderr."""
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def test_advise_compile_simulate_play(tmp_path: Path, isolated: Path) -> None:
    code, out, err = run(
        "advise",
        "-k",
        "first-game",
        "-b",
        "scripted:echo",
        "-n",
        "2",
        "--template",
        "expert-coach",
        "--max-words",
        "60",
    )
    assert code == 0, err
    ids = out.split()
    assert len(ids) == 2 and all((isolated / f"{i}.json").exists() for i in ids)
    assert "wrote 2 advice" in err and "expert-coach" in err
    rec = json.loads((isolated / f"{ids[0]}.json").read_text())
    assert rec["provenance"]["template"]["id"] == "expert-coach"

    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps([{"strategy": {"gain": ["Witch"]}, "unexpressible": []}, GOOD]))
    strat = tmp_path / "compiled.json"
    code, out, err = run(
        "compile-advice", ids[0], "-b", f"scripted:file={replies}", "-o", str(strat)
    )
    assert code == 0, err
    assert out.strip() == str(strat) and "after 1 repairs" in err
    doc = json.loads(strat.read_text())
    assert doc["name"] == f"compiled-{ids[0]}" and doc["gain"][1] == "Gold"

    code, out, err = run("simulate", "-p", str(strat), "-p", "big-money", "-n", "4", "--json")
    assert code == 0, err
    assert json.loads(out)["games"] == 4

    games = tmp_path / "games.jsonl"
    code, out, err = run(
        "simulate",
        "-p",
        "llm:scripted:first",
        "-p",
        "big-money",
        "-n",
        "2",
        "--advice",
        ids[0],
        "--backend-opt",
        "prompt=compact",
        "--out",
        str(games),
    )
    assert code == 0, err
    recs = [json.loads(line) for line in games.read_text().splitlines()]
    assert len(recs) == 2
    for r in recs:
        seat = r["specs"].index(next(s for s in r["specs"] if s.startswith("llm:")))
        info = r["extra"]["players"][str(seat)]
        assert info["advice"] == ids[0] and info["settings"]["prompt"] == "compact"
        assert info["stats"]["calls"] > 0 and info["stats"]["own"] == info["stats"]["asked"]
        comp = info["compliance"]
        assert comp["gain_decisions"] > 0 and 0.0 <= comp["share"] <= 1.0
    code, out, err = run("compliance", str(games), "--compiled", str(strat))
    assert code == 0, err
    replayed = [json.loads(line) for line in out.splitlines()]
    assert [r["share"] for r in replayed] == [
        r["extra"]["players"][
            str(r["specs"].index(next(s for s in r["specs"] if s.startswith("llm:"))))
        ]["compliance"]["share"]
        for r in recs
    ]
    assert "2 LLM seats, mean compliance" in err

    code, out, err = run(
        "simulate", "-p", "big-money", "-p", "llm:scripted:first", "-n", "2", "--json"
    )
    llm = json.loads(out)["llm"]
    assert [r["name"] for r in llm] == ["llm:scripted:first"]
    assert llm[0]["games"] == 2 and llm[0]["calls_per_game"] > 0 and llm[0]["own_share"] == 1.0
    code, out, err = run("simulate", "-p", "big-money", "-p", "llm:scripted:first", "-n", "2")
    assert "llm:scripted:first: " in out and "LLM calls/game" in out

    code, out, err = run(
        "play", "-p", "llm:scripted:first", "-p", "big-money", "--seed", "3", "--json"
    )
    assert code == 0, err
    stats = json.loads(out)["extra"]["players"]["0"]["stats"]
    assert stats["calls"] == stats["asked"] > 0


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    code, _, err = run("advise", "-b", "scripted:echo", "--template", "nope")
    assert code == 2 and "unknown advice template 'nope'" in err
    code, _, err = run("compile-advice", "deadbeef0000", "-b", "scripted:first")
    assert code == 2 and "advice 'deadbeef0000' is not in the store" in err
    code, _, err = run("simulate", "-p", "big-money", "-p", "bmu", "-n", "2", "--advice", "x")
    assert code == 2 and "not in the store" in err
    code, _, err = run(
        "simulate", "-p", "big-money", "-p", "bmu", "-n", "2", "--backend-opt", "prompt=compact"
    )
    assert code == 2 and "apply to llm: players" in err
    code, _, err = run("compile-advice", "deadbeef0000", "-b", "nosuch:model")
    assert code == 2
    bad = tmp_path / "bad.txt"
    bad.write_text("Buy Witches.")
    code, _, err = run(
        "compile-advice",
        str(bad),
        "-k",
        "first-game",
        "-b",
        "scripted:reply=nonsense",
        "--max-repairs",
        "1",
    )
    assert code == 1 and "did not compile after 1 repairs" in err
