"""Experiment reports link each advice to a viewer and chart two advice's decks side by side."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from gametest.reports.experiment import to_html, to_markdown
from gametest.viewer.experiment_views import viewer_blocks
from tests.stats.synthetic import follows, make_run

REFERENCE = Path(__file__).resolve().parents[2] / "results" / "reference-smollm2"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_reference_run_gets_viewers_and_composition(tmp_path: Path) -> None:
    run = tmp_path / "ref"
    shutil.copytree(REFERENCE, run, ignore=shutil.ignore_patterns("report*", "viewers"))
    summary = json.loads((run / "summary.json").read_text())
    summary["run"]["dir"] = str(run)
    blocks = viewer_blocks(summary)
    links = [bl for bl in blocks if bl.kind == "links"]
    assert len(links) == 1
    rows = links[0].rows
    compiled_ok = [e["id"] for e in summary["advice"] if e["compile"]["status"] == "ok"]
    games = [json.loads(x) for x in (run / "games.jsonl").open()]
    llm_ids = {g["advice_id"] for g in games if g["mode"] == "llm"}
    assert len(rows) == len(compiled_ok) + len(llm_ids)
    for _, href in rows:
        page = (run / href).read_text()
        assert page.startswith("<!doctype html>") and 'id="game-data"' in page
    img = [bl for bl in blocks if bl.kind == "img"]
    assert len(img) == 1 and img[0].image is not None and img[0].image.startswith(PNG_MAGIC)
    html = to_html(blocks, "t")
    assert html.count('<a href="viewers/') == len(rows)
    assert "](viewers/" in to_markdown(blocks)


def test_runs_whose_games_cannot_be_rebuilt_get_no_block(tmp_path: Path) -> None:
    """The synthetic run has made-up games and no strategy files: nothing to show, no error."""
    make_run(tmp_path / "syn", {"faithful": follows()})
    summary = {"run": {"dir": str(tmp_path / "syn")}, "advice": []}
    assert viewer_blocks(summary) == []
    assert viewer_blocks({"run": {"dir": str(tmp_path / "nowhere")}}) == []
