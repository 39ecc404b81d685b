"""Judge kinds as plug-ins registered by name, like backends and player types.

A kind says what one judgement is about (a piece of advice, a pair of them), how a model is
asked (gametest/judges/rate.py), how its records read, and how many calls it plans. A rubric's
`kind` names one; `gametest rate` and the experiment go through the registry instead of
branching on 'absolute' and 'pairwise'.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any, ClassVar

from gametest.engine.errors import unknown
from gametest.judges.rubric import Rubric

if TYPE_CHECKING:
    from gametest.reports.blocks import Block
    from gametest.stats.summary import RunData

Advice = dict[str, Any]


class JudgeKind(ABC):
    """One kind of model judgement; its `name` is the rubric's and the records' `kind`."""

    name: ClassVar[str]
    min_items: ClassVar[int] = 1  # pieces of advice needed for one judgement

    @abstractmethod
    def units(self, advice: Sequence[Advice]) -> list[Any]:
        """What each judgement is about, from the pieces of advice to judge."""

    @abstractmethod
    def judge(
        self,
        client: Any,
        judge: str,
        rubric: Rubric,
        units: Iterable[Any],
        n: int = 1,
        seed: int = 0,
        done: set[str] | None = None,
        top_logprobs: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Rating records, n per unit; ids in `done` are skipped (resume); with `top_logprobs`,
        kinds that can also record a G-Eval expected score from token probabilities."""

    @abstractmethod
    def calls(self, n_advice: int, n: int) -> int:
        """Model calls to judge n_advice pieces of advice n times each (without re-asks)."""

    @abstractmethod
    def line(self, rec: dict[str, Any], rubric: Rubric) -> str:
        """One record as a line a person reads."""

    def records(self, ratings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The ratings of this kind (records without a kind are absolute ratings)."""
        return [r for r in ratings if r.get("kind", "absolute") == self.name]

    def figures(self, run: RunData, n_boot: int, seed: int) -> dict[str, Any]:
        """This kind's own keys of summary.json (the analysis iterates kinds); none by default."""
        return {}

    def report_blocks(self, summary: dict[str, Any]) -> list[Block]:
        """This kind's part of the report's judge section, from its figures; none by default."""
        return []


class Absolute(JudgeKind):
    """A score per criterion (1-10, with `overall`) for one piece of advice at a time."""

    name = "absolute"

    def units(self, advice: Sequence[Advice]) -> list[Any]:
        return list(advice)

    def judge(
        self,
        client: Any,
        judge: str,
        rubric: Rubric,
        units: Iterable[Any],
        n: int = 1,
        seed: int = 0,
        done: set[str] | None = None,
        top_logprobs: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        from gametest.judges.rate import rate

        return rate(client, judge, rubric, units, n, seed, done, top_logprobs)

    def calls(self, n_advice: int, n: int) -> int:
        return n_advice * n

    def figures(self, run: RunData, n_boot: int, seed: int) -> dict[str, Any]:
        from gametest.stats.judge_figures import per_judge

        return {"per_judge": per_judge(run, n_boot, seed)}

    def report_blocks(self, summary: dict[str, Any]) -> list[Block]:
        from gametest.reports.judge_sections import absolute_blocks

        return absolute_blocks(summary)

    def line(self, rec: dict[str, Any], rubric: Rubric) -> str:
        score = "invalid" if rec["overall"] is None else f"{rec['overall']:g}"
        if "expected" in rec:
            ex = rec["expected"]
            score += f" expected={'n/a' if ex is None else f'{ex:.2f}'}"
        extra = f"  ({rec['reason']})" if rec.get("reason") else ""
        return f"{rec['advice_id']}  {rubric.id}={score}{extra}"


class Pairwise(JudgeKind):
    """Which of two pieces of advice is better; every pair is asked in both orders."""

    name = "pairwise"
    min_items = 2

    def units(self, advice: Sequence[Advice]) -> list[Any]:
        return list(combinations(advice, 2))

    def judge(
        self,
        client: Any,
        judge: str,
        rubric: Rubric,
        units: Iterable[Any],
        n: int = 1,
        seed: int = 0,
        done: set[str] | None = None,
        top_logprobs: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        from gametest.judges.rate import compare

        return compare(client, judge, rubric, units, n, seed, done)

    def calls(self, n_advice: int, n: int) -> int:
        return 2 * (n_advice * (n_advice - 1) // 2) * n

    def figures(self, run: RunData, n_boot: int, seed: int) -> dict[str, Any]:
        from gametest.stats.judge_figures import pairwise_judgements

        ratings = self.records(run.records.ratings)
        return {"pairwise_judgements": pairwise_judgements(run, ratings, n_boot, seed)}

    def report_blocks(self, summary: dict[str, Any]) -> list[Block]:
        from gametest.reports.judge_sections import pairwise_blocks

        return pairwise_blocks(summary)

    def line(self, rec: dict[str, Any], rubric: Rubric) -> str:
        error = f"  [error: {rec['error']}]" if rec["error"] else ""
        return f"{rec['first']} vs {rec['second']}: preferred {rec['preferred']}{error}"


_KINDS: dict[str, JudgeKind] = {}


def register_judge_kind(kind: JudgeKind) -> JudgeKind:
    """Make a judge kind available by its name (rubrics name it in `kind = ...`)."""
    _KINDS[kind.name] = kind
    return kind


def judge_kinds() -> list[str]:
    """Names of the registered judge kinds."""
    return sorted(_KINDS)


def get_judge_kind(name: str) -> JudgeKind:
    """The judge kind registered under `name`."""
    if name not in _KINDS:
        raise unknown("judge kind", name, judge_kinds())
    return _KINDS[name]


ABSOLUTE = register_judge_kind(Absolute())
PAIRWISE = register_judge_kind(Pairwise())
