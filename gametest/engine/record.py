"""Game records: the JSON form of a finished game, and replaying one to its final state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gametest.engine.decision import Decision, IllegalChoiceError
from gametest.engine.errors import GametestError
from gametest.engine.loop import GameResult, play_game
from gametest.engine.player import Player
from gametest.engine.registry import get_game

GameRecord = dict[str, Any]


class ReplayError(GametestError):
    """A record did not replay to the state it recorded."""


class _ReplayPlayer(Player):
    """Answers each decision with the next recorded choice."""

    def __init__(self, name: str, choices: list[list[int]], cursor: list[int]) -> None:
        self.name = name
        self._choices = choices
        self._cursor = cursor

    def decide(self, view: Any, decision: Decision) -> Sequence[int]:
        i = self._cursor[0]
        if i >= len(self._choices):
            raise ReplayError("the record ran out of choices before the game ended")
        self._cursor[0] = i + 1
        return self._choices[i]


def replay(record: GameRecord) -> GameResult:
    """Replay a record's choices from its seed; raise ReplayError if the end state differs."""
    game = get_game(f"{record['game']}@{record['version']}")
    cursor = [0]
    players = [_ReplayPlayer(n, record["choices"], cursor) for n in record["players"]]
    try:
        res = play_game(game, record["kingdom"], players, record["seed"], record["first"])
    except IllegalChoiceError as e:
        raise ReplayError(f"a recorded choice does not fit the replayed game: {e}") from None
    if cursor[0] != len(record["choices"]):
        raise ReplayError("the game ended before the record's choices were used up")
    if res.fingerprint != record["fingerprint"] or res.scores != record["scores"]:
        raise ReplayError("the replay ended in a different state than the record")
    return res
