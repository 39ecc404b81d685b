"""Helpers the games' log formatters share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def cards_text(names: Sequence[str]) -> str:
    """Card names as counts in first-seen order ('2x Copper, Estate'), or 'nothing'."""
    if not names:
        return "nothing"
    counts = Counter(names)
    return ", ".join(f"{n}x {c}" if n > 1 else c for c, n in counts.items())
