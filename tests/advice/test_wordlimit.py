"""Word limits: cut at the last sentence boundary within the limit, or record a violation."""

from __future__ import annotations

from gametest.advice.wordlimit import enforce_word_limit


def test_within_the_limit_is_kept() -> None:
    text, info = enforce_word_limit("Buy Silver. Then Gold.", 10)
    assert text == "Buy Silver. Then Gold." and info["word_limit"] == "kept"
    assert info["original_words"] == 4


def test_cut_at_the_last_sentence_that_fits() -> None:
    """Seven words allowed: the first two sentences (6 words) fit, the third does not."""
    text, info = enforce_word_limit("Buy Silver early. Then buy Gold! Add one Smithy later on.", 7)
    assert text == "Buy Silver early. Then buy Gold!"
    assert info == {"max_words": 7, "original_words": 11, "word_limit": "truncated"}


def test_lines_are_boundaries_and_decimals_are_not() -> None:
    text, info = enforce_word_limit("- Buy 2.5 Silvers\n- Buy Gold\n- Buy Province when rich", 7)
    assert text == "- Buy 2.5 Silvers\n- Buy Gold" and info["word_limit"] == "truncated"


def test_one_long_sentence_is_a_recorded_violation() -> None:
    long = "Buy " + "and more " * 20 + "Silver."
    text, info = enforce_word_limit(long, 5)
    assert text == long and info["word_limit"] == "violated" and info["original_words"] == 42
