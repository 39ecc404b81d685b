"""The simulation report: PNG charts and one self-contained index.html (images inlined base64)."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Sequence
from pathlib import Path

from gametest.engine.record import GameRecord
from gametest.viewer import charts
from gametest.viewer.series import Series, build_series

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1250px;
color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}td.n{text-align:right}figure{margin:1em 0}
figcaption{color:#555;font-size:.9em;max-width:60em}img{max-width:100%}
.grid{display:flex;flex-wrap:wrap;gap:1em}.grid figure{flex:1 1 560px}
"""


def chart_files(s: Series) -> dict[str, tuple[bytes, str]]:
    """File name -> (PNG, caption) for every chart of the report."""
    panels = [(s, p, f"P{p + 1} {name}") for p, name in enumerate(s.names)]
    return {
        "vp_by_turn.png": (
            charts.vp_png(s),
            "Victory points at the end of each player's own turn: the line is the mean over "
            "games, the band holds the middle 80% of games. A game that ended earlier counts "
            "with its final score.",
        ),
        "money_density.png": (
            charts.density_png(s),
            "Money density: the printed coins of every card owned divided by the cards owned.",
        ),
        "deck_composition.png": (
            charts.composition_png(panels),
            "Mean count of each card owned at the end of each turn (the deck's composition "
            "over time; cards never owned 0.1 times on average are left out).",
        ),
        "game_length.png": (charts.length_png(s), "Game length in turns per player."),
        "win_rate_by_seat.png": (
            charts.seat_png(s),
            "Win rate of each player from each place in turn order (a shared win counts half).",
        ),
        "ended_by.png": (charts.ended_png(s), "How the games ended."),
    }


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def charts_section(s: Series, files: dict[str, tuple[bytes, str]] | None = None) -> str:
    """The HTML of the chart figures (for the simulation report and tournament reports)."""
    files = files or chart_files(s)
    figs = []
    for name, (png, caption) in files.items():
        wide = ' style="flex-basis:100%"' if name == "deck_composition.png" else ""
        figs.append(
            f'<figure id="{name[:-4]}"{wide}>{_img(png, name)}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
    return '<div class="grid">' + "".join(figs) + "</div>"


def _summary_table(s: Series, specs: Sequence[str] | None) -> str:
    rows = []
    for p, name in enumerate(s.names):
        games = sum(s.seat_games[p])
        pts = sum(s.seat_points[p])
        final_vp = s.vp_mean[p][-1] if s.vp_mean[p] else 0.0
        spec = html.escape(specs[p]) if specs else ""
        rows.append(
            f"<tr><td>P{p + 1}</td><td>{html.escape(name)}</td><td>{spec}</td>"
            f'<td class="n">{games}</td><td class="n">{100 * pts / games if games else 0:.1f}%</td>'
            f'<td class="n">{final_vp:.1f}</td></tr>'
        )
    return (
        "<table><tr><th></th><th>player</th><th>spec</th><th>games</th><th>win rate</th>"
        f"<th>mean VP at turn {s.turns}</th></tr>" + "".join(rows) + "</table>"
    )


def write_sim_report(
    out_dir: str | Path,
    records: Sequence[GameRecord],
    names: Sequence[str],
    specs: Sequence[str] | None = None,
    title: str = "Simulation",
) -> Path:
    """Write games.jsonl (line N = game N of the batch), the charts as PNGs and index.html
    into `out_dir`; returns the HTML path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "games.jsonl", "w") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")
    s = build_series(records, names)
    files = chart_files(s)
    for name, (png, _) in files.items():
        (out / name).write_bytes(png)
    first = records[0] if records else {}
    kingdom = ", ".join(first.get("kingdom", []))
    game = f"{first.get('game', '?')}@{first.get('version', '?')}"
    body = (
        f"<h1>{html.escape(title)}</h1>"
        f"<p>{s.games} games of {html.escape(game)}; kingdom: {html.escape(kingdom)}. "
        "Every number below is computed from the game records in "
        '<a href="games.jsonl">games.jsonl</a>, by replaying their choices. '
        'Step through <a href="view-games-1.html">the first game</a> (made by '
        "<code>gametest view games.jsonl --game 1</code>; any other N works too).</p>"
        + _summary_table(s, specs)
        + "<h2>Charts</h2>"
        + charts_section(s, files)
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
    path = out / "index.html"
    path.write_text(page)
    if records:
        from gametest.viewer.game_view import build_view
        from gametest.viewer.sources import load_source
        from gametest.viewer.viewer_html import render_viewer

        view = render_viewer(build_view(load_source(out / "games.jsonl", 1)))
        (out / "view-games-1.html").write_text(view)
    return path


def participant_names(records: Sequence[GameRecord]) -> list[str]:
    """Each participant's name (records' `seats` give participant indices, `players` names)."""
    names: dict[int, str] = {}
    for rec in records:
        for seat, p in enumerate(rec.get("seats") or range(len(rec["players"]))):
            names.setdefault(p, rec["players"][seat])
    return [names.get(p, f"player {p + 1}") for p in range(max(names, default=-1) + 1)]


def append_charts(html_path: Path, md_path: Path, records: Sequence[GameRecord]) -> None:
    """Add the charts section to an existing report (tournaments): PNGs under charts/, a
    Markdown section linking them, and the figures inlined before the HTML page's end."""
    recs = [r for r in records if "choices" in r]
    if not recs:
        return
    s = build_series(recs, participant_names(recs))
    files = chart_files(s)
    folder = html_path.parent / "charts"
    folder.mkdir(exist_ok=True)
    md = ["", "## Games in charts", ""]
    for name, (png, caption) in files.items():
        (folder / name).write_bytes(png)
        md += [f"![{caption}](charts/{name})", "", f"*{caption}*", ""]
    with open(md_path, "a", encoding="utf-8") as f:
        f.write("\n".join(md))
    section = (
        "<h2>Games in charts</h2><p>From the game records, by replaying their choices; "
        "each participant's figures pool all its games.</p>" + charts_section(s, files)
    )
    page = html_path.read_text(encoding="utf-8")
    html_path.write_text(page.replace("</body>", section + "</body>", 1), encoding="utf-8")
