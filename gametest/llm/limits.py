"""Per-backend concurrency limit and optional requests-per-minute pacing.

Limiters are shared process-wide by backend identity, so a player and a judge pointed at the
same server together stay under one limit instead of each getting their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Limiter:
    """A resizable counting semaphore plus smooth RPM spacing; records the peak in-flight count."""

    def __init__(self, concurrency: int, rpm: float | None = None) -> None:
        """`concurrency` >= 1 calls at once; `rpm` spaces call starts 60/rpm seconds apart."""
        self._cond = threading.Condition()
        self._limit = max(1, int(concurrency))
        self._in_flight = 0
        self.peak = 0
        self._rpm: float | None = None
        self._next_start = 0.0
        self._pace_lock = threading.Lock()
        self.set_rpm(rpm)

    @property
    def limit(self) -> int:
        """Current concurrency limit."""
        return self._limit

    @property
    def in_flight(self) -> int:
        """Calls holding a slot right now."""
        return self._in_flight

    def set_limit(self, concurrency: int) -> None:
        """Change the limit; waiting callers are woken if it grew."""
        with self._cond:
            self._limit = max(1, int(concurrency))
            self._cond.notify_all()

    def set_rpm(self, rpm: float | None) -> None:
        """Set or clear (None or 0) the requests-per-minute pace."""
        if rpm is not None and rpm < 0:
            raise ValueError("rpm must be positive")
        self._rpm = float(rpm) if rpm else None

    def _pace(self) -> None:
        """Wait for this call's start slot when an RPM limit is set."""
        if self._rpm is None:
            return
        interval = 60.0 / self._rpm
        with self._pace_lock:
            now = time.monotonic()
            slot = max(now, self._next_start)
            self._next_start = slot + interval
        wait = slot - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one concurrency slot (after RPM pacing) for the body of the with-block."""
        with self._cond:
            while self._in_flight >= self._limit:
                self._cond.wait()
            self._in_flight += 1
            self.peak = max(self.peak, self._in_flight)
        try:
            self._pace()
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify()


_registry_lock = threading.Lock()
_registry: dict[str, Limiter] = {}


def limiter_for(
    identity: str, concurrency: int | None, default: int, rpm: float | None = None
) -> Limiter:
    """Return the shared limiter of a backend identity; explicit settings update it."""
    with _registry_lock:
        lim = _registry.get(identity)
        if lim is None:
            lim = Limiter(concurrency or default, rpm)
            _registry[identity] = lim
            return lim
    if concurrency:
        lim.set_limit(concurrency)
    if rpm is not None:
        lim.set_rpm(rpm)
    return lim
