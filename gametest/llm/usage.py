"""Usage accounting (tokens, latency, retries, cache hits, errors) and cost from a user price table.

Prices change and differ by provider, so none are built in: cost is computed only for models
listed in a TOML file the user keeps (see docs/backends.md), and is None otherwise.
"""

from __future__ import annotations

import fnmatch
import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gametest.llm.base import ConfigError


@dataclass(frozen=True)
class Price:
    """Price of a model in currency units per million tokens."""

    input_per_mtok: float
    output_per_mtok: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """Cost of one call's tokens."""
        return (
            prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok
        ) / 1_000_000


def default_price_file() -> Path:
    """`$GAMETEST_PRICES`, else ~/.config/gametest/prices.toml."""
    env = os.environ.get("GAMETEST_PRICES")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".config" / "gametest" / "prices.toml"


@dataclass
class PriceTable:
    """Patterns (fnmatch over "prefix:model" specs) to prices; the first match wins."""

    prices: dict[str, Price] = field(default_factory=dict)
    currency: str = "USD"
    source: str = ""

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> PriceTable:
        """Read a TOML table; a missing default file gives an empty table, a bad file an error."""
        explicit = path is not None
        p = Path(path) if path is not None else default_price_file()
        if not p.exists():
            if explicit:
                raise ConfigError(f"price table {p} does not exist")
            return cls()
        from gametest.engine.errors import UsageError
        from gametest.engine.inputs import read_toml

        try:
            data = read_toml(p, "price table")
        except UsageError as e:
            raise ConfigError(str(e)) from None
        models = data.get("models") or {}
        if not isinstance(models, dict):
            raise ConfigError(f"price table {p}: [models] must be a table")
        table = cls(currency=str(data.get("currency", "USD")), source=str(p))
        for pattern, entry in models.items():
            try:
                table.prices[str(pattern)] = Price(
                    float(entry["input_per_mtok"]), float(entry["output_per_mtok"])
                )
                got = table.prices[str(pattern)]
                if not (math.isfinite(got.input_per_mtok) and math.isfinite(got.output_per_mtok)):
                    raise ValueError
            except (KeyError, TypeError, ValueError):
                raise ConfigError(
                    f'price table {p}: [models."{pattern}"] needs numeric input_per_mtok and '
                    "output_per_mtok"
                ) from None
        return table

    def lookup(self, spec: str) -> Price | None:
        """Price for a spec like "openai:gpt-4o-mini", or None when the table does not list it."""
        if spec in self.prices:
            return self.prices[spec]
        for pattern, price in self.prices.items():
            if fnmatch.fnmatchcase(spec, pattern):
                return price
        return None


@dataclass
class _Totals:
    """Running sums for one run."""

    calls: int = 0
    cache_hits: int = 0
    errors: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    max_latency_s: float = 0.0
    cost: float = 0.0
    uncosted_calls: int = 0


class UsageTracker:
    """Thread-safe per-run totals; cached calls count as hits and cost nothing."""

    def __init__(self, spec: str, prices: PriceTable | None = None) -> None:
        """Track calls of one backend spec, pricing them from `prices` when it lists the model."""
        self.spec = spec
        self.prices = prices or PriceTable()
        self._price = self.prices.lookup(spec)
        self._t = _Totals()
        self._lock = threading.Lock()

    def call_cost(self, prompt_tokens: int, completion_tokens: int, cached: bool) -> float | None:
        """Cost of one call, 0 for a cache hit, None when the model has no price."""
        if cached:
            return 0.0
        if self._price is None:
            return None
        return self._price.cost(prompt_tokens, completion_tokens)

    def record(
        self,
        *,
        prompt_tokens: int,
        completion_tokens: int,
        latency_s: float,
        retries: int,
        cached: bool,
        error: bool = False,
    ) -> float | None:
        """Add one call to the totals and return its cost."""
        cost = None if error else self.call_cost(prompt_tokens, completion_tokens, cached)
        with self._lock:
            t = self._t
            t.calls += 1
            t.retries += retries
            t.latency_s += latency_s
            t.max_latency_s = max(t.max_latency_s, latency_s)
            if error:
                t.errors += 1
                return None
            if cached:
                t.cache_hits += 1
            else:
                t.prompt_tokens += prompt_tokens
                t.completion_tokens += completion_tokens
                if cost is None:
                    t.uncosted_calls += 1
                else:
                    t.cost += cost
        return cost

    def summary(self) -> dict[str, Any]:
        """Totals as a JSON-ready dict; `cost` is None when no call could be priced."""
        with self._lock:
            t = _Totals(**vars(self._t))
        live = t.calls - t.cache_hits - t.errors
        return {
            "backend": self.spec,
            "calls": t.calls,
            "cache_hits": t.cache_hits,
            "errors": t.errors,
            "retries": t.retries,
            "prompt_tokens": t.prompt_tokens,
            "completion_tokens": t.completion_tokens,
            "latency_s_total": round(t.latency_s, 6),
            "latency_s_mean": round(t.latency_s / t.calls, 6) if t.calls else 0.0,
            "latency_s_max": round(t.max_latency_s, 6),
            "cost": round(t.cost, 6) if (self._price is not None or live == 0) else None,
            "currency": self.prices.currency,
            "uncosted_calls": t.uncosted_calls,
        }
