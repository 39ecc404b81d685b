"""Embermarch: an original market-row deckbuilder with factions, Burn, Cull and a health track."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gametest.engine.contract import GameDef, GameInfo, Policy
from gametest.engine.registry import register_game
from gametest.games.embermarch.cards import (
    BASIC_NAMES,
    CARDS,
    FACTION_KEYS,
    FACTIONS,
    MARKET_NAMES,
    STARTERS,
    EmberCard,
)
from gametest.games.embermarch.kingdoms import (
    PRESETS,
    basic_piles,
    card_name,
    check_kingdom,
    parse_kingdom,
)
from gametest.games.embermarch.state import EmberState
from gametest.strategy.builtin import BOTS_DIR
from gametest.strategy.expr import VIEW_NAMES

if TYPE_CHECKING:
    from gametest.strategy.model import Strategy

_V = VIEW_NAMES
# Condition names, in the order the language guide lists them.
CONDITIONS: dict[str, tuple[str, str]] = {
    "coins": ("v.coins", "Coin available now (on your turn)"),
    "turn": _V["turn"],
    "total_money": ("v.total_money", "sum of the printed Coin of all cards you own"),
    "cards_owned": _V["cards_owned"],
    "money_density": ("(v.total_money / max(1, v.n_cards))", "total_money / cards_owned"),
    "score": _V["score"],
    "best_opponent_score": _V["best_opponent_score"],
    "score_lead": _V["score_lead"],
    "players": _V["players"],
    "hand_size": _V["hand_size"],
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
    CONDITIONS[f"{_key}_count"] = (
        f"v.faction_count({_key!r})",
        f"how many {_full} cards you own",
    )
    CONDITIONS[f"{_key}_played"] = (
        f"v.played_count({_key!r})",
        f"how many {_full} cards you have played this turn",
    )


INFO = GameInfo(
    name="embermarch",
    version=1,
    min_players=2,
    max_players=4,
    default_kingdom="standard",
    default_bot="most-expensive",  # a sensible fallback player for this game
    reference_opponents=("most-expensive", "ashguard-rush"),
    default_strategy={
        "name": "default-most-expensive",
        "gain": [],
        "cards": {"Market": {"fallback": "most_expensive"}},
    },
    decision_kinds=("burn", "buy", "cull", "play", "sweep", "target"),
    removal_list="cull",
    priority_keys={
        "burn": "which cards to Burn for their bonus when offered (before the per-card option)",
        "cull": "what to Cull first (a list given replaces the default of culling starters)",
        "sweep": "which market-row cards to Sweep away first",
    },
    conditions=CONDITIONS,
    bots_dir=BOTS_DIR / "embermarch",
    basic_cards=tuple(c.name for c in STARTERS) + tuple(BASIC_NAMES),
    card_types=(*FACTIONS, "Starter", "Basic"),
    victory_card="Laurel",
    # Plausible-sounding strategies that lose to most-expensive (the "wrong" control's source).
    wrong_strategies=(
        {"name": "laurels-only", "gain": ["Laurel"], "cards": {"Market": {"fallback": "none"}}},
    ),
    card_options_example='{"Market": {"fallback": "none"}}',
    rules_path=Path(__file__).with_name("RULES.md"),
)


class Embermarch(GameDef):
    """The Embermarch game definition: 50 cards, a market row, 2-4 players."""

    info = INFO
    cards: dict[str, EmberCard] = dict(CARDS)
    presets = PRESETS
    kingdom_cards = MARKET_NAMES

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

    def card_options_schema(self) -> dict[str, Any]:
        from gametest.games.embermarch.policy import card_options_schema

        return card_options_schema()

    def policy(self, strategy: Strategy) -> Policy:
        """The decision policy that runs a strategy in this game."""
        from gametest.games.embermarch.policy import EmberPolicy

        return EmberPolicy(strategy)

    def format_log(self, events: Sequence[tuple[Any, ...]], names: list[str]) -> list[str]:
        from gametest.games.embermarch.log import format_events

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
