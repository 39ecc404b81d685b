"""One decision as a prompt: its numbered legal choices, and the JSON schema of a legal answer."""

from __future__ import annotations

from typing import Any

from gametest.engine.decision import Decision
from gametest.prompts.view import PromptView


def single_outcome(d: Decision) -> bool:
    """True when every legal answer leads to the same result, so no model call is needed."""
    if d.max == 0 or d.min == len(d.options):
        return True
    return d.min == d.max and len(set(d.options)) == 1


def is_single_pick(d: Decision) -> bool:
    """Decisions answered with one number (picking 'nothing' is an extra number if allowed)."""
    return d.max == 1


def nothing_index(d: Decision) -> int | None:
    """The extra number that means 'pick nothing' in a single-pick optional decision."""
    return len(d.options) if is_single_pick(d) and d.min == 0 else None


def _choice_label(d: Decision, i: int, view: PromptView) -> str:
    """One numbered choice, with cost and pile size for buys and gains."""
    name = d.options[i]
    if d.kind in ("buy", "gain"):
        try:
            return f"{i}: {name} (${view.card(name).cost}, {view.pile(name)} left)"
        except KeyError:  # an option that is not a card
            pass
    return f"{i}: {name}"


_KIND_NOTE = {
    "buy": "Buy a card with your coins, or nothing.",
    "gain": "Gain a card.",
    "action": "Play an Action card from your hand, or none (ending your Action phase).",
    "reveal": "Reveal the card?",
    "play": "Play the card?",
    "choose": "Do it?",
    "set_aside": "Set this card aside?",
}


def render_decision(d: Decision, view: PromptView, with_reason: bool = True) -> str:
    """The decision, its numbered legal choices, and the answer format."""
    head = f"Decision: {d.kind}"
    if d.card:
        head += f" (from {d.card})"
    note = d.prompt or _KIND_NOTE.get(d.kind, "")
    if d.kind == "buy" and d.limit is not None:
        note += f" You have ${d.limit}."
    elif d.kind == "gain" and d.limit is not None:
        note += f" Cost up to ${d.limit}."
    if d.target is not None and d.target != view.seat:
        note += f" This is about P{d.target + 1}'s card."
    lines = [head + ". " + note.strip(), "Choices:"]
    lines += [_choice_label(d, i, view) for i in range(len(d.options))]
    skip = nothing_index(d)
    if skip is not None:
        lines.append(f"{skip}: nothing")
    reason = ', "reason": "<few words>"' if with_reason else ""
    if is_single_pick(d):
        lines.append(f'Answer with JSON: {{"choice": <one number from the list>{reason}}}')
    else:
        want = str(d.min) if d.min == d.max else f"{d.min} to {d.max}"
        lines.append(
            f'Pick {want} different numbers. Answer with JSON: {{"choice": [<numbers>]{reason}}}'
        )
    return "\n".join(lines)


def answer_schema(d: Decision, with_reason: bool = True) -> dict[str, Any]:
    """JSON Schema of a legal answer's shape: numbers limited to the legal choice indices."""
    n = len(d.options)
    props: dict[str, Any]
    if is_single_pick(d):
        top = n + (1 if d.min == 0 else 0)
        props = {"choice": {"type": "integer", "enum": list(range(top))}}
    else:
        props = {
            "choice": {
                "type": "array",
                "items": {"type": "integer", "enum": list(range(n))},
                "minItems": d.min,
                "maxItems": d.max,
            }
        }
    if with_reason:  # no maxLength: strict-mode servers refuse it; the record cuts reasons
        props["reason"] = {"type": "string"}
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }
