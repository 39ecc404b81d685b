"""The one JSON Lines reader for record files, with one policy for damaged lines.

Policy: a record is a line that ends in a newline and holds a JSON object. A last line with no
newline is a write cut off by a kill: it is skipped and noted (`truncated_last_line`), even if
it happens to parse, because RecordWriter drops it when the run resumes. Any other line that is
not a JSON object is skipped and its number noted (`malformed_lines`); blank lines are ignored.
A missing file reads as no records.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class FileStatus:
    """How a record file read: lines, records kept, a cut-off last line, bad or repeated lines."""

    present: bool = False
    records: int = 0
    truncated_last_line: bool = False
    malformed_lines: list[int] = field(default_factory=list)
    duplicates: int = 0


def _scan(path: Path, st: FileStatus) -> Iterator[dict[str, Any]]:
    """Yield the file's records in order, noting damaged lines in `st`."""
    if not path.exists():
        return
    st.present = True
    with path.open("rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                st.truncated_last_line = True
                return
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except ValueError:
                rec = None
            if isinstance(rec, dict):
                yield rec
            else:
                st.malformed_lines.append(n)


def iter_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The file's records one at a time, damaged lines skipped (see the module's policy)."""
    yield from _scan(Path(path), FileStatus())


def read_jsonl(
    path: str | os.PathLike[str], key: str | None = None
) -> tuple[list[dict[str, Any]], FileStatus]:
    """The file's records and how it read; with `key`, a record whose key repeats is dropped."""
    st = FileStatus()
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rec in _scan(Path(path), st):
        if key is not None and key in rec:
            k = str(rec[key])
            if k in seen:
                st.duplicates += 1
                continue
            seen.add(k)
        out.append(rec)
    st.records = len(out)
    return out, st
