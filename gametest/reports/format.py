"""Numbers, intervals and reasons as report text: every table and sentence of a report formats
figures through these, so the Markdown, the HTML and the headline agree on digits and wording.
"""

from __future__ import annotations

import math
from typing import Any


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


def points(reg: dict[str, Any]) -> str:
    """Regret in percentage points with its interval."""
    if reg.get("value") is None:
        return "n/a"
    s = f"{100 * reg['value']:.1f}"
    if reg.get("low") is not None and reg.get("high") is not None:
        s += f" [{100 * reg['low']:.1f}, {100 * reg['high']:.1f}]"
    return s


def cost(v: Any) -> str:
    """A cost in dollars, or n/a."""
    return "n/a" if v is None else f"${v:.4f}"


def reason(note: Any) -> str:
    """A figure's note as a reason in brackets, without the 'n/a' that prose must not show."""
    text = str(note or "(reason not recorded)").removeprefix("n/a").strip()
    return text if text.startswith("(") else f"({text})"


def said(d: dict[str, Any] | None, key: str = "estimate", digits: int = 2) -> str:
    """A figure with its interval for prose, or 'undefined (why)' instead of 'n/a'."""
    if d and d.get(key) is not None:
        return ci(d, key, digits)
    return f"undefined {reason((d or {}).get('note'))}"


def cap(s: str) -> str:
    """First letter upper-cased, the rest untouched (keeps 'LLM')."""
    return s[:1].upper() + s[1:]
