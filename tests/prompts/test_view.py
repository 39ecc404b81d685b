"""A seat's view in a prompt: every game's view meets PromptView, and the lines it renders."""

from __future__ import annotations

import pytest

from gametest.engine.registry import get_game
from gametest.prompts.view import PromptView, counts, render_view


@pytest.mark.parametrize(
    ("game", "kingdom"), [("dominion", "first-game"), ("embermarch", "standard")]
)
def test_every_llm_game_view_is_a_prompt_view(game: str, kingdom: str) -> None:
    g = get_game(game)
    view = g.new_game(g.parse_kingdom(kingdom), 2, 3, 0, False).view(1)
    assert isinstance(view, PromptView)
    text = render_view(view, victory_card=g.info.victory_card)
    assert text.startswith("Your turn number: 0. You are P2 of 2.")
    assert "P1 has not finished a turn yet." in text  # not "bought nothing": no turn yet
    assert "bought on its last turn" not in text
    assert "In play:" not in text  # not this seat's turn


@pytest.mark.parametrize(
    ("game", "kingdom"), [("dominion", "first-game"), ("embermarch", "standard")]
)
def test_an_opponents_buys_are_reported_only_once_it_has_finished_a_turn(
    game: str, kingdom: str
) -> None:
    g = get_game(game)
    state = g.new_game(g.parse_kingdom(kingdom), 2, 3, 0, False)
    gen = state.run()
    seen: dict[tuple[int, int], str] = {}  # (seat, its turn) -> the view at its first decision
    decision = next(gen)
    while len(seen) < 3:
        view = state.view(decision.seat)
        if view.is_my_turn:
            seen.setdefault((decision.seat, view.turn), render_view(view))
        decision = gen.send(list(range(decision.min)))
    assert "P2 has not finished a turn yet." in seen[(0, 1)]
    assert "P1 bought on its last turn: " in seen[(1, 1)]
    assert "P2 bought on its last turn: " in seen[(0, 2)]
    assert all("has not finished" not in seen[k] for k in [(1, 1), (0, 2)])


def test_status_lines_only_where_the_game_has_them() -> None:
    dom, emb = get_game("dominion"), get_game("embermarch")
    dv = dom.new_game(dom.parse_kingdom("first-game"), 2, 3, 0, False).view(0)
    ev = emb.new_game(emb.parse_kingdom("standard"), 2, 3, 0, False).view(0)
    assert dv.status_lines() == []
    assert ev.status_lines()[0] in render_view(ev)


def test_compact_view_drops_the_piles_and_names_the_victory_card() -> None:
    g = get_game("dominion")
    view = g.new_game(g.parse_kingdom("first-game"), 2, 3, 0, False).view(0)
    full, short = render_view(view, False, "Province"), render_view(view, True, "Province")
    assert "Draw pile:" in full and "Draw pile:" not in short
    assert "Supply: Province 8 left." in short


def test_counts() -> None:
    assert counts(["Estate", "Copper", "Copper"]) == "Copper x2, Estate"
    assert counts({"Gold": 0}) == "nothing"
