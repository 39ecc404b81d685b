"""Sensitivity rows and the top-rated advice that lost, with planted failures and ties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gametest.stats.sensitivity import top_rated_loser
from gametest.stats.summary import analyze, load_run
from tests.stats.synthetic import by_length, follows, make_run


def test_rows_for_missing_judge_ratings_and_failed_compiles(tmp_path: Path) -> None:
    """Five advice lose the second judge's rating (parse failures): the complete-case row has
    the rest; the failed compilation is scored as the default strategy and as a loss."""
    run = make_run(tmp_path / "r", {"a": follows(), "b": by_length()}, n_advice=12, games=40)
    path = run.path / "ratings.jsonl"
    recs = [json.loads(x) for x in path.read_text().splitlines()]
    lost = {f"adv{i:03d}" for i in range(5)}
    for r in recs:
        if r["judge"] == "b" and r["advice_id"] in lost:
            r.update(overall=None, scores={}, error="reply does not match the schema")
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    adv_path = run.path / "advice.jsonl"
    advice = [json.loads(x) for x in adv_path.read_text().splitlines()]
    none = next(a for a in advice if a["control"] == "none")
    for a in advice:
        if a["id"] == "bad000":  # in the no-advice control's kingdom, so it has a default
            a["kingdom_label"] = none["kingdom_label"]
    adv_path.write_text("".join(json.dumps(a) + "\n" for a in advice))
    s = analyze(load_run(run.path), n_boot=100)
    rows = {r["name"]: r for r in s["sensitivity"]["compiled"]}
    assert rows["as reported"]["n_advice"] == 12
    assert rows["only advice rated by every judge"]["n_advice"] == 7
    assert rows["compile failures as the default strategy"]["n_advice"] == 13
    assert rows["compile failures as losses"]["n_advice"] == 13
    st = s["rating_status"]["b"]
    assert st["failed"] == 2 * 5 and set(st["advice_without_rating"]) == lost
    assert s["counts"]["ratings_failed"] == 10
    assert [r["name"] for r in s["sensitivity"]["llm"]] == [
        "as reported",
        "only advice rated by every judge",
    ]


def test_three_judges_are_resampled(tmp_path: Path) -> None:
    """With three judges the bootstrap resamples judges too; with two it does not."""
    three = make_run(
        tmp_path / "3", {"a": follows(), "b": follows(), "c": by_length()}, n_advice=6, games=10
    )
    two = make_run(tmp_path / "2", {"a": follows(), "b": by_length()}, n_advice=6, games=10)
    h3 = analyze(load_run(three.path), n_boot=50)["headline"]["compiled"]["bootstrap"]
    h2 = analyze(load_run(two.path), n_boot=50)["headline"]["compiled"]["bootstrap"]
    assert "judges" in h3["resamples"] and "judges" not in h2["resamples"]


def _adv(aid: str, z: float, rate: float) -> dict[str, Any]:
    return {
        "id": aid,
        "label": aid,
        "text": aid,
        "rating": {"pooled": {"mean": z}, "pooled_z": {"mean": z}},
        "win_rate": {"compiled": {"pooled": {"rate": rate}}},
    }


def test_top_rated_loser_names_its_ties() -> None:
    """Unique top among losers; a tie at the top names the others and how many also lost."""
    unique = top_rated_loser(
        [_adv("a", 1.0, 0.2), _adv("b", 0.5, 0.1), _adv("c", 2, 0.9)], "compiled"
    )
    assert unique is not None
    assert unique["id"] == "a" and unique["tied_with"] == 0 and unique["rating_rank"] == 2
    tied = top_rated_loser(
        [_adv("d", 1.0, 0.2), _adv("b", 1.0, 0.7), _adv("a", 1.0, 0.4), _adv("e", 0.0, 0.0)],
        "compiled",
    )
    assert tied is not None
    assert tied["id"] == "a" and tied["tied_with"] == 2 and tied["tied_ids"] == ["b", "d"]
    assert tied["tied_also_lost"] == 1 and tied["rating_rank"] == 1
    assert top_rated_loser([_adv("w", 1.0, 0.8)], "compiled") is None
