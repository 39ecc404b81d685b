"""Deciders that sit at a seat: strategy bots, random, and (registered by prefix) others."""

from gametest.players.registry import make_player, player_kinds, register_player

__all__ = ["make_player", "player_kinds", "register_player"]
