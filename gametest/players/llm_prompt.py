"""What an LLM player is shown: card rules, its view of the game, one decision with numbered
choices; the JSON schema of a legal answer; and a forgiving parser for the model's reply.

Every part is built from aggregates (counts per card name, one decision, no history), so a
prompt stays the same size on turn 40 as on turn 4.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gametest.engine.decision import Decision, IllegalChoiceError, validate_choice
from gametest.engine.registry import GameDef


class AnswerError(ValueError):
    """A reply that does not name a legal choice; the message says why, for the re-ask."""


def supply_names(game: GameDef, kingdom: Sequence[str]) -> list[str]:
    """Basic cards plus the kingdom: every card that can be in a player's deck."""
    from gametest.players.registry import supply_names as names

    return names(game, list(kingdom))


def card_rules(game: GameDef, kingdom: Sequence[str], compact: bool = False) -> str:
    """The rules text of every Supply card, from the game definition (never from memory)."""
    names = list(kingdom) if compact else supply_names(game, kingdom)
    lines = [f"- {game.describe_card(n)}" for n in names]
    if compact:
        basics = [n for n in supply_names(game, kingdom) if n not in kingdom]
        short = ", ".join(_short_basic(game, n) for n in basics)
        lines.insert(0, f"- Basic cards: {short}")
    return "\n".join(lines)


def _short_basic(game: GameDef, name: str) -> str:
    """'Silver $3 (+$2)': a basic card in a few tokens."""
    c = game.cards[name]
    what = f"+${c.coins}" if c.coins else f"{c.vp} VP"
    return f"{name} ${c.cost} ({what})"


def counts(names: Iterable[str] | Mapping[str, int]) -> str:
    """'Copper x3, Estate' from a list or a name->count mapping; 'nothing' when empty."""
    items = names.items() if isinstance(names, Mapping) else Counter(names).items()
    parts = [n if k == 1 else f"{n} x{k}" for n, k in sorted(items) if k > 0]
    return ", ".join(parts) if parts else "nothing"


def _attr(view: Any, name: str, default: Any = None) -> Any:
    """A view attribute or method result, or `default` when the game's view lacks it."""
    v = getattr(view, name, default)
    return v() if callable(v) else v


def render_view(view: Any, compact: bool = False, victory_card: str | None = None) -> str:
    """The player's position in a few lines: turn, scores, cards, Supply, opponents' last buys.

    The compact Supply line names the game's `victory_card` pile (GameInfo.victory_card).
    """
    seat = int(_attr(view, "seat", 0))
    n = int(_attr(view, "n_players", 2))
    scores = list(_attr(view, "scores", []) or [])
    lines = [f"Your turn number: {_attr(view, 'turn', '?')}. You are P{seat + 1} of {n}."]
    if scores:
        score_txt = ", ".join(
            ("you" if i == seat else f"P{i + 1}") + f" {s}" for i, s in enumerate(scores)
        )
        lines.append(f"Scores: {score_txt}.")
    last = getattr(view, "last_turn_gains", None)
    if callable(last):
        for i in range(n):
            if i != seat:
                lines.append(f"P{i + 1} bought on its last turn: {counts(last(i))}.")
    lines.append(f"Hand: {counts(_attr(view, 'hand', []))}.")
    if _attr(view, "is_my_turn", True):
        lines.append(f"In play: {counts(_attr(view, 'in_play', []))}.")
        lines.append(
            f"Coins ${_attr(view, 'coins', 0)}, Actions {_attr(view, 'actions', 0)}, "
            f"Buys {_attr(view, 'buys', 0)}."
        )
    status = getattr(view, "status_lines", None)
    if callable(status):  # the game's own facts (tracks, market row, how it ends)
        lines += [str(x) for x in status()]
    owned = _attr(view, "owned", None)
    if owned is not None:
        lines.append(f"You own {_attr(view, 'n_cards', '?')} cards: {counts(owned)}.")
    if not compact:
        lines.append(f"Draw pile: {counts(_attr(view, 'deck_composition', {}) or {})}.")
        lines.append(f"Discard pile: {counts(_attr(view, 'discard_composition', {}) or {})}.")
    supply = _attr(view, "supply", None)
    if supply is not None:
        lines.append(_supply_line(supply, compact, victory_card))
    return "\n".join(lines)


def _supply_line(supply: Mapping[str, int], compact: bool, victory_card: str | None) -> str:
    """Cards left per Supply pile; the compact form names only the victory pile and low piles."""
    empty = [n for n, k in supply.items() if k == 0]
    if compact:
        low = {n: k for n, k in supply.items() if 0 < k <= 3 and n != victory_card}
        if victory_card:
            txt = f"Supply: {victory_card} {supply.get(victory_card, 0)} left"
            if low:
                txt += "; low piles: " + ", ".join(f"{n} {k}" for n, k in low.items())
        else:
            txt = "Supply: low piles: " + (", ".join(f"{n} {k}" for n, k in low.items()) or "none")
    else:
        txt = "Supply (cards left): " + ", ".join(f"{n} {k}" for n, k in supply.items() if k)
    if empty:
        txt += "; empty: " + ", ".join(empty)
    return txt + "."


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


def _choice_label(d: Decision, i: int, view: Any) -> str:
    """One numbered choice, with cost and pile size for buys and gains."""
    name = d.options[i]
    card = getattr(view, "card", None)
    if d.kind in ("buy", "gain") and callable(card):
        try:
            c = card(name)
            left = view.pile(name) if hasattr(view, "pile") else "?"
            return f"{i}: {name} (${c.cost}, {left} left)"
        except (KeyError, AttributeError):
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


def render_decision(d: Decision, view: Any, with_reason: bool = True) -> str:
    """The decision, its numbered legal choices, and the answer format."""
    head = f"Decision: {d.kind}"
    if d.card:
        head += f" (from {d.card})"
    note = d.prompt or _KIND_NOTE.get(d.kind, "")
    if d.kind == "buy" and d.limit is not None:
        note += f" You have ${d.limit}."
    elif d.kind == "gain" and d.limit is not None:
        note += f" Cost up to ${d.limit}."
    if d.target is not None and d.target != getattr(view, "seat", None):
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


_CHOICE_RE = re.compile(r'"?choice"?\s*[:=]\s*(\[[^\]]*\]?|-?\d+)', re.IGNORECASE)
_REASON_RE = re.compile(r'"reason"\s*:\s*"((?:[^"\\]|\\.)*)', re.IGNORECASE)
_NOTHING_WORDS = ("nothing", "none", "pass", "no ", "skip")


def _from_json_text(text: str) -> Any:
    """The first JSON object or array in `text`, or None."""
    s = text.strip()
    for i, ch in enumerate(s):
        if ch in "{[":
            try:
                return json.JSONDecoder().raw_decode(s[i:])[0]
            except ValueError:
                continue
    return None


def extract_answer(reply: Any, text: str = "") -> tuple[Any, str | None]:
    """The raw 'choice' value and the reason from parsed JSON or from free text."""
    value = reply if reply is not None else _from_json_text(text)
    if isinstance(value, dict) and "choice" in value:
        reason = value.get("reason")
        return value["choice"], reason if isinstance(reason, str) else None
    if isinstance(value, int | list) and not isinstance(value, bool):
        return value, None
    m = _CHOICE_RE.search(text)
    r = _REASON_RE.search(text)
    reason = r.group(1) if r else None
    if m:
        nums = [int(x) for x in re.findall(r"-?\d+", m.group(1))]
        return (nums if m.group(1).startswith("[") else nums[0]), reason
    return None, reason


def parse_answer(d: Decision, reply: Any, text: str = "") -> tuple[tuple[int, ...], str | None]:
    """Legal picks from a reply (parsed JSON or plain text), or AnswerError saying what's wrong."""
    raw, reason = extract_answer(reply, text)
    if raw is None:
        raw = _from_words(d, text)
    if raw is None:
        raise AnswerError('no choice found; answer with JSON like {"choice": 0}')
    skip = nothing_index(d)
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = [] if raw == skip else [raw]
    if isinstance(raw, list) and skip is not None and raw == [skip]:
        raw = []
    try:
        picks = validate_choice(d, raw)
    except IllegalChoiceError as e:
        raise AnswerError(str(e)) from None
    return picks, reason


def _from_words(d: Decision, text: str) -> Any:
    """A choice named in words: one option's name, a lone number, or 'nothing'."""
    low = text.lower()
    named = {i for i, o in enumerate(d.options) if o.lower() in low}
    names = {d.options[i] for i in named}
    if is_single_pick(d) and len(names) == 1:
        return min(named)
    nums = [int(x) for x in re.findall(r"\b\d+\b", text)]
    if is_single_pick(d) and len(nums) == 1:
        return nums[0]
    if not is_single_pick(d) and nums:
        return list(dict.fromkeys(nums))
    if d.min == 0 and any(w in low + " " for w in _NOTHING_WORDS):
        return []
    return None
