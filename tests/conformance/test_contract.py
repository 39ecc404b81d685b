"""Every registered game keeps its declared contract: GameInfo agrees with what the game does.

Runs over Dominion, Embermarch and Orchard (tests/orchard, a toy game registered by this suite's
conftest), so a new game only has to pass this file to be usable by every command.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from gametest.engine.contract import GameDef
from gametest.engine.decision import Decision, validate_choice
from gametest.engine.registry import get_game, list_games
from gametest.players import make_player
from gametest.strategy.builtin import builtin_names, load_builtin
from gametest.strategy.expr import FUNCS, compile_condition
from gametest.strategy.model import parse_strategy
from gametest.strategy.schema import strategy_schema

GAMES = [g.name for g in list_games()]


def test_the_toy_game_is_registered() -> None:
    assert {"dominion", "embermarch", "orchard"} <= set(GAMES)


def _decisions(
    game: GameDef, kingdom: list[str], n: int, seed: int
) -> Iterator[tuple[Decision, object]]:
    """Every decision of one game played with random legal answers, with the asked seat's view."""
    state = game.new_game(kingdom, n, seed, seed % n, False)
    rng = random.Random(seed)
    gen = state.run()
    try:
        d = next(gen)
        while True:
            yield d, state.view(d.seat)
            k = rng.randint(d.min, d.max)
            d = gen.send(tuple(sorted(rng.sample(range(len(d.options)), k))))
    except StopIteration:
        return


@pytest.mark.parametrize("name", GAMES)
def test_info_basics(name: str) -> None:
    game = get_game(name)
    info = game.info
    assert info.name == name == game.name and get_game(f"{name}@{info.version}") is game
    assert 1 <= info.min_players <= info.max_players
    assert info.decision_kinds and len(set(info.decision_kinds)) == len(info.decision_kinds)
    assert not {"gain", "play"} & set(info.priority_keys), "gain and play are every game's lists"
    assert set(info.basic_cards) <= set(game.cards)
    assert info.victory_card is None or info.victory_card in game.cards
    for t in info.card_types:
        assert any(t in c.types for c in game.cards.values()), f"no card has type {t}"
    assert info.rules_path is None or info.rules_path.is_file()
    for card in game.cards:
        assert game.card_name(card.lower()) == card
        assert card in game.describe_card(card)


@pytest.mark.parametrize("name", GAMES)
def test_defaults_resolve(name: str) -> None:
    game = get_game(name)
    info = game.info
    kingdom = game.parse_kingdom(info.default_kingdom)
    assert kingdom and set(kingdom) <= set(game.cards)
    assert info.default_bot in builtin_names(game)
    for spec in (info.default_bot, *info.reference_opponents):
        make_player(spec, game, kingdom)  # raises if the bot doesn't fit the default kingdom
    parse_strategy(dict(info.default_strategy), game).check_kingdom([*info.basic_cards, *kingdom])
    for doc in info.wrong_strategies:
        parse_strategy(dict(doc), game)
    for bot in builtin_names(game):
        load_builtin(bot, game)


@pytest.mark.parametrize("name", GAMES)
def test_strategy_vocabulary(name: str) -> None:
    game = get_game(name)
    info = game.info
    props = strategy_schema(game)["properties"]
    assert set(info.priority_lists()) <= set(props)
    s = parse_strategy({"gain": []}, game)
    assert set(s.lists) == set(info.priority_keys)
    for cond in info.conditions:
        parse_strategy({"gain": [{"card": info.basic_cards[0], "if": f"{cond} >= 0"}]}, game)


@pytest.mark.parametrize("name", GAMES)
def test_declared_kinds_and_conditions_match_real_games(name: str) -> None:
    """Decisions yielded are declared; every condition evaluates on real views; the empty
    strategy's policy answers every decision legally."""
    game = get_game(name)
    info = game.info
    conds = [
        compile_condition(c, game.card_name, info.conditions, info.card_types)[0]
        for c in [*info.conditions, *(f"{f}({info.basic_cards[0]})" for f in FUNCS)]
    ]
    policy = game.policy(parse_strategy({"gain": []}, game))
    seen: set[str] = set()
    for seed in range(12):
        n = info.min_players + seed % (info.max_players - info.min_players + 1)
        kingdom = game.parse_kingdom(f"random:{seed}")
        for i, (d, view) in enumerate(_decisions(game, kingdom, n, seed)):
            seen.add(d.kind)
            validate_choice(d, policy.decide(view, d))
            if i % 25 == 0:
                for fn in conds:
                    assert isinstance(fn(view), int | float | bool)
    undeclared = seen - set(info.decision_kinds)
    assert not undeclared, f"{name} yields undeclared decision kinds {sorted(undeclared)}"


def test_the_toy_game_plays_through_the_command_line() -> None:
    from click.testing import CliRunner

    from gametest.cli import main

    r = CliRunner().invoke(
        main,
        ["simulate", "--game", "orchard", "-p", "tree-planter", "-p", "seed-saver", "-n", "20"],
    )
    assert r.exit_code == 0, r.output
    assert "tree-planter" in r.output and "seed-saver" in r.output
