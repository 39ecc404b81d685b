"""Upper bounds on the counts a user can ask for, checked before any work starts.

Each is far above any real use (10**8 games is about a day on one core) and far below what
would hang or exhaust memory, so an impossible request is one line, not a hang.
"""

from __future__ import annotations

from gametest.engine.errors import UsageError

MAX_GAMES = 10**8  # games in one batch, per pairing, or per advice and opponent
MAX_KINGDOMS = 10_000  # kingdoms in one tournament or experiment
MAX_SAMPLES = 10_000  # pieces of advice or ratings asked for in one command
MAX_WORKERS = 256  # worker processes


def check_count(value: int, name: str, high: int, low: int = 0) -> int:
    """`value` if low <= value <= high, else a UsageError naming the setting."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UsageError(f"{name} must be a whole number from {low} to {high:,}, got {value!r}")
    return value
