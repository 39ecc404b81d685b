"""Content ids: short stable hashes that name records by what produced them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

ID_CHARS = 12


def content_id(obj: Any) -> str:
    """A short stable hash of a JSON-ready value (sorted keys, no whitespace)."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:ID_CHARS]
