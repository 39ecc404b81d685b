"""On-disk response cache in SQLite (WAL mode), so a rerun of the same run is free and identical.

Keys hash everything that shapes an answer (backend identity, model, messages, options, sample
index); distinct sample indices stay distinct. Only successful completions are stored. SQLite's
journal makes each write atomic, so a process killed mid-write leaves a usable cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gametest.llm.base import CallOptions, ConfigError, Message, canonical_json

CACHE_FILE = "llm_cache.sqlite3"
KEY_VERSION = 1


def default_cache_dir() -> Path:
    """`$GAMETEST_CACHE_DIR`, else ~/.cache/gametest/llm."""
    env = os.environ.get("GAMETEST_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "gametest" / "llm"


def cache_key(
    identity: str, model: str, messages: Sequence[Message], options: CallOptions, sample: int
) -> str:
    """sha256 over a canonical JSON of the request; the identity already names the base URL."""
    payload = {
        "v": KEY_VERSION,
        "backend": identity,
        "model": model,
        "messages": [m.to_dict() for m in messages],
        "options": options.to_dict(),
        "sample": sample,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class ResponseCache:
    """A thread-safe key -> completion-record store in one SQLite file, shared across processes."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        """Open (creating if needed) the cache file in `directory`."""
        self.dir = Path(directory).expanduser()
        self.path = self.dir / CACHE_FILE
        self._lock = threading.Lock()
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                str(self.path), timeout=30.0, check_same_thread=False, isolation_level=None
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=30000")
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS completions ("
                " key TEXT PRIMARY KEY, record TEXT NOT NULL, backend TEXT, created REAL)"
            )
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(
                f"cannot open the LLM cache at {self.path}: {e}; use --cache-dir or --no-cache"
            ) from None

    def get(self, key: str) -> dict[str, Any] | None:
        """Return the stored record for `key`, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT record FROM completions WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        try:
            rec = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return rec if isinstance(rec, dict) else None

    def put(self, key: str, record: Mapping[str, Any], backend: str = "") -> None:
        """Store (or replace) the record for `key` in one atomic statement."""
        text = json.dumps(record, ensure_ascii=False, sort_keys=True)
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO completions (key, record, backend, created)"
                " VALUES (?, ?, ?, ?)",
                (key, text, backend, time.time()),
            )

    def __len__(self) -> int:
        """Number of stored completions."""
        with self._lock:
            (n,) = self._conn.execute("SELECT COUNT(*) FROM completions").fetchone()
        return int(n)

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes."""
        with self._lock:
            (res,) = self._conn.execute("PRAGMA integrity_check").fetchone()
        return bool(res == "ok")

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()
