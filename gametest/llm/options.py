"""Backend options given by users (`--backend-opt KEY=VALUE`, an experiment's `[llm]` table):
known keys only, typed and bounded, so a typo or `threads=abc` is one line before any call."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from gametest.engine.errors import UsageError, closest


def _int(low: int, high: int) -> Callable[[Any], int]:
    def conv(v: Any) -> int:
        if isinstance(v, bool):
            raise ValueError
        n = int(v) if isinstance(v, int) else int(str(v).strip())
        if not low <= n <= high:
            raise ValueError
        return n

    conv.__doc__ = f"a whole number from {low} to {high:,}"
    return conv


def _seconds(v: Any) -> float:
    """a number of seconds above 0"""
    if isinstance(v, bool):
        raise ValueError
    x = float(v)
    if not math.isfinite(x) or x <= 0 or x > 86_400:
        raise ValueError
    return x


def _text(v: Any) -> str:
    """a string"""
    if not isinstance(v, str) or not v.strip():
        raise ValueError
    return v.strip()


def _switch(v: Any) -> bool:
    """true or false"""
    if isinstance(v, bool):
        return v
    text = str(v).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise ValueError


# key -> converter; the converter's docstring says what is expected
BACKEND_OPTIONS: dict[str, Callable[[Any], Any]] = {
    "threads": _int(1, 256),
    "n_ctx": _int(256, 1_048_576),
    "concurrency": _int(1, 256),
    "timeout": _seconds,
    "startup_timeout": _seconds,
    "rpm": _seconds,
    "structured": _text,
    "api_key_env": _text,
    "stream": _switch,
}


def _flag(v: Any) -> bool:
    """true or false"""
    if not isinstance(v, bool):
        raise ValueError
    return v


# an experiment's [llm] table also sets the client: where the server is, and caching
CLIENT_OPTIONS: dict[str, Callable[[Any], Any]] = {
    **BACKEND_OPTIONS,
    "base_url": _text,
    "no_cache": _flag,
}


def parse_backend_opts(
    opts: Mapping[str, Any], where: str = "--backend-opt", allowed: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Typed backend options; UsageError naming `where` for an unknown key or a bad value."""
    table = BACKEND_OPTIONS if allowed is None else allowed
    out: dict[str, Any] = {}
    for key, raw in opts.items():
        conv = table.get(key)
        if conv is None:
            hint = closest(key, list(table))
            more = f" (did you mean {', '.join(hint)}?)" if hint else ""
            known = ", ".join(sorted(table))
            raise UsageError(f"{where}: unknown backend option '{key}'{more}; known: {known}")
        try:
            out[key] = conv(raw)
        except (ValueError, TypeError, OverflowError):
            raise UsageError(f"{where}: {key} must be {conv.__doc__}, got {raw!r}") from None
    return out
