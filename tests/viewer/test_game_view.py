"""The viewer's data: frames per turn in both games, experiment games rebuilt, LLM, compliance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.registry import get_game
from gametest.harness.batch import collect, plan, run_batch
from gametest.viewer.game_view import build_view
from gametest.viewer.sources import load_source
from gametest.viewer.viewer_html import render_viewer

REFERENCE = Path(__file__).resolve().parents[2] / "results" / "reference-smollm2"


def _line_of(path: Path, pred: object) -> tuple[int, dict[str, object]]:
    for i, line in enumerate(path.read_text().splitlines(), 1):
        rec = json.loads(line)
        if pred(rec):  # type: ignore[operator]
            return i, rec
    raise AssertionError("no such game")


@pytest.mark.parametrize(
    ("name", "kspec", "players"),
    [
        ("dominion", "first-game", ["militia-bm", "bmu"]),
        ("embermarch", "standard", ["ashguard-rush", "verdant-wall"]),
    ],
)
def test_one_frame_per_turn(tmp_path: Path, name: str, kspec: str, players: list[str]) -> None:
    kingdom = get_game(name).parse_kingdom(kspec)
    rec = collect(run_batch(name, kingdom, players, plan(1, 2, 3)))[0]
    path = tmp_path / "game.json"
    path.write_text(json.dumps(rec))
    data = build_view(load_source(path))
    frames = data["frames"]
    assert len(frames) == 1 + sum(rec["turns"])
    assert [s["score"] for s in frames[-1]["seats"]] == rec["scores"]
    assert sum(len(f["decisions"]) for f in frames) == len(rec["choices"])
    assert all(len(f["hand"]) > 0 for f in frames[1:])
    assert frames[1]["seat"] == rec["first"] and frames[1]["turn"] == 1
    assert any(" buys " in line for f in frames for line in f["log"])
    html = render_viewer(data)
    assert "http://" not in html and "https://" not in html and "<script src" not in html


def test_compiled_experiment_game_is_rebuilt() -> None:
    n, row = _line_of(REFERENCE / "games.jsonl", lambda r: r["mode"] == "compiled")
    src = load_source(REFERENCE, n)
    assert src.record["scores"] == row["scores"] and src.advice_seat == row["advice_seat"]
    data = build_view(src)
    checked = data["compliance"]
    # the compiled strategy is the advice itself, so every gain decision complies
    assert checked is not None and checked["decisions"] > 0
    assert checked["matched"] == checked["decisions"]


def test_llm_experiment_game_shows_answers_and_compliance() -> None:
    n, row = _line_of(REFERENCE / "games.jsonl", lambda r: r["mode"] == "llm")
    data = build_view(load_source(REFERENCE / "games.jsonl", n))
    comp = data["compliance"]
    assert comp is not None
    assert round(comp["matched"] / comp["decisions"], 4) == row["compliance"]
    asked = [d for f in data["frames"] for d in f["decisions"] if "prompt" in d.get("llm", {})]
    assert len(asked) == row["llm"]["asked"]  # type: ignore[index]
    d = asked[-1]
    assert d["llm"]["answer"] and d["llm"]["summary"].startswith("Hand:")
    assert d["llm"]["prompt"].endswith("}") and "Decision: " in d["llm"]["prompt"]


def test_simulated_llm_record_shows_reasons(tmp_path: Path) -> None:
    """A record whose extra holds the LLM player's reasons (simulate/play with llm players)."""
    game = get_game("dominion")
    kingdom = game.parse_kingdom("first-game")
    rec = collect(run_batch("dominion", kingdom, ["bmu", "big-money"], plan(1, 2, 3)))[0]
    # the reasons an LLM player keeps: turn, kind, choice and reason of its first two buys
    buys = []
    src0 = load_source(_write(tmp_path, rec))
    for f in build_view(src0)["frames"]:
        buys += [(f["turn"], d) for d in f["decisions"] if d["seat"] == 0 and d["kind"] == "buy"]
    reasons = [
        {"turn": t, "kind": "buy", "choice": d["choice"], "reason": f"because {i}"}
        for i, (t, d) in enumerate(buys[:2])
    ]
    rec["extra"] = {"players": {"0": {"player": "llm", "reasons": reasons}}}
    data = build_view(load_source(_write(tmp_path, rec)))
    got = [d["llm"]["reason"] for f in data["frames"] for d in f["decisions"] if "llm" in d]
    assert got == ["because 0", "because 1"]


def _write(tmp: Path, rec: dict[str, object]) -> Path:
    p = tmp / "rec.json"
    p.write_text(json.dumps(rec))
    return p


def test_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="say which game"):
        load_source(REFERENCE)
    with pytest.raises(UsageError, match="out of range"):
        load_source(REFERENCE / "games.jsonl", 10**6)
    with pytest.raises(UsageError, match=r"no games\.jsonl"):
        load_source(tmp_path)
    bad = tmp_path / "x.json"
    bad.write_text('{"game": "dominion"}')
    with pytest.raises(UsageError, match="missing"):
        load_source(bad)


def test_llm_decisions_without_a_logged_call_say_so() -> None:
    n, _ = _line_of(REFERENCE / "games.jsonl", lambda r: r["mode"] == "llm")
    src = load_source(REFERENCE / "games.jsonl", n)
    src.llm_calls = {"another prompt": [("another prompt", '{"choice": 0}')]}
    notes = {
        d["llm"].get("note")
        for f in build_view(src)["frames"]
        for d in f["decisions"]
        if "llm" in d
    }
    assert notes == {"no logged call has this decision's prompt"}
