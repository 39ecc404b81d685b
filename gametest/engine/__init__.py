"""Game-agnostic deckbuilder core: cards, zones, seeded RNG, decisions, the game loop, records."""

from gametest.engine.cards import Card
from gametest.engine.contract import GameInfo, GameState, Policy
from gametest.engine.decision import Decision, IllegalChoiceError, validate_choice
from gametest.engine.errors import GametestError, UsageError
from gametest.engine.loop import GameResult, play_game
from gametest.engine.player import Player
from gametest.engine.record import GameRecord, replay
from gametest.engine.registry import GameDef, get_game, list_games, register_game
from gametest.engine.rng import derive_seed

__all__ = [
    "Card",
    "Decision",
    "GameDef",
    "GameInfo",
    "GameRecord",
    "GameResult",
    "GameState",
    "GametestError",
    "IllegalChoiceError",
    "Player",
    "Policy",
    "UsageError",
    "derive_seed",
    "get_game",
    "list_games",
    "play_game",
    "register_game",
    "replay",
    "validate_choice",
]
