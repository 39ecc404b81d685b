"""DominionState's buy-option cache: shared between games only while every pile is non-empty."""

from __future__ import annotations

from gametest.games.dominion import GAME
from gametest.games.dominion.state import DominionState
from tests.games.dominion.helpers import new_state


def _uncached(g: DominionState, coins: int) -> tuple[str, ...]:
    return tuple(n for n, left in g.supply.items() if left and g.cards[n].cost <= coins)


def test_an_emptied_pile_stays_out_of_this_game_only() -> None:
    a = new_state(seed=1)
    assert a._buyable(5) == _uncached(a, 5)  # fills the shared full-Supply entry
    while a.gain(0, "Village") is not None:
        pass
    assert "Village" not in a._buyable(5) and a._buyable(5) == _uncached(a, 5)
    b = new_state(seed=2)
    assert "Village" in b._buyable(5) and b._buyable(5) == _uncached(b, 5)


def test_cached_options_match_the_supply_at_every_amount() -> None:
    for players in (2, 4):
        g = new_state(GAME.parse_kingdom("random:3"), players, 7)
        for coins in range(12):
            assert g._buyable(coins) == _uncached(g, coins)
