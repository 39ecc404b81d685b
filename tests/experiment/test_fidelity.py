"""Strategy agreement and the can-never-win flags, on hand-made strategies."""

from __future__ import annotations

import pytest

from gametest.engine.registry import get_game
from gametest.experiment.fidelity import gained_cards, never_win_flags, strategy_agreement
from gametest.stats.fidelity import paired_difference


def test_agreement_of_identical_reordered_and_disjoint_strategies() -> None:
    """Same list: Jaccard 1, tau 1; reversed: tau -1; disjoint: Jaccard 0, no tau."""
    src = {"gain": [{"card": "Province", "if": "total_money > 15"}, "Gold", "Silver"]}
    assert gained_cards(src) == ["Province", "Gold", "Silver"]
    same = strategy_agreement(src, {"gain": ["Province", "Gold", "Silver"]})
    assert same["cards_jaccard"] == 1 and same["order_tau"] == pytest.approx(1)
    rev = strategy_agreement(src, {"gain": ["Silver", "Gold", "Province", "Duchy"]})
    assert rev["cards_jaccard"] == pytest.approx(3 / 4) and rev["order_tau"] == pytest.approx(-1)
    none = strategy_agreement(src, {"gain": ["Duchy"]})
    assert none["cards_jaccard"] == 0 and none["order_tau"] is None
    failed = strategy_agreement(src, None)
    assert failed["cards_jaccard"] == 0 and failed["compiled_cards"] == 0


def test_never_win_flags_ask_the_game() -> None:
    """Dominion names Province: a Duchy/Mine/Gold strategy is flagged; Embermarch names none."""
    dom, ember = get_game("dominion"), get_game("embermarch")
    bad = {"gain": [{"card": "Duchy", "if": "total_money > 18"}, "Mine", "Gold"]}
    assert never_win_flags(bad, dom) == ["never gains Province (the game's main victory card)"]
    assert never_win_flags({"gain": ["Province", "Gold"]}, dom) == []
    assert never_win_flags({"gain": []}, dom) == ["gains nothing"]
    assert never_win_flags({"gain": ["Trade Writ"]}, ember) == []
    assert never_win_flags({"gain": [], "cards": {"Market": {"fallback": "x"}}}, ember) == []


def test_paired_difference_by_rotation_group() -> None:
    """Compiled loses every game, source wins every game: difference -1 over 3 groups."""
    comp = [{"opponent": "b", "index": i, "outcome": 0.0} for i in range(6)]
    src = [{"opponent": "b", "index": i, "outcome": 1.0} for i in range(6)]
    d = paired_difference(comp, src)
    assert d["estimate"] == -1 and d["groups"] == 3 and d["low"] == d["high"] == -1
    mixed = [{"opponent": "b", "index": i, "outcome": float(i % 2)} for i in range(6)]
    m = paired_difference(mixed, src)
    assert m["estimate"] == -0.5 and m["groups"] == 3
    assert paired_difference([], src)["estimate"] is None
