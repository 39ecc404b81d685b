"""`simulate --report` and `view` through the real entry point, including bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHARTS = (
    "vp_by_turn.png",
    "money_density.png",
    "deck_composition.png",
    "game_length.png",
    "win_rate_by_seat.png",
    "ended_by.png",
)


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_simulate_report_and_view(tmp_path: Path) -> None:
    rep = tmp_path / "rep"
    out = tmp_path / "plain.jsonl"
    sim = ("simulate", "-k", "first-game", "-p", "smithy-bm", "-p", "bmu", "-n", "12")
    code, text, err = run(*sim, "--report", str(rep), "--out", str(out))
    assert code == 0 and "smithy-bm" in text
    assert f"wrote {rep / 'index.html'}" in err
    lines = (rep / "games.jsonl").read_text().splitlines()
    assert [json.loads(x)["index"] for x in lines] == list(range(12))
    # the report's records are the plain records (same seeds, same format), in batch order
    plain = sorted((json.loads(x) for x in out.read_text().splitlines()), key=lambda r: r["index"])
    strip = lambda r: {k: v for k, v in r.items() if k != "seconds"}  # noqa: E731
    assert [strip(json.loads(x)) for x in lines] == [strip(r) for r in plain]
    for name in CHARTS:
        data = (rep / name).read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 5_000
    page = (rep / "index.html").read_text()
    assert page.count('src="data:image/png;base64,') == len(CHARTS) and "https://" not in page
    code, text, _ = run("view", str(rep / "games.jsonl"), "--game", "2")
    assert code == 0 and Path(text.strip()) == rep / "view-games-2.html"
    code, text, _ = run("view", str(rep), "-g", "3", "-o", str(tmp_path / "v.html"))
    assert code == 0 and (tmp_path / "v.html").read_text().startswith("<!doctype html>")


def test_view_opens_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    code, out, _ = run("play", "-p", "bmu", "-p", "big-money", "--seed", "2", "--json")
    rec = tmp_path / "g.json"
    rec.write_text(out)
    code, _, _ = run("view", str(rec), "--open")
    assert code == 0 and opened == [(tmp_path / "view-g.html").resolve().as_uri()]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("view", "results/reference-smollm2"), "say which game with --game N"),
        (("view", "results/reference-smollm2/games.jsonl", "--game", "999999"), "out of range"),
        (("view", "docs"), "no games.jsonl"),
    ],
)
def test_view_bad_input_is_one_line(args: tuple[str, ...], message: str) -> None:
    root = Path(__file__).resolve().parents[2]
    args = (args[0], str(root / args[1]), *args[2:])
    code, _, err = run(*args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
