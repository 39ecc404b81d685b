"""Per-judge z-scores: known answers on hand-made ratings."""

from __future__ import annotations

import numpy as np
import pytest

from gametest.stats.standardize import zscore_by_judge


def test_each_judge_is_standardized_on_its_own_scale() -> None:
    """A 1-or-10 judge and a 3-8 judge end on the same scale; raw values are kept."""
    s = zscore_by_judge(
        {
            "extreme": {"a": [1, 1], "b": [10], "c": [10, 1]},
            "narrow": {"a": [3], "b": [8], "c": [5.5]},
        }
    )
    assert s.raw["extreme"]["a"] == [1.0, 1.0]
    ext = np.array([1, 1, 10, 10, 1], dtype=float)
    assert s.scale["extreme"].mean == pytest.approx(ext.mean())
    assert s.scale["extreme"].sd == pytest.approx(ext.std(ddof=1))
    assert s.z["extreme"]["b"] == [pytest.approx((10 - ext.mean()) / ext.std(ddof=1))]
    assert s.z["narrow"]["c"] == [pytest.approx(0.0)]
    assert s.z["narrow"]["b"][0] == pytest.approx(-s.z["narrow"]["a"][0])
    every = [v for per in s.z.values() for vs in per.values() for v in vs]
    assert np.mean([v for vs in s.z["narrow"].values() for v in vs]) == pytest.approx(0)
    assert len(every) == 8
    assert sorted(s.pooled("a")) == sorted(s.z["extreme"]["a"] + s.z["narrow"]["a"])
    assert s.units() == ["a", "b", "c"] and s.judges_of("b") == ["extreme", "narrow"]


def test_reference_units_set_the_scale_and_constant_judges_are_flagged() -> None:
    """Only reference units set mean and sd; a judge that never varies gets z = 0."""
    s = zscore_by_judge(
        {"j": {"a": [2], "b": [4], "ctl": [100]}, "flat": {"a": [7], "b": [7]}},
        reference=["a", "b"],
    )
    assert s.scale["j"].mean == 3 and s.scale["j"].n == 2
    assert s.z["j"]["ctl"] == [pytest.approx((100 - 3) / np.std([2, 4], ddof=1))]
    assert s.constant_judges == ["flat"] and s.z["flat"]["a"] == [0.0]
