"""Variation operators: every child is a valid strategy for the kingdom, and seeded."""

from __future__ import annotations

import random

from gametest.engine.registry import get_game
from gametest.games.dominion.kingdoms import PRESETS
from gametest.optimize.mutate import Mutator
from gametest.optimize.racing import doc_key
from gametest.optimize.search import fitting_bots
from gametest.players.registry import supply_names
from gametest.strategy.model import parse_strategy


def _mutator(kingdom: str = "size-distortion") -> tuple[Mutator, list[dict[str, object]]]:
    game = get_game("dominion")
    cards = list(PRESETS[kingdom])
    bots = fitting_bots(game, cards)
    return Mutator(game, supply_names(game, cards), cards), list(bots.values())


def test_children_are_valid_and_differ_from_their_parents() -> None:
    m, parents = _mutator()
    rng = random.Random(1)
    changed = 0
    for _ in range(200):
        kid = m.child(parents, rng)
        s = parse_strategy(kid, m.game)
        s.check_kingdom(m.supply)
        changed += all(doc_key(kid) != doc_key(p) for p in parents)
    assert changed > 150


def test_each_operator_changes_what_it_says() -> None:
    m, parents = _mutator()
    chapel = next(p for p in parents if p["name"] == "chapel-bm")
    rng = random.Random(3)
    numeric = [m.numeric(chapel, rng) for _ in range(50)]
    # numeric moves keep the cards in the same order and change a number
    assert all(
        [e if isinstance(e, str) else e["card"] for e in k["gain"]]
        == [e if isinstance(e, str) else e["card"] for e in chapel["gain"]]
        for k in numeric
    )
    assert sum(doc_key(k) != doc_key(chapel) for k in numeric) > 40
    lengths = {len(m.structural(chapel, rng)["gain"]) for _ in range(100)}
    assert {len(chapel["gain"]) - 1, len(chapel["gain"]) + 1} <= lengths  # deletes and inserts
    a, b = parents[0], parents[-1]
    kids = [m.crossover(a, b, rng) for _ in range(30)]
    assert any(k["gain"] != a["gain"] and k["gain"] != b["gain"] for k in kids)


def test_the_same_seed_gives_the_same_children() -> None:
    m, parents = _mutator("first-game")
    one = [doc_key(m.child(parents, random.Random(7))) for _ in range(3)]
    two = [doc_key(m.child(parents, random.Random(7))) for _ in range(3)]
    assert one == two


def test_condition_templates_fit_the_game() -> None:
    m, _ = _mutator()
    assert any("provinces_left" in t for t in m.templates)
    emb = get_game("embermarch")
    cards = emb.parse_kingdom(emb.info.default_kingdom)
    me = Mutator(emb, supply_names(emb, cards), cards)
    assert me.templates and not any("provinces_left" in t for t in me.templates)


def test_numeric_moves_never_divide_by_zero() -> None:
    m, parents = _mutator("first-game")
    smithy = next(p for p in parents if p["name"] == "smithy-bm")
    rng = random.Random(0)
    doc = smithy
    for _ in range(300):  # a long walk of nudges: the divisor 11 is reached and pushed at
        doc = m.numeric(doc, rng)
        assert "/ 0" not in str(doc)
