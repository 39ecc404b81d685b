"""One JSON line per LLM call (request, response, usage, latency, errors) in the run's folder.

Lines are flushed as calls complete, so a killed run keeps every call it made; API keys are
scrubbed from each line before it is written.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import IO, Any

from gametest.llm.base import ConfigError, redact

CALL_LOG_NAME = "llm_calls.jsonl"


class CallLog:
    """Appends call records to `<run_dir>/llm_calls.jsonl`; thread-safe."""

    def __init__(self, run_dir: str | os.PathLike[str], name: str = CALL_LOG_NAME) -> None:
        """Create the run folder if needed and open the log for appending."""
        self.path = Path(run_dir) / name
        self._lock = threading.Lock()
        self.tags: dict[str, Any] = {}  # added to every record, e.g. {"stage": "ratings"}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh: IO[str] | None = self.path.open("a", encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot write the call log {self.path}: {e.strerror}") from None

    def write(self, record: dict[str, Any]) -> None:
        """Write one record as one line, with a timestamp, keys redacted, flushed at once."""
        rec = {"ts": round(time.time(), 6), **self.tags, **record}
        line = redact(json.dumps(rec, ensure_ascii=False, default=str))
        with self._lock:
            if self._fh is None:
                return
            self._fh.write(line + "\n")
            self._fh.flush()

    def close(self) -> None:
        """Close the file; later writes are dropped; safe to call twice."""
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
