"""The tournament report: the experiment report's blocks, rendered to Markdown and HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gametest.reports.experiment import Block
from gametest.tournament import Tournament, TournamentConfig, standings
from gametest.tournament.report import build_blocks, write_report


@pytest.fixture(scope="module")
def st(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Standings of a small two-kingdom round-robin."""
    out = tmp_path_factory.mktemp("tour")
    cfg = TournamentConfig(
        ["bmu", "big-money", "random"], ["first-game", "improvements"], games_per_pairing=4
    )
    t = Tournament(cfg, out)
    t.run(1)
    return standings(t, t.records(), bootstrap=10)


def _table(blocks: list[Block], after: str) -> Block:
    """The first table after the heading `after`."""
    i = next(i for i, b in enumerate(blocks) if b.kind == "h2" and b.text == after)
    return next(b for b in blocks[i:] if b.kind == "table")


def test_blocks_hold_the_standings(st: dict[str, Any]) -> None:
    """Leaderboard rows follow the standings; each section is a heading with its table."""
    blocks = build_blocks(st, b"heat", b"ratings")
    heads = [b.text for b in blocks if b.kind in ("h1", "h2")]
    assert heads == ["Tournament report", "Leaderboard", "Win matrix", "By kingdom"]
    board = _table(blocks, "Leaderboard")
    assert [r[1] for r in board.rows] == [p["name"] for p in st["participants"]]
    assert [r[3] for r in board.rows] == [str(p["games"]) for p in st["participants"]]
    assert len(_table(blocks, "By kingdom").rows) == 2
    assert {b.name: b.image for b in blocks if b.kind == "img"} == {
        "ratings": b"ratings",
        "win_matrix": b"heat",
    }
    assert not any("LLM usage" in b.text for b in blocks)
    with_llm = {**st, "llm_usage": {"calls": 3, "tokens": 120}}
    assert build_blocks(with_llm, b"", b"")[-1].text == "LLM usage: 3 calls, 120 tokens."


def test_files_keep_their_names_and_both_pages_show_the_same_cells(
    st: dict[str, Any], tmp_path: Path
) -> None:
    """report.md links the PNGs written beside it; report.html embeds them; same table cells."""
    md, page = write_report(st, tmp_path)
    assert (md.name, page.name) == ("report.md", "report.html")
    text, html = md.read_text(), page.read_text()
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert sorted(Path(x).name for x in links) == ["ratings.png", "win_matrix.png"]
    for x in links:
        assert (tmp_path / x).read_bytes()[:4] == b"\x89PNG"
    assert html.count("data:image/png;base64,") == 2
    md_cells = [
        c.strip().replace("\\|", "|")
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("|---")
        for c in re.split(r"(?<!\\)\|", line)[1:-1]
    ]
    html_cells = re.findall(r"<t[hd]>(.*?)</t[hd]>", html)
    assert md_cells == [c.replace("&#x27;", "'").replace("&amp;", "&") for c in html_cells]
