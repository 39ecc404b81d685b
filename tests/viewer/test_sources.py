"""Finding a run's logged LLM calls from the prompts today's code renders."""

from __future__ import annotations

from gametest.viewer.sources import prompt_key

OLD = """Your turn number: 1. You are P1 of 2.
Scores: you 3, P2 3.
P2 bought on its last turn: nothing.
Hand: Copper x4, Estate.
Supply: Copper 46 left ($0), Province 8 left ($8).
Decision: Buy a card?"""


def test_the_no_turn_yet_wording_finds_a_call_logged_with_the_old_one() -> None:
    new = OLD.replace("P2 bought on its last turn: nothing.", "P2 has not finished a turn yet.")
    assert prompt_key(new) == prompt_key(OLD)


def test_the_supply_line_is_left_out_and_real_buys_still_tell_decisions_apart() -> None:
    assert "Supply" not in prompt_key(OLD)
    bought = OLD.replace("bought on its last turn: nothing.", "bought on its last turn: Silver.")
    assert prompt_key(bought) != prompt_key(OLD)
