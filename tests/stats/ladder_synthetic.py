"""Synthetic runs with an advice ladder (records as in the ladder schema), with planted truth."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

STYLES = ("plain", "expert", "hedged", "narrative", "terse")
LENGTHS = ("short", "long")
WORDS = {"short": 60, "long": 180}
KINGDOM = ["Cellar", "Market", "Merchant", "Militia", "Mine", "Moat", "Remodel", "Smithy"]
KINGDOM += ["Village", "Workshop"]

# A ladder judge maps (win rate, style, length, rng) to a rating on the 1-10 scale.
LadderJudge = Callable[[float, str, str, np.random.Generator], float]


def substance(noise: float = 0.5) -> LadderJudge:
    """Rates by win rate alone, plus noise."""
    return lambda w, s, ln, rng: float(np.clip(1 + 9 * w + rng.normal(0, noise), 1, 10))


def confident(effect: float = 3.0, noise: float = 0.5) -> LadderJudge:
    """Rates the confident expert style `effect` points higher; blind to win rate."""
    return lambda w, s, ln, rng: float(
        np.clip(5 + effect * (s == "expert") + rng.normal(0, noise), 1, 10)
    )


def wordy(effect: float = 2.0, noise: float = 0.5) -> LadderJudge:
    """Rates long renderings `effect` points higher; blind to win rate and style."""
    return lambda w, s, ln, rng: float(
        np.clip(4 + effect * (ln == "long") + rng.normal(0, noise), 1, 10)
    )


def mixed(win: float = 8.0, expert: float = 2.0, noise: float = 0.3) -> LadderJudge:
    """Rates win rate and the expert style: the expert style is worth expert/win win rate."""
    return lambda w, s, ln, rng: 1 + win * w + expert * (s == "expert") + rng.normal(0, noise)


@dataclass
class LadderRun:
    """What was written, with the truth behind it."""

    path: Path
    win_rates: dict[str, float] = field(default_factory=dict)  # rung id -> win rate
    items: list[dict[str, Any]] = field(default_factory=list)


def _write(path: Path, recs: list[dict[str, Any]]) -> None:
    """Write records as JSON lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def ladder_advice(rungs: int = 10, games: int = 4000, label: str = "first-game") -> list[dict]:
    """Ladder items (rung x style x length) as advice.jsonl records, rungs spread 0.03-0.85."""
    rates = np.linspace(0.03, 0.85, rungs)
    out = []
    for r, w in enumerate(rates):
        lo, hi = max(0.0, w - 0.015), min(1.0, w + 0.015)
        for style in STYLES:
            for length in LENGTHS:
                text = f"Rung {r}. Style {style}. " + " ".join(["Buy Silver."] * WORDS[length])
                out.append(
                    {
                        "id": f"lad-r{r:02d}-{style}-{length}",
                        "game": "dominion",
                        "kingdom": KINGDOM,
                        "kingdom_label": label,
                        "text": text,
                        "role": "ladder",
                        "control": None,
                        "advisor": None,
                        "ladder": {
                            "file": f"results/ladders/dominion-{label}-s1.json",
                            "rung": r,
                            "rung_id": f"r{r:02d}",
                            "style": style,
                            "length": length,
                            "words": WORDS[length] * 2 + 4,
                            "win_rate": float(w),
                            "lo": lo,
                            "hi": hi,
                            "n": games,
                        },
                        "provenance": {"source": "ladder", "seed": 1},
                    }
                )
    return out


def make_ladder_run(
    path: Path,
    judges: dict[str, LadderJudge],
    *,
    rungs: int = 10,
    repeats: int = 2,
    seed: int = 0,
    expected: bool = True,
    advisor_pool: int = 0,
) -> LadderRun:
    """Write a run of ladder items rated by the given judges (expected scores when asked, the
    rounded sampled answer beside them); optionally an advisor's pieces with compiled games."""
    rng = np.random.default_rng(seed)
    path.mkdir(parents=True, exist_ok=True)
    advice = ladder_advice(rungs)
    run = LadderRun(path, items=advice)
    for a in advice:
        run.win_rates[a["ladder"]["rung_id"]] = a["ladder"]["win_rate"]
    games: list[dict[str, Any]] = []
    advisor_rates = np.linspace(0.0, 0.6, advisor_pool)
    for i, w in enumerate(advisor_rates):
        aid = f"adv{i:02d}"
        advice.append(
            {
                "id": aid,
                "game": "dominion",
                "kingdom": KINGDOM,
                "kingdom_label": "first-game",
                "text": f"Advice {i}.",
                "role": "advisor",
                "control": None,
                "advisor": "scripted:test/plain",
            }
        )
        for g in range(200):
            games.append(
                {
                    "key": f"{aid}-{g}",
                    "advice_id": aid,
                    "mode": "compiled",
                    "opponent": "bmu",
                    "index": g,
                    "outcome": float(rng.random() < w),
                }
            )
    _write(path / "advice.jsonl", advice)
    _write(path / "games.jsonl", games)
    ratings = []
    for jname, judge in judges.items():
        for a in advice:
            lad = a.get("ladder") or {}
            w = lad.get(
                "win_rate", advisor_rates[int(a["id"][3:])] if a["role"] == "advisor" else 0
            )
            for s in range(repeats):
                v = judge(float(w), lad.get("style", "plain"), lad.get("length", "short"), rng)
                overall = float(np.clip(round(v), 1, 10))
                ratings.append(
                    {
                        "id": f"{jname}-{a['id']}-{s}",
                        "kind": "absolute",
                        "advice_id": a["id"],
                        "rater": "model",
                        "judge": jname,
                        "rubric": "overall",
                        "rubric_hash": "h",
                        "sample": s,
                        "scores": {"overall": overall},
                        "overall": overall,
                        "expected": v if expected else None,
                    }
                )
    _write(path / "ratings.jsonl", ratings)
    (path / "manifest.json").write_text(json.dumps({"name": path.name}))
    return run
