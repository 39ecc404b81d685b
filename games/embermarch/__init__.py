"""Embermarch: an original market-row deckbuilder with factions, Burn, Cull and a health track."""

from __future__ import annotations

from pathlib import Path

from games.embermarch.cards import CARDS, FACTION_KEYS, MARKET_NAMES, EmberCard
from games.embermarch.kingdoms import PRESETS, basic_piles, card_name, check_kingdom, parse_kingdom
from games.embermarch.state import EmberState
from gametest.engine.cards import Card
from gametest.engine.gamedef import GameDefBase
from gametest.engine.registry import register_game

_METRICS: dict[str, tuple[str, str]] = {
    "health": ("v.health", "your health (you are out at 0)"),
    "max_health": ("v.max_health", "starting (and highest) health"),
    "ward": ("v.ward", "your Ward: damage it absorbs before your next turn"),
    "might": ("v.might", "Might gathered so far this turn"),
    "opponent_health": ("v.opponent_health", "the lowest health among your opponents"),
    "opponent_ward": ("v.opponent_ward", "the Ward of the opponent with the lowest health"),
    "laurels_left": ("v.laurels_left", "Laurels left in their pile (0 ends the game)"),
    "market_left": ("v.market_left", "cards left in the face-down market deck"),
    "round": ("v.round", "the current round, 1-based"),
    "rounds_left": ("v.rounds_left", "rounds left before the round limit ends the game"),
    "total_might": ("v.total_might", "sum of the printed Might of all cards you own"),
}
for _full, _key in FACTION_KEYS.items():
    _METRICS[f"{_key}_count"] = (
        f"v.faction_count({_key!r})",
        f"how many {_full} cards you own",
    )
    _METRICS[f"{_key}_played"] = (
        f"v.played_count({_key!r})",
        f"how many {_full} cards you have played this turn",
    )


class Embermarch(GameDefBase):
    """The Embermarch game definition: 50 cards, a market row, 2-4 players."""

    name = "embermarch"
    version = 1
    min_players = 2
    max_players = 4
    cards: dict[str, Card] = dict(CARDS)
    presets = PRESETS
    kingdom_cards = MARKET_NAMES
    strategy_names: dict[str, tuple[str, str]] = _METRICS
    default_kingdom = "standard"
    default_bot = "most-expensive"
    reference_opponents = ("most-expensive", "ashguard-rush")
    default_strategy = {
        "name": "default-most-expensive",
        "gain": [],
        "cards": {"Market": {"fallback": "most_expensive"}},
    }
    # Plausible-sounding strategies that lose to most-expensive (the "wrong" control's source).
    wrong_strategies = (
        {"name": "laurels-only", "gain": ["Laurel"], "cards": {"Market": {"fallback": "none"}}},
    )  # a sensible fallback player for this game
    rules_path = Path(__file__).with_name("RULES.md")

    def parse_kingdom(self, spec: str) -> list[str]:
        return parse_kingdom(spec)

    def card_name(self, name: str) -> str:
        return card_name(name)

    def new_game(
        self, kingdom: list[str], n_players: int, seed: int, first: int = 0, log: bool = False
    ) -> EmberState:
        self.check_players(n_players)
        check_kingdom(list(kingdom))
        return EmberState(list(kingdom), basic_piles(n_players), n_players, seed, first, log)

    def card_options_schema(self) -> dict[str, object]:
        from games.embermarch.policy import card_options_schema

        return card_options_schema()

    def policy(self, strategy: object) -> object:
        """The decision policy that runs a strategy in this game."""
        from games.embermarch.policy import EmberPolicy

        return EmberPolicy(strategy)  # type: ignore[arg-type]

    def format_log(self, events: list[tuple[object, ...]], names: list[str]) -> list[str]:
        from games.embermarch.log import format_events

        return format_events(events, names)

    def describe_card(self, name: str) -> str:
        c: EmberCard = CARDS[name]
        if c.kind == "starter":
            where = "starting card, not for sale"
        elif c.kind == "basic":
            where = f"cost {c.cost}, basic, always available"
        else:
            where = f"cost {c.cost}, {c.faction}, {c.copies}x in the market deck"
        return f"{c.name} ({where}): {c.text}"


GAME = register_game(Embermarch())
