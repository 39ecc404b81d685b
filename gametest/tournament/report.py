"""Tournament reports: the leaderboard with intervals and a win-matrix heat map, as Markdown and
as one self-contained HTML file (plots embedded as base64 PNG)."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

HEATMAP_FILE = "win_matrix.png"
RATINGS_FILE = "ratings.png"


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


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    out = [
        "| " + " | ".join(esc(h) for h in head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return out


def _html_table(head: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


def render_markdown(st: dict[str, Any]) -> str:
    """The report as Markdown, referring to the PNG files written beside it."""
    lines = ["# Tournament report", "", *_setup_lines(st), "", "## Leaderboard", ""]
    lines += _md_table(*_leaderboard_rows(st))
    lines += [
        "",
        st["rating_note"],
        "",
        f"![ratings]({RATINGS_FILE})",
        "",
        "## Win matrix",
        "",
        "Each cell is the row player's pairwise score against the column player "
        "(wins plus half of ties, over games where both sat), with a 95% Wilson interval.",
        "",
        f"![win matrix]({HEATMAP_FILE})",
        "",
    ]
    lines += _md_table(*_matrix_rows(st))
    if st["per_kingdom"]:
        lines += ["", "## By kingdom", "", "Pairwise score of each player on each kingdom.", ""]
        lines += _md_table(*_kingdom_rows(st))
    usage = st.get("llm_usage") or {}
    if usage.get("calls"):
        lines += ["", f"LLM usage: {usage['calls']} calls, {usage['tokens']} tokens."]
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th:first-child,td:first-child,td:nth-child(2){text-align:left}
thead{background:#f3f3f3} img{max-width:100%} .note{color:#555}
"""


def render_html(st: dict[str, Any], heatmap: bytes, ratings: bytes) -> str:
    """The report as one self-contained HTML page."""

    def img(data: bytes, alt: str) -> str:
        b64 = base64.b64encode(data).decode("ascii")
        return f'<img alt="{alt}" src="data:image/png;base64,{b64}">'

    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Tournament report</title>",
        f"<style>{_CSS}</style></head><body><h1>Tournament report</h1>",
        *(f"<p>{html.escape(x)}</p>" for x in _setup_lines(st)),
        "<h2>Leaderboard</h2>",
        _html_table(*_leaderboard_rows(st)),
        f"<p class='note'>{html.escape(st['rating_note'])}</p>",
        img(ratings, "ratings"),
        "<h2>Win matrix</h2>",
        "<p class='note'>Each cell is the row player's pairwise score against the column "
        "player (wins plus half of ties), with a 95% Wilson interval.</p>",
        img(heatmap, "win matrix heat map"),
        _html_table(*_matrix_rows(st)),
    ]
    if st["per_kingdom"]:
        parts += ["<h2>By kingdom</h2>", _html_table(*_kingdom_rows(st))]
    usage = st.get("llm_usage") or {}
    if usage.get("calls"):
        parts.append(f"<p>LLM usage: {usage['calls']} calls, {usage['tokens']} tokens.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(st: dict[str, Any], out_dir: str | Path) -> tuple[Path, Path]:
    """Write report.md (with its PNGs) and self-contained report.html into `out_dir`."""
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    heat, rat = heatmap_png(st), ratings_png(st)
    (d / HEATMAP_FILE).write_bytes(heat)
    (d / RATINGS_FILE).write_bytes(rat)
    md, page = d / "report.md", d / "report.html"
    md.write_text(render_markdown(st), encoding="utf-8")
    page.write_text(render_html(st, heat, rat), encoding="utf-8")
    return md, page
