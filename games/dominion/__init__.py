"""Dominion, base set (second edition plus the six first-edition cards), as a gametest plug-in."""

from __future__ import annotations

from games.dominion.cards import CARDS, KINGDOM_NAMES
from games.dominion.kingdoms import PRESETS, card_name, parse_kingdom, supply_sizes
from games.dominion.state import DominionState
from gametest.engine.cards import Card
from gametest.engine.gamedef import GameDefBase
from gametest.engine.registry import register_game


class Dominion(GameDefBase):
    """The Dominion game definition: cards, kingdoms, 2-6 players."""

    name = "dominion"
    version = 1
    min_players = 2
    max_players = 6
    cards: dict[str, Card] = CARDS
    presets = PRESETS
    kingdom_cards = KINGDOM_NAMES
    default_kingdom = "first-game"  # the rulebook's kingdom for a first game
    victory_card: str | None = "Province"
    default_bot = "big-money"  # a sensible fallback player for this game
    reference_opponents = ("big-money", "bmu")  # what experiments measure advice against
    # The "no advice" control's strategy in compiled mode.
    default_strategy = {"name": "default-money", "gain": ["Province", "Gold", "Silver"]}
    # Plausible-sounding strategies that lose to big-money (the "wrong" control's source).
    wrong_strategies = (
        {
            "name": "early-greening",
            "gain": ["Province", "Duchy", {"card": "Estate", "if": "coins <= 4"}, "Silver"],
        },
        {"name": "action-hoarding", "gain": ["Province", {"card": "Silver", "if": "coins <= 3"}]},
    )
    # Dominion's own metrics for strategy conditions (added to the shared vocabulary).
    strategy_names: dict[str, tuple[str, str]] = {
        "provinces_left": ("v.provinces_left", "cards left in the Province pile"),
        "piles_empty": ("v.piles_empty", "number of empty Supply piles"),
    }

    def parse_kingdom(self, spec: str) -> list[str]:
        return parse_kingdom(spec)

    def card_name(self, name: str) -> str:
        return card_name(name)

    def new_game(
        self, kingdom: list[str], n_players: int, seed: int, first: int = 0, log: bool = False
    ) -> DominionState:
        self.check_players(n_players)
        return DominionState(
            CARDS, list(kingdom), supply_sizes(kingdom, n_players), n_players, seed, first, log
        )

    def card_options_schema(self) -> dict[str, object]:
        from games.dominion.policy import card_options_schema

        return card_options_schema()

    def policy(self, strategy: object) -> object:
        """The decision policy that runs a strategy in this game."""
        from games.dominion.policy import DominionPolicy

        return DominionPolicy(strategy)  # type: ignore[arg-type]

    def format_log(self, events: list[tuple[object, ...]], names: list[str]) -> list[str]:
        from games.dominion.log import format_events

        return format_events(events, names)

    def describe_card(self, name: str) -> str:
        c = CARDS[name]
        return f"{c.name} (${c.cost}, {c.type_line}): {c.text}"


GAME = register_game(Dominion())
