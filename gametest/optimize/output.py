"""What a search leaves in its folder: best.toml, curve.json/.png, validation.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gametest.engine.rng import derive_seed
from gametest.harness.executor import Executor
from gametest.harness.records import write_json_atomic
from gametest.optimize.mutate import Doc
from gametest.optimize.racing import play_matches
from gametest.stats.intervals import wilson

VALIDATION_GAMES = 10_000


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and " " not in k else json.dumps(k)


def to_toml(doc: Doc) -> str:
    """A strategy document as a readable TOML file (one priority entry per line)."""
    lines = []
    for k in ("name", "description"):
        if k in doc:
            lines.append(f"{k} = {_toml_value(doc[k])}")
    for k, v in doc.items():
        if k in ("name", "description", "cards"):
            continue
        if isinstance(v, list):
            lines.append(f"{k} = [")
            lines += [f"  {_toml_value(e)}," for e in v]
            lines.append("]")
        else:
            lines.append(f"{k} = {_toml_value(v)}")
    for card, opts in doc.get("cards", {}).items():
        lines.append("")
        lines.append(f"[cards.{_key(card)}]")
        lines += [f"{_key(k)} = {_toml_value(v)}" for k, v in opts.items()]
    return "\n".join(lines) + "\n"


def describe(doc: Doc, kingdom: str, against: list[str], validation: dict[str, Any] | None) -> str:
    """A one-paragraph description: what the strategy buys first, and how it was measured."""
    gain = doc.get("gain", [])
    names = []
    for e in gain:
        c = e if isinstance(e, str) else e["card"]
        if c not in names:
            names.append(c)
    text = (
        f"Optimized by gametest optimize for {kingdom} against {', '.join(against)}. "
        f"Buys (in priority order) {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}"
    )
    plays = [e if isinstance(e, str) else e["card"] for e in doc.get("play", [])]
    if plays:
        text += f"; plays {', '.join(plays)} first"
    # The game's own lists (Dominion's trash, Embermarch's cull...): every list but gain and play.
    for key, entries in doc.items():
        if key in ("gain", "play") or not isinstance(entries, list) or not entries:
            continue
        cards = [e if isinstance(e, str) else e["card"] for e in entries]
        text += f"; {key} first: {', '.join(cards)}"
    text += "."
    if validation:
        parts = []
        for opp, v in validation["opponents"].items():
            lo, hi = v["ci95"]
            parts.append(f"{100 * v['win_rate']:.1f}% [{100 * lo:.1f}, {100 * hi:.1f}] vs {opp}")
        text += f" On {validation['games_per_opponent']:,} fresh games: " + "; ".join(parts) + "."
    return text


def validate(
    executor: Executor,
    game: str,
    cards: list[str],
    best: Doc,
    opponents: dict[str, Doc],
    seed: int,
    games: int = VALIDATION_GAMES,
) -> dict[str, Any]:
    """Win rates with Wilson intervals on fresh seeds (never used by the search)."""
    vseed = derive_seed(seed, "validation")
    names = list(opponents)
    res = play_matches(executor, game, cards, [(best, opponents[n]) for n in names], games, vseed)
    out: dict[str, Any] = {
        "games_per_opponent": games,
        "seed": vseed,
        "note": "ties count as half a win; seats rotated, each seed played from both seats",
        "opponents": {},
    }
    for n, (w, g) in zip(names, res, strict=True):
        lo, hi = wilson(w, g)
        out["opponents"][n] = {"win_rate": w / g, "ci95": [lo, hi], "games": g}
    return out


def write_curve(out: Path, curve: list[dict[str, Any]], title: str) -> None:
    """curve.json and curve.png: best and median fitness against games spent."""
    write_json_atomic(out / "curve.json", curve)
    if not curve:
        return
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    xs = [c["games"] for c in curve]
    ax.plot(xs, [c["best_fitness"] for c in curve], label="best (vs opponents + champion)")
    ax.plot(xs, [c["best_vs_opponents"] for c in curve], label="best vs opponents", ls="--")
    ax.plot(xs, [c["median_fitness"] for c in curve], label="median candidate", ls=":")
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.set_xlabel("games spent")
    ax.set_ylabel("win rate (ties half)")
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "curve.png", dpi=100)
    plt.close(fig)
