"""What the compiler does to a strategy: how far a compiled strategy is from the strategy its
text was rendered from, and static checks for compiled strategies that cannot win.

Controls are rendered from known strategies and then compiled like any advice, so comparing
the compiled strategy with its source (which cards it names, in which priority order) and their
win rates measures the compiler itself. A compiled strategy that never gains the game's main
victory card (the plug-in names it, if the game has one) or gains nothing at all can only lose,
so a win rate of 0 says nothing about the advice behind it.
"""

from __future__ import annotations

from typing import Any

from scipy import stats

from gametest.engine.registry import GameDef


def gained_cards(doc: dict[str, Any] | None) -> list[str]:
    """Cards a strategy's gain list names, in priority order (first mention)."""
    out: list[str] = []
    for rule in (doc or {}).get("gain") or []:
        card = rule.get("card") if isinstance(rule, dict) else rule
        if isinstance(card, str) and card not in out:
            out.append(card)
    return out


def strategy_agreement(source: dict[str, Any] | None, compiled: dict[str, Any] | None) -> dict:
    """Card overlap (Jaccard) and priority-order agreement (Kendall's tau on shared cards)."""
    a, b = gained_cards(source), gained_cards(compiled)
    union = set(a) | set(b)
    shared = [c for c in a if c in b]
    out: dict[str, Any] = {
        "cards_jaccard": len(shared) / len(union) if union else None,
        "shared_cards": len(shared),
        "source_cards": len(a),
        "compiled_cards": len(b),
        "order_tau": None,
    }
    if len(shared) >= 2:
        tau = stats.kendalltau([a.index(c) for c in shared], [b.index(c) for c in shared])
        out["order_tau"] = float(tau.statistic)
    return out


def never_win_flags(doc: dict[str, Any] | None, game: GameDef) -> list[str]:
    """Reasons a strategy cannot win: it gains nothing, or none of the cards the game says a
    winner must gain (GameInfo.must_gain)."""
    if doc is None:
        return []
    cards = gained_cards(doc)
    flags: list[str] = []
    if not cards and not doc.get("cards"):
        flags.append("gains nothing")
    for card in game.info.must_gain:
        if cards and card not in cards:
            flags.append(f"never gains {card} (the game's main victory card)")
    return flags
