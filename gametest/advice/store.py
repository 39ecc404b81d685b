"""Moved to gametest.records.advice_store (content ids to gametest.records.ids).

This re-export keeps branches written before the move importing; delete it once they are merged.
"""

from gametest.records.advice_store import (
    DEFAULT_STORE,
    AdviceStore,
    advice_id,
    default_store,
    load_advice,
    now,
)
from gametest.records.ids import content_id

__all__ = [
    "DEFAULT_STORE",
    "AdviceStore",
    "advice_id",
    "content_id",
    "default_store",
    "load_advice",
    "now",
]
