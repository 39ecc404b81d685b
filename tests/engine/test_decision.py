"""Decision validation and seed derivation."""

from __future__ import annotations

import pytest

from gametest.engine.decision import Decision, IllegalChoiceError, validate_choice
from gametest.engine.rng import derive_seed


def _d(n: int = 3, lo: int = 0, hi: int = 1) -> Decision:
    return Decision(0, "buy", tuple(f"c{i}" for i in range(n)), lo, hi)


def test_accepts_legal_choices() -> None:
    assert validate_choice(_d(), ()) == ()
    assert validate_choice(_d(), [2]) == (2,)
    assert validate_choice(_d(), 1) == (1,)
    assert validate_choice(_d(3, 0, 3), (0, 2, 1)) == (0, 2, 1)


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ((3,), "not one of 0..2"),
        ((-1,), "not one of 0..2"),
        ((0, 0), "picked twice"),
        ((0, 1), "pick 0 to 1 options, got 2"),
        ("0", "list of option numbers"),
        ((True,), "not one of"),
        ((1.0,), "not one of"),
    ],
)
def test_rejects_illegal_choices(choice: object, message: str) -> None:
    with pytest.raises(IllegalChoiceError, match=message):
        validate_choice(_d(), choice)


def test_exact_count_message() -> None:
    with pytest.raises(IllegalChoiceError, match="pick 2 options, got 1"):
        validate_choice(_d(4, 2, 2), (0,))


def test_derive_seed_is_stable_and_distinct() -> None:
    assert derive_seed(1, 2) == derive_seed(1, 2)
    assert derive_seed(1, 2) != derive_seed(2, 1)
    assert 0 <= derive_seed("x") < 2**63
    # pinned: changing this changes every batch's games
    assert derive_seed(0, 0) == derive_seed("0", "0")
