"""Word limits on written advice: cut at the last sentence (or line) boundary within the limit,
or record a violation when even the first sentence is too long.

Longer advice tends to be rated higher, so a limit the writer does not enforce lets length leak
into the comparison; the original length is kept in the record either way.
"""

from __future__ import annotations

import re
from typing import Any

# the end of a sentence (., ! or ?, optionally closed by a quote or bracket) or of a line
_BOUNDARY = re.compile(r"[.!?][\"')\]]*(?=\s|$)|\n")


def words(text: str) -> int:
    """Words in a text (runs of non-space characters)."""
    return len(text.split())


def enforce_word_limit(text: str, max_words: int) -> tuple[str, dict[str, Any]]:
    """The text cut to at most `max_words` words at a sentence boundary, and what was done.

    The record says `original_words`, and `word_limit` is "kept" (within the limit),
    "truncated" (cut at a boundary) or "violated" (no boundary within the limit: kept whole).
    """
    n = words(text)
    info: dict[str, Any] = {"max_words": max_words, "original_words": n}
    if n <= max_words:
        return text, {**info, "word_limit": "kept"}
    best = ""
    for m in _BOUNDARY.finditer(text):
        head = text[: m.end()].rstrip()
        if words(head) > max_words:
            break
        best = head
    if not best.strip():
        return text, {**info, "word_limit": "violated"}
    return best, {**info, "word_limit": "truncated"}
