"""One dataclass per kind of line in a run's JSONL files (results/README.md), so a misspelled
key is a mypy error rather than a silent None.

`from_dict` reads a line as written today and `to_dict` writes it back key for key: fields
without a default are keys every line has (their value may be null); fields defaulting to None
are keys only some lines have, left out when None; keys this version does not know are kept in
`extra` and written after the known ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from gametest.engine.errors import GametestError


class RecordError(GametestError):
    """A line lacks a key its kind of record always has."""


_KEYS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _keys(cls: type) -> tuple[tuple[str, bool], ...]:
    """(key, required) for each field of a record class, in field order, `extra` excluded."""
    keys = _KEYS.get(cls)
    if keys is None:
        keys = _KEYS[cls] = tuple(
            (f.name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
            for f in dataclasses.fields(cls)
            if f.name not in ("extra", "nulls")
        )
    return keys


@dataclass(kw_only=True)
class Record:
    """Base of the typed lines: from_dict/to_dict by field name."""

    FILE: ClassVar[str] = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Optional keys the line held as an explicit null (written back as null, not left out).
    nulls: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self:
        """The typed record of one JSON line; RecordError names a missing key."""
        kw: dict[str, Any] = {}
        for key, required in _keys(cls):
            if key in d:
                kw[key] = d[key]
            elif required:
                raise RecordError(f"{cls.FILE} record without '{key}': {dict(d)!r:.120}")
        known = {k for k, _ in _keys(cls)}
        nulls = frozenset(
            k for k, required in _keys(cls) if not required and k in d and d[k] is None
        )
        return cls(**kw, extra={k: v for k, v in d.items() if k not in known}, nulls=nulls)

    def to_dict(self) -> dict[str, Any]:
        """The JSON line's object: every key the record was read with, known keys first."""
        out: dict[str, Any] = {}
        for key, required in _keys(type(self)):
            value = getattr(self, key)  # field by field: dataclasses.asdict would deep-copy
            if required or value is not None or key in self.nulls:
                out[key] = value
        out.update(self.extra)
        return out


@dataclass(kw_only=True)
class AdviceRecord(Record):
    """advice.jsonl: a piece of advice (advisor output or control) with its provenance."""

    FILE: ClassVar[str] = "advice.jsonl"
    kind: str
    game: str
    game_version: int | None = None
    kingdom: list[str]
    text: str
    words: int
    provenance: dict[str, Any]
    id: str
    kingdom_label: str
    role: str  # advisor | control | ladder | injection
    control: str | None  # none | placebo | strong | wrong, for controls
    advisor: str
    slot: str | None = None
    source_strategy: dict[str, Any] | None = None
    word_limit: dict[str, Any] | None = None  # the writer's cut (or violation) of max_words
    injected_from: str | None = None  # role injection: the advice this is a copy of
    ladder: dict[str, Any] | None = None  # role ladder: rung, style, length, win rate


@dataclass(kw_only=True)
class AbsoluteRating(Record):
    """ratings.jsonl, kind 'absolute': one judge's scores for one piece of advice."""

    FILE: ClassVar[str] = "ratings.jsonl"
    id: str
    kind: str
    advice_id: str
    rater: str  # model | human
    judge: str
    model: str | None
    rubric: str
    rubric_hash: str
    sample: int
    scores: dict[str, Any]
    overall: float | None  # 1-10; None when the judge gave no valid answer
    reason: str | None
    error: str | None
    tokens: dict[str, int]
    # G-Eval: the probability-weighted score over the scale's tokens, and the probability mass
    # those tokens held (null when the backend returned no usable probabilities)
    expected: float | None = None
    expected_mass: float | None = None


@dataclass(kw_only=True)
class PairwiseRating(Record):
    """ratings.jsonl, kind 'pairwise': which of two pieces of advice a judge preferred."""

    FILE: ClassVar[str] = "ratings.jsonl"
    id: str
    kind: str
    rater: str
    judge: str
    model: str | None
    rubric: str
    rubric_hash: str
    sample: int
    first: str
    second: str
    preferred: str | None
    reason: str | None
    error: str | None
    tokens: dict[str, int]


Rating = AbsoluteRating | PairwiseRating


def rating_from_dict(d: Mapping[str, Any]) -> Rating:
    """A ratings.jsonl line as the record class its `kind` names."""
    kind = d.get("kind")
    if kind == "absolute":
        return AbsoluteRating.from_dict(d)
    if kind == "pairwise":
        return PairwiseRating.from_dict(d)
    raise RecordError(f"ratings.jsonl record of unknown kind {kind!r}")


@dataclass(kw_only=True)
class CompileRecord(Record):
    """compile.jsonl: one compilation of a piece of advice into a strategy."""

    FILE: ClassVar[str] = "compile.jsonl"
    advice_id: str
    ok: bool
    repairs: int
    unexpressed: list[str]
    error: str | None
    strategy_file: str | None
    backend: str
    tokens: dict[str, int] | None = None  # model compilations only (not controls)
    salvaged: bool | None = None
    dropped: list[Any] | None = None
    attempts: list[Any] | None = None
    flags: list[str] | None = None  # reasons the compiled strategy cannot win
    control: str | None = None  # a compiled control: which one
    source_strategy_file: str | None = None  # a compiled control's source strategy
    fidelity: dict[str, Any] | None = None  # a compiled control against its source


@dataclass(kw_only=True)
class AdviceGameRecord(Record):
    """games.jsonl: one game played to measure a piece of advice, from the advice's seat."""

    FILE: ClassVar[str] = "games.jsonl"
    key: str
    advice_id: str
    mode: str  # compiled | llm | source
    opponent: str
    kingdom: list[str]
    kingdom_label: str
    index: int
    seed: int
    advice_seat: int
    scores: list[int]
    winners: list[int]
    turns: list[int]
    ended_by: str
    outcome: float  # 1 sole win, 1/k for a win shared by k, 0 loss
    llm: dict[str, Any] | None
    compliance: float | None
    choices: list[list[int]] | None = None
    condition_errors: dict[str, Any] | None = None  # conditions that raised, counted as false


@dataclass(kw_only=True)
class LLMCallRecord(Record):
    """llm_calls.jsonl: one model call (request, response or error, usage, latency)."""

    FILE: ClassVar[str] = "llm_calls.jsonl"
    ts: float
    stage: str | None = None  # a tag the experiment adds
    backend: str
    model: str
    sample: int
    key: str
    request: dict[str, Any]
    response: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    latency_s: float
    retries: int | None = None
    cached: bool | None = None


LineRecord = AdviceRecord | Rating | CompileRecord | AdviceGameRecord | LLMCallRecord

PARSERS: dict[str, Callable[[Mapping[str, Any]], LineRecord]] = {
    "advice": AdviceRecord.from_dict,
    "ratings": rating_from_dict,
    "compile": CompileRecord.from_dict,
    "games": AdviceGameRecord.from_dict,
    "llm_calls": LLMCallRecord.from_dict,
}
