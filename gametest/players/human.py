"""A human seat: shows the view and the numbered legal choices in the terminal, reads a number.

Bad input (not a number, out of range, too few or too many picks, a repeat) is explained and
asked again; it never reaches the rules. The game record is the same as for any other player.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from gametest.engine.decision import Decision
from gametest.engine.loop import GameResult
from gametest.engine.player import Player
from gametest.engine.registry import GameDef
from gametest.players.registry import register_player
from gametest.prompts.view import PromptView, render_view

Echo = Callable[[str], None]
Prompt = Callable[[str], str]


def _default_prompt(text: str) -> str:
    """Read one line through click (empty input allowed; end of input aborts)."""
    return str(click.prompt(text, default="", show_default=False, prompt_suffix=" "))


def describe_view(view: PromptView | None) -> list[str]:
    """The lines a person needs to decide: the same position text an LLM player is shown."""
    if view is None:
        return []
    return render_view(view).splitlines()


def describe_decision(decision: Decision) -> list[str]:
    """The question and its numbered choices (1-based), with how many to pick."""
    about = f" ({decision.card})" if decision.card else ""
    limit = f" (cost up to {decision.limit})" if decision.limit is not None else ""
    lines = [f"{decision.prompt or decision.kind}{about}{limit}"]
    for i, label in enumerate(decision.options, start=1):
        lines.append(f"  {i:>2}. {label}")
    return lines


def how_many(decision: Decision) -> str:
    """'Pick a number:', 'Pick 0 to 3 numbers, ...' for the prompt."""
    lo, hi = decision.min, decision.max
    none = " (Enter for none)" if lo == 0 else ""
    if hi == 1:
        return f"Pick a number{none}:"
    count = str(lo) if lo == hi else f"{lo} to {hi}"
    return f"Pick {count} numbers, separated by spaces{none}:"


def parse_answer(text: str, decision: Decision) -> tuple[int, ...] | str:
    """Indices picked by a typed answer like '2' or '1 3' or '1,3'; or a message saying why not."""
    parts = text.replace(",", " ").split()
    n = len(decision.options)
    picks = []
    for part in parts:
        if not part.lstrip("-").isdigit():
            return f"'{part}' is not a number; type choice numbers 1 to {n}"
        k = int(part)
        if not 1 <= k <= n:
            return f"{k} is not a choice; type a number from 1 to {n}"
        picks.append(k - 1)
    if len(set(picks)) != len(picks):
        return "a choice was typed twice"
    if not decision.min <= len(picks) <= decision.max:
        lo, hi = decision.min, decision.max
        if hi == 1:
            return f"pick {'one choice' if lo == 1 else 'at most one choice'}, got {len(picks)}"
        want = str(lo) if lo == hi else f"{lo} to {hi}"
        return f"pick {want} choices, got {len(picks)}"
    return tuple(picks)


class HumanPlayer(Player):
    """A person at the terminal; asks again on bad input, never passes an illegal choice."""

    def __init__(
        self, name: str = "human", echo: Echo | None = None, prompt: Prompt | None = None
    ) -> None:
        self.name = name
        self._echo: Echo = echo or click.echo
        self._prompt: Prompt = prompt or _default_prompt
        self.seat = 0
        self.bad_answers = 0

    def start_game(self, view: PromptView | None, seat: int, seed: int) -> None:
        """Greet the player with their seat and the kingdom."""
        self.seat = seat
        self.bad_answers = 0
        kingdom = view.kingdom if view is not None else None
        where = f" Kingdom: {', '.join(kingdom)}." if kingdom else ""
        self._echo(f"\nNew game (seed {seed}): you are P{seat + 1}.{where}")

    def decide(self, view: PromptView | None, decision: Decision) -> tuple[int, ...]:
        """Show the view and choices; read numbers until they make a legal answer."""
        if len(decision.options) == decision.min == decision.max:
            return tuple(range(decision.min))  # nothing to choose: every option is required
        self._echo("")
        for line in [*describe_view(view), *describe_decision(decision)]:
            self._echo(line)
        while True:
            answer = parse_answer(self._prompt(how_many(decision)), decision)
            if isinstance(answer, tuple):
                return answer
            self.bad_answers += 1
            self._echo(f"  Not understood: {answer}. Try again.")

    def end_game(self, result: GameResult, seat: int) -> None:
        """Show the final scores (the record stays the same as for any other player)."""
        scores, winners = list(result.scores), list(result.winners)
        mark = (
            "You won!"
            if seat in winners and len(winners) == 1
            else ("Shared win." if seat in winners else "You lost.")
        )
        self._echo(f"\nGame over. Scores: {scores}. {mark}")


def make_human(rest: str, game: GameDef, kingdom: list[str] | None = None, **_: Any) -> HumanPlayer:
    """`human` or `human:NAME`: a terminal seat, named NAME in records."""
    return HumanPlayer(name=rest.strip() or "human")


register_player("human", make_human)
