"""The policy answers every decision kind; bots load; game-specific strategy names compile."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.decision import Decision, validate_choice
from gametest.engine.loop import play_game
from gametest.games.embermarch import GAME
from gametest.games.embermarch.kingdoms import parse_kingdom
from gametest.games.embermarch.state import EmberState
from gametest.players import make_player
from gametest.strategy.builtin import builtin_names
from gametest.strategy.model import StrategyError, parse_strategy
from tests.games.embermarch.helpers import new_state, set_zones, start_turn

EMPTY = parse_strategy({"gain": []}, GAME)


def _decide(strategy_doc: dict[str, object], g: EmberState, d: Decision) -> tuple[int, ...]:
    policy = GAME.policy(parse_strategy(strategy_doc, GAME))
    return validate_choice(d, policy.decide(g.view(d.seat), d))


def test_builtin_bots_load_and_cover_the_required_kinds() -> None:
    names = builtin_names("embermarch")
    assert {"most-expensive", "ashguard-rush"} <= set(names)
    kingdom = parse_kingdom("standard")
    for n in names:
        make_player(n, GAME, kingdom)


def test_empty_strategy_buys_the_most_expensive_card() -> None:
    g = new_state()
    start_turn(g)
    d = Decision(0, "buy", ("Scrip", "Trade Writ", "Laurel", "Harbor Urchin"), 0, 1)
    d.options = ("Harbor Urchin", "Trade Writ", "Laurel")
    assert _decide({"gain": []}, g, d) == (2,)
    assert _decide({"gain": [], "cards": {"Market": {"fallback": "none"}}}, g, d) == ()
    assert _decide({"gain": ["Trade Writ"]}, g, d) == (1,)
    assert _decide({"gain": [], "cards": {"market": {"min_cost": 7}}}, g, d) == ()


def test_play_order_holds_back_resonance() -> None:
    g = new_state()
    start_turn(g)
    set_zones(g, 0, hand=["Cinder Scout", "Pikewall"])
    d = Decision(0, "play", ("Cinder Scout", "Pikewall"), 1, 1)
    assert _decide({"gain": []}, g, d) == (1,)
    assert _decide({"gain": [], "play": ["Cinder Scout"]}, g, d) == (0,)


def test_burn_defaults_and_options() -> None:
    g = new_state()
    start_turn(g)
    d = Decision(0, "burn", ("Pale Embalmer",), 0, 1, "Pale Embalmer")
    assert _decide({"gain": []}, g, d) == ()  # early game: keep it
    assert _decide({"gain": [], "cards": {"Pale Embalmer": {"burn": "always"}}}, g, d) == (0,)
    assert _decide({"gain": [], "burn": [{"card": "Pale Embalmer", "if": "round >= 1"}]}, g, d)
    g.piles["Laurel"] = 1
    assert _decide({"gain": []}, g, d) == (0,)  # late game: cash in the Renown
    g = new_state()
    start_turn(g)
    g.might = 3
    g.seats[1].health = 6
    d = Decision(0, "burn", ("Ash Recruit",), 0, 1, "Ash Recruit")
    assert _decide({"gain": []}, g, d) == (0,)  # burning makes the strike lethal


def test_cull_defaults_take_starting_cards_but_keep_some_coin() -> None:
    g = new_state()
    start_turn(g)
    d = Decision(0, "cull", ("Scrip", "Laurel", "Cudgel", "Scrip (in hand)"), 0, 2)
    assert _decide({"gain": []}, g, d) == (2, 0)
    g.seats[0].total_coin = 5
    assert _decide({"gain": []}, g, d) == (2,)
    assert _decide({"gain": [], "cull": ["Scrip"]}, g, d) == (0, 3)


def test_sweep_and_target_defaults() -> None:
    g = new_state(players=3)
    start_turn(g)
    d = Decision(0, "sweep", ("Pyre Marshal", "Harbor Urchin"), 0, 1)
    assert _decide({"gain": []}, g, d) == (1,)
    assert _decide({"gain": [], "sweep": ["Pyre Marshal"]}, g, d) == (0,)
    g.seats[2].health = 10
    d = Decision(0, "target", ("Player 2", "Player 3"), 1, 1)
    assert _decide({"gain": []}, g, d) == (1,)


def test_game_specific_condition_names_compile() -> None:
    doc = {
        "gain": [
            {
                "card": "Laurel",
                "if": "health >= opponent_health and laurels_left <= 8 and ash_count >= 0 "
                "and tide_played == 0 and round >= 1 and rounds_left > 0 and market_left > 0 "
                "and ward == 0 and might == 0 and max_health == 50 and opponent_ward == 0 "
                "and total_might >= 0",
            }
        ]
    }
    s = parse_strategy(doc, GAME)
    g = new_state()
    assert s.gain[0].applies(g.view(0))


def test_empty_strategy_plays_whole_games_at_every_player_count() -> None:
    kingdom = parse_kingdom("full")
    for n in (2, 3, 4):
        players = [make_player("most-expensive", GAME, kingdom) for _ in range(n)]
        res = play_game(GAME, kingdom, players, 4, 0)
        assert res.ended_by != "unfinished" and res.winners


def test_cli_commands() -> None:
    r = CliRunner()
    out = r.invoke(main, ["games"])
    assert "embermarch@1" in out.output
    out = r.invoke(main, ["cards", "--game", "embermarch"])
    assert out.exit_code == 0 and "Pyre Marshal (cost 7, Ashguard" in out.output
    out = r.invoke(
        main,
        [
            "simulate",
            "--game",
            "embermarch",
            "-k",
            "random:1",
            "-p",
            "random",
            "-p",
            "random",
            "-n",
            "20",
        ],
    )
    assert out.exit_code == 0, out.output
    out = r.invoke(
        main,
        [
            "play",
            "--game",
            "embermarch",
            "-p",
            "most-expensive",
            "-p",
            "ashguard-rush",
            "--seed",
            "1",
        ],
    )
    assert out.exit_code == 0 and "Game over" in out.output and "strikes" in out.output
    out = r.invoke(main, ["bots", "--game", "embermarch"])
    assert "ashguard-rush" in out.output


def test_status_lines_and_supply_names_for_the_llm_pipeline() -> None:
    from gametest.prompts.supply import supply_names

    g = new_state(players=3)
    text = "\n".join(g.view(0).status_lines())
    assert "health 50/50" in text and "P3: health 50" in text and "Market row:" in text
    names = supply_names(GAME, parse_kingdom("standard"))
    assert {"Scrip", "Cudgel", "Laurel", "Pyre Marshal"} <= set(names)
    assert "Lantern Queen" not in names
    parse_strategy({"gain": ["Laurel"], "cull": ["Cudgel"]}, GAME).check_kingdom(names)
    for n in GAME.cards:
        assert GAME.describe_card(n).startswith(n + " (")


def test_embermarch_strategies_use_its_own_list_names() -> None:
    for key in ("burn", "cull", "sweep"):
        assert key in GAME.info.priority_keys
    for old in ("trash", "discard", "topdeck"):
        lists = "embermarch's priority lists: gain, play, burn, cull, sweep"
        with pytest.raises(StrategyError, match=f"'{old}' was unexpected.*{lists}"):
            parse_strategy({"gain": [], old: ["Scrip"]}, GAME)
    for dominion_only in ("actions", "buys", "provinces_left"):
        with pytest.raises(StrategyError, match=f"unknown name '{dominion_only}'"):
            parse_strategy({"gain": [{"card": "Laurel", "if": f"{dominion_only} > 0"}]}, GAME)
    # count(TYPE) takes the game's own card types (its factions), not Dominion's.
    s = parse_strategy({"gain": [{"card": "Laurel", "if": "count(Gravewrights) < 3"}]}, GAME)
    assert s.gain[0].expr == "count(Gravewrights) < 3"
    with pytest.raises(StrategyError, match="Treasure"):
        parse_strategy({"gain": [{"card": "Laurel", "if": "count(Treasure) > 3"}]}, GAME)


def test_the_play_order_tables_give_play_rank_for_every_card() -> None:
    from gametest.games.embermarch.cards import CARDS
    from gametest.games.embermarch.policy import _FIXED_PLAY_RANK, _RESONANCE_RANKS, EmberPolicy

    class _Played:
        def __init__(self, n: int) -> None:
            self.n = n

        def played_count(self, faction: str) -> int:
            return self.n

    assert set(_FIXED_PLAY_RANK) | set(_RESONANCE_RANKS) == set(CARDS)
    for n in range(6):
        for name, (_faction, resonance, ready, waiting) in _RESONANCE_RANKS.items():
            got = ready if n + 1 >= resonance else waiting
            assert got == EmberPolicy._play_rank(_Played(n), name), (name, n)
