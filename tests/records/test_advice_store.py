"""The advice store: ids from data never lead outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametest.engine.errors import UsageError
from gametest.records.advice_store import AdviceStore, load_advice


@pytest.mark.parametrize("bad", ["../../../../x", "/etc/passwd", "", ".", "a/b", "..", "x" * 65])
def test_path_like_ids_are_rejected_for_reading_and_writing(tmp_path: Path, bad: str) -> None:
    store = AdviceStore(tmp_path / "store")
    with pytest.raises(UsageError, match="is not valid"):
        store.get(bad)
    with pytest.raises(UsageError, match="is not valid"):
        store.put_compiled({"advice_id": bad, "strategy": None, "provenance_key": {}})
    with pytest.raises(UsageError, match="is not valid"):
        store.compiled_for(bad)
    assert not any(tmp_path.rglob("*.json"))


def test_an_advice_file_with_a_path_id_or_wrong_types_is_rejected(tmp_path: Path) -> None:
    cases = {
        "id.json": '{"id": "../../x", "text": "Buy Gold."}',
        "text.json": '{"text": ["Buy", "Gold"]}',
        "kingdom.json": '{"text": "Buy Gold.", "kingdom": 7}',
    }
    for name, body in cases.items():
        (tmp_path / name).write_text(body)
        with pytest.raises(UsageError):
            load_advice(str(tmp_path / name))
    ok = tmp_path / "ok.json"
    ok.write_text('{"text": "Buy Gold.", "kingdom": ["Smithy"]}')
    assert load_advice(str(ok))["text"] == "Buy Gold."
