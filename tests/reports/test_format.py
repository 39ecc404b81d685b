"""Report formatters: figures with intervals, and reasons in words where a figure is missing."""

from __future__ import annotations

from gametest.reports.format import cap, ci, cost, pct, points, reason, said


def test_figures_with_intervals_and_notes() -> None:
    """Tables show a figure with its interval, or its note (which may say n/a)."""
    assert ci({"estimate": 0.5, "low": 0.1, "high": 0.8}) == "0.50 [0.10, 0.80]"
    assert ci({"estimate": None, "note": "n/a (too few)"}) == "n/a (too few)"
    assert ci(None) == "n/a"
    assert pct({"rate": 0.615, "low": 0.546, "high": 0.68}) == "61.5% [54.6, 68.0]"
    assert points({"value": 0.125, "low": 0.05, "high": 0.2}) == "12.5 [5.0, 20.0]"
    assert cost(None) == "n/a" and cost(0.5) == "$0.5000"
    assert cap("compiled strategy") == "Compiled strategy" and cap("LLM player") == "LLM player"


def test_prose_says_why_instead_of_na() -> None:
    """Headline prose turns a missing figure's note into a reason and never says n/a."""
    assert reason("n/a (the win rates do not vary)") == "(the win rates do not vary)"
    assert reason("needs repeated ratings") == "(needs repeated ratings)"
    assert reason(None) == "(reason not recorded)"
    assert said({"estimate": None, "note": "n/a (the ratings do not vary)"}) == (
        "undefined (the ratings do not vary)"
    )
    assert said({"estimate": 0.3, "low": None, "high": None}) == "0.30"
    assert "n/a" not in said(None)
