"""The strategy language explained to a model: a short guide and a generation schema narrowed to
one kingdom (still a subset of the published schema, so its output is an ordinary strategy)."""

from __future__ import annotations

import copy
import json
from typing import Any

from gametest.engine.registry import GameDef
from gametest.prompts.supply import supply_names
from gametest.strategy.expr import FUNCS
from gametest.strategy.schema import entry_schema, strategy_schema

MAX_LIST = 10  # entries per priority list in the generation schema (bounds the output)


def example(game: GameDef) -> dict[str, Any]:
    """A valid strategy to show: the game's example strategy, else its default bot's document."""
    if game.info.example_strategy:
        return dict(game.info.example_strategy)
    from gametest.strategy.builtin import load_builtin

    doc = load_builtin(game.info.default_bot, game).doc
    return {k: v for k, v in doc.items() if k not in ("name", "description", "game")}


def card_options(game: GameDef, kingdom: list[str]) -> dict[str, Any]:
    """Per-card option schemas of the kingdom's cards, and option groups that aren't cards."""
    opts = game.card_options_schema()
    return {name: sch for name, sch in opts.items() if name in kingdom or name not in game.cards}


def _func_desc(game: GameDef, func: str, desc: str) -> str:
    """A condition function's description; count() names one of the game's card types."""
    if func == "count" and game.info.card_types:
        return f"{desc} (or of a type: count({game.info.card_types[0]}))"
    return desc


def language_guide(game: GameDef, kingdom: list[str]) -> str:
    """How to write a strategy, the condition vocabulary and the cards that may be named."""
    names = game.info.conditions
    lines = [
        "A strategy is a JSON object with these fields:",
        '- "gain" (required): what to buy or gain, best first. Entries are tried top to bottom; '
        "the first one that is affordable and whose condition holds is taken. A card that is "
        "not listed is never bought.",
        game.info.guide_line(),
        '- "endgame_safety": true (default) never takes a gain that ends the game while losing.',
        "Each list entry is a card name, or an object "
        '{"card": NAME, "if": CONDITION, "limit": N} (limit: only while you own fewer than N).',
        "A CONDITION is an expression with numbers, + - * /, < <= > >= == !=, and/or/not, "
        "and these names:",
    ]
    lines += [f"  {n}: {desc}" for n, (_, desc) in names.items()]
    lines += [f"  {f}(CARD): {_func_desc(game, f, desc)}" for f, (_, desc) in FUNCS.items()]
    per_card = card_options(game, kingdom)
    if per_card:
        eg = game.info.card_options_example
        lines.append(f'- "cards": per-card options{f", e.g. {eg}" if eg else ""}:')
        for name, sch in per_card.items():
            keys = ", ".join(sorted(sch.get("properties", {})))
            lines.append(f"  {name}: {sch.get('description', '')} (keys: {keys})")
    lines.append("Cards you may name: " + ", ".join(supply_names(game, kingdom)) + ".")
    lines.append("Example: " + json.dumps(example(game)))
    return "\n".join(lines)


def generation_schema(game: GameDef, kingdom: list[str]) -> dict[str, Any]:
    """{"strategy": <strategy>, "unexpressible": [...]}, cards limited to this kingdom's Supply."""
    full = strategy_schema(game)
    props = {
        k: copy.deepcopy(v)
        for k, v in full["properties"].items()
        if k in (*game.info.priority_lists(), "endgame_safety")
    }
    for key in game.info.priority_lists():
        props[key]["maxItems"] = MAX_LIST
    props["gain"]["minItems"] = 1
    per_card = card_options(game, kingdom)
    if per_card:
        props["cards"] = {
            "type": "object",
            "additionalProperties": False,
            "properties": copy.deepcopy(per_card),
        }
    strategy = {
        "type": "object",
        "required": ["gain"],
        "additionalProperties": False,
        "properties": props,
    }
    entry = entry_schema(supply_names(game, kingdom))
    entry["oneOf"][1]["properties"]["if"]["minLength"] = 3  # no empty conditions
    return {
        "type": "object",
        "properties": {
            "strategy": strategy,
            "unexpressible": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        },
        "required": ["strategy", "unexpressible"],
        "additionalProperties": False,
        "$defs": {"entry": entry, "priority": full["$defs"]["priority"]},
    }
