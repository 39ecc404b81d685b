"""Power, reliability and disattenuation: textbook values and planted truths."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gametest.stats.power import (
    disattenuate,
    mean_reliability,
    min_detectable_r,
    noise_ceiling,
    power_statement,
)


def test_min_detectable_r_matches_the_textbook() -> None:
    """n = 85 detects r = 0.30 at 80% power (Cohen's table); Spearman needs a bit more."""
    assert min_detectable_r(85) == pytest.approx(0.2999, abs=1e-3)
    assert min_detectable_r(8) == pytest.approx(math.tanh(2.8016 / math.sqrt(5)), abs=1e-3)
    assert min_detectable_r(85, spearman=True) > min_detectable_r(85)  # type: ignore[operator]
    assert min_detectable_r(3) is None
    assert power_statement(3)["min_detectable_rho"] is None
    assert power_statement(30)["min_detectable_rho"] == min_detectable_r(30, spearman=True)


def test_disattenuate_and_noise_ceiling() -> None:
    """Spearman's correction; undefined where a reliability is not positive."""
    assert disattenuate(0.4, 0.64) == pytest.approx(0.5)
    assert disattenuate(0.3, 0.36, 0.25) == pytest.approx(1.0)
    assert disattenuate(0.3, -0.1) is None and disattenuate(None, 0.5) is None
    assert noise_ceiling(0.64, 0.81) == pytest.approx(0.72)
    assert noise_ceiling(0.0) is None


def test_mean_reliability_by_hand() -> None:
    """Balanced one-way ANOVA worked by hand: MSB 8, MSW 0.5, ICC(1) 7.5/8.5, mean of 2 0.9375."""
    r = mean_reliability({"a": [1, 2], "b": [3, 4], "c": [5, 6]})
    assert r["icc1"] == pytest.approx(7.5 / 8.5)
    assert r["reliability"] == pytest.approx(0.9375)
    assert r["k"] == 2 and r["units"] == 3


def test_mean_reliability_recovers_a_planted_value() -> None:
    """True spread 1, noise 1, 4 ratings each: the mean's reliability is 4/5."""
    rng = np.random.default_rng(3)
    truth = rng.normal(0, 1, 3000)
    data = [t + rng.normal(0, 1, 4) for t in truth]
    assert mean_reliability(data)["reliability"] == pytest.approx(0.8, abs=0.02)
    noise = [rng.normal(0, 1, 3) for _ in range(3000)]
    assert abs(mean_reliability(noise)["reliability"]) < 0.1


def test_mean_reliability_degenerate_inputs() -> None:
    """One rating per unit, one unit, or no variation: None with a note."""
    assert mean_reliability({"a": [1], "b": [2]})["reliability"] is None
    assert mean_reliability([[1, 2]])["reliability"] is None
    flat = mean_reliability([[5, 5], [5, 5]])
    assert flat["reliability"] is None and "do not vary" in flat["note"]
