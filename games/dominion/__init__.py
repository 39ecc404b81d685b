"""Dominion, base set (second edition plus the six first-edition cards), as a gametest plug-in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gametest.engine.contract import GameDef, GameInfo, Policy
from gametest.engine.registry import register_game
from gametest.games.dominion.card import DominionCard
from gametest.games.dominion.cards import CARDS, KINGDOM_NAMES
from gametest.games.dominion.kingdoms import PRESETS, card_name, parse_kingdom, supply_sizes
from gametest.games.dominion.state import DominionState
from gametest.strategy.builtin import BOTS_DIR
from gametest.strategy.expr import VIEW_NAMES

if TYPE_CHECKING:
    from gametest.strategy.model import Strategy

_V = VIEW_NAMES
# Condition names, in the order the language guide lists them.
CONDITIONS: dict[str, tuple[str, str]] = {
    "coins": ("v.coins", "coins available now (on your turn)"),
    "buys": ("v.buys", "Buys left this turn"),
    "actions": ("v.actions", "Actions left this turn"),
    "turn": _V["turn"],
    "total_money": ("v.total_money", "sum of the coin values of all Treasures you own"),
    "cards_owned": _V["cards_owned"],
    "money_density": ("(v.total_money / max(1, v.n_cards))", "total_money / cards_owned"),
    "score": _V["score"],
    "best_opponent_score": _V["best_opponent_score"],
    "score_lead": _V["score_lead"],
    "players": _V["players"],
    "hand_size": _V["hand_size"],
    "provinces_left": ("v.provinces_left", "cards left in the Province pile"),
    "piles_empty": ("v.piles_empty", "number of empty Supply piles"),
}

INFO = GameInfo(
    name="dominion",
    version=1,
    min_players=2,
    max_players=6,
    default_kingdom="first-game",  # the rulebook's kingdom for a first game
    default_bot="big-money",  # a sensible fallback player for this game
    reference_opponents=("big-money", "bmu"),  # what experiments measure advice against
    # The "no advice" control's strategy in compiled mode.
    default_strategy={"name": "default-money", "gain": ["Province", "Gold", "Silver"]},
    decision_kinds=(
        "action",
        "buy",
        "choose",
        "discard",
        "gain",
        "order",
        "play",
        "reveal",
        "set_aside",
        "throne",
        "topdeck",
        "trash",
    ),
    removal_list="trash",
    priority_keys={
        "trash": "what to trash first when asked",
        "discard": "what to discard first when asked",
        "topdeck": "what to put on top of the deck first",
    },
    conditions=CONDITIONS,
    bots_dir=BOTS_DIR / "dominion",
    basic_cards=tuple(n for n, c in CARDS.items() if c.edition == "basic"),
    card_types=("Treasure", "Action", "Victory", "Curse", "Attack", "Reaction"),
    victory_card="Province",
    must_gain=("Province",),  # compiled strategies without it lost every reference-run game
    # Plausible-sounding strategies that lose to big-money (the "wrong" control's source).
    wrong_strategies=(
        {
            "name": "early-greening",
            "gain": ["Province", "Duchy", {"card": "Estate", "if": "coins <= 4"}, "Silver"],
        },
        {"name": "action-hoarding", "gain": ["Province", {"card": "Silver", "if": "coins <= 3"}]},
    ),
    play_description="which Action to play first",
    strategy_guide='- "play": which Action card to play first. "trash", "discard", "topdeck": '
    "what to trash, discard or put on the deck first when a card asks.",
    example_strategy={
        "gain": [
            {"card": "Province", "if": "total_money > 18"},
            {"card": "Duchy", "if": "provinces_left <= 4"},
            {"card": "Estate", "if": "provinces_left <= 2"},
            "Gold",
            {"card": "Smithy", "if": "count(Smithy) < count(Treasure) / 11", "limit": 2},
            "Silver",
        ],
        "play": ["Smithy"],
    },
    card_options_example='{"Chapel": {"max": 3}}',
)


class Dominion(GameDef):
    """The Dominion game definition: cards, kingdoms, 2-6 players."""

    info = INFO
    cards: dict[str, DominionCard] = CARDS
    presets = PRESETS
    kingdom_cards = KINGDOM_NAMES

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

    def card_options_schema(self) -> dict[str, Any]:
        from gametest.games.dominion.policy import card_options_schema

        return card_options_schema()

    def policy(self, strategy: Strategy) -> Policy:
        """The decision policy that runs a strategy in this game."""
        from gametest.games.dominion.policy import DominionPolicy

        return DominionPolicy(strategy)

    def format_log(self, events: Sequence[tuple[Any, ...]], names: list[str]) -> list[str]:
        from gametest.games.dominion.log import format_events

        return format_events(events, names)

    def card_traits(self, name: str) -> frozenset[str]:
        """Shared trait words from the card's printed +Actions, +Cards, +$ and types."""
        c = self.cards.get(name)
        if c is None:
            return frozenset()
        out = set(super().card_traits(name))
        if c.is_attack:
            out.add("attack")
        if c.plus_actions:
            out.add("village")
        if c.plus_cards:
            out.add("draw")
        if c.plus_coins:
            out.add("money")
        if c.is_action and not c.plus_actions:
            out.add("terminal")
        return frozenset(out)

    def describe_card(self, name: str) -> str:
        c = CARDS[name]
        return f"{c.name} (${c.cost}, {c.type_line}): {c.text}"


GAME = register_game(Dominion())
