"""Game-level rules: set-up, market refill, strikes and Ward, the end conditions, tie-breaks."""

from __future__ import annotations

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.loop import play_game
from gametest.engine.record import replay
from gametest.games.embermarch import GAME
from gametest.games.embermarch.kingdoms import PRESETS, basic_piles, parse_kingdom
from gametest.games.embermarch.state import (
    GLORY,
    KO_BONUS,
    ROUND_LIMIT,
    ROW_SIZE,
    START_HEALTH,
    EmberState,
)
from gametest.players import make_player
from gametest.players.random_player import RandomPlayer
from tests.games.embermarch.helpers import names, new_state, set_zones, start_turn


def _finish_turn(g: EmberState, seat: int, buy: str | None = None) -> None:
    """Run one whole turn, playing cards in offered order and buying `buy` once if offered."""
    gen = g.take_turn(seat)
    done = False
    try:
        d = next(gen)
        while True:
            if d.kind == "buy":
                if buy in d.options and not done:
                    done = True
                    d = gen.send((d.options.index(buy),))
                else:
                    d = gen.send(())
            else:
                d = gen.send(tuple(range(d.min)))
    except StopIteration:
        pass


@pytest.mark.parametrize("n", [2, 3, 4])
def test_setup(n: int) -> None:
    g = GAME.new_game(parse_kingdom("standard"), n, 1, 1, False)
    assert len(g.row) == ROW_SIZE
    assert len(g.market_deck) == 4 * 17 - ROW_SIZE
    assert g.piles == {"Trade Writ": 10, "Sellsword": 10, "Laurel": 8 + 2 * (n - 2)}
    for i, s in enumerate(g.seats):
        assert s.owned == {"Scrip": 7, "Cudgel": 3}
        assert s.health == START_HEALTH and s.ward == 0 and g.score(i) == 0
        assert len(s.hand) == (4 if i == 1 else 5)  # the first player (seat 1) draws 4
        assert len(s.hand) + len(s.deck) == 10


def test_kingdom_specs() -> None:
    std = parse_kingdom("standard")
    assert len(std) == 36 and std == parse_kingdom("tide,ash,verdant,grave")
    assert len(parse_kingdom("full")) == 45
    r = parse_kingdom("random:5")
    assert r == parse_kingdom("random:5") and len(r) == 36
    assert {tuple(parse_kingdom(f"random:{i}")) for i in range(30)} != {tuple(r)}
    assert set(PRESETS) >= {"standard", "full"}
    for bad in ("nonsense", "random:x", "ash", "Scrip,Cudgel"):
        with pytest.raises(UsageError):
            parse_kingdom(bad)
    with pytest.raises(UsageError):
        GAME.new_game(["Laurel"], 2, 0, 0, False)
    with pytest.raises(UsageError):
        GAME.new_game(std, 5, 0, 0, False)


def test_basic_piles_grow_with_players() -> None:
    assert basic_piles(2)["Laurel"] == 8 and basic_piles(4)["Laurel"] == 12


def test_buying_from_the_row_refills_the_slot() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Drowned Bell", "Drowned Bell"])  # 8 Coin
    target = g.row[2]
    top = g.market_deck[-1]
    left = len(g.market_deck)
    _finish_turn(g, 0, buy=target.name)
    assert g.seats[0].owned.get(target.name, 0) >= 1
    assert g.row[2] is top or target.name in names(g.row)
    assert len(g.row) == ROW_SIZE and len(g.market_deck) == left - 1


def test_row_shrinks_and_game_ends_when_the_market_runs_out() -> None:
    g = new_state()
    g.market_deck.clear()
    set_zones(g, 0, hand=["Drowned Bell", "Drowned Bell"])
    _finish_turn(g, 0, buy=g.row[0].name)
    assert len(g.row) == ROW_SIZE - 1
    assert not g.game_over(0)  # seat 1 still has a turn this round
    assert g.game_over(1) and g.ended_by == "market"


def test_strike_goes_through_ward_then_health() -> None:
    g = new_state()
    start_turn(g)
    g.seats[1].ward = 3
    g.might = 5
    list(g.strike(0))
    assert g.seats[1].ward == 0 and g.seats[1].health == START_HEALTH - 2


def test_ward_resets_at_the_start_of_your_turn() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Scrip"] * 5, deck=["Scrip"] * 5)
    g.seats[0].ward = 4
    _finish_turn(g, 0)
    assert g.seats[0].ward == 0


def test_three_players_choose_a_target() -> None:
    g = new_state(players=3)
    start_turn(g)
    g.might = 4
    gen = g.strike(0)
    d = next(gen)
    assert d.kind == "target" and d.options == ("Player 2", "Player 3")
    with pytest.raises(StopIteration):
        gen.send((1,))
    assert g.seats[2].health == START_HEALTH - 4 and g.seats[1].health == START_HEALTH


def test_knockout_ends_the_game_at_the_end_of_the_round() -> None:
    g = new_state(players=3)
    start_turn(g)
    g.seats[1].health = 3
    g.might = 3
    gen = g.strike(0)
    next(gen)
    with pytest.raises(StopIteration):
        gen.send((0,))
    assert g.seats[1].health == 0 and g.seats[0].tokens == KO_BONUS
    assert not g.game_over(0) and not g.game_over(1)
    assert g.game_over(2) and g.ended_by == "knockout"
    res = g.result()
    assert 1 not in res["winners"] and res["winners"] == [0]


def test_knocked_out_players_cannot_be_struck() -> None:
    g = new_state(players=3)
    start_turn(g)
    g.seats[1].health = 0
    g.might = 2
    assert list(g.strike(0)) == []  # only one target left: no decision
    assert g.seats[2].health == START_HEALTH - 2


def test_glory_and_laurels_end_the_game_after_a_full_round() -> None:
    g = new_state()
    g.seats[0].tokens = GLORY
    assert not g.game_over(0) and g.game_over(1) and g.ended_by == "glory"
    g = new_state()
    g.piles["Laurel"] = 0
    assert g.game_over(1) and g.ended_by == "laurels"


def test_round_limit_is_the_last_resort() -> None:
    g = new_state()
    g.seats[0].turns = ROUND_LIMIT
    assert g.game_over(1) and g.ended_by == "round_limit"
    g = new_state()
    g.seats[0].turns = ROUND_LIMIT - 1
    assert not g.game_over(1)


def test_tiebreaks_renown_then_health_then_turns() -> None:
    g = new_state(players=3)
    for s in g.seats:
        s.tokens = 5
    g.seats[2].tokens = 4
    g.seats[0].health, g.seats[1].health = 20, 30
    assert g.result()["winners"] == [1]
    g.seats[0].health = 30
    g.seats[0].turns, g.seats[1].turns = 5, 6
    assert g.result()["winners"] == [0]
    g.seats[1].turns = 5
    assert g.result()["winners"] == [0, 1]


def test_everyone_out_falls_back_to_renown() -> None:
    g = new_state()
    g.seats[0].health, g.seats[1].health = -1, -3
    g.seats[1].tokens = 6
    assert g.result()["winners"] == [1]


def test_play_order_is_asked_only_when_it_can_matter() -> None:
    g = new_state()
    set_zones(g, 0, hand=["Scrip", "Cudgel", "Sellsword"], deck=["Scrip"] * 5)
    gen = g.take_turn(0)
    d = next(gen)
    assert d.kind == "buy"  # no Resonance/Cull in hand: played left to right
    g = new_state()
    set_zones(g, 0, hand=["Cinder Scout", "Brand Bearer", "Scrip"], deck=["Scrip"] * 5)
    d = next(g.take_turn(0))
    assert d.kind == "play" and set(d.options) == {"Cinder Scout", "Brand Bearer", "Scrip"}


def test_resonance_depends_on_play_order() -> None:
    def might_for(first: str) -> int:
        g = new_state()
        set_zones(g, 0, hand=["Cinder Scout", "Pikewall"], deck=["Laurel"] * 5)
        gen = g.take_turn(0)
        d = next(gen)
        assert d.kind == "play"
        d = gen.send((d.options.index(first),))
        while d.kind != "buy":
            d = gen.send(())
        return g.might

    assert might_for("Pikewall") == 1 + 2 + 2  # Cinder Scout played second resonates
    assert might_for("Cinder Scout") == 1 + 2


@pytest.mark.parametrize("n", [2, 3, 4])
def test_random_games_end_conserve_cards_and_replay(n: int) -> None:
    kingdom = parse_kingdom("random:3")
    for seed in range(5):
        g = GAME.new_game(kingdom, n, seed, seed % n, False)
        start = g.card_counts()
        res = play_game(GAME, kingdom, [RandomPlayer(f"r{i}") for i in range(n)], seed, seed % n)
        assert res.ended_by in {"knockout", "glory", "laurels", "market", "round_limit"}
        assert max(res.turns) <= ROUND_LIMIT and max(res.turns) - min(res.turns) == 0
        again = replay(res.to_dict())
        assert again.fingerprint == res.fingerprint
        assert sum(start.values()) == sum(g.card_counts().values())


def test_card_counts_are_conserved_through_a_bot_game() -> None:
    kingdom = parse_kingdom("full")
    g = GAME.new_game(kingdom, 2, 9, 0, False)
    start = g.card_counts()
    players = [make_player("gravewright-cull", GAME, kingdom), make_player("random", GAME)]
    gen = g.run()
    try:
        d = next(gen)
        while True:
            d = gen.send(tuple(players[d.seat].decide(g.view(d.seat), d)))
            assert g.card_counts() == start
    except StopIteration:
        pass
    assert g.ended_by


def test_view_hides_other_hands_and_deck_order() -> None:
    g = new_state()
    v = g.view(0)
    assert v.hand == names(g.seats[0].hand)
    public = {k for k in dir(v) if not k.startswith("_")}
    assert "opponent_hand" not in public and "deck" not in public
    assert v.deck_composition() and v.health == START_HEALTH and v.market_row == names(g.row)
    assert v.opponent_health == START_HEALTH and v.laurels_left == 8
