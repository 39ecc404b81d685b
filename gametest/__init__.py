"""gametest: measures whether strategy advice that looks good actually wins."""

__version__ = "0.1.0"
