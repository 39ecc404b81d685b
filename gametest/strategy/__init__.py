"""The strategy language: schema, parser/validator, condition expressions, built-in bots."""

from gametest.strategy.model import Entry, Strategy, StrategyError, load_strategy, parse_strategy
from gametest.strategy.schema import strategy_schema

__all__ = [
    "Entry",
    "Strategy",
    "StrategyError",
    "load_strategy",
    "parse_strategy",
    "strategy_schema",
]
