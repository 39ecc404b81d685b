"""Game viewers and deck-composition charts for an experiment report.

One viewer per piece of advice and mode (its first game in the run) goes to the run's
viewers/ folder; the report links each advice row to them and shows how the top-rated and the
best-winning advice built their decks, side by side, from their compiled-mode games.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gametest.engine.errors import GametestError
from gametest.viewer.charts import composition_png
from gametest.viewer.game_view import build_view
from gametest.viewer.series import Series, build_series
from gametest.viewer.sources import ExperimentRun
from gametest.viewer.viewer_html import render_viewer

if TYPE_CHECKING:
    from gametest.reports.experiment import Block

VIEWERS_DIR = "viewers"
COMPOSITION_GAMES = 200  # compiled games replayed per advice for its composition chart


def write_advice_viewers(
    run: ExperimentRun, rows: list[dict[str, Any]], ids: list[str]
) -> dict[str, dict[str, str]]:
    """Write a viewer of each advice's first game per mode; advice id -> mode -> path (relative
    to the run). Games that cannot be rebuilt (no strategy file, no choices) get no viewer."""
    first: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    for n, row in enumerate(rows, 1):
        first.setdefault((row["advice_id"], row["mode"]), (n, row))
    out: dict[str, dict[str, str]] = {}
    folder = run.run / VIEWERS_DIR
    for aid in ids:
        for mode in ("compiled", "llm"):
            if (aid, mode) not in first:
                continue
            n, row = first[(aid, mode)]
            try:
                page = render_viewer(build_view(run.source(row, n)))
            except (GametestError, OSError, KeyError, ValueError):
                continue
            folder.mkdir(exist_ok=True)
            rel = f"{VIEWERS_DIR}/{aid}-{mode}.html"
            (run.run / rel).write_text(page, encoding="utf-8")
            out.setdefault(aid, {})[mode] = rel
    return out


def advice_series(
    run: ExperimentRun, rows: list[dict[str, Any]], aid: str, limit: int = COMPOSITION_GAMES
) -> Series | None:
    """Chart numbers of an advice's compiled games (participant 0 follows the advice)."""
    picked = [r for r in rows if r["advice_id"] == aid and r["mode"] == "compiled"][:limit]
    try:
        recs = [run.record(r) for r in picked]
    except (GametestError, OSError, KeyError, ValueError):
        return None
    return build_series(recs, [aid, "opponents"]) if recs else None


def _pick(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, advice id) of the top-rated and the best-winning (compiled mode) advisor advice,
    among the advice that compiled (only that advice has compiled-mode games to chart)."""
    advisors = [
        e
        for e in summary.get("advice", [])
        if e.get("role") != "control" and e.get("compile", {}).get("status") == "ok"
    ]

    def rated(e: dict[str, Any]) -> float:
        m = e["rating"]["pooled"].get("mean")
        return -math.inf if m is None else float(m)

    def won(e: dict[str, Any]) -> float:
        r = e["win_rate"].get("compiled", {}).get("pooled", {}).get("rate")
        return -math.inf if r is None else float(r)

    out = []
    if advisors:
        top = max(advisors, key=rated)
        best = max(advisors, key=won)
        if rated(top) > -math.inf:
            out.append((f"top-rated advice {top['id'][:8]}", top["id"]))
        if won(best) > -math.inf:
            out.append((f"best-winning advice {best['id'][:8]}", best["id"]))
    return out


def viewer_blocks(summary: dict[str, Any]) -> list[Block]:
    """Report blocks: links from each advice to a viewer of its games, and the side-by-side
    deck composition of the top-rated and best-winning advice. Empty if the run's games
    cannot be rebuilt."""
    from gametest.reports.experiment import Block

    run_dir = Path(summary.get("run", {}).get("dir") or "")
    if not (run_dir / "manifest.json").exists():
        return []
    try:
        run = ExperimentRun(run_dir)
    except (GametestError, OSError, KeyError, ValueError):
        return []
    rows = run.rows()
    order = sorted(
        summary.get("advice", []),
        key=lambda e: -(e["rating"]["pooled"].get("mean") or -math.inf),
    )
    links = write_advice_viewers(run, rows, [e["id"] for e in order])
    blocks: list[Block] = [Block("h2", "Step through the games")]
    if links:
        blocks.append(
            Block(
                "p",
                "One game of each piece of advice (its first in the run), turn by turn: hands, "
                "plays, buys, the Supply and the score; in LLM mode also the model's answers and "
                "whether each gain followed the compiled advice. Made with `gametest view`.",
            )
        )
        link_rows = []
        for e in order:
            role = e["role"] if e["role"] != "control" else f"control: {e['control']}"
            for mode, rel in links.get(e["id"], {}).items():
                link_rows.append([f"{e['id']} ({role}), {mode} mode", rel])
        blocks.append(Block("links", rows=link_rows))
    panels = []
    for title, aid in _pick(summary):
        s = advice_series(run, rows, aid)
        if s is not None:
            panels.append((s, 0, title))
    if panels:
        blocks.append(
            Block(
                "img",
                "How the top-rated and the best-winning advice (of the advice that compiled) "
                "built their decks: mean count of each card owned by turn over their "
                f"compiled-mode games (the first {COMPOSITION_GAMES} of each).",
                image=composition_png(panels),
                name="deck_composition",
            )
        )
    return blocks if len(blocks) > 1 else []
