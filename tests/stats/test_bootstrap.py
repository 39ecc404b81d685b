"""The hierarchical bootstrap: structure of the draws and planted cluster effects."""

from __future__ import annotations

import numpy as np
import pytest

from gametest.stats.bootstrap import ClusterTree, hierarchical_bootstrap
from gametest.stats.correlation import rng_for, spearman_rows


def test_draws_keep_clusters_whole() -> None:
    """Advisor A has 3 pieces, B one: a replicate is 2 advisor blocks of their own pieces."""
    tree = ClusterTree([("A",), ("A",), ("A",), ("B",)])
    rng = np.random.default_rng(0)
    sizes = set()
    for _ in range(200):
        d = tree.draw(rng)
        sizes.add(d.size)
        assert (d <= 2).sum() % 3 == 0
    assert sizes == {2, 4, 6}
    assert ClusterTree([(), (), ()]).draw(rng).size == 3
    one = ClusterTree([("only",)] * 4)  # a level with one group: its units are resampled
    assert any(len(set(one.draw(rng).tolist())) < 4 for _ in range(20))
    inner = ClusterTree([("A",), ("A",), ("A",), ("B",)], resample_inner=True)
    blocks = [inner.draw(rng) for _ in range(50)]
    assert any(0 < len(set(d[d <= 2].tolist())) < 3 for d in blocks)
    with pytest.raises(ValueError):
        ClusterTree([("A",), ("A", "x")])


def test_cluster_level_widens_the_interval_as_it_should() -> None:
    """Pieces within an advisor share its effect: the cluster bootstrap's SD of the mean rating
    matches the advisor-level SD, the piece-level one is about sqrt(10) times too small."""
    rng = np.random.default_rng(1)
    effects = rng.normal(0, 1, 10)
    keys = [(f"adv{a}",) for a in range(10) for _ in range(10)]
    ratings = [{"j": [effects[a] + rng.normal(0, 0.05)]} for a in range(10) for _ in range(10)]
    outcomes = [[1.0, 0.0]] * 100
    mean_of = lambda x, y: x.mean(axis=1)  # noqa: E731
    clustered = hierarchical_bootstrap(keys, ratings, outcomes, 2000, rng_for(0, "c"))
    flat = hierarchical_bootstrap([()] * 100, ratings, outcomes, 2000, rng_for(0, "f"))
    want = effects.std(ddof=0) / np.sqrt(10)
    assert clustered.rows(mean_of).std() == pytest.approx(want, rel=0.15)
    assert clustered.rows(mean_of).std() > 2.5 * flat.rows(mean_of).std()


def test_judges_are_resampled_and_unrated_slots_dropped() -> None:
    """With judges resampled a unit's rating varies with the drawn judges; a unit rated only by
    a judge left out of a replicate is dropped from it."""
    keys = [()] * 5
    ratings = [{"a": [u], "b": [u], "c": [-u]} for u in range(4)] + [{"c": [9.0]}]
    outcomes = [[float(u % 2)] for u in range(5)]
    fixed = hierarchical_bootstrap(keys, ratings, outcomes, 300, rng_for(0, "x"))
    assert fixed.dropped_slots == 0 and [b.x.shape[1] for b in fixed.buckets] == [5]
    varied = hierarchical_bootstrap(keys, ratings, outcomes, 300, rng_for(0, "x"), True)
    xs = np.concatenate([b.x[b.idx == 1] for b in varied.buckets])
    assert len(set(np.round(xs, 6))) > 1
    assert varied.dropped_slots > 0 and sum(b.x.shape[0] for b in varied.buckets) == 300
    assert varied.rows(spearman_rows).size == 300


def test_seeded() -> None:
    """The same generator seed gives the same replicates."""
    keys = [("a",), ("a",), ("b",), ("c",)]
    ratings = [{"j": [1, 2]}, {"j": [3]}, {"j": [4, 6]}, {"j": [2]}]
    outcomes = [[1, 0], [0], [1], [0.5, 1]]
    a = hierarchical_bootstrap(keys, ratings, outcomes, 50, rng_for(5, "s"))
    b = hierarchical_bootstrap(keys, ratings, outcomes, 50, rng_for(5, "s"))
    assert np.array_equal(a.rows(spearman_rows), b.rows(spearman_rows), equal_nan=True)
