"""Ratings from people: export advice as a blinded, shuffled CSV; import the filled-in file."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError
from gametest.records.ids import content_id

SCORE_COLUMNS = ("overall", "card_understanding", "specificity", "actionability")
COLUMNS = ("item", "kingdom", "advice", *SCORE_COLUMNS, "comment")


def key_path(csv_path: Path) -> Path:
    """Where the item -> advice id key of an exported CSV is kept (apart from the sheet)."""
    return csv_path.with_name(csv_path.stem + ".key.json")


def export_csv(advice: Sequence[dict[str, Any]], csv_path: Path, seed: int = 0) -> Path:
    """Write the advice, shuffled and under neutral item codes, for a person to rate."""
    items = list(advice)
    if not items:
        raise UsageError("no advice to export")
    random.Random(seed).shuffle(items)
    key = {}
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i, rec in enumerate(items, 1):
            code = f"R{i:03d}"
            key[code] = rec["id"]
            w.writerow(
                [code, ", ".join(rec["kingdom"]), rec["text"] or "(no advice)", "", "", "", "", ""]
            )
    kp = key_path(csv_path)
    kp.write_text(json.dumps({"items": key, "seed": seed}, indent=1))
    return kp


def _score(value: str, where: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 10:
        raise UsageError(f"{where}: '{value}' is not a whole number from 1 to 10")
    return int(value)


def import_csv(csv_path: Path, rater: str, key: Path | None = None) -> list[dict[str, Any]]:
    """Rating records from a filled-in sheet; rows with no overall score are skipped."""
    kp = key or key_path(csv_path)
    try:
        items = json.loads(kp.read_text())["items"]
    except (OSError, ValueError, KeyError) as e:
        raise UsageError(f"cannot read the key file {kp} (from `ratings export`): {e}") from None
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise UsageError(f"cannot read {csv_path}: {e}") from None
    if rows and ("item" not in rows[0] or "overall" not in rows[0]):
        raise UsageError(f"{csv_path}: needs the columns 'item' and 'overall'")
    out = []
    for n, row in enumerate(rows, 2):
        code = (row.get("item") or "").strip()
        if code not in items:
            raise UsageError(f"{csv_path} row {n}: unknown item '{code}'")
        scores = {}
        for col in SCORE_COLUMNS:
            v = _score(row.get(col) or "", f"{csv_path} row {n}, column {col}")
            if v is not None:
                scores[col] = v
        if "overall" not in scores:
            continue
        judge = f"human:{rater}"
        out.append(
            {
                "id": content_id(
                    {"a": items[code], "j": judge, "s": scores, "c": row.get("comment")}
                ),
                "kind": "absolute",
                "advice_id": items[code],
                "rater": "human",
                "judge": judge,
                "model": None,
                "rubric": "human-sheet",
                "rubric_hash": content_id(list(COLUMNS)),
                "sample": 0,
                "scores": scores,
                "overall": float(scores["overall"]),
                "reason": (row.get("comment") or "").strip() or None,
                "error": None,
                "tokens": {"prompt": 0, "completion": 0},
            }
        )
    return out
