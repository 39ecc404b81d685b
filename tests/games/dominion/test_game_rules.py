"""Rules tests for a whole game: set-up, turns, both end conditions, the tiebreak, a full game."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import pytest

from gametest.engine.decision import Decision, validate_choice
from gametest.games.dominion import GAME
from gametest.games.dominion.state import DominionState
from tests.games.dominion.helpers import (
    conserved,
    drive,
    names,
    new_state,
    pick,
    set_zones,
)

FIRST_GAME = [
    "Cellar",
    "Market",
    "Merchant",
    "Militia",
    "Mine",
    "Moat",
    "Remodel",
    "Smithy",
    "Village",
    "Workshop",
]
WITH_GARDENS = [
    "Gardens",
    "Festival",
    "Woodcutter",
    "Village",
    "Smithy",
    "Witch",
    "Moat",
    "Market",
    "Laboratory",
    "Workshop",
]

# (Copper, Estate/Duchy, Province, Curse) per player count, straight from the reference.
BASIC_SIZES = {
    2: (46, 8, 8, 10),
    3: (39, 12, 12, 20),
    4: (32, 12, 12, 30),
    5: (25, 12, 15, 40),
    6: (18, 12, 18, 50),
}


def empty_pile(g: DominionState, pile: str, seat: int = 1) -> None:
    """Empty a Supply pile the way the game does: by gaining its last card."""
    g.supply[pile] = 1
    assert g.gain(seat, pile) is not None


def run_with(
    gen: Generator[Decision, Any, Any],
    policy: Callable[[Decision], list[int]],
    max_decisions: int = 20000,
) -> list[Decision]:
    """Drive a generator to its end with a policy; return every decision asked."""
    asked: list[Decision] = []
    try:
        d = next(gen)
        while True:
            asked.append(d)
            assert len(asked) <= max_decisions, "game did not end"
            d = gen.send(validate_choice(d, policy(d)))
    except StopIteration:
        pass
    return asked


# ----- set-up ---------------------------------------------------------------------------


@pytest.mark.parametrize("players", [2, 3, 4, 5, 6])
def test_setup_supply_sizes_per_player_count(players: int) -> None:
    g = new_state(WITH_GARDENS, players)
    copper, victory, province, curse = BASIC_SIZES[players]
    expected = {
        "Copper": copper,
        "Silver": 40,
        "Gold": 30,
        "Estate": victory,
        "Duchy": victory,
        "Province": province,
        "Curse": curse,
    }
    for name in WITH_GARDENS:
        expected[name] = 10
    expected["Gardens"] = 8 if players == 2 else 12
    assert g.supply == expected
    assert g.trash == [] and g.empty_piles == 0
    assert g.pile_limit == (4 if players >= 5 else 3)


@pytest.mark.parametrize("players", [2, 3, 4, 5, 6])
def test_setup_each_player_has_seven_copper_three_estate_and_draws_five(players: int) -> None:
    g = new_state(FIRST_GAME, players, seed=players)
    for s in g.seats:
        cards = sorted(names(s.deck) + names(s.hand))
        assert cards == ["Copper"] * 7 + ["Estate"] * 3
        assert len(s.hand) == 5 and len(s.deck) == 5
        assert s.discard == [] and s.in_play == [] and s.set_aside == []
        assert s.owned == {"Copper": 7, "Estate": 3} and s.n_cards == 10
        assert s.vp == 3 and s.turns == 0
        assert g.score(g.seats.index(s)) == 3


def test_setup_is_deterministic_for_a_seed_and_shuffles_differ_between_seeds() -> None:
    a = GAME.new_game(FIRST_GAME, 4, 7, 0, False)
    b = GAME.new_game(FIRST_GAME, 4, 7, 0, False)
    assert a.fingerprint() == b.fingerprint()
    fps = {GAME.new_game(FIRST_GAME, 4, seed, 0, False).fingerprint() for seed in range(8)}
    assert len(fps) > 1


def test_player_count_outside_two_to_six_is_refused() -> None:
    with pytest.raises(Exception, match="2 to 6"):
        GAME.new_game(FIRST_GAME, 1, 0)
    with pytest.raises(Exception, match="2 to 6"):
        GAME.new_game(FIRST_GAME, 7, 0)


# ----- a turn ---------------------------------------------------------------------------


def test_turn_plays_all_treasures_buys_and_cleans_up_drawing_five() -> None:
    g = new_state(FIRST_GAME)
    s = set_zones(
        g,
        0,
        hand=["Copper", "Silver", "Estate", "Copper", "Gold"],
        deck=["Estate", "Copper", "Copper", "Copper", "Copper", "Silver"],
    )
    before = conserved(g)
    asked = drive(g.take_turn(0), [pick("Gold")])
    assert asked[0].kind == "buy" and asked[0].limit == 7 and asked[0].seat == 0
    assert "Province" not in asked[0].options and "Gold" in asked[0].options
    assert sorted(names(s.discard)) == sorted(
        ["Gold", "Estate", "Copper", "Silver", "Copper", "Gold"]
    )
    assert names(s.hand) == ["Estate", "Copper", "Copper", "Copper", "Copper"]
    assert names(s.deck) == ["Silver"] and s.in_play == []
    assert s.turns == 1 and g.total_turns == 1 and g.last_turn[0] == ["Gold"]
    assert conserved(g) == before


def test_cleanup_reshuffles_when_the_deck_has_fewer_than_five() -> None:
    g = new_state(FIRST_GAME)
    s = set_zones(g, 0, hand=["Estate"] * 5, deck=["Copper", "Copper"])
    drive(g.take_turn(0), [pick()])  # $0: may still buy a Copper or Curse; declines
    assert sorted(names(s.hand)) == ["Copper", "Copper", "Estate", "Estate", "Estate"]
    assert len(s.deck) == 2 and s.discard == []


# ----- end of game ----------------------------------------------------------------------


def test_game_ends_after_the_turn_the_last_province_is_bought() -> None:
    g = new_state(FIRST_GAME)
    g.supply["Province"] = 1
    set_zones(g, 0, hand=["Gold", "Gold", "Gold"], deck=["Copper"] * 5)
    asked = drive(g.run(), [pick("Province")])
    assert [d.seat for d in asked] == [0]
    assert g.supply["Province"] == 0 and g.ended_by == "provinces"
    assert g.seats[0].turns == 1 and g.seats[1].turns == 0
    assert g.result()["ended_by"] == "provinces"


def test_game_does_not_end_mid_turn_the_remaining_buys_happen() -> None:
    """Ruling: the game ends after the turn in which the Provinces run out."""
    g = new_state(["Festival", *FIRST_GAME[:9]])
    g.supply["Province"] = 1
    s = set_zones(g, 0, hand=["Festival", "Gold", "Gold", "Gold", "Gold"])
    asked = drive(g.run(), [pick("Festival"), pick("Province"), pick("Duchy")])
    assert [d.kind for d in asked] == ["action", "buy", "buy"]
    assert "Province" not in asked[2].options and asked[2].limit == 6
    assert s.owned["Duchy"] == 1 and s.owned["Province"] == 1
    assert g.ended_by == "provinces" and g.seats[1].turns == 0


def test_three_empty_piles_end_the_game_after_the_turn() -> None:
    g = new_state(["Woodcutter", *FIRST_GAME[:9]])
    empty_pile(g, "Village")
    empty_pile(g, "Smithy")
    g.supply["Workshop"] = 1
    set_zones(g, 0, hand=["Woodcutter", "Silver", "Silver"])
    assert not g.game_over()
    asked = drive(g.run(), [pick("Woodcutter"), pick("Workshop"), pick("Silver")])
    assert [d.kind for d in asked] == ["action", "buy", "buy"]
    assert g.empty_piles == 3 and g.ended_by == "piles"
    assert g.seats[1].turns == 0


def test_two_empty_piles_do_not_end_a_two_player_game() -> None:
    g = new_state(FIRST_GAME)
    empty_pile(g, "Village")
    set_zones(g, 0, hand=["Copper", "Copper", "Copper", "Copper"])
    g.supply["Workshop"] = 1
    drive(g.take_turn(0), [pick("Workshop")])
    assert g.empty_piles == 2 and not g.game_over() and g.ended_by == ""


def test_curse_pile_emptied_by_witch_counts_for_three_piles_in_a_full_turn() -> None:
    """Ruling: the Curse pile emptied by Witch counts towards the 3-pile ending."""
    g = new_state(["Witch", *FIRST_GAME[:9]])
    empty_pile(g, "Village", 0)
    empty_pile(g, "Smithy", 0)
    g.supply["Curse"] = 1
    set_zones(g, 0, hand=["Witch"], deck=["Estate"] * 7)
    v = set_zones(g, 1, hand=["Copper"] * 5)
    asked = drive(g.run(), [pick("Witch"), pick()])
    assert [d.kind for d in asked] == ["action", "buy"]
    assert names(v.discard) == ["Curse"] and g.supply["Curse"] == 0
    assert g.ended_by == "piles" and g.seats[1].turns == 0


@pytest.mark.parametrize("players", [5, 6])
def test_five_or_more_players_need_four_empty_piles(players: int) -> None:
    g = new_state(FIRST_GAME, players)
    for pile in ("Village", "Smithy"):
        empty_pile(g, pile)
    g.supply["Workshop"] = 1
    g.supply["Cellar"] = 1
    set_zones(g, 0, hand=["Copper"] * 4)
    drive(g.take_turn(0), [pick("Workshop")])
    assert g.empty_piles == 3 and not g.game_over()
    set_zones(g, 1, hand=["Copper"] * 2)
    drive(g.take_turn(1), [pick("Cellar")])
    assert g.empty_piles == 4 and g.game_over() and g.ended_by == "piles"


def test_four_player_game_ends_on_three_piles() -> None:
    g = new_state(FIRST_GAME, 4)
    for pile in ("Village", "Smithy", "Workshop"):
        empty_pile(g, pile)
    assert g.game_over() and g.ended_by == "piles"


def test_province_pile_emptied_outside_a_buy_still_ends_the_game() -> None:
    g = new_state(["Workshop", *FIRST_GAME[:9]])
    g.supply["Province"] = 1
    g.gain(1, "Province")
    assert g.game_over() and g.ended_by == "provinces"


# ----- scoring and the tiebreak ---------------------------------------------------------


def test_score_counts_every_zone_and_gardens() -> None:
    g = new_state(WITH_GARDENS)
    s = set_zones(
        g,
        0,
        hand=["Province", "Curse"],
        deck=["Gardens", "Estate"] + ["Copper"] * 10,
        discard=["Duchy"] * 3,
        in_play=["Gardens", "Village"],
    )
    s.set_aside = [g.cards["Copper"]] * 2
    s.n_cards += 2
    # 21 cards owned: Gardens are worth 2 each.
    assert s.n_cards == 21
    assert g.score(0) == 6 - 1 + 1 + 9 + 2 * 2


def test_tie_goes_to_the_player_with_fewer_turns() -> None:
    """Ruling: equal VP -> the tied player with fewer turns wins."""
    g = new_state(FIRST_GAME)
    g.supply["Province"] = 1
    set_zones(g, 0, hand=["Gold", "Gold", "Gold"], deck=["Copper"] * 5)
    set_zones(g, 1, hand=["Copper"] * 5, deck=["Province"])
    g.seats[0].turns = g.seats[1].turns = 1
    drive(g.run(), [pick("Province")])
    res = g.result()
    assert res["scores"] == [6, 6] and res["turns"] == [2, 1]
    assert res["winners"] == [1]


def test_tie_with_equal_turns_is_shared() -> None:
    """Ruling: equal VP and equal turns -> the tied players share the victory."""
    g = new_state(FIRST_GAME)
    g.supply["Province"] = 1
    set_zones(g, 0, hand=["Copper"] * 5, deck=["Province"])
    set_zones(g, 1, hand=["Gold", "Gold", "Gold"], deck=["Copper"] * 5)
    g.seats[0].turns, g.seats[1].turns = 2, 1
    g.current = 1
    drive(g.run(), [pick("Province")])
    res = g.result()
    assert res["scores"] == [6, 6] and res["turns"] == [2, 2]
    assert res["winners"] == [0, 1]


def test_winners_highest_score_wins_regardless_of_turns() -> None:
    g = new_state(FIRST_GAME, 3)
    g.seats[0].turns, g.seats[1].turns, g.seats[2].turns = 5, 4, 4
    assert g.winners([10, 9, 9]) == [0]
    assert g.winners([9, 10, 10]) == [1, 2]
    g.seats[2].turns = 3
    assert g.winners([9, 10, 10]) == [2]
    assert g.winners([-1, -1, -2]) == [1]


# ----- a full game ----------------------------------------------------------------------


def big_money(d: Decision) -> list[int]:
    """Buy Province at $8, Gold at $6-7, Silver at $3-5; never play Actions."""
    assert d.kind == "buy", d
    assert d.limit is not None
    for name, cost in (("Province", 8), ("Gold", 6), ("Silver", 3)):
        if d.limit >= cost and name in d.options:
            return [d.options.index(name)]
    return []


def test_full_scripted_game_big_money_ends_on_provinces() -> None:
    g = new_state(FIRST_GAME, 2, seed=11)
    start = conserved(g)
    bought = [0, 0]
    seen: list[tuple[int, int | None]] = []

    def policy(d: Decision) -> list[int]:
        seen.append((d.seat, d.limit))
        ans = big_money(d)
        if ans:
            bought[d.seat] += 1
        return ans

    asked = run_with(g.run(), policy)
    assert all(d.kind == "buy" for d in asked)
    res = g.result()
    assert res["ended_by"] == "provinces" and g.supply["Province"] == 0
    assert sum(s.owned.get("Province", 0) for s in g.seats) == 8
    # Seat 0 went first: it has the same number of turns or one more.
    t0, t1 = res["turns"]
    assert t0 - t1 in (0, 1) and g.total_turns == t0 + t1
    # One buy decision per turn (1 Buy, Copper always affordable).
    assert len(asked) == g.total_turns
    assert [d.seat for d in asked] == [i % 2 for i in range(len(asked))]
    assert conserved(g) == start
    for i, s in enumerate(g.seats):
        assert s.n_cards == 10 + bought[i] == len(list(s.all_cards()))
        assert len(s.hand) == 5 and s.in_play == [] and s.set_aside == []
        counts = {n: names(list(s.all_cards())).count(n) for n in ("Estate", "Province")}
        assert res["scores"][i] == counts["Estate"] + 6 * counts["Province"]
    best = max(res["scores"])
    assert res["winners"] == [
        i
        for i in range(2)
        if res["scores"][i] == best
        and res["turns"][i] == min(res["turns"][j] for j in range(2) if res["scores"][j] == best)
    ]
    # The same seed and the same choices replay the same game.
    g2 = new_state(FIRST_GAME, 2, seed=11)
    asked2 = run_with(g2.run(), big_money)
    assert [d.options for d in asked2] == [d.options for d in asked]
    assert g2.fingerprint() == g.fingerprint() and g2.result() == res


def test_full_scripted_game_three_players_with_fixed_buy_sequence() -> None:
    """A scripted game: every turn each player buys the first affordable card of a fixed
    list, with exactly three piles drained to end it on piles."""
    g = new_state(WITH_GARDENS, 3, seed=5)
    for pile in ("Village", "Smithy"):
        g.supply[pile] = 1
    g.supply["Workshop"] = 2
    script = ["Village", "Smithy", "Workshop", "Workshop"]
    log: list[tuple[int, str]] = []

    def policy(d: Decision) -> list[int]:
        if d.kind != "buy":
            return []
        for name in script:
            if name in d.options:
                log.append((d.seat, name))
                return [d.options.index(name)]
        return []

    run_with(g.run(), policy)
    # Every starting hand has at least $2; Village and Smithy cost 3 and 4, Workshop 3:
    # buys go in turn order until the third pile is empty.
    assert [name for _, name in log][-1] in ("Village", "Smithy", "Workshop")
    assert g.empty_piles == 3 and g.ended_by == "piles"
    assert g.supply["Village"] == g.supply["Smithy"] == g.supply["Workshop"] == 0
    assert sorted(name for _, name in log) == ["Smithy", "Village", "Workshop", "Workshop"]
    seats = [seat for seat, _ in log]
    last = seats[-1]
    assert g.current == last  # the game ended right after the turn that emptied the third
    assert g.seats[last].turns == max(s.turns for s in g.seats)
    assert g.total_turns == sum(s.turns for s in g.seats)
