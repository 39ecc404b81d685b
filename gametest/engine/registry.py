"""Games are versioned plug-ins: each registers a GameDef under its name."""

from __future__ import annotations

import importlib
from collections.abc import Generator
from typing import Any, Protocol

from gametest.engine.cards import Card
from gametest.engine.decision import Decision
from gametest.engine.errors import unknown

Run = Generator[Decision, tuple[int, ...], None]


class GameState(Protocol):
    """One game in progress: the rules run as a generator that yields decisions."""

    events: list[tuple[Any, ...]] | None

    def run(self) -> Run:
        """Play the whole game, yielding each pending decision and receiving its choice."""

    def view(self, seat: int) -> Any:
        """What the player in `seat` may see."""

    def result(self) -> dict[str, Any]:
        """Scores, winners, turns per seat and how the game ended."""

    def fingerprint(self) -> str:
        """A hash of the full final state, to check that a replay reproduced it."""

    def card_counts(self) -> dict[str, int]:
        """Count of every card in every zone, Supply and trash: constant through a game."""


class GameDef(Protocol):
    """A game plug-in: its cards, kingdoms, player counts, and a state factory."""

    name: str
    version: int
    min_players: int
    max_players: int
    cards: dict[str, Card]
    # the card whose pile is the game's main clock (Dominion's Province), if one exists
    victory_card: str | None

    def parse_kingdom(self, spec: str) -> list[str]:
        """A kingdom (list of card names) from a preset name, card list, or random:SEED."""

    def new_game(
        self, kingdom: list[str], n_players: int, seed: int, first: int, log: bool
    ) -> GameState:
        """A fresh game, ready to run."""

    def describe_card(self, name: str) -> str:
        """The card's rules text as players and prompts see it."""


_GAMES: dict[str, GameDef] = {}
_BUILTIN = {"dominion": "games.dominion", "embermarch": "games.embermarch"}


def register_game(game: GameDef) -> GameDef:
    """Make a game available by name (called by the game's package on import)."""
    _GAMES[game.name] = game
    return game


def get_game(name: str = "dominion") -> GameDef:
    """The game registered under `name` ('dominion' or 'dominion@1'), importing it if needed."""
    base, _, version = name.partition("@")
    if base not in _GAMES and base in _BUILTIN:
        importlib.import_module(_BUILTIN[base])
    if base not in _GAMES:
        raise unknown("game", base, sorted(set(_GAMES) | set(_BUILTIN)))
    game = _GAMES[base]
    if version and version != str(game.version):
        from gametest.engine.errors import UsageError

        raise UsageError(f"game '{base}' is at version {game.version}, not {version}")
    return game


def list_games() -> list[GameDef]:
    """Every installed game."""
    for base in _BUILTIN:
        get_game(base)
    return sorted(_GAMES.values(), key=lambda g: g.name)
