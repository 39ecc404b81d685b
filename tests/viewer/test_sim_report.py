"""The simulation report's files, and the same charts added to a tournament report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gametest.cli import main
from gametest.viewer.sim_report import participant_names, write_sim_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _invoke(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout


def test_tournament_report_gets_the_charts(tmp_path: Path) -> None:
    out = tmp_path / "t"
    _invoke(
        "tournament",
        "-p",
        "smithy-bm",
        "-p",
        "bmu",
        "-p",
        "big-money",
        "-n",
        "4",
        "--out",
        str(out),
    )
    _invoke("tournament", "report", str(out))
    recs = [json.loads(x) for x in (out / "games.jsonl").read_text().splitlines()]
    assert participant_names(recs) == ["smithy-bm", "bmu", "big-money"]
    charts = sorted(p.name for p in (out / "charts").glob("*.png"))
    assert len(charts) == 6
    assert all((out / "charts" / c).read_bytes().startswith(PNG_MAGIC) for c in charts)
    page = (out / "report.html").read_text()
    assert "Games in charts" in page and page.count("data:image/png;base64,") >= 8
    assert "(charts/vp_by_turn.png)" in (out / "report.md").read_text()


def test_report_names_players_and_links_records(tmp_path: Path) -> None:
    _invoke(
        "simulate", "-p", "bmu", "-p", "big-money", "-n", "6", "--out", str(tmp_path / "g.jsonl")
    )
    recs = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text().splitlines()]
    page = write_sim_report(tmp_path / "rep", recs, ["bmu", "big-money"], ["bmu", "big-money"])
    text = page.read_text()
    assert "P1</td><td>bmu" in text and 'href="games.jsonl"' in text
    assert 'href="view-games-1.html"' in text
    assert (tmp_path / "rep" / "view-games-1.html").read_text().startswith("<!doctype html>")
    assert len((tmp_path / "rep" / "games.jsonl").read_text().splitlines()) == 6
