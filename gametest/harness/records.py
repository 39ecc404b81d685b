"""Append-only JSON Lines records, written and flushed one line per finished unit of work.

A run that is killed mid-write leaves at most one partial last line; opening the file for
appending drops it, so the run resumes from the last complete record.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from gametest.records.jsonl import iter_jsonl
from gametest.records.lines import Record


def read_records(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every complete record in a JSONL file (gametest.records.jsonl's policy); [] if missing."""
    return list(iter_jsonl(path))


def iter_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Complete records one at a time (lines that end in a newline and hold a JSON object)."""
    return iter_jsonl(path)


def _complete_length(path: Path) -> int:
    """Byte length of the file up to and including its last newline."""
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb") as f:
        pos = size
        block = 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            f.seek(start)
            chunk = f.read(pos - start)
            i = chunk.rfind(b"\n")
            if i >= 0:
                return start + i + 1
            pos = start
    return 0


class RecordWriter:
    """Appends JSON records to a file, one flushed line each; thread-safe."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Open `path` for appending, first cutting off a partial last line left by a kill."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            keep = _complete_length(self.path)
            if keep != self.path.stat().st_size:
                with self.path.open("r+b") as f:
                    f.truncate(keep)
        self._f: IO[str] | None = self.path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, rec: dict[str, Any] | Record) -> None:
        """Append one record (a dict or a typed record) and flush it to the OS."""
        obj = rec.to_dict() if isinstance(rec, Record) else rec
        line = json.dumps(obj, separators=(",", ":")) + "\n"
        with self._lock:
            if self._f is None:
                raise ValueError(f"record file {self.path} is closed")
            self._f.write(line)
            self._f.flush()

    def close(self) -> None:
        """Close the file; safe to call twice."""
        with self._lock:
            if self._f is not None:
                self._f.close()
                self._f = None

    def __enter__(self) -> RecordWriter:
        """Use as a context manager."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on leaving the with-block."""
        self.close()


def write_json_atomic(path: str | os.PathLike[str], data: Any) -> None:
    """Write a JSON file via a temporary file and rename, so readers never see half of it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, p)
