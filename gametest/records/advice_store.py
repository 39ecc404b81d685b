"""The advice store: one JSON file per piece of advice (and per compilation), named by a stable
content hash, so writing the same advice twice is a no-op and ids survive across machines.

Layout under the store folder (default results/advice, or $GAMETEST_ADVICE_STORE):
    <id>.json                     a piece of advice with its provenance
    compiled/<advice>-<cid>.json  a compilation record (strategy, repairs, unexpressible parts)
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError
from gametest.engine.inputs import parse_json, read_text
from gametest.records.ids import content_id

DEFAULT_STORE = Path("results") / "advice"
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
MAX_RECORD_BYTES = 4 * 1024 * 1024


def check_id(aid: Any, what: str = "advice id") -> str:
    """`aid` if it is a safe file name (letters, digits, '-', '_'; at most 64), else UsageError:
    ids come from data and name files, so none may lead outside the store."""
    if not isinstance(aid, str) or not _SAFE_ID.fullmatch(aid):
        raise UsageError(f"{what} {str(aid)[:80]!r} is not valid (letters, digits, '-' and '_')")
    return aid


def default_store() -> Path:
    """$GAMETEST_ADVICE_STORE, else results/advice under the working directory."""
    env = os.environ.get("GAMETEST_ADVICE_STORE")
    return Path(env) if env else DEFAULT_STORE


def advice_id(record: dict[str, Any]) -> str:
    """The id of a piece of advice: its text and everything that produced it (not timings)."""
    prov = record.get("provenance", {})
    key = {
        "game": record.get("game"),
        "kingdom": record.get("kingdom"),
        "text": record.get("text"),
        "backend": prov.get("backend"),
        "model": prov.get("model"),
        "template": (prov.get("template") or {}).get("hash"),
        "options": prov.get("options"),
        "sample": prov.get("sample"),
        "source": prov.get("source"),
    }
    return content_id(key)


def now() -> str:
    """UTC timestamp for records."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _write_json(path: Path, obj: Any) -> None:
    """Write atomically (temp file + rename), so a killed run never leaves half a record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


class AdviceStore:
    """Advice and compilation records in a folder."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else default_store()

    def path(self, aid: str) -> Path:
        """Where the advice with this id lives."""
        return self.root / f"{check_id(aid)}.json"

    def put(self, record: dict[str, Any]) -> str:
        """Store a piece of advice under its content id (set on the record) and return the id."""
        aid = advice_id(record)
        record["id"] = aid
        p = self.path(aid)
        if not p.exists():
            _write_json(p, record)
        return aid

    def ids(self) -> list[str]:
        """Every advice id in the store."""
        return sorted(p.stem for p in self.root.glob("*.json"))

    def get(self, aid: str) -> dict[str, Any]:
        """The advice with this id (or unique id prefix)."""
        p = self.path(aid)
        if not p.exists():
            hits = [i for i in self.ids() if i.startswith(aid)] if len(aid) >= 4 else []
            if len(hits) != 1:
                why = "is ambiguous" if hits else "is not"
                raise UsageError(f"advice '{aid}' {why} in the store {self.root}")
            p = self.path(hits[0])
        return _read(p)

    def put_compiled(self, record: dict[str, Any]) -> Path:
        """Store a compilation record; its id hashes the advice, backend, options and result."""
        cid = content_id({k: record.get(k) for k in ("advice_id", "strategy", "provenance_key")})
        record["id"] = cid
        p = self.root / "compiled" / f"{check_id(record['advice_id'])}-{cid}.json"
        _write_json(p, record)
        return p

    def compiled_for(self, aid: str) -> dict[str, Any] | None:
        """The most recent valid compilation of an advice id, if any."""
        recs = [_read(p) for p in (self.root / "compiled").glob(f"{check_id(aid)}-*.json")]
        good = [r for r in recs if r.get("valid") and r.get("strategy")]
        return max(good, key=lambda r: str(r.get("created", ""))) if good else None


def _read(path: Path) -> dict[str, Any]:
    """A JSON record from disk, or a one-line error."""
    rec = parse_json(read_text(path, "advice record", MAX_RECORD_BYTES), f"advice record {path}")
    if not isinstance(rec, dict):
        raise UsageError(f"{path} is not an advice record")
    return rec


def check_advice(rec: dict[str, Any], where: str) -> dict[str, Any]:
    """An advice record's fields that code relies on, type-checked (records can be hand-made)."""
    if not isinstance(rec.get("text"), str):
        raise UsageError(f"{where}: 'text' must be a string")
    kingdom = rec.get("kingdom")
    if kingdom is not None and not (
        isinstance(kingdom, list) and all(isinstance(c, str) for c in kingdom)
    ):
        raise UsageError(f"{where}: 'kingdom' must be a list of card names")
    if "id" in rec:
        check_id(rec["id"], f"{where}: id")
    if not isinstance(rec.get("game", "dominion"), str):
        raise UsageError(f"{where}: 'game' must be a string")
    return rec


def load_advice(
    id_or_file: str,
    store: str | os.PathLike[str] | None = None,
    kingdom: list[str] | None = None,
    game: str = "dominion",
) -> dict[str, Any]:
    """An advice record from a store id, an advice .json record, or a plain text/Markdown file.

    A text file becomes a record whose id hashes its text; `kingdom` fills in its kingdom.
    """
    p = Path(id_or_file)
    if p.is_file():
        if p.suffix == ".json":
            rec = _read(p)
            if "text" in rec:
                check_advice(rec, str(p))
                rec.setdefault("id", advice_id(rec))
                return rec
            raise UsageError(f"{p} has no 'text': not an advice record")
        text = read_text(p, "advice file", MAX_RECORD_BYTES).strip()
        if not text:
            raise UsageError(f"advice file {p} is empty")
        rec = {
            "kind": "advice",
            "game": game,
            "kingdom": kingdom,
            "text": text,
            "provenance": {"source": str(p.resolve())},
        }
        rec["id"] = content_id({"text": text})
        return rec
    return check_advice(AdviceStore(store).get(id_or_file), f"advice {id_or_file}")
