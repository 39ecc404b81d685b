"""`gametest view`: one recorded game as a static, self-contained HTML page to step through."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from gametest.viewer.game_view import build_view
from gametest.viewer.sources import load_source
from gametest.viewer.viewer_html import render_viewer


def default_out(record: str, game_no: int | None) -> Path:
    """view-<name>[-N].html beside the record (inside a run or report folder)."""
    p = Path(record)
    folder = p if p.is_dir() else p.parent
    stem = p.name if p.is_dir() else p.stem
    return folder / (f"view-{stem}-{game_no}.html" if game_no else f"view-{stem}.html")


def write_viewer(record: str | Path, game_no: int | None, out: Path) -> Path:
    """Build the viewer of one game and write it to `out`."""
    data = build_view(load_source(record, game_no))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_viewer(data))
    return out


@click.command("view")
@click.argument("record", type=click.Path(exists=True))
@click.option(
    "--game",
    "-g",
    "game_no",
    type=click.IntRange(1),
    default=None,
    help="Which game (1-based line of games.jsonl) of a JSONL file or a run/report folder.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="The HTML file to write (default: view-NAME-N.html beside the record).",
)
@click.option("--open", "open_it", is_flag=True, help="Open the page in the default browser.")
def view_cmd(record: str, game_no: int | None, out: str | None, open_it: bool) -> None:
    """Write a turn-by-turn HTML viewer of one game (a record, games.jsonl line, or run game)."""
    path = write_viewer(record, game_no, Path(out) if out else default_out(record, game_no))
    click.echo(str(path))
    if open_it:
        webbrowser.open(path.resolve().as_uri())
