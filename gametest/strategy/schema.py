"""The strategy language's JSON Schema: general fields plus the game's per-card options."""

from __future__ import annotations

from typing import Any

from gametest.engine.registry import GameDef


def entry_schema(card_names: list[str]) -> dict[str, Any]:
    """A priority entry: a card name, or {card, if, limit}."""
    card = {"type": "string", "enum": card_names}
    return {
        "oneOf": [
            card,
            {
                "type": "object",
                "required": ["card"],
                "additionalProperties": False,
                "properties": {
                    "card": card,
                    "if": {
                        "type": "string",
                        "description": "condition, e.g. 'total_money > 18 and provinces_left <= 4'",
                    },
                    "limit": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "take this card only while you own fewer than this many",
                    },
                },
            },
        ]
    }


def strategy_schema(game: GameDef) -> dict[str, Any]:
    """The JSON Schema a strategy for `game` must validate against."""
    names = list(game.cards)
    prio = {"type": "array", "items": {"$ref": "#/$defs/entry"}}
    card_opts = game.card_options_schema()
    own = {k: {**prio, "description": desc} for k, desc in game.info.priority_keys.items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"gametest strategy ({game.name})",
        "description": (
            "A declarative strategy. Priority lists are tried top to bottom; the first entry "
            "that is legal and whose condition holds is taken. Anything left unsaid falls back "
            "to per-card defaults."
        ),
        "type": "object",
        "required": ["gain"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "game": {"type": "string", "default": game.name},
            "gain": {**prio, "description": "what to buy or gain, best first"},
            "play": {**prio, "description": game.info.play_description},
            **own,
            "endgame_safety": {
                "type": "boolean",
                "default": True,
                "description": "never take a gain that ends the game with this player losing",
            },
            "cards": {
                "type": "object",
                "description": "per-card options for cards that ask something unusual",
                "additionalProperties": False,
                "properties": card_opts,
            },
        },
        "$defs": {"entry": entry_schema(names), "priority": prio},
    }
