"""Helpers for Dominion rules tests: set up exact zones, play a card, answer its decisions."""

from __future__ import annotations

from collections.abc import Sequence

from gametest.engine.decision import Decision
from gametest.games.dominion import GAME
from gametest.games.dominion.kingdoms import PRESETS
from gametest.games.dominion.state import DominionState, Seat
from tests.helpers import Answer, drive, fill_zones, names, pick, rebuild_owned

__all__ = ["Answer", "drive", "names", "pick"]


def new_state(
    kingdom: Sequence[str] | None = None, players: int = 2, seed: int = 0
) -> DominionState:
    """A fresh game (first-game kingdom unless given), with seat 0 to move."""
    state = GAME.new_game(list(kingdom or PRESETS["first-game"]), players, seed, 0, True)
    assert isinstance(state, DominionState)
    return state


def set_zones(
    g: DominionState,
    seat: int,
    hand: Sequence[str] = (),
    deck: Sequence[str] = (),
    discard: Sequence[str] = (),
    in_play: Sequence[str] = (),
) -> Seat:
    """Replace a seat's zones; `deck` is listed top card first. Owned counts are rebuilt."""
    s: Seat = fill_zones(g, seat, hand, deck, discard, in_play)
    s.set_aside = []
    s.owned, s.n_cards, s.total_money, s.vp = {}, 0, 0, 0
    rebuild_owned(g, s)
    return s


def deck_top_first(s: Seat) -> list[str]:
    """A seat's deck, top card first."""
    return [c.name for c in reversed(s.deck)]


def play(g: DominionState, seat: int, card: str, answers: Sequence[Answer] = ()) -> list[Decision]:
    """Play `card` from `seat`'s hand as if in the Action phase (uses an Action)."""
    s = g.seats[seat]
    c = g.cards[card]
    s.hand.remove(c)
    s.in_play.append(c)
    g.current = seat
    g.actions -= 1
    return drive(g.play_action(seat, c), answers)


def start_turn(g: DominionState, seat: int = 0) -> None:
    """Reset the turn counters as at the start of `seat`'s turn (1 Action, 1 Buy, $0)."""
    g.current = seat
    g.actions, g.buys, g.coins, g.merchants = 1, 1, 0, 0


def conserved(g: DominionState) -> dict[str, int]:
    """Count of every card across all seats' zones, the Supply and the trash."""
    return g.card_counts()
