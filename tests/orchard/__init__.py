"""Orchard: a toy third game, complete in its own package (see docs/adding-a-game.md)."""

from __future__ import annotations

import random
from pathlib import Path

from gametest.engine.contract import GameDef, GameInfo, Policy
from gametest.engine.errors import UsageError, unknown
from gametest.engine.registry import register_game
from gametest.strategy.expr import VIEW_NAMES
from gametest.strategy.model import Strategy
from tests.orchard.policy import OrchardPolicy
from tests.orchard.state import BASICS, CARDS, CROPS, OrchardState

PRESETS = {"first-orchard": ["Plum", "Hive"], "rich": ["Hive", "Apple"]}

INFO = GameInfo(
    name="orchard",
    version=1,
    min_players=2,
    max_players=4,
    default_kingdom="first-orchard",
    default_bot="tree-planter",
    reference_opponents=("tree-planter", "seed-saver"),
    default_strategy={"name": "trees-and-pears", "gain": ["Tree", "Pear"]},
    decision_kinds=("prune", "buy"),
    priority_keys={"prune": "what to prune (remove from the game) first"},
    conditions={
        **VIEW_NAMES,
        "coins": ("v.coins", "coins in your hand (on your turn)"),
        "total_money": ("v.total_money", "coins of all the cards you own"),
        "trees_left": ("v.trees_left", "Trees left in the Supply (0 ends the game)"),
    },
    bots_dir=Path(__file__).parent / "bots",
    basic_cards=BASICS,
    card_types=("Crop", "Basic", "Starter"),
    victory_card="Tree",
)


class Orchard(GameDef):
    """The Orchard game definition."""

    info = INFO
    cards = CARDS

    def parse_kingdom(self, spec: str) -> list[str]:
        if spec in PRESETS:
            return PRESETS[spec]
        if spec.startswith("random:") and spec[7:].isdigit():
            return sorted(random.Random(int(spec[7:])).sample(CROPS, 2))
        names = [self.card_name(p.strip()) for p in spec.split(",")]
        if len(names) != 2 or len(set(names)) != 2 or not set(names) <= set(CROPS):
            raise UsageError(f"kingdom: name two different crops of {', '.join(CROPS)}")
        return names

    def card_name(self, name: str) -> str:
        for real in CARDS:
            if real.lower() == name.strip().lower():
                return real
        raise unknown("card", name, list(CARDS))

    def new_game(
        self, kingdom: list[str], n_players: int, seed: int, first: int = 0, log: bool = False
    ) -> OrchardState:
        self.check_players(n_players)
        return OrchardState(list(kingdom), n_players, seed, first, log)

    def describe_card(self, name: str) -> str:
        c = CARDS[name]
        return f"{c.name} (cost {c.cost}): {c.text}"

    def policy(self, strategy: Strategy) -> Policy:
        return OrchardPolicy(strategy)


GAME = register_game(Orchard())
