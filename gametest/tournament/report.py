"""Tournament reports: the leaderboard with intervals and a win-matrix heat map, as Markdown and
as one self-contained HTML file, rendered through the experiment report's blocks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from gametest.reports.experiment import HTML_NAME, MD_NAME, Block, to_html, to_markdown

HEATMAP_NAME = "win_matrix"  # the figures' files: win_matrix.png and ratings.png
RATINGS_NAME = "ratings"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _ci(iv: list[float] | None, pct: bool = False) -> str:
    if not iv:
        return ""
    if pct:
        return f"[{100 * iv[0]:.1f}, {100 * iv[1]:.1f}]"
    return f"[{iv[0]:.0f}, {iv[1]:.0f}]"


def heatmap_png(st: dict[str, Any]) -> bytes:
    """The pairwise win matrix (row's score against column) as a PNG heat map."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    m = st["win_matrix"]
    names = m["names"]
    n = len(names)
    data = np.array([[np.nan if v is None else v for v in row] for row in m["score"]], dtype=float)
    size = max(4.0, 0.9 * n + 2.0)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    im = ax.imshow(data, cmap="RdYlGn", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(n), labels=names, rotation=45, ha="right")
    ax.set_yticks(range(n), labels=names)
    for i in range(n):
        for j in range(n):
            if i != j and not np.isnan(data[i, j]):
                ax.text(j, i, f"{100 * data[i, j]:.0f}%", ha="center", va="center", fontsize=9)
    ax.set_xlabel("opponent")
    ax.set_ylabel("player")
    ax.set_title("Pairwise score of row against column (ties = half)")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def ratings_png(st: dict[str, Any]) -> bytes:
    """Ratings with their 95% intervals as horizontal error bars, best at the top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = st["participants"]
    n = len(rows)
    fig, ax = plt.subplots(figsize=(7.0, max(2.0, 0.45 * n + 1.2)))
    ys = list(range(n))[::-1]
    r = [p["rating"] for p in rows]
    lo = [p["rating"] - p["interval"][0] for p in rows]
    hi = [p["interval"][1] - p["rating"] for p in rows]
    ax.errorbar(r, ys, xerr=[lo, hi], fmt="o", capsize=4)
    ax.set_yticks(ys, labels=[p["name"] for p in rows])
    ax.set_xlabel("Bradley-Terry rating (Elo-like, mean 1500), 95% bootstrap interval")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def _setup_lines(st: dict[str, Any]) -> list[str]:
    ks = st["kingdoms"]
    kingdoms = "; ".join(f"{k['spec']} ({', '.join(k['cards'])})" for k in ks)
    done = "" if st["complete"] else " (incomplete: the tournament was stopped early)"
    return [
        f"Game: {st['game']}. Format: {st['format']}, {st['players_per_game']} players per game, "
        f"{st['games_per_pairing']} games per table and kingdom, seed {st['seed']}.",
        f"Kingdoms: {kingdoms}.",
        f"Games played: {st['games']} of {st['planned_games']}{done}.",
    ]


def _leaderboard_rows(st: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    multi = st["players_per_game"] > 2
    head = ["#", "player", "rating [95% CI]"]
    if multi:
        head.append("Plackett-Luce [95% CI]")
    head += ["games", "wins", "ties", "losses", "pairwise score [95% CI]"]
    rows = []
    for i, p in enumerate(st["participants"], 1):
        name = p["name"] + (" (reference)" if p["role"] == "reference" else "")
        row = [str(i), name, f"{p['rating']:.0f} {_ci(p['interval'])}"]
        if multi:
            row.append(f"{p['pl_rating']:.0f} {_ci(p['pl_interval'])}")
        row += [
            str(p["games"]),
            str(p["wins"]),
            str(p["ties"]),
            str(p["losses"]),
            f"{_pct(p['pairwise_score'])} {_ci(p['pairwise_interval'], pct=True)}",
        ]
        rows.append(row)
    return head, rows


def _matrix_rows(st: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    m = st["win_matrix"]
    head = ["player \\ opponent", *m["names"]]
    rows = []
    for i, name in enumerate(m["names"]):
        row = [name]
        for j in range(len(m["names"])):
            if i == j:
                row.append("-")
            elif not m["games"][i][j]:
                row.append("")
            else:
                row.append(
                    f"{_pct(m['score'][i][j])} {_ci(m['interval'][i][j], pct=True)} "
                    f"n={m['games'][i][j]}"
                )
        rows.append(row)
    return head, rows


def _kingdom_rows(st: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    names = [p["name"] for p in st["participants"]]
    head = ["kingdom", "games", *names]
    rows = [
        [k["kingdom"], str(k["games"]), *(_pct(k["pairwise_score"].get(n)) for n in names)]
        for k in st["per_kingdom"]
    ]
    return head, rows


def build_blocks(st: dict[str, Any], heatmap: bytes, ratings: bytes) -> list[Block]:
    """The report as blocks (the experiment report's), so Markdown and HTML say the same."""
    blocks = [Block("h1", "Tournament report"), *(Block("p", x) for x in _setup_lines(st))]
    head, rows = _leaderboard_rows(st)
    blocks += [
        Block("h2", "Leaderboard"),
        Block("table", headers=head, rows=rows),
        Block("p", st["rating_note"]),
        Block("img", "Ratings with their 95% intervals", image=ratings, name=RATINGS_NAME),
        Block("h2", "Win matrix"),
        Block(
            "p",
            "Each cell is the row player's pairwise score against the column player "
            "(wins plus half of ties, over games where both sat), with a 95% Wilson interval.",
        ),
        Block("img", "Win matrix heat map", image=heatmap, name=HEATMAP_NAME),
    ]
    head, rows = _matrix_rows(st)
    blocks.append(Block("table", headers=head, rows=rows))
    if st["per_kingdom"]:
        head, rows = _kingdom_rows(st)
        blocks += [
            Block("h2", "By kingdom"),
            Block("p", "Pairwise score of each player on each kingdom."),
            Block("table", headers=head, rows=rows),
        ]
    usage = st.get("llm_usage") or {}
    if usage.get("calls"):
        blocks.append(Block("p", f"LLM usage: {usage['calls']} calls, {usage['tokens']} tokens."))
    return blocks


def write_report(st: dict[str, Any], out_dir: str | Path) -> tuple[Path, Path]:
    """Write report.md (with its PNGs beside it) and self-contained report.html into `out_dir`."""
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    blocks = build_blocks(st, heatmap_png(st), ratings_png(st))
    for bl in blocks:
        if bl.kind == "img" and bl.image is not None:
            (d / f"{bl.name}.png").write_bytes(bl.image)
    md, page = d / MD_NAME, d / HTML_NAME
    md.write_text(to_markdown(blocks, plot_dir="."), encoding="utf-8")
    page.write_text(to_html(blocks, "Tournament report"), encoding="utf-8")
    return md, page
