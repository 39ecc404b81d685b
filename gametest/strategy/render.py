"""Render a strategy as plain-English advice (used for the strong and wrong controls)."""

from __future__ import annotations

import re

from gametest.strategy.model import Entry, Strategy

_NAMES = {
    "total_money": "your total money (the coin value of all your Treasures)",
    "provinces_left": "the Provinces left",
    "piles_empty": "the number of empty piles",
    "coins": "the coins you have",
    "turn": "the turn number",
    "score_lead": "your lead in points",
    "cards_owned": "the number of cards you own",
    "money_density": "your money per card",
}
_OPS = [
    ("<=", "is at most"),
    (">=", "is at least"),
    ("==", "is"),
    ("!=", "is not"),
    ("<", "is below"),
    (">", "is above"),
]


def condition_text(expr: str) -> str:
    """A condition expression in words, e.g. 'provinces_left <= 4' -> 'the Provinces left ...'."""
    text = re.sub(
        r"count\(\s*['\"]?([A-Za-z ]+?)['\"]?\s*\)", r"the number of \1 cards you own", expr
    )
    text = re.sub(
        r"pile\(\s*['\"]?([A-Za-z ]+?)['\"]?\s*\)", r"the \1 cards left in the Supply", text
    )
    for name, words in _NAMES.items():
        text = re.sub(rf"\b{name}\b", words, text)
    for op, words in _OPS:
        text = text.replace(f" {op} ", f" {words} ")
    return text.replace(" / ", " divided by ")


def _entry(e: Entry) -> str:
    parts = [e.card]
    if e.expr:
        parts.append(f"when {condition_text(e.expr)}")
    if e.limit is not None:
        parts.append(f"(at most {e.limit} in total)")
    return " ".join(parts)


def render_strategy(s: Strategy, intro: str = "", outro: str = "") -> str:
    """The strategy's priorities as numbered advice a person or a model can follow."""
    lines = [intro] if intro else []
    lines.append("Each time you buy or gain a card, take the first of these that you can afford:")
    lines += [f"{i}. {_entry(e)}." for i, e in enumerate(s.gain, 1)]
    lines.append("If none of them applies, buy nothing.")
    if s.play:
        lines.append("Play Actions in this order: " + ", ".join(_entry(e) for e in s.play) + ".")
    for key, entries in s.lists.items():  # the game's own lists (trash, cull, ...)
        if entries:
            order = ", ".join(_entry(e) for e in entries)
            lines.append(f"When you {key}, {key} in this order: {order}.")
    if outro:
        lines.append(outro)
    return "\n".join(lines)
