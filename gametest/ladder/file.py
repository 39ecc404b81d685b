"""Ladder files (JSON, format gametest-ladder/1): write, read and validate with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError
from gametest.harness.records import write_json_atomic

FORMAT = "gametest-ladder/1"
DEFAULT_DIR = Path("results") / "ladders"
_TOP = ("format", "game", "game_version", "kingdom", "kingdom_label", "against", "games", "seed")
_RUNG = ("id", "name", "provenance", "strategy", "win_rate", "per_opponent")
_PER = ("rate", "lo", "hi", "n", "seed")


def rung_id(i: int) -> str:
    """The id of the i-th rung from the bottom: r00, r01, ..."""
    return f"r{i:02d}"


def default_path(game: str, kingdom_label: str, seed: int) -> Path:
    """results/ladders/<game>-<kingdom_label>-s<seed>.json (the label made file-safe)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in kingdom_label)
    return DEFAULT_DIR / f"{game}-{safe}-s{seed}.json"


def validate_ladder(doc: Any, source: str = "ladder") -> dict[str, Any]:
    """Check a ladder document's shape; raise UsageError naming the first problem."""
    if not isinstance(doc, dict):
        raise UsageError(f"{source}: a ladder file holds one JSON object")
    missing = [k for k in (*_TOP, "rungs") if k not in doc]
    if missing:
        raise UsageError(f"{source}: missing '{missing[0]}'")
    if doc["format"] != FORMAT:
        raise UsageError(f"{source}: format is {doc['format']!r}, expected {FORMAT!r}")
    rungs = doc["rungs"]
    if not isinstance(rungs, list) or not rungs:
        raise UsageError(f"{source}: 'rungs' must be a non-empty list")
    last = -1.0
    for i, r in enumerate(rungs):
        where = f"{source}: rungs[{i}]"
        if not isinstance(r, dict):
            raise UsageError(f"{where}: must be an object")
        miss = [k for k in _RUNG if k not in r]
        if miss:
            raise UsageError(f"{where}: missing '{miss[0]}'")
        if not isinstance(r["win_rate"], int | float) or not 0 <= r["win_rate"] <= 1:
            raise UsageError(f"{where}.win_rate: must be a number from 0 to 1")
        if r["win_rate"] < last:
            raise UsageError(f"{where}: rungs must be sorted by win_rate ascending")
        last = float(r["win_rate"])
        if not isinstance(r["strategy"], dict):
            raise UsageError(f"{where}.strategy: must be a strategy document (an object)")
        for opp, p in r["per_opponent"].items():
            miss = [k for k in _PER if not isinstance(p, dict) or k not in p]
            if miss:
                raise UsageError(f"{where}.per_opponent.{opp}: missing '{miss[0]}'")
    return doc


def write_ladder(path: str | Path, doc: dict[str, Any]) -> Path:
    """Validate and write a ladder file atomically; returns its path."""
    p = Path(path)
    validate_ladder(doc, str(p))
    p.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(p, doc)
    return p


def read_ladder(path: str | Path, check_strategies: bool = True) -> dict[str, Any]:
    """Read and validate a ladder file; with check_strategies, every rung's strategy parses."""
    p = Path(path)
    try:
        doc = json.loads(p.read_text())
    except OSError as e:
        raise UsageError(f"{p}: cannot read: {e.strerror}") from None
    except ValueError as e:
        raise UsageError(f"{p}: not valid JSON: {e}") from None
    validate_ladder(doc, str(p))
    if check_strategies:
        from gametest.engine.registry import get_game
        from gametest.strategy.model import parse_strategy

        game = get_game(str(doc["game"]))
        for i, r in enumerate(doc["rungs"]):
            parse_strategy(r["strategy"], game, source=f"{p}: rungs[{i}].strategy")
    return doc
