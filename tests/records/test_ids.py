"""Content ids are stable across key order and name records the same on every machine."""

from __future__ import annotations

from gametest.records.ids import ID_CHARS, content_id


def test_key_order_does_not_change_the_id() -> None:
    assert content_id({"a": 1, "b": [2, "é"]}) == content_id({"b": [2, "é"], "a": 1})
    assert len(content_id("x")) == ID_CHARS


def test_a_known_id_stays_the_same() -> None:
    """Ids in existing run folders must keep matching: sha256 of the compact sorted JSON."""
    import hashlib

    text = '{"text":"Buy Gold."}'
    assert content_id({"text": "Buy Gold."}) == hashlib.sha256(text.encode()).hexdigest()[:12]
