"""Helpers for Embermarch rules tests: set up exact zones, play a card, answer its decisions."""

from __future__ import annotations

from collections.abc import Sequence

from gametest.engine.decision import Decision
from gametest.games.embermarch import GAME
from gametest.games.embermarch.state import EmberState, Seat
from tests.helpers import Answer, drive, fill_zones, names, pick, rebuild_owned

__all__ = ["Answer", "drive", "names", "pick"]


def new_state(
    kingdom: str = "standard", players: int = 2, seed: int = 0, first: int = 0
) -> EmberState:
    """A fresh game with logging on, seat `first` to move."""
    return GAME.new_game(GAME.parse_kingdom(kingdom), players, seed, first, True)


def set_zones(
    g: EmberState,
    seat: int,
    hand: Sequence[str] = (),
    deck: Sequence[str] = (),
    discard: Sequence[str] = (),
    in_play: Sequence[str] = (),
) -> Seat:
    """Replace a seat's zones; `deck` is listed top card first. Owned totals are rebuilt.

    Cards are conjured: use this for rules tests, not for conservation checks.
    """
    s: Seat = fill_zones(g, seat, hand, deck, discard, in_play)
    s.owned, s.factions, s.n_cards, s.total_coin, s.vp = {}, {}, 0, 0, 0
    rebuild_owned(g, s)
    return s


def start_turn(g: EmberState, seat: int = 0) -> None:
    """Reset the turn totals as at the start of `seat`'s play phase."""
    g.current = seat
    g.coin = g.might = 0
    g.played = {}
    g.topdeck_next = False


def play(g: EmberState, seat: int, card: str, answers: Sequence[Answer] = ()) -> list[Decision]:
    """Play `card` from `seat`'s hand as in the play phase."""
    s = g.seats[seat]
    c = g.cards[card]
    s.hand.remove(c)
    s.in_play.append(c)
    g.current = seat
    return drive(g.play_card(seat, c), answers)
