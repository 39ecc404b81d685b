"""A faster `random.Random.shuffle` with the same result, bit for bit, on the same generator.

Reshuffling is a fifth of a Big Money game's time, most of it two Python calls per swap inside
`Random.shuffle` (`_randbelow`, then `getrandbits`). `shuffle` does the same draws from the same
generator with the per-swap calls inlined and the bit lengths precomputed. It is used only if it
reproduces `Random.shuffle` on this Python (checked once at import); otherwise, and for
generators that override `random.Random`, it falls back to `rng.shuffle`.
"""

from __future__ import annotations

import random
from typing import Any

# _STEPS[m]: for a list of length m, the (i, i + 1, bit length of i + 1) of each swap, i descending.
_STEPS: dict[int, tuple[tuple[int, int, int], ...]] = {}


def _steps(m: int) -> tuple[tuple[int, int, int], ...]:
    steps = _STEPS[m] = tuple((i, i + 1, (i + 1).bit_length()) for i in range(m - 1, 0, -1))
    return steps


def _fast(rng: random.Random, x: list[Any]) -> None:
    steps = _STEPS.get(len(x)) or _steps(len(x))
    getrandbits = rng.getrandbits
    for i, n, k in steps:
        j = getrandbits(k)
        while j >= n:
            j = getrandbits(k)
        x[i], x[j] = x[j], x[i]


def _reproduces_stdlib() -> bool:
    """Whether _fast draws and permutes exactly as Random.shuffle does on this Python."""
    for seed in range(4):
        a, b = random.Random(seed), random.Random(seed)
        for m in (0, 1, 2, 3, 10, 17, 64, 300):
            xa, xb = list(range(m)), list(range(m))
            a.shuffle(xa)
            _fast(b, xb)
            if xa != xb or a.getstate() != b.getstate():
                return False
    return True


_OK = _reproduces_stdlib()


def shuffle(rng: random.Random, x: list[Any]) -> None:
    """Shuffle x in place exactly as rng.shuffle(x) would, consuming the same random bits."""
    if _OK and type(rng) is random.Random:
        _fast(rng, x)
    else:
        rng.shuffle(x)
