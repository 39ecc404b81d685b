"""A seeded hierarchical (cluster) bootstrap over any list of nested cluster levels.

Advice clusters within advisors (a model with a prompt template), so treating pieces of advice
as independent understates the uncertainty of anything measured across them. A replicate here
resamples the outermost clusters that vary (advisors; with a single advisor, the pieces of
advice) with replacement, keeping each drawn cluster's pieces whole (or, if asked, resampling
them too); each drawn unit's own measurements (its games and its ratings) are then resampled.
Judges, who are crossed with the units rather than nested, can be resampled as well: a
replicate draws judges with replacement and a unit's rating is the mean over the drawn judges
that rated it.

Replicates can differ in size (clusters of unequal size), so they are grouped in buckets of
equal size; each bucket is a `BootstrapDraws` that the row-wise statistics of
`gametest.stats.correlation` and `gametest.stats.agreement` take as they are.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametest.stats.correlation import BootstrapDraws, FloatArray

Node: TypeAlias = "list[Node] | NDArray[np.int64]"


def _resampled_means(rng: np.random.Generator, values: FloatArray, m: int) -> FloatArray:
    """`m` means of with-replacement resamples of `values` (drawn as multinomial counts)."""
    k = values.size
    if k == 1 or m == 0:
        return np.full(m, float(values[0]) if k else math.nan)
    uniq, counts = np.unique(values, return_counts=True)
    draws = rng.multinomial(k, counts / k, size=m)
    out: FloatArray = (draws @ uniq) / k
    return out


class ClusterTree:
    """Units grouped by their cluster labels, outermost level first, for nested resampling."""

    def __init__(self, keys: Sequence[Sequence[Hashable]], resample_inner: bool = False) -> None:
        """`keys[i]` holds unit i's cluster labels, outermost first; all of the same length.

        A replicate resamples the outermost level that has more than one group; below it, drawn
        clusters are kept whole unless `resample_inner` (which double-counts the inner
        variance and widens intervals beyond their nominal level, Davison & Hinkley 1997, 3.8).
        """
        self.resample_inner = resample_inner
        depths = {len(k) for k in keys}
        if len(depths) > 1:
            raise ValueError("every unit needs one label per cluster level")
        self.levels = depths.pop() if depths else 0
        self.n = len(keys)
        self.root = self._build(list(range(self.n)), [tuple(k) for k in keys], 0)

    def _build(self, units: list[int], keys: list[tuple[Hashable, ...]], level: int) -> Node:
        if level == self.levels:
            return np.asarray(units, dtype=np.int64)
        groups: dict[Hashable, list[int]] = {}
        for u in units:
            groups.setdefault(keys[u][level], []).append(u)
        return [self._build(groups[g], keys, level + 1) for g in sorted(groups, key=str)]

    def draw(self, rng: np.random.Generator) -> NDArray[np.int64]:
        """One replicate: the indices of the units drawn, with repeats."""
        return self._draw(self.root, rng, True)

    def _draw(self, node: Node, rng: np.random.Generator, resample: bool) -> NDArray[np.int64]:
        if isinstance(node, np.ndarray):
            if node.size == 0 or not resample:
                return node
            return node[rng.integers(0, node.size, size=node.size)]
        if len(node) == 1:  # a level with one group: resample the level below instead
            return self._draw(node[0], rng, resample)
        pick = rng.integers(0, len(node), size=len(node)) if resample else range(len(node))
        inner = resample and self.resample_inner
        parts = [self._draw(node[int(p)], rng, inner) for p in pick]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Replicates:
    """Bootstrap replicates grouped by size, in a fixed order shared by every statistic."""

    buckets: list[BootstrapDraws]
    n_boot: int
    dropped_slots: int  # drawn units left out because no drawn judge had rated them

    def rows(self, stat: Callable[[FloatArray, FloatArray], FloatArray]) -> FloatArray:
        """A row statistic of (x, y) on every replicate (NaN for replicates under 2 units)."""
        return self.rows_of(lambda d: stat(d.x, d.y))

    def rows_of(self, stat: Callable[[BootstrapDraws], FloatArray]) -> FloatArray:
        """A statistic of each bucket's draws, concatenated (one value per replicate)."""
        parts = []
        for d in self.buckets:
            if d.x.shape[1] < 2:
                parts.append(np.full(d.x.shape[0], np.nan))
            else:
                parts.append(np.asarray(stat(d), dtype=np.float64))
        out: FloatArray = np.concatenate(parts) if parts else np.empty(0)
        return out


def hierarchical_bootstrap(
    keys: Sequence[Sequence[Hashable]],
    ratings: Sequence[Mapping[str, ArrayLike]],
    outcomes: Sequence[ArrayLike],
    n_boot: int,
    rng: np.random.Generator,
    resample_judges: bool = False,
    resample_inner: bool = False,
) -> Replicates:
    """Resample clusters, then units, then each unit's games and ratings (and judges, if asked).

    `ratings[i]` maps judge -> unit i's ratings from that judge (already on a common scale, e.g.
    z-scores); `outcomes[i]` are unit i's game outcomes. Every unit needs a rating and a game.
    """
    n = len(keys)
    if len(ratings) != n or len(outcomes) != n:
        raise ValueError("keys, ratings and outcomes must cover the same units")
    rs = [{j: np.asarray(v, dtype=np.float64).ravel() for j, v in r.items()} for r in ratings]
    rs = [{j: v for j, v in r.items() if v.size} for r in rs]
    os_ = [np.asarray(o, dtype=np.float64).ravel() for o in outcomes]
    if any(not r for r in rs) or any(o.size == 0 for o in os_):
        raise ValueError("every unit needs at least one rating and one game")
    tree = ClusterTree(keys, resample_inner)
    draws = [tree.draw(rng) for _ in range(n_boot)]
    sizes = np.array([d.size for d in draws], dtype=np.int64)
    unit = np.concatenate(draws) if draws else np.empty(0, dtype=np.int64)
    rep = np.repeat(np.arange(n_boot), sizes)
    x = np.empty(unit.size)
    y = np.empty(unit.size)
    judges = sorted({j for r in rs for j in r})
    weights = None
    if resample_judges and len(judges) >= 2:
        weights = rng.multinomial(len(judges), np.full(len(judges), 1 / len(judges)), n_boot)
    for i in range(n):
        pos = np.flatnonzero(unit == i)
        if not pos.size:
            continue
        y[pos] = _resampled_means(rng, os_[i], pos.size)
        if weights is None:
            x[pos] = _resampled_means(rng, np.concatenate(list(rs[i].values())), pos.size)
            continue
        num = np.zeros(pos.size)
        den = np.zeros(pos.size)
        for j, vals in rs[i].items():
            w = weights[rep[pos], judges.index(j)]
            num += w * _resampled_means(rng, vals, pos.size)
            den += w
        with np.errstate(invalid="ignore", divide="ignore"):
            x[pos] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    keep = np.isfinite(x)
    dropped = int((~keep).sum())
    x, y, unit, rep = x[keep], y[keep], unit[keep], rep[keep]
    sizes = np.bincount(rep, minlength=n_boot)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    buckets = []
    for size in sorted(set(sizes.tolist())):
        bs = np.flatnonzero(sizes == size)
        cols = starts[bs][:, None] + np.arange(size)[None, :]
        buckets.append(BootstrapDraws(x[cols], y[cols], unit[cols]))
    return Replicates(buckets, n_boot, dropped)
