"""The game viewer page: one static HTML file with its data, CSS and JS inline (works offline)."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any


def _asset(name: str) -> str:
    """A file of the viewer's assets (inlined into every page, so pages work offline)."""
    return (resources.files("gametest.viewer") / "assets" / name).read_text()


def _head(data: dict[str, Any]) -> str:
    names = data["players"]
    result = ", ".join(
        f"P{i + 1} {n}: {s}" + (" (won)" if i in data["winners"] else "")
        for i, (n, s) in enumerate(zip(names, data["scores"], strict=True))
    )
    meta = (
        f"{data['game']} &middot; seed {data['seed']} &middot; kingdom: "
        f"{html.escape(', '.join(data['kingdom']))}<br>result: {html.escape(result)} "
        f"&middot; ended by {html.escape(data['ended_by'])}"
    )
    extra = ""
    seat = data.get("advice_seat")
    if seat is not None:
        comp = data.get("compliance")
        share = (
            f"; {comp['matched']} of {comp['decisions']} gain decisions matched the compiled advice"
            if comp
            else ""
        )
        extra += (
            f"<br>P{seat + 1} follows advice"
            + (
                f" (compiled: {html.escape(data['strategy_source'])})"
                if data["strategy_source"]
                else ""
            )
            + html.escape(share)
        )
    return f"<h1>{html.escape(data['title'])}</h1><div class=meta>{meta}{extra}</div>"


def render_viewer(data: dict[str, Any]) -> str:
    """The viewer page for build_view's data."""
    blob = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    advice = ""
    if data.get("advice_text"):
        advice = (
            "<section><details><summary><b>The advice</b></summary><pre>"
            + html.escape(data["advice_text"])
            + "</pre></details></section>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(data['title'])}</title><style>{_asset('viewer.css')}</style></head><body>"
        f"<header>{_head(data)}</header>"
        '<div id="controls">'
        '<button id="prev" title="previous turn (left arrow)">&larr; prev</button>'
        '<button id="next" title="next turn (right arrow)">next &rarr;</button>'
        '<input id="slider" type="range" min="0" value="0" aria-label="turn">'
        '<span id="frame-label"></span><span class="hint">arrow keys step; Home/End</span></div>'
        "<main><div>"
        f"{advice}"
        '<section><h2>Hand at the start of the turn</h2><div id="hand"></div></section>'
        '<section><h2>What happened</h2><ol id="log"></ol></section>'
        '<section><h2>Decisions</h2><div id="decisions"></div></section>'
        "</div><div>"
        '<section><h2>Score at the end of the turn</h2><table id="scores"></table></section>'
        '<section><h2>Cards owned and hands</h2><div id="owned"></div></section>'
        '<section><h2>Public</h2><div id="public"></div></section>'
        "</div></main>"
        f'<script id="game-data" type="application/json">{blob}</script>'
        f"<script>{_asset('viewer.js')}</script></body></html>"
    )
