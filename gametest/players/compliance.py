"""Compliance: how often a player's gains matched what a compiled strategy would have gained
in the same position (same view, same decision)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from gametest.engine.decision import Decision
from gametest.engine.player import Player

GAIN_KINDS = ("buy", "gain")


def same_pick(d: Decision, a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> bool:
    """Whether two answers pick the same cards (by name: equal copies are interchangeable)."""
    return Counter(d.options[i] for i in a) == Counter(d.options[i] for i in b)


@dataclass
class ComplianceTracker:
    """Counts gain/buy decisions and how many matched the compiled strategy's choice."""

    policy: Any
    source: str = ""
    decisions: int = 0
    matched: int = 0
    own_decisions: int = 0
    own_matched: int = 0

    def expected(self, view: Any, d: Decision) -> tuple[int, ...] | None:
        """What the compiled strategy would answer here (None for kinds that aren't gains)."""
        if d.kind not in GAIN_KINDS:
            return None
        return tuple(self.policy.decide(view, d))

    def note(
        self, d: Decision, expected: tuple[int, ...] | None, actual: tuple[int, ...], own: bool
    ) -> None:
        """Count one answered decision."""
        if expected is None:
            return
        hit = same_pick(d, expected, actual)
        self.decisions += 1
        self.matched += hit
        if own:
            self.own_decisions += 1
            self.own_matched += hit

    def reset(self) -> None:
        """Start counting a new game."""
        self.decisions = self.matched = self.own_decisions = self.own_matched = 0

    def summary(self) -> dict[str, Any]:
        """The figures stored with the game: all gain decisions, and those the model made."""
        return {
            "compiled": self.source,
            "gain_decisions": self.decisions,
            "matched": self.matched,
            "share": round(self.matched / self.decisions, 4) if self.decisions else None,
            "own_gain_decisions": self.own_decisions,
            "own_matched": self.own_matched,
            "own_share": (
                round(self.own_matched / self.own_decisions, 4) if self.own_decisions else None
            ),
        }


def replay_compliance(
    record: dict[str, Any], seat: int, strategy: Any, source: str = ""
) -> dict[str, Any]:
    """Compliance of one seat of a recorded game, measured by replaying its choices.

    Works for games played before the advice was compiled; a record does not say which single
    decisions were fallbacks, so only the all-decisions figures are given.
    """
    from gametest.engine.loop import play_game
    from gametest.engine.registry import get_game

    game = get_game(f"{record['game']}@{record['version']}")
    tracker = ComplianceTracker(game.policy(strategy), source)
    choices: list[list[int]] = record["choices"]
    cursor = [0]

    class _Replayer(Player):
        def __init__(self, name: str) -> None:
            self.name = name

        def decide(self, view: Any, d: Decision) -> list[int]:
            pick = choices[cursor[0]]
            cursor[0] += 1
            if d.seat == seat:
                tracker.note(d, tracker.expected(view, d), tuple(pick), True)
            return pick

    players = [_Replayer(n) for n in record["players"]]
    play_game(game, record["kingdom"], players, record["seed"], record["first"])
    out = tracker.summary()
    return {k: v for k, v in out.items() if not k.startswith("own_")}
