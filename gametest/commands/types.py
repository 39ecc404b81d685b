"""Click parameter types for numbers that must be finite (click's FloatRange lets nan through)."""

from __future__ import annotations

import math
from typing import Any

import click


class FiniteFloat(click.ParamType):
    """A finite float in [low, high]; `positive` excludes low itself (timeouts: 0 is no time)."""

    name = "float"

    def __init__(self, low: float, high: float, positive: bool = False) -> None:
        self.low, self.high, self.positive = low, high, positive

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The float, or a usage error that says the range."""
        try:
            x = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        too_low = x <= self.low if self.positive else x < self.low
        if not math.isfinite(x) or too_low or x > self.high:
            op = "<" if self.positive else "<="
            self.fail(f"{value!r} is not in the range {self.low}{op}x<={self.high}", param, ctx)
        return x


TEMPERATURE = FiniteFloat(0.0, 2.0)
SECONDS = FiniteFloat(0.0, 86_400.0, positive=True)
