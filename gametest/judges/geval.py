"""G-Eval scores: the probability-weighted expected score over a scale's tokens (Liu et al. 2023).

A judge that samples one score often gives the same score to everything; the probabilities the
model puts on each score token, where the backend returns them, keep the ranking it implies.
The score's tokens are found in the answer text (`"overall": 7`) and the top alternatives at
that position are read as a distribution over the scale, renormalized over valid scores.

Multi-digit scores: where digits are separate tokens, '10' is '1' then '0'. When the sampled
score starts with '1', the next position's alternatives split the '1' mass between 1 and 10;
otherwise that split is unknown and no expected score is given (None). A tokenizer with a
single '10' token needs no split. A 1-9 scale (the `geval` rubric) never needs one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TOP_LOGPROBS = 20  # alternatives asked per token (the OpenAI API's maximum)


@dataclass(frozen=True)
class Expected:
    """An expected score and the share of the top alternatives' probability on valid scores."""

    score: float
    mass: float


def _alternatives(tok: dict[str, Any]) -> dict[str, float]:
    """Probabilities of the alternatives at one position (the chosen token included)."""
    out: dict[str, float] = {}
    for t, lp in tok.get("top") or []:
        out[t] = out.get(t, 0.0) + math.exp(lp)
    if tok.get("logprob") is not None and tok["token"] not in out:
        out[tok["token"]] = math.exp(tok["logprob"])
    return out


def _token_at(tokens: Sequence[dict[str, Any]], text: str, pos: int) -> int | None:
    """Index of the token whose text covers character `pos` (None if tokens don't spell text)."""
    if "".join(t["token"] for t in tokens) != text:
        return None
    at = 0
    for i, t in enumerate(tokens):
        end = at + len(t["token"])
        if at <= pos < end:
            return i if not text[at:pos].strip() else None
        at = end
    return None


def expected_score(
    text: str, logprobs: Sequence[dict[str, Any]] | None, key: str, lo: int, hi: int
) -> Expected | None:
    """The expected score of `key` in a JSON answer, or None when it cannot be read."""
    if not logprobs:
        return None
    m = re.search(rf'"{re.escape(key)}"\s*:\s*"?(\d+)', text)
    if m is None:
        return None
    i = _token_at(logprobs, text, m.start(1))
    if i is None:
        return None
    alts = _alternatives(logprobs[i])
    digits_split = hi >= 10 and not any(t.strip() == "10" for t in alts)
    probs: dict[int, float] = {}
    for t, p in alts.items():
        s = t.strip()
        if s.isdigit() and lo <= int(s) <= hi:
            probs[int(s)] = probs.get(int(s), 0.0) + p
    if digits_split and probs.get(1):
        if logprobs[i]["token"].strip() != "1" or i + 1 >= len(logprobs):
            return None  # the '1' vs '10' split is only known when '1' was sampled
        nxt = _alternatives(logprobs[i + 1])
        zero = sum(p for t, p in nxt.items() if t.startswith("0"))
        ends = sum(p for t, p in nxt.items() if t and not t[0].isdigit())
        if zero + ends <= 0:
            return None
        p1 = probs[1]
        probs[1] = p1 * ends / (zero + ends)
        probs[10] = probs.get(10, 0.0) + p1 * zero / (zero + ends)
    total = sum(probs.values())
    if total <= 0:
        return None
    return Expected(sum(v * p for v, p in probs.items()) / total, min(1.0, total))
