"""Checking a run folder's records before a resume: a damaged or hand-edited line is one clear
error naming the file and line, never a KeyError deep inside a stage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError


def _str(v: Any) -> bool:
    return isinstance(v, str) and bool(v)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _strs(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _opt_str(v: Any) -> bool:
    return v is None or isinstance(v, str)


# file -> field -> (check, what it must be)
FIELDS: dict[str, dict[str, tuple[Any, str]]] = {
    "advice.jsonl": {
        "id": (_str, "a non-empty string"),
        "text": (lambda v: isinstance(v, str), "a string"),
        "kingdom": (_strs, "a list of card names"),
    },
    "compile.jsonl": {
        "advice_id": (_str, "a non-empty string"),
        "ok": (lambda v: isinstance(v, bool), "true or false"),
        "strategy_file": (_opt_str, "a string or null"),
    },
    "ratings.jsonl": {"id": (_str, "a non-empty string")},
    "games.jsonl": {
        "advice_id": (_str, "a non-empty string"),
        "mode": (_str, "a non-empty string"),
        "opponent": (_str, "a non-empty string"),
        "index": (_int, "a whole number"),
    },
}


def check_run_records(run_dir: Path) -> None:
    """UsageError for the first complete record line of a known file that lacks a field the
    stages rely on (a cut-off last line is fine: appending drops it)."""
    for name, fields in FIELDS.items():
        path = run_dir / name
        if not path.exists():
            continue
        with path.open("rb") as f:
            for n, raw in enumerate(f, 1):
                if not raw.endswith(b"\n") or not raw.strip():
                    continue
                try:
                    rec = json.loads(raw)
                except ValueError:
                    continue  # not JSON at all: skipped by every reader
                if not isinstance(rec, dict):
                    continue
                for key, (ok, what) in fields.items():
                    if not ok(rec.get(key)):
                        raise UsageError(
                            f"{path} line {n}: '{key}' must be {what}, got "
                            f"{json.dumps(rec.get(key))[:60]} (a damaged record: delete the line "
                            "and rerun to redo that work)"
                        )
