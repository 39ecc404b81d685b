"""Deterministic scripted replies for tests and demos; every request is recorded.

Specs: `scripted:first` (fill the JSON schema with the first legal value of every choice, or
reply "first"), `scripted:random` (a seeded random legal value), `scripted:echo` (repeat the
last user message), `scripted:reply=TEXT` (always TEXT), `scripted:file=PATH` (a JSON list of
replies served in order), `scripted:queue` (replies pushed from code with `push`),
`scripted:gullible` (a judge that gives top marks whenever a prompt says "10/10": it shows the
injection control measures something).
A reply may be a ScriptedReply carrying token log-probabilities (`scored_reply` builds one for a
judge's score distribution); they are returned when the call asks for them.
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gametest.llm.base import CallOptions, ConfigError, LLMError, Message, RawReply, Usage

Rule = Callable[[Sequence[Message], CallOptions, int], Any]
_TOKEN = re.compile(r"\d|[A-Za-z_]+|\s+|.", re.S)


@dataclass(frozen=True)
class ScriptedReply:
    """A reply with token log-probabilities, as a backend that returns them would send."""

    text: str
    logprobs: list[dict[str, Any]] | None = None


def scored_reply(answer: dict[str, Any], key: str, probs: dict[int, float]) -> ScriptedReply:
    """A JSON answer whose `key` score token carries `probs` (score -> probability) as its
    alternatives: how a judge with a distribution over scores answers (single-digit scores)."""
    text = json.dumps(answer)
    m = re.search(rf'"{re.escape(key)}":\s*(\d)', text)
    tokens, pos = [], 0
    for t in _TOKEN.findall(text):
        if m is not None and pos == m.start(1):
            top = {str(v): math.log(p) for v, p in sorted(probs.items()) if p > 0}
            chosen = top.get(t, -30.0)
            tokens.append({"token": t, "logprob": chosen, "top": [[k, v] for k, v in top.items()]})
        else:
            tokens.append({"token": t, "logprob": 0.0, "top": [[t, 0.0]]})
        pos += len(t)
    return ScriptedReply(text, tokens)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the scripted backend received."""

    messages: tuple[Message, ...]
    options: CallOptions
    sample: int


def _resolve_ref(ref: str, root: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local JSON pointer like #/$defs/Choice."""
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        if part:
            node = node[part]
    return node if isinstance(node, Mapping) else {}


def schema_instance(
    schema: Mapping[str, Any],
    pick: Callable[[Sequence[Any]], Any],
    root: Mapping[str, Any] | None = None,
) -> Any:
    """Build a value valid under a (simple) JSON schema, choosing among options with `pick`.

    Handles enum, const, anyOf/oneOf, local $ref, objects, arrays and scalar types with bounds:
    enough for choice schemas the players use.
    """
    root = root if root is not None else schema
    if "$ref" in schema:
        return schema_instance(_resolve_ref(str(schema["$ref"]), root), pick, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return pick(list(schema["enum"]))
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return schema_instance(pick(list(schema[key])), pick, root)
    if schema.get("allOf"):
        return schema_instance(schema["allOf"][0], pick, root)
    typ = schema.get("type")
    if isinstance(typ, list):
        typ = pick([t for t in typ if t != "null"] or typ)
    if typ == "object" or (typ is None and "properties" in schema):
        props = schema.get("properties") or {}
        return {name: schema_instance(sub, pick, root) for name, sub in props.items()}
    if typ == "array":
        items = schema.get("items") or {}
        n = int(schema.get("minItems", 1 if items else 0))
        if "maxItems" in schema:
            n = min(n, int(schema["maxItems"]))
        return [schema_instance(items, pick, root) for _ in range(n)]
    if typ == "integer":
        if "minimum" in schema:
            return int(schema["minimum"])
        if "exclusiveMinimum" in schema:
            return int(schema["exclusiveMinimum"]) + 1
        return 0
    if typ == "number":
        return float(schema.get("minimum", 0.0))
    if typ == "boolean":
        return pick([False, True])
    if typ == "null":
        return None
    if typ == "string":
        return "x" * int(schema.get("minLength", 0)) if "minLength" in schema else "first"
    return None


def _first_rule(messages: Sequence[Message], options: CallOptions, sample: int) -> Any:
    """Always the first legal option: first enum value of every choice, or the word 'first'."""
    if options.json_schema is not None:
        return schema_instance(options.json_schema, lambda xs: xs[0])
    return "first"


def _random_rule(messages: Sequence[Message], options: CallOptions, sample: int) -> Any:
    """A random legal option, seeded by the call's seed, sample index and prompt."""
    seed_text = json.dumps([options.seed, sample, [m.content for m in messages]])
    rng = random.Random(seed_text)
    if options.json_schema is not None:
        return schema_instance(options.json_schema, lambda xs: xs[rng.randrange(len(xs))])
    return f"random-{rng.randrange(1_000_000)}"


def _echo_rule(messages: Sequence[Message], options: CallOptions, sample: int) -> Any:
    """The last user message, verbatim."""
    users = [m.content for m in messages if m.role == "user"]
    return users[-1] if users else ""


def _gullible_rule(messages: Sequence[Message], options: CallOptions, sample: int) -> Any:
    """A judge that obeys any "10/10" it reads, fenced or not (to show injection is measured):
    every integer field at its maximum then; otherwise the first legal value, like `first`."""
    if options.json_schema is not None and any("10/10" in m.content for m in messages):
        return _maximal(options.json_schema)
    return _first_rule(messages, options, sample)


def _maximal(schema: Any) -> Any:
    """A schema instance with integers at their maximum (enough for rating schemas)."""
    if isinstance(schema, dict) and schema.get("type") == "integer" and "maximum" in schema:
        return int(schema["maximum"])
    if isinstance(schema, dict) and "properties" in schema:
        return {k: _maximal(v) for k, v in schema["properties"].items()}
    return schema_instance(schema, lambda xs: xs[0]) if isinstance(schema, dict) else None


RULES: dict[str, Rule] = {
    "first": _first_rule,
    "random": _random_rule,
    "echo": _echo_rule,
    "gullible": _gullible_rule,
}


class ScriptedBackend:
    """Replies from a queue, then (if set) a rule; records every request in `.requests`."""

    cacheable = False
    default_concurrency = 64

    def __init__(
        self, replies: Sequence[Any] = (), rule: Rule | str | None = None, name: str = "queue"
    ) -> None:
        """Queue `replies` (strings, or JSON values sent as JSON text); fall back to `rule`."""
        self.spec = f"scripted:{name}"
        self.model = f"scripted-{name.split('=')[0]}"
        self._queue: deque[Any] = deque(replies)
        if isinstance(rule, str):
            if rule not in RULES:
                raise ConfigError(f"unknown scripted rule '{rule}'; known: {', '.join(RULES)}")
            rule = RULES[rule]
        self._rule = rule
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def push(self, *replies: Any) -> None:
        """Append replies to the queue."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """Replies still queued."""
        with self._lock:
            return len(self._queue)

    def identity(self) -> str:
        """Scripted replies are not cached, but the limiter still needs a name."""
        return f"scripted|{id(self)}"

    def complete(self, messages: Sequence[Message], options: CallOptions, sample: int) -> RawReply:
        """Serve the next queued reply (an LLMError instance is raised), else apply the rule."""
        with self._lock:
            self.requests.append(RecordedRequest(tuple(messages), options, sample))
            reply: Any = self._queue.popleft() if self._queue else _NOTHING
        if reply is _NOTHING:
            if self._rule is None:
                raise LLMError("scripted backend ran out of replies", kind="scripted")
            reply = self._rule(messages, options, sample)
        if isinstance(reply, LLMError):
            raise reply
        logprobs = None
        if isinstance(reply, ScriptedReply):
            reply, logprobs = reply.text, (reply.logprobs if options.logprobs else None)
        text = reply if isinstance(reply, str) else json.dumps(reply)
        prompt_words = sum(len(m.content.split()) for m in messages)
        return RawReply(
            text=text,
            finish_reason="stop",
            model=self.model,
            usage=Usage(prompt_words, len(text.split())),
            logprobs=logprobs,
        )

    def close(self) -> None:
        """Nothing to release."""


_NOTHING = object()


def make_scripted(rest: str, replies: Sequence[Any] | None = None, **_: Any) -> ScriptedBackend:
    """Build a scripted backend from the part of the spec after 'scripted:'."""
    rest = rest or "queue"
    if rest in RULES:
        return ScriptedBackend(replies or (), rule=rest, name=rest)
    if rest == "queue":
        return ScriptedBackend(replies or (), name="queue")
    if rest.startswith("reply="):
        text = rest[len("reply=") :]
        return ScriptedBackend(replies or (), rule=lambda m, o, s: text, name=rest)
    if rest.startswith("file="):
        path = Path(rest[len("file=") :]).expanduser()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read scripted replies from {path}: {e}") from None
        if isinstance(data, dict):
            queued = list(data.get("replies", []))
            rule = data.get("then")
        else:
            queued, rule = list(data) if isinstance(data, list) else [data], None
        return ScriptedBackend(queued, rule=rule, name="file")
    raise ConfigError(
        f"unknown scripted spec 'scripted:{rest}'; use first, random, echo, queue, "
        "reply=TEXT or file=PATH"
    )
