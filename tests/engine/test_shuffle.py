"""The fast shuffle gives Random.shuffle's order and leaves the generator in the same state."""

from __future__ import annotations

import random

import pytest

from gametest.engine import shuffle as shuffle_mod
from gametest.engine.shuffle import shuffle


@pytest.mark.parametrize("m", [0, 1, 2, 5, 10, 33, 700])
def test_same_order_and_state_as_random_shuffle(m: int) -> None:
    assert shuffle_mod._OK
    for seed in range(5):
        a, b = random.Random(seed), random.Random(seed)
        xa, xb = list(range(m)), list(range(m))
        a.shuffle(xa)
        shuffle(b, xb)
        assert xa == xb
        assert a.getstate() == b.getstate()


class _Counting(random.Random):
    """A generator subclass: the fast path must not bypass its own shuffle."""

    calls = 0

    def shuffle(self, x: list[object]) -> None:  # type: ignore[override]
        _Counting.calls += 1
        super().shuffle(x)


def test_subclassed_generators_use_their_own_shuffle() -> None:
    shuffle(_Counting(1), [1, 2, 3])
    assert _Counting.calls == 1
