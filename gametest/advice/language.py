"""The strategy language explained to a model: a short guide and a generation schema narrowed to
one kingdom (still a subset of the published schema, so its output is an ordinary strategy)."""

from __future__ import annotations

import copy
import json
from typing import Any

from gametest.engine.registry import GameDef
from gametest.players.llm_prompt import supply_names
from gametest.strategy.expr import FUNCS, NAMES
from gametest.strategy.schema import PRIORITY_KEYS, entry_schema, strategy_schema

MAX_LIST = 10  # entries per priority list in the generation schema (bounds the output)

EXAMPLE: dict[str, Any] = {
    "gain": [
        {"card": "Province", "if": "total_money > 18"},
        {"card": "Duchy", "if": "provinces_left <= 4"},
        {"card": "Estate", "if": "provinces_left <= 2"},
        "Gold",
        {"card": "Smithy", "if": "count(Smithy) < count(Treasure) / 11", "limit": 2},
        "Silver",
    ],
    "play": ["Smithy"],
}


def example(game: GameDef) -> dict[str, Any]:
    """A valid strategy to show: the Dominion example, else the game's default bot."""
    if game.name == "dominion":
        return EXAMPLE
    bot = getattr(game, "default_bot", None)
    if not bot:
        return {"gain": ["..."]}
    from gametest.strategy.builtin import load_builtin

    doc = load_builtin(str(bot), game).doc
    return {k: v for k, v in doc.items() if k not in ("name", "description", "game")}


def card_options(game: GameDef, kingdom: list[str]) -> dict[str, Any]:
    """Per-card option schemas of the kingdom's cards, and option groups that aren't cards."""
    opts: dict[str, Any] = getattr(game, "card_options_schema", lambda: {})()
    return {name: sch for name, sch in opts.items() if name in kingdom or name not in game.cards}


def language_guide(game: GameDef, kingdom: list[str]) -> str:
    """How to write a strategy, the condition vocabulary and the cards that may be named."""
    names = {**NAMES, **getattr(game, "strategy_names", {})}
    lines = [
        "A strategy is a JSON object with these fields:",
        '- "gain" (required): what to buy or gain, best first. Entries are tried top to bottom; '
        "the first one that is affordable and whose condition holds is taken. A card that is "
        "not listed is never bought.",
        '- "play": which Action card to play first. "trash", "discard", "topdeck": what to '
        "trash, discard or put on the deck first when a card asks.",
        '- "endgame_safety": true (default) never takes a gain that ends the game while losing.',
        "Each list entry is a card name, or an object "
        '{"card": NAME, "if": CONDITION, "limit": N} (limit: only while you own fewer than N).',
        "A CONDITION is an expression with numbers, + - * /, < <= > >= == !=, and/or/not, "
        "and these names:",
    ]
    lines += [f"  {n}: {desc}" for n, (_, desc) in names.items()]
    lines += [f"  {f}(CARD): {desc}" for f, (_, desc) in FUNCS.items()]
    per_card = card_options(game, kingdom)
    if per_card:
        lines.append('- "cards": per-card options, e.g. {"Chapel": {"max": 3}}:')
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
        if k in (*PRIORITY_KEYS, "endgame_safety")
    }
    for key in PRIORITY_KEYS:
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
