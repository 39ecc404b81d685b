"""How much the headline depends on choices the analysis had to make: pieces of advice missing a
judge's rating, and compile failures (left out, scored as the game's default strategy, or
scored as losses); and the top-rated advice that lost, with its ties named.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gametest.stats.headline import across_advice


def _row(name: str, h: dict[str, Any], what: str) -> dict[str, Any]:
    """One sensitivity row: the Spearman and Kendall figures of one variant of the data."""
    return {
        "name": name,
        "what": what,
        "n_advice": h["n_advice"],
        "spearman": h["spearman"],
        "kendall": h["kendall"],
    }


def sensitivity_rows(
    headline: dict[str, Any],
    items: list[dict[str, Any]],
    mode: str,
    failed_ids: set[str],
    controls: Sequence[dict[str, Any]],
    games: dict[str, dict[str, list[dict[str, Any]]]],
    n_boot: int,
    seed: int,
    judges: Sequence[str],
) -> list[dict[str, Any]]:
    """The headline, then the same figures on each variant that applies to this run."""
    rows = [_row("as reported", headline, "compile failures left out; every rated advice")]
    if len(judges) >= 2:
        played = [it for it in items if it["outcomes"]]
        full = [it for it in played if all(len(it["ratings"].get(j, [])) for j in judges)]
        if len(full) < len([it for it in played if any(len(v) for v in it["ratings"].values())]):
            h = across_advice(full, n_boot, seed, f"sens/{mode}/complete")
            rows.append(
                _row(
                    "only advice rated by every judge",
                    h,
                    f"{len(full)} advice with a usable rating from each of {len(judges)} judges",
                )
            )
    failed = [it for it in items if it["id"] in failed_ids]
    if mode != "compiled" or not failed:
        return rows
    default = {
        str(c["kingdom_label"] or "?"): [float(g["outcome"]) for g in games[c["id"]].get(mode, [])]
        for c in controls
        if c["control"] == "none"
    }
    ok = [it for it in items if it["id"] not in failed_ids]
    as_default = [{**it, "outcomes": default.get(it["kingdom"], [])} for it in failed]
    if all(it["outcomes"] for it in as_default):
        h = across_advice(ok + as_default, n_boot, seed, f"sens/{mode}/as-default")
        rows.append(
            _row(
                "compile failures as the default strategy",
                h,
                f"{len(failed)} failed advice given the no-advice control's games",
            )
        )
    n_loss = max((len(it["outcomes"]) for it in ok), default=1)
    as_loss = [{**it, "outcomes": [0.0] * n_loss} for it in failed]
    h = across_advice(ok + as_loss, n_boot, seed, f"sens/{mode}/as-loss")
    rows.append(
        _row(
            "compile failures as losses",
            h,
            f"{len(failed)} failed advice scored as {n_loss} lost games each",
        )
    )
    return rows


def top_rated_loser(advisors: list[dict[str, Any]], mode: str) -> dict[str, Any] | None:
    """The highest-rated (pooled z) advisor advice that won under half its games in this mode.

    Advice sharing that rating are named (`tied_ids`), so a pick among ties reads as one.
    """

    def z(e: dict[str, Any]) -> float:
        return round(float(e["rating"]["pooled_z"]["mean"]), 9)

    def rate(e: dict[str, Any]) -> float | None:
        r = e["win_rate"].get(mode, {}).get("pooled", {}).get("rate")
        return None if r is None else float(r)

    rated = [e for e in advisors if e["rating"]["pooled_z"]["mean"] is not None]
    losers = [e for e in rated if (r := rate(e)) is not None and r < 0.5]
    if not losers:
        return None
    top = max(z(e) for e in losers)
    group = sorted((e for e in rated if z(e) == top), key=lambda e: e["id"])
    lost = [e for e in group if e in losers]
    e = lost[0]
    return {
        "id": e["id"],
        "label": e["label"],
        "rating_rank": 1 + sum(1 for o in rated if z(o) > top),
        "tied_with": len(group) - 1,
        "tied_ids": [o["id"] for o in group if o is not e],
        "tied_also_lost": len(lost) - 1,
        "of": len(rated),
        "rating": e["rating"]["pooled"],
        "rating_z": e["rating"]["pooled_z"],
        "win_rate": e["win_rate"][mode]["pooled"],
        "text": e["text"],
    }
