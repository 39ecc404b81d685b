"""The human seat: the view and numbered choices shown, bad input asked again, same records."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.decision import Decision
from gametest.engine.loop import play_game
from gametest.engine.player import Player
from gametest.engine.registry import get_game
from gametest.players import make_player
from gametest.players.human import HumanPlayer, parse_answer


def scripted(answers: list[str]) -> tuple[HumanPlayer, list[str]]:
    """A human seat fed from a list, its output captured."""
    out: list[str] = []
    it = iter(answers)

    def prompt(text: str) -> str:
        out.append(text)
        return next(it)

    return HumanPlayer(echo=out.append, prompt=prompt), out


DISCARD = Decision(
    0,
    "discard",
    ("Copper", "Estate", "Estate", "Silver"),
    2,
    2,
    card="Militia",
    prompt="Discard down to 3 cards",
)


def test_garbage_is_asked_again_until_legal() -> None:
    """Words, zero, out of range, repeats and wrong counts are explained, then re-asked."""
    human, out = scripted(["two", "0", "9", "2 2", "1", "1 2 3", "", "-1 2", "2, 3"])
    assert human.decide(None, DISCARD) == (1, 2)
    assert human.bad_answers == 8
    text = "\n".join(out)
    assert "Discard down to 3 cards (Militia)" in text
    assert "   4. Silver" in text
    assert "'two' is not a number" in text
    assert "pick 2 choices, got 1" in text
    assert "Pick 2 numbers" in text


def test_optional_pick_and_forced_choice() -> None:
    """Enter picks nothing when allowed; a decision with nothing to choose asks nothing."""
    buy = Decision(0, "buy", ("Copper", "Silver"), 0, 1, prompt="Buy a card?", limit=3)
    human, out = scripted(["", "7", "2"])
    assert human.decide(None, buy) == ()
    assert human.decide(None, buy) == (1,)
    forced = Decision(0, "reveal", ("Moat",), 1, 1)
    assert human.decide(None, forced) == (0,)
    assert "Pick a number (Enter for none):" in out
    assert parse_answer("", Decision(0, "x", ("a",), 1, 1)) == "pick one choice, got 0"


def test_spec_builds_a_human() -> None:
    """`human` and `human:NAME` both work through the registry."""
    game = get_game()
    assert isinstance(make_player("human", game), HumanPlayer)
    named = make_player("human:ada", game)
    assert isinstance(named, HumanPlayer) and named.name == "ada"


def test_human_game_through_the_cli_runner() -> None:
    """A whole game typed in the terminal, garbage included, ends normally."""
    typed = "hello\n99\n1 2\n" + "2\n" * 5 + "\n" * 400
    result = CliRunner().invoke(
        main,
        ["play", "-k", "first-game", "-p", "human", "-p", "big-money", "--seed", "5"],
        input=typed,
    )
    assert result.exit_code == 0, result.output
    assert "Not understood: 'hello' is not a number" in result.output
    assert "Not understood: 99 is not a choice" in result.output
    assert "Not understood: pick at most one choice, got 2" in result.output
    assert "Hand:" in result.output and "Supply (cards left):" in result.output
    assert "Game over" in result.output


def test_human_record_replays_like_any_other() -> None:
    """The record of a human game has the same fields and replays to the same end."""
    game = get_game()
    kingdom = game.parse_kingdom("first-game")
    answers = iter(["junk", "2"] + ["2", "", "1"] * 200)
    human = HumanPlayer(echo=lambda s: None, prompt=lambda s: next(answers))
    res = play_game(game, kingdom, [human, make_player("big-money", game, kingdom)], 9)
    bot = play_game(
        game,
        kingdom,
        [make_player("bmu", game, kingdom), make_player("big-money", game, kingdom)],
        9,
    )
    assert set(res.to_dict()) == set(bot.to_dict())

    class Replay(Player):
        name = "replay"

        def __init__(self, choices: list[list[int]]) -> None:
            self.it = iter(choices)

        def decide(self, view: Any, d: Decision) -> list[int]:
            return next(self.it)

    seat0 = [c for c, d in zip(res.choices, _seats(res, game, kingdom), strict=True) if d == 0]
    again = play_game(game, kingdom, [Replay(seat0), make_player("big-money", game, kingdom)], 9)
    assert again.fingerprint == res.fingerprint
    json.dumps(res.to_dict())


def _seats(res: Any, game: Any, kingdom: list[str]) -> list[int]:
    """Which seat made each recorded choice (replaying the record's choices in order)."""
    seats: list[int] = []
    it = iter(res.choices)

    class Spy(Player):
        name = "spy"

        def decide(self, view: Any, d: Decision) -> list[int]:
            seats.append(d.seat)
            return next(it)

    play_game(game, kingdom, [Spy(), Spy()], res.seed)
    return seats
