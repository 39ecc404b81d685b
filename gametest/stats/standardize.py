"""Ratings standardized per judge (z-scores), so judges that use the scale differently pool fairly.

One judge may give only 1s and 10s while another stays within 3-8; pooling their raw means lets
the first dominate every comparison. Each judge's ratings are centred on that judge's mean and
divided by that judge's standard deviation over every rating it gave (all units, all repeats);
the raw values are kept beside the z-scores for per-judge tables on the original scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

# judge -> unit (e.g. advice id) -> that judge's ratings of the unit (repeats)
ByJudge = Mapping[str, Mapping[str, Sequence[float]]]


@dataclass(frozen=True)
class JudgeScale:
    """How one judge used the scale: mean, standard deviation and count of its ratings."""

    mean: float
    sd: float | None  # None when the judge gave fewer than 2 ratings or never varied
    n: int

    def z(self, value: float) -> float:
        """A raw rating as a z-score on this judge's scale (0 when the judge never varied)."""
        return 0.0 if not self.sd else (value - self.mean) / self.sd


@dataclass(frozen=True)
class Standardized:
    """Per-judge z-scores of every rating, the raw ratings, and each judge's scale."""

    z: dict[str, dict[str, list[float]]]
    raw: dict[str, dict[str, list[float]]]
    scale: dict[str, JudgeScale]
    constant_judges: list[str] = field(default_factory=list)

    def pooled(self, unit: str, judges: Iterable[str] | None = None) -> list[float]:
        """Every z-scored rating of one unit, over the given judges (default: all)."""
        names = self.z if judges is None else judges
        return [v for j in names for v in self.z.get(j, {}).get(unit, [])]

    def units(self) -> list[str]:
        """Every unit some judge rated, sorted."""
        return sorted({u for per in self.raw.values() for u in per})

    def judges_of(self, unit: str) -> list[str]:
        """The judges with at least one rating of the unit."""
        return [j for j, per in self.raw.items() if per.get(unit)]


def zscore_by_judge(by_judge: ByJudge, reference: Iterable[str] | None = None) -> Standardized:
    """Standardize each judge's ratings by its own mean and sd (ddof=1); keep the raw values.

    `reference` restricts the units whose ratings set each judge's mean and sd (for example the
    advisors' advice only, so controls don't move the scale); every unit is still converted.
    A judge with fewer than two reference ratings, or ratings that never vary, gets z = 0 for
    every rating and is listed in `constant_judges`.
    """
    ref = None if reference is None else set(reference)
    z: dict[str, dict[str, list[float]]] = {}
    raw: dict[str, dict[str, list[float]]] = {}
    scale: dict[str, JudgeScale] = {}
    constant: list[str] = []
    for judge in sorted(by_judge):
        per = {u: [float(v) for v in vs] for u, vs in by_judge[judge].items() if len(vs)}
        values = np.array(
            [v for u, vs in per.items() if ref is None or u in ref for v in vs], dtype=np.float64
        )
        mean = float(values.mean()) if values.size else math.nan
        sd = float(values.std(ddof=1)) if values.size >= 2 else 0.0
        sc = JudgeScale(mean, sd if sd > 1e-12 else None, int(values.size))
        if sc.sd is None:
            constant.append(judge)
        scale[judge] = sc
        raw[judge] = per
        z[judge] = {u: [sc.z(v) for v in vs] for u, vs in per.items()}
    return Standardized(z, raw, scale, constant)
