"""Progress events from experiment stages: the runner reports, the caller decides how to show.

The runner never prints; a stage counts its work through StageProgress, which sends
StageEvents to the sink the caller gave (the CLI draws bars on a terminal, plain lines
otherwise; a library caller may collect them or pass nothing).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

EventKind = Literal["start", "progress", "done", "stopped", "note"]


@dataclass(frozen=True)
class StageEvent:
    """A stage's start, progress or end (counts and elapsed seconds), or a note from it."""

    stage: str
    kind: EventKind
    done: int = 0
    total: int = 0
    seconds: float = 0.0
    message: str = ""


EventSink = Callable[[StageEvent], None]


def ignore(event: StageEvent) -> None:
    """The default sink: a library caller that passed none sees nothing."""


class StageProgress:
    """Counts one stage's work and reports it; a stage with nothing to do reports nothing."""

    def __init__(self, stage: str, total: int, sink: EventSink) -> None:
        self.stage, self.total, self.sink = stage, total, sink
        self.done = 0
        self.t0 = 0.0

    def _emit(self, kind: EventKind) -> None:
        secs = time.perf_counter() - self.t0
        self.sink(StageEvent(self.stage, kind, self.done, self.total, secs))

    def __enter__(self) -> StageProgress:
        self.t0 = time.perf_counter()
        if self.total:
            self._emit("start")
        return self

    def update(self, n: int) -> None:
        """Count `n` more units of work done."""
        self.done += n
        if self.total:
            self._emit("progress")

    def __exit__(self, *exc: object) -> None:
        if self.total:
            self._emit("done" if exc[0] is None else "stopped")
