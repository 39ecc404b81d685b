"""Retries with exponential backoff and jitter, bounded in attempts and in total time.

Rate limits, server errors, timeouts and dropped connections are transient; everything else
fails at once so a wrong key or model name is reported in a second, not after minutes.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from gametest.llm.base import LLMError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; `base_delay` doubles per attempt up to `max_delay`."""

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_total_s: float = 180.0
    jitter: float = 0.5
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)

    def backoff(self, retry_index: int, rng: random.Random) -> float:
        """Delay before retry number `retry_index` (0-based): exponential, capped, jittered down."""
        delay = min(self.max_delay, self.base_delay * (2**retry_index))
        return delay * (1.0 - self.jitter * rng.random())


NO_RETRY = RetryPolicy(max_attempts=1)

# When the current call's retry budget runs out (time.monotonic()); backends cut their own
# timeout to it, so the budget bounds the wall time of an attempt in flight too.
_deadline: ContextVar[float | None] = ContextVar("gametest_llm_deadline", default=None)


def remaining_budget() -> float | None:
    """Seconds left in the retry budget of the call this thread is making, or None."""
    d = _deadline.get()
    return None if d is None else d - time.monotonic()


_rng_lock = threading.Lock()
_rng = random.Random()


def _jitter_rng() -> random.Random:
    """A per-call RNG seeded from a shared one, so threads don't contend on one generator."""
    with _rng_lock:
        return random.Random(_rng.getrandbits(64))


def call_with_retries(
    fn: Callable[[], T],
    policy: RetryPolicy,
    on_retry: Callable[[LLMError, float], None] | None = None,
) -> tuple[T, int]:
    """Call `fn` until it succeeds or fails for good; return (result, number of retries made).

    A server's Retry-After is honoured when it fits in the remaining time budget; otherwise the
    last error is raised with a note, so callers never wait longer than `max_total_s`.
    """
    start = time.monotonic()
    token = _deadline.set(start + policy.max_total_s)
    try:
        return _retry_loop(fn, policy, on_retry, start)
    finally:
        _deadline.reset(token)


def _retry_loop(
    fn: Callable[[], T],
    policy: RetryPolicy,
    on_retry: Callable[[LLMError, float], None] | None,
    start: float,
) -> tuple[T, int]:
    rng: random.Random | None = None  # made on the first retry only: the happy path stays cheap
    retries = 0
    while True:
        try:
            return fn(), retries
        except LLMError as err:
            err.retries = retries
            if not err.retryable or retries + 1 >= policy.max_attempts:
                if err.retryable and policy.max_attempts > 1:
                    raise _exhausted(err, retries) from None
                raise
            rng = rng or _jitter_rng()
            delay = policy.backoff(retries, rng)
            if err.retry_after is not None:
                if err.retry_after > policy.max_retry_after:
                    raise _exhausted(
                        err, retries, f"server asked to wait {err.retry_after:g}s"
                    ) from None
                delay = max(delay, err.retry_after)
            elapsed = time.monotonic() - start
            if elapsed + delay > policy.max_total_s:
                raise _exhausted(
                    err, retries, f"retry budget of {policy.max_total_s:g}s spent"
                ) from None
            if on_retry is not None:
                on_retry(err, delay)
            policy.sleep(delay)
            retries += 1


def _exhausted(err: LLMError, retries: int, why: str = "") -> LLMError:
    """The final error after retries ran out: same kind, marked not retryable, attempts noted."""
    attempts = retries + 1
    note = f" (gave up after {attempts} attempt{'s' if attempts != 1 else ''}"
    note += f"; {why})" if why else ")"
    out = LLMError(err.message + note, retryable=False, status=err.status, kind=err.kind)
    out.retries = retries
    return out
