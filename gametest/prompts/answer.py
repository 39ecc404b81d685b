"""A model's reply to a decision prompt, read forgivingly: JSON, a number or a card name."""

from __future__ import annotations

import json
import re
from typing import Any

from gametest.engine.decision import Decision, IllegalChoiceError, validate_choice
from gametest.prompts.decision import is_single_pick, nothing_index


class AnswerError(ValueError):
    """A reply that does not name a legal choice; the message says why, for the re-ask."""


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
