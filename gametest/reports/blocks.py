"""Report building blocks (headings, paragraphs, tables, figures, quotes) and the number
formats every report section shares."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Block:
    """One piece of the report: heading, paragraph, table, figure or quote."""

    kind: str
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    image: bytes | None = None
    name: str = ""


# --- number formatting -----------------------------------------------------------------------


def num(v: Any, digits: int = 2) -> str:
    """A number with fixed decimals, or 'n/a'."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    return f"{v:.{digits}f}"


def ci(d: dict[str, Any] | None, key: str = "estimate", digits: int = 2) -> str:
    """'est [low, high]' from a statistics dict, or its note / 'n/a'."""
    if not d or d.get(key) is None:
        return str(d.get("note", "n/a")) if d else "n/a"
    s = num(d[key], digits)
    if d.get("low") is not None and d.get("high") is not None:
        s += f" [{num(d['low'], digits)}, {num(d['high'], digits)}]"
    return s


def pct(d: dict[str, Any] | None, key: str = "rate") -> str:
    """A share as a percentage with its interval: '61.5% [54.6, 68.0]'."""
    if not d or d.get(key) is None:
        return str(d.get("note", "n/a")) if d else "n/a"
    s = f"{100 * d[key]:.1f}%"
    if d.get("low") is not None and d.get("high") is not None:
        s += f" [{100 * d['low']:.1f}, {100 * d['high']:.1f}]"
    return s


def pval(p: Any) -> str:
    """A p-value with two significant digits."""
    if p is None:
        return "n/a"
    if p < 1e-300:
        return "< 1e-300"
    return f"{p:.2g}"


def win(d: dict[str, Any] | None) -> str:
    """Win rate with interval and number of games."""
    if not d or not d.get("games"):
        return "—"
    return f"{pct(d)} (n={d['games']})"


def rating(d: dict[str, Any] | None) -> str:
    """Mean rating with its interval and number of ratings ('too few' below 3 ratings)."""
    if not d or d.get("mean") is None:
        return "—"
    if d.get("low") is None and d.get("n", 0) >= 1:
        return f"{num(d['mean'])} (n={d['n']}, too few for an interval)"
    return f"{ci(d, 'mean')} (n={d['n']})"
