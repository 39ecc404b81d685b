"""Rating intervals on the scale, and the failed/missing ratings table, on hand-made records."""

from __future__ import annotations

from typing import Any

from gametest.stats.judges import TOO_FEW_RATINGS, rating_interval, rating_status
from gametest.stats.summary import rating_value


def test_rating_interval_stays_on_the_scale() -> None:
    """1, 10, 10 has a mean of 7 whose interval lies within [1, 10]; fewer than 3: no interval."""
    r = rating_interval([1, 10, 10], "a")
    assert r["mean"] == 7 and r["n"] == 3
    assert 1 <= r["low"] < 7 < r["high"] <= 10
    two = rating_interval([10, 10], "b")
    assert two["mean"] == 10 and two["low"] is None and two["note"] == TOO_FEW_RATINGS
    assert rating_interval([], "c")["mean"] is None
    assert rating_interval([4, 5, 6, 5], "d", seed=3) == rating_interval([4, 5, 6, 5], "d", 3)


def _rating(aid: str, rubric: str, value: float | None, sample: int = 0) -> dict[str, Any]:
    return {
        "kind": "absolute",
        "advice_id": aid,
        "judge": "m",
        "rubric": rubric,
        "sample": sample,
        "overall": value,
        "scores": {} if value is None else {"overall": value},
        "error": None if value is not None else "reply does not match the schema",
    }


def test_rating_status_counts_failed_and_missing() -> None:
    """Two repeats asked: a failed reply is failed, an absent repeat is missing."""
    recs = [
        _rating("a", "overall", 10, 0),
        _rating("a", "overall", 1, 1),
        _rating("b", "overall", None, 0),
        _rating("b", "overall", 4, 1),
        _rating("c", "overall", 7, 0),
        _rating("a", "subscores", 5),
        _rating("b", "subscores", None),
        _rating("zzz", "subscores", 3),  # not a rated advice: ignored
    ]
    judge_of = {("m", "overall"): "m [overall]", ("m", "subscores"): "m [subscores]"}
    st = rating_status(recs, judge_of, ["a", "b", "c"], rating_value)
    o, s = st["m [overall]"], st["m [subscores]"]
    assert o["asked_per_advice"] == 2
    assert (o["ok"], o["failed"], o["missing"]) == (4, 1, 1)
    assert o["by_advice"]["b"]["error"] == "reply does not match the schema"
    assert o["advice_without_rating"] == []
    assert (s["ok"], s["failed"], s["missing"]) == (1, 1, 1)
    assert s["advice_without_rating"] == ["b", "c"]
