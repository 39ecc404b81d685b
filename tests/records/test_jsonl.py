"""The one JSONL reader: a cut-off last line and malformed lines are skipped and noted."""

from __future__ import annotations

from pathlib import Path

from gametest.records.jsonl import iter_jsonl, read_jsonl


def test_cut_off_last_line_is_skipped_even_when_it_parses(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text('{"id": 1}\n{"id": 2}')  # the second write was cut before its newline
    recs, st = read_jsonl(p)
    assert recs == [{"id": 1}] and st.truncated_last_line and st.records == 1
    assert list(iter_jsonl(p)) == [{"id": 1}]


def test_malformed_and_non_object_lines_are_noted_by_number(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text('{"id": 1}\n{not json\n\n[1, 2]\n{"id": 2}\n')
    recs, st = read_jsonl(p)
    assert recs == [{"id": 1}, {"id": 2}]
    assert st.malformed_lines == [2, 4] and not st.truncated_last_line


def test_repeated_keys_count_once(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text('{"key": "a", "n": 1}\n{"key": "a", "n": 2}\n{"n": 3}\n')
    recs, st = read_jsonl(p, key="key")
    assert [r["n"] for r in recs] == [1, 3] and st.duplicates == 1


def test_a_missing_file_reads_as_nothing(tmp_path: Path) -> None:
    recs, st = read_jsonl(tmp_path / "none.jsonl")
    assert recs == [] and not st.present
    assert list(iter_jsonl(tmp_path / "none.jsonl")) == []
