"""Synthetic run folders in the documented record formats, with known true win rates."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# A judge maps (true win rate, words, rng) to a 1-10 rating.
Judge = Callable[[float, int, np.random.Generator], float]

FILLER = "Buy Silver early and keep the deck lean while adding a few strong actions"


def follows(noise: float = 0.6) -> Judge:
    """A judge whose ratings follow the true win rate, plus noise."""
    return lambda p, w, rng: float(np.clip(round(1 + 9 * p + rng.normal(0, noise)), 1, 10))


def reversed_judge(noise: float = 0.6) -> Judge:
    """A judge who rates winning advice low."""
    return lambda p, w, rng: float(np.clip(round(10 - 9 * p + rng.normal(0, noise)), 1, 10))


def by_length(noise: float = 0.3) -> Judge:
    """A judge who rates by length alone (more words, higher rating)."""
    return lambda p, w, rng: float(np.clip(1 + 9 * (w - 20) / 180 + rng.normal(0, noise), 1, 10))


@dataclass
class SyntheticRun:
    """What was written, with the truth behind it."""

    path: Path
    true_rates: dict[str, float] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    controls: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def _write(path: Path, recs: list[dict[str, Any]]) -> None:
    """Write records as JSON lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def make_run(
    path: Path,
    judges: dict[str, Judge],
    *,
    n_advice: int = 30,
    games: int = 200,
    repeats: int = 2,
    seed: int = 0,
    controls: bool = True,
    llm_advice: int = 4,
    llm_games: int = 6,
    failed_compiles: int = 1,
    pairwise_judge: str | None = None,
) -> SyntheticRun:
    """Write a run: advisor advice with true win rates spread 0.2-0.8, controls, ratings, games."""
    rng = np.random.default_rng(seed)
    path.mkdir(parents=True, exist_ok=True)
    run = SyntheticRun(path)
    advice: list[dict[str, Any]] = []
    kingdoms = {"first-game": ["Cellar", "Market"], "big-money": ["Smithy", "Moat"]}
    truths = np.linspace(0.2, 0.8, n_advice)
    lengths = rng.permutation(np.linspace(20, 200, n_advice).astype(int))
    specs: list[tuple[str, float, int, str, str | None]] = []
    for i in range(n_advice):
        specs.append((f"adv{i:03d}", float(truths[i]), int(lengths[i]), "advisor", None))
    if controls:
        for kind, p in (("strong", 0.9), ("none", 0.5), ("placebo", 0.45), ("wrong", 0.1)):
            specs.append((f"ctl-{kind}", p, 60, "control", kind))
    for j in range(failed_compiles):
        specs.append((f"bad{j:03d}", 0.5, 50, "advisor", None))
        run.failed.append(f"bad{j:03d}")
    for n, (aid, p, w, role, ctl) in enumerate(specs):
        label = list(kingdoms)[n % 2]
        text = " ".join((FILLER.split() * 40)[:w])
        advice.append(
            {
                "id": aid,
                "game": "dominion",
                "kingdom": kingdoms[label],
                "kingdom_label": label,
                "text": text,
                "role": role,
                "control": ctl,
                "advisor": "scripted:test/plain" if role == "advisor" else None,
                "provenance": {"backend": "scripted:test", "sample": n},
            }
        )
        run.true_rates[aid] = p
        run.words[aid] = w
        if ctl:
            run.controls[aid] = ctl
    _write(path / "advice.jsonl", advice)

    ratings: list[dict[str, Any]] = []
    for jname, judge in judges.items():
        for aid in run.true_rates:
            for s in range(repeats):
                v = judge(run.true_rates[aid], run.words[aid], rng)
                ratings.append(
                    {
                        "id": f"{jname}-{aid}-{s}",
                        "kind": "absolute",
                        "advice_id": aid,
                        "rater": "model",
                        "judge": jname,
                        "rubric": "overall",
                        "rubric_hash": "h",
                        "sample": s,
                        "scores": {"overall": v},
                        "overall": v,
                    }
                )
    if pairwise_judge is not None:
        ids = [a for a in run.true_rates if a.startswith("adv")]
        for k in range(0, len(ids) - 1):
            a, b = ids[k], ids[k + 1]
            for first, second in ((a, b), (b, a)):
                better = b if run.true_rates[b] > run.true_rates[a] else a
                ratings.append(
                    {
                        "id": f"pw-{first}-{second}",
                        "kind": "pairwise",
                        "judge": pairwise_judge,
                        "rubric": "pairwise",
                        "rubric_hash": "h",
                        "first": first,
                        "second": second,
                        "preferred": better,
                        "sample": 0,
                    }
                )
    _write(path / "ratings.jsonl", ratings)

    compiles: list[dict[str, Any]] = [
        {
            "advice_id": aid,
            "ok": aid not in run.failed,
            "repairs": int(i % 3 == 0),
            "unexpressed": [],
            "error": "no valid strategy after 2 repairs" if aid in run.failed else None,
            "strategy_file": f"strategies/{aid}.json",
            "backend": "scripted:test",
            "flags": ["never gains Province (the game's main victory card)"]
            if aid == "adv000"
            else [],
            **(
                {"control": run.controls[aid], "fidelity": {"cards_jaccard": 0.5, "order_tau": 1.0}}
                if aid in run.controls
                else {}
            ),
        }
        for i, aid in enumerate(run.true_rates)
        if run.controls.get(aid) != "none"
    ]
    _write(path / "compile.jsonl", compiles)

    game_recs: list[dict[str, Any]] = []
    llm_ids = [a for a in run.true_rates if a.startswith("adv")][:llm_advice]
    for aid, p in run.true_rates.items():
        # a failed compilation's stray compiled games must be excluded, not counted
        modes = [("compiled", games if aid not in run.failed else 2)]
        if aid in llm_ids or aid in run.failed:
            modes.append(("llm", llm_games))
        if run.controls.get(aid) not in (None, "none"):
            modes.append(("source", games))  # the control's source strategy, same seeds
        for mode, n_games in modes:
            for i in range(n_games):
                opp = ("big-money", "bmu")[i % 2]
                u = rng.random() - (0.1 if mode == "source" else 0.0)
                outcome = 1.0 if u < p - 0.01 else (0.5 if u < p + 0.01 else 0.0)
                game_recs.append(
                    {
                        "key": f"{aid}-{mode}-{opp}-{i}",
                        "advice_id": aid,
                        "mode": mode,
                        "opponent": opp,
                        "kingdom": [],
                        "index": i // 2,  # per opponent: 0, 1, 2, ...
                        "seed": 1000 + i,
                        "advice_seat": i % 2,
                        "scores": [30, 20],
                        "winners": [0],
                        "turns": [15, 15],
                        "ended_by": "provinces",
                        "outcome": outcome,
                        "llm": {
                            "calls": 40,
                            "fallbacks": 2,
                            "invalid": 3,
                            "asked": 40,
                            "own": 38,
                            "tokens_in": 20000,
                            "tokens_out": 800,
                        }
                        if mode == "llm"
                        else None,
                        "compliance": {"gain_decisions": 20, "matched": 15, "share": 0.75}
                        if mode == "llm"
                        else None,
                    }
                )
    _write(path / "games.jsonl", game_recs)

    calls: list[dict[str, Any]] = []
    for stage, n in (("advice", 3), ("rating", 5), ("play", 4)):
        for k in range(n):
            calls.append(
                {
                    "ts": 1.0,
                    "backend": "scripted:test",
                    "model": "test",
                    "sample": k,
                    "key": "k",
                    "stage": stage,
                    "request": {"messages": []},
                    "response": {"text": "x"},
                    "usage": {"prompt_tokens": 100, "completion_tokens": 10, "cost": 0.001},
                    "latency_s": 0.5,
                    "retries": 0,
                    "cached": False,
                }
            )
    _write(path / "llm_calls.jsonl", calls)
    (path / "manifest.json").write_text(json.dumps({"name": path.name, "git_commit": "abc"}))
    return run
