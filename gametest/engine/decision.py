"""A pending decision: who decides, what kind, the legal options, and how many to pick."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gametest.engine.errors import GametestError


class IllegalChoiceError(GametestError):
    """A player answered a decision with a choice the rules don't allow."""


@dataclass(slots=True)
class Decision:
    """Pick between `min` and `max` distinct indices into `options` (labels, usually card names).

    `kind` says what the pick means (buy, gain, action, trash, discard, topdeck, reveal, ...);
    `card` names the card whose effect asks, if any; `prompt` is a short human sentence.
    """

    seat: int
    kind: str
    options: tuple[str, ...]
    min: int
    max: int
    card: str | None = None
    prompt: str = ""
    limit: int | None = None  # e.g. the highest cost a gain may have
    target: int | None = None  # the seat an attacker's choice is about (Spy, Thief)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for records and prompts."""
        return {
            "seat": self.seat,
            "kind": self.kind,
            "options": list(self.options),
            "min": self.min,
            "max": self.max,
            "card": self.card,
            "prompt": self.prompt,
            "limit": self.limit,
            "target": self.target,
        }


def validate_choice(decision: Decision, choice: object) -> tuple[int, ...]:
    """Return the choice as a tuple of indices, or raise IllegalChoiceError saying why."""
    # Fast path for the common bot answers: () or a single in-range index.
    if type(choice) is tuple or type(choice) is list:
        k = len(choice)
        if k == 0 and decision.min == 0:
            return ()
        if k == 1 and decision.min <= 1 <= decision.max:
            p = choice[0]
            if type(p) is int and 0 <= p < len(decision.options):
                return (p,)
    if isinstance(choice, int) and not isinstance(choice, bool):
        choice = (choice,)
    if not isinstance(choice, Sequence) or isinstance(choice, str):
        raise IllegalChoiceError(f"choice must be a list of option numbers, got {choice!r}")
    picks = tuple(choice)
    n = len(decision.options)
    for p in picks:
        if not isinstance(p, int) or isinstance(p, bool) or not 0 <= p < n:
            raise IllegalChoiceError(f"option {p!r} is not one of 0..{n - 1}")
    if len(set(picks)) != len(picks):
        raise IllegalChoiceError("an option was picked twice")
    if not decision.min <= len(picks) <= decision.max:
        want = (
            str(decision.min)
            if decision.min == decision.max
            else f"{decision.min} to {decision.max}"
        )
        raise IllegalChoiceError(f"pick {want} options, got {len(picks)}")
    return picks
