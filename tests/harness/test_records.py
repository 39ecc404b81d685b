"""Append-only record files: typed records written as today's lines; a cut-off line is dropped."""

from __future__ import annotations

import json
from pathlib import Path

from gametest.harness.records import RecordWriter, read_records
from gametest.records.lines import AdviceGameRecord

ROOT = Path(__file__).resolve().parents[2]


def test_a_typed_record_is_written_as_the_line_it_was_read_from(tmp_path: Path) -> None:
    raw = (ROOT / "results" / "reference-smollm2" / "games.jsonl").open().readline()
    out = tmp_path / "games.jsonl"
    with RecordWriter(out) as w:
        w.write(AdviceGameRecord.from_dict(json.loads(raw)))
    assert out.read_text() == raw


def test_reopening_drops_a_cut_off_last_line_and_appends_after_it(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text('{"n": 1}\n{"n": 2')
    assert read_records(out) == [{"n": 1}]
    with RecordWriter(out) as w:
        w.write({"n": 3})
    assert read_records(out) == [{"n": 1}, {"n": 3}]
