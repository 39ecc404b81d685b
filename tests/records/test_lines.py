"""Typed records read and write every line of the reference run key for key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametest.records.jsonl import read_jsonl
from gametest.records.lines import (
    PARSERS,
    AbsoluteRating,
    AdviceGameRecord,
    LLMCallRecord,
    RecordError,
    rating_from_dict,
)

REFERENCE = Path(__file__).resolve().parents[2] / "results" / "reference-smollm2"


def _canon(obj: object) -> str:
    """Key order aside, the exact JSON text (so 7.0 and 7 differ)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize("kind", sorted(PARSERS))
def test_every_reference_line_round_trips(kind: str) -> None:
    recs, st = read_jsonl(REFERENCE / f"{kind}.jsonl")
    assert st.records > 0 and not st.malformed_lines and not st.truncated_last_line
    for d in recs:
        typed = PARSERS[kind](d)
        assert typed.extra == {}, f"{kind}: keys the record classes do not name: {typed.extra}"
        assert _canon(typed.to_dict()) == _canon(d)


@pytest.mark.parametrize("kind", ["games", "llm_calls", "ratings", "compile"])
def test_lines_written_today_come_back_byte_for_byte(kind: str) -> None:
    """Field order follows today's writers, so these files re-serialise to the same bytes."""
    path = REFERENCE / f"{kind}.jsonl"
    seps = None if kind == "llm_calls" else (",", ":")  # the call log keeps json's default
    for raw in path.read_text(encoding="utf-8").splitlines():
        again = PARSERS[kind](json.loads(raw)).to_dict()
        assert json.dumps(again, separators=seps, ensure_ascii=kind != "llm_calls") == raw


def test_optional_keys_are_left_out_and_unknown_keys_kept() -> None:
    raw = (REFERENCE / "llm_calls.jsonl").read_text(encoding="utf-8").splitlines()
    errs = [json.loads(x) for x in raw if '"error":' in x]
    call = LLMCallRecord.from_dict({**errs[0], "future": 1})
    assert call.response is None and call.error is not None
    out = call.to_dict()
    assert "response" not in out and "usage" not in out and list(out)[-1] == "future"


def test_a_missing_key_and_an_unknown_rating_kind_are_one_line_errors() -> None:
    game = json.loads((REFERENCE / "games.jsonl").open().readline())
    del game["outcome"]
    with pytest.raises(RecordError, match=r"games\.jsonl record without 'outcome'"):
        AdviceGameRecord.from_dict(game)
    with pytest.raises(RecordError, match="unknown kind 'stars'"):
        rating_from_dict({"kind": "stars"})


def test_typed_fields_read_what_the_line_holds() -> None:
    line = json.loads((REFERENCE / "ratings.jsonl").open().readline())
    r = rating_from_dict(line)
    assert isinstance(r, AbsoluteRating)
    assert (r.id, r.advice_id, r.overall) == (line["id"], line["advice_id"], line["overall"])
