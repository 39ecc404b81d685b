"""Statistics with uncertainty: win rates and intervals, ratings, correlations, bootstrap."""

from gametest.stats.intervals import wilson

__all__ = ["wilson"]
