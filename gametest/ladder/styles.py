"""One strategy told in many ways: rhetorical styles x lengths around the same substance.

The substance of a strategy is its list of clauses: each gain priority (card, condition, limit,
in order), the play, trash, discard and top-deck orders, and per-card options. Every rendering
states every clause in the same words (from gametest.strategy.render) and in the same order; the
styles differ only in what surrounds them: framing, confidence, jargon, reasons and anecdotes.
The wording around the clauses is original text written here, chosen with a seeded generator.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from gametest.engine.registry import GameDef
from gametest.engine.rng import derive_seed
from gametest.strategy.expr import VIEW_NAMES
from gametest.strategy.model import Entry, Strategy
from gametest.strategy.render import _NAMES, condition_text

STYLES = ("plain", "expert", "hedged", "narrative", "terse")
LENGTHS = ("short", "long")
_PLAY_WORDS = "play cards in this order"


@dataclass(frozen=True)
class Clause:
    """One statement of substance: its words (the same in every style) and the card it names."""

    kind: str  # "gain", "order", "option" or "none"
    text: str
    card: str | None = None


def _condition(expr: str, names: dict[str, tuple[str, str]]) -> str:
    """A condition in words; the game's own metric names read as their descriptions."""
    for name, (_, words) in names.items():
        if name not in _NAMES:
            expr = re.sub(rf"\b{name}\b", words, expr)
    return condition_text(expr)


def entry_text(e: Entry, names: dict[str, tuple[str, str]] | None = None) -> str:
    """A priority entry in words: the card, when, and how many at most."""
    parts = [e.card]
    if e.expr:
        parts.append(f"when {_condition(e.expr, names or {})}")
    if e.limit is not None:
        parts.append(f"(at most {e.limit} in total)")
    return " ".join(parts)


def clauses(s: Strategy, game: GameDef) -> list[Clause]:
    """The strategy's substance, in priority order."""
    names = {k: v for k, v in game.info.conditions.items() if k not in VIEW_NAMES}

    def words(entries: list[Entry]) -> str:
        return ", ".join(entry_text(e, names) for e in entries)

    out = [Clause("gain", entry_text(e, names), e.card) for e in s.gain]
    if not out:
        out.append(Clause("none", "keep no list of cards to buy"))
    orders = [(_PLAY_WORDS, s.play)] + [
        (what.split(" (")[0], s.lists.get(key, [])) for key, what in game.info.priority_keys.items()
    ]
    for what, entries in orders:
        if entries:
            out.append(Clause("order", f"{what}: {words(entries)}"))
    for card in sorted(s.cards):
        for opt, value in sorted(s.cards[card].items()):
            shown = words(value) if isinstance(value, list) else str(value).replace("_", " ")
            out.append(Clause("option", f"for {card}, set {opt.replace('_', ' ')} to {shown}"))
    if not s.endgame_safety:
        out.append(Clause("option", "turn the end-game safety rule off"))
    return out


# ----- reasons: generic, from the card's printed facts --------------------------------------
_REASONS: dict[str, tuple[str, ...]] = {
    "victory": ("it is what scores at the end", "points decide the game in the end"),
    "junk": ("the plan calls for it", "it is part of this plan"),
    "money": ("money buys everything else", "it raises what every hand can buy"),
    "draw": ("it draws extra cards", "bigger hands buy better cards"),
    "actions": ("it keeps the turn going", "it lets you play more Actions"),
    "attack": ("it slows the opponent down", "it hurts the other player's turns"),
    "other": ("it does real work for this plan", "its effect supports the plan"),
}
_JARGON: dict[str, tuple[str, ...]] = {
    "victory": ("greening on time is the whole game", "that's your VP, the point of it all"),
    "junk": ("yes, even this, it's in the line", "this is part of the line, trust it"),
    "money": ("pure payload", "economy first, always"),
    "draw": ("deck velocity", "draw is king"),
    "actions": ("village splits keep the chain alive", "plus-Actions fix terminal collision"),
    "attack": ("tempo, tempo, tempo", "make them discard and stall"),
    "other": ("a key piece of the engine", "it pulls its weight in this deck"),
}


def _kind(game: GameDef, card: str | None) -> str:
    t = game.card_traits(card or "")
    for trait, kind in (
        ("junk", "junk"),
        ("victory", "victory"),
        ("attack", "attack"),
        ("village", "actions"),
        ("draw", "draw"),
        ("money", "money"),
    ):
        if trait in t:
            return kind
    return "other"


def _reason(
    game: GameDef, cl: Clause, rng: random.Random, table: dict[str, tuple[str, ...]]
) -> str:
    return rng.choice(table["other" if cl.kind != "gain" else _kind(game, cl.card)])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_ORDINALS = ("First", "Next", "After that", "Then", "Failing that", "Otherwise")


# ----- the styles ---------------------------------------------------------------------------
def _plain(game: GameDef, cs: list[Clause], rng: random.Random, long: bool) -> str:
    gains = [c for c in cs if c.kind in ("gain", "none")]
    rest = [c for c in cs if c.kind not in ("gain", "none")]
    lines = []
    if long:
        lines.append("Here is a simple plan for this kingdom, in order of priority.")
    lines.append("Each time you buy or gain a card, take the first of these that you can afford:")
    for i, c in enumerate(gains, 1):
        line = f"{i}. {_cap(c.text)}."
        if long:
            line += f" {_cap(_reason(game, c, rng, _REASONS))}."
        lines.append(line)
    lines += [f"{_cap(c.text)}." for c in rest]
    if long:
        lines.append("Follow the list every turn and check the conditions as the game goes on.")
    return "\n".join(lines)


def _expert(game: GameDef, cs: list[Clause], rng: random.Random, long: bool) -> str:
    opener = rng.choice(
        (
            "I've played this board to death, and the line is clear.",
            "Seasoned players will recognise this one instantly: here's the optimal line.",
            "This kingdom has one correct plan and strong players all converge on it.",
        )
    )
    lines = [opener]
    if long:
        lines.append(
            "Forget the beginner heuristics: think in terms of economy, payload and when to "
            "green. Every buy below is ranked; you always take the highest one you can hit."
        )
    lines.append("Buy priority, top first:")
    gains = [c for c in cs if c.kind in ("gain", "none")]
    for i, c in enumerate(gains, 1):
        line = f"{i}. {_cap(c.text)}."
        if long:
            line += f" ({_reason(game, c, rng, _JARGON)}.)"
        lines.append(line)
    for c in cs:
        if c.kind not in ("gain", "none"):
            lines.append(f"Also, non-negotiable: {c.text}.")
    lines.append(
        rng.choice(
            (
                "Execute this cleanly and you'll win the overwhelming majority of games.",
                "This is the line. Don't deviate.",
            )
        )
    )
    if long:
        lines.append(
            "Weaker players drift off-plan in the midgame; the discipline of the list is "
            "exactly where the edge comes from."
        )
    return "\n".join(lines)


def _hedged(game: GameDef, cs: list[Clause], rng: random.Random, long: bool) -> str:
    lines = [
        rng.choice(
            (
                "I'm honestly not sure about this, but here is roughly what I would try.",
                "Take this with a grain of salt; I might be wrong about some of it.",
            )
        )
    ]
    if long:
        lines.append(
            "I haven't tested it much, and other players may see the kingdom differently, so "
            "treat it as a starting point rather than a rule."
        )
    lines.append("When buying or gaining, maybe take the first of these you can afford:")
    hedges = ("perhaps", "possibly", "probably", "I think")
    gains = [c for c in cs if c.kind in ("gain", "none")]
    for i, c in enumerate(gains, 1):
        line = f"{i}. {_cap(rng.choice(hedges))}: {c.text}."
        if long:
            line += f" Maybe because {_reason(game, c, rng, _REASONS)}, though I'm not certain."
        lines.append(line)
    for c in cs:
        if c.kind not in ("gain", "none"):
            lines.append(
                f"It might also help to {c.text}."
                if c.kind == "order"
                else f"It might also help, {c.text}."
            )
    lines.append("It may not be the best approach; your results could differ.")
    return "\n".join(lines)


def _narrative(game: GameDef, cs: list[Clause], rng: random.Random, long: bool) -> str:
    opener = rng.choice(
        (
            "The first time I played this kingdom, I lost badly, and it taught me a lesson.",
            "A friend and I played this set-up for a whole evening before the plan clicked.",
        )
    )
    sents = [opener]
    if long:
        sents.append(
            "We tried everything at first, buying whatever looked exciting, and the games "
            "dragged on. Slowly a pattern emerged, and it is worth telling in order, because "
            "the order is the point: every time you buy or gain a card, you go down this list "
            "and take the first thing you can afford."
        )
    else:
        sents.append("Every time you buy or gain a card, go down this list in order.")
    gains = [c for c in cs if c.kind in ("gain", "none")]
    for i, c in enumerate(gains):
        lead = _ORDINALS[min(i, len(_ORDINALS) - 1)]
        sent = f"{lead} ({i + 1}): {c.text}."
        if long:
            sent += f" I came to see that {_reason(game, c, rng, _REASONS)}."
            if i == 0:
                sent += " The game I finally won turned on exactly this."
        sents.append(sent)
    for c in cs:
        if c.kind not in ("gain", "none"):
            sents.append(f"One more thing we learned: {c.text}.")
    if long:
        sents.append(
            "By the end of the evening we were both playing this way, and the games became "
            "faster and far more decisive."
        )
    return " ".join(sents)


def _terse(game: GameDef, cs: list[Clause], rng: random.Random, long: bool) -> str:
    lines = ["Buy/gain priority:"]
    gains = [c for c in cs if c.kind in ("gain", "none")]
    for i, c in enumerate(gains, 1):
        line = f"{i}. {c.text}"
        if long:
            line += f" ({_reason(game, c, rng, _REASONS)})"
        lines.append(line)
    lines += [f"- {c.text}" for c in cs if c.kind not in ("gain", "none")]
    if long:
        lines.append("- re-check conditions each turn")
    return "\n".join(lines)


_RENDER: dict[str, Callable[[GameDef, list[Clause], random.Random, bool], str]] = {
    "plain": _plain,
    "expert": _expert,
    "hedged": _hedged,
    "narrative": _narrative,
    "terse": _terse,
}


def render_styled(
    s: Strategy, game: GameDef, style: str, length: str, seed: int = 0, key: str = ""
) -> str:
    """The strategy in one style and length; deterministic for (seed, key, style, length)."""
    from gametest.engine.errors import unknown

    if style not in _RENDER:
        raise unknown("style", style, list(STYLES))
    if length not in LENGTHS:
        raise unknown("length", length, list(LENGTHS))
    rng = random.Random(derive_seed(seed, key, style, length))
    return _RENDER[style](game, clauses(s, game), rng, length == "long")
