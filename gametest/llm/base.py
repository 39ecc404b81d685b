"""Core types of the LLM layer: messages, call options, completions, the backend protocol, errors.

Every backend speaks these types, so players, advice writers and judges never see a vendor SDK.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from gametest.engine.errors import GametestError

ROLES = ("system", "user", "assistant")


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message: a role (system, user or assistant) and its text."""

    role: str
    content: str

    def to_dict(self) -> dict[str, str]:
        """Return the OpenAI wire form {"role": ..., "content": ...}."""
        return {"role": self.role, "content": self.content}


MessageLike = Message | Mapping[str, str]


def as_messages(messages: Sequence[MessageLike] | str) -> list[Message]:
    """Normalise a prompt string, dicts or Messages into a list of Messages, checking roles."""
    if isinstance(messages, str):
        return [Message("user", messages)]
    out: list[Message] = []
    for m in messages:
        msg = m if isinstance(m, Message) else Message(str(m["role"]), str(m["content"]))
        if msg.role not in ROLES:
            raise LLMError(f"message role must be one of {', '.join(ROLES)}, got {msg.role!r}")
        out.append(msg)
    if not out:
        raise LLMError("a request needs at least one message")
    return out


@dataclass(frozen=True, slots=True)
class CallOptions:
    """Sampling options of one call; all of them take part in the cache key."""

    temperature: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: tuple[str, ...] | None = None
    json_schema: Mapping[str, Any] | None = None
    schema_name: str = "answer"
    top_p: float | None = None
    logprobs: int | None = None  # ask for the top-N alternatives of every answer token

    def __post_init__(self) -> None:
        """Accept a list or a single string for `stop`; store a tuple (hashable, stable)."""
        if isinstance(self.stop, str):
            object.__setattr__(self, "stop", (self.stop,))
        elif self.stop is not None and not isinstance(self.stop, tuple):
            object.__setattr__(self, "stop", tuple(self.stop))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (used for cache keys and call logs)."""
        d = asdict(self)
        d["stop"] = list(self.stop) if self.stop is not None else None
        d["json_schema"] = dict(self.json_schema) if self.json_schema is not None else None
        if self.logprobs is None:
            del d["logprobs"]  # cache keys of calls without token probabilities stay as they were
        return d


Options = CallOptions


@dataclass(slots=True)
class Usage:
    """Tokens of one call as the server reported them (0 when it did not say)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens


# One answer token and its most likely alternatives: {"token", "logprob", "top": [[t, lp], ...]}.
TokenLogprob = dict[str, Any]


@dataclass(slots=True)
class RawReply:
    """What one backend attempt returns before the client adds caching, retries and parsing."""

    text: str
    finish_reason: str | None
    model: str
    usage: Usage = field(default_factory=Usage)
    logprobs: list[TokenLogprob] | None = None


@dataclass(slots=True)
class Completion:
    """The answer to one call, with the bookkeeping the harness reports."""

    text: str
    finish_reason: str | None
    model: str
    usage: Usage
    json: Any = None
    cached: bool = False
    latency_s: float = 0.0
    retries: int = 0
    sample: int = 0
    key: str = ""
    logprobs: list[TokenLogprob] | None = None

    def to_record(self) -> dict[str, Any]:
        """Return the JSON-ready form stored in the cache and the call log."""
        rec = {
            "text": self.text,
            "finish_reason": self.finish_reason,
            "model": self.model,
            "usage": {
                "prompt_tokens": self.usage.prompt_tokens,
                "completion_tokens": self.usage.completion_tokens,
            },
            "json": self.json,
        }
        if self.logprobs is not None:
            rec["logprobs"] = self.logprobs
        return rec

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Completion:
        """Rebuild a Completion from `to_record` output (a cache hit)."""
        u = rec.get("usage") or {}
        return cls(
            text=str(rec.get("text", "")),
            finish_reason=rec.get("finish_reason"),
            model=str(rec.get("model", "")),
            usage=Usage(int(u.get("prompt_tokens", 0)), int(u.get("completion_tokens", 0))),
            json=rec.get("json"),
            logprobs=rec.get("logprobs"),
        )


class LLMError(GametestError):
    """A failed LLM call: a one-line message saying what to fix, and whether a retry may help.

    A GametestError, so every command reports it as one line with exit status 2."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
        kind: str = "error",
    ) -> None:
        """Keep the message to one line; `retry_after` is the server's hint in seconds, if any."""
        one_line = redact(" ".join(str(message).split()))
        super().__init__(one_line)
        self.message = one_line
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
        self.kind = kind
        self.retries = 0  # set by the retry layer: retries made before giving up

    def __str__(self) -> str:
        """The one-line message."""
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with keyword fields so errors cross process boundaries intact."""
        return (
            _rebuild_error,
            (type(self), self.message, self.retryable, self.retry_after, self.status, self.kind),
            dict(self.__dict__),
        )


def _rebuild_error(
    cls: type[LLMError],
    message: str,
    retryable: bool,
    retry_after: float | None,
    status: int | None,
    kind: str,
) -> LLMError:
    """Unpickle helper for LLMError and its subclasses."""
    err = cls.__new__(cls)
    LLMError.__init__(
        err, message, retryable=retryable, retry_after=retry_after, status=status, kind=kind
    )
    return err


class ConfigError(LLMError):
    """A setup problem (unknown spec, missing key, missing package): retrying cannot help."""

    def __init__(self, message: str) -> None:
        """Never retryable."""
        super().__init__(message, retryable=False, kind="config")


class RefusalError(LLMError):
    """The model refused, or its answer was filtered (finish reason `content_filter`)."""

    def __init__(self, message: str) -> None:
        """Not retryable: the same request would be refused again."""
        super().__init__(message, retryable=False, kind="refusal")


class SchemaError(LLMError):
    """The reply does not parse as JSON matching the requested schema; `.text` holds the reply."""

    def __init__(self, message: str, text: str) -> None:
        """Keep the offending text for callers that want to repair or log it."""
        super().__init__(message, retryable=False, kind="schema")
        self.text = text
        self.usage: Usage | None = None  # the reply's token counts, set by the client


@runtime_checkable
class Backend(Protocol):
    """One way of reaching a model; `complete` makes exactly one attempt (the client retries)."""

    spec: str
    model: str
    default_concurrency: int
    cacheable: bool

    def identity(self) -> str:
        """A stable, secret-free name of the endpoint (for cache and limiter keys)."""
        ...

    def complete(self, messages: Sequence[Message], options: CallOptions, sample: int) -> RawReply:
        """Make one attempt; raise LLMError (with `.retryable`) on failure."""
        ...

    def close(self) -> None:
        """Release connections; must be safe to call twice."""
        ...


def canonical_json(obj: Any) -> str:
    """Serialise with sorted keys and no whitespace, so equal requests hash equally."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


_secrets: set[str] = set()
_SECRET_PATTERNS = re.compile(r"(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+)")


def register_secret(value: str | None) -> None:
    """Remember an API key so `redact` scrubs it from every log line, record and error."""
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    """Replace known API keys, and anything shaped like one, with "***"."""
    for s in tuple(_secrets):
        if s in text:
            text = text.replace(s, "***")
    if "sk-" in text or "Bearer" in text:
        text = _SECRET_PATTERNS.sub("***", text)
    return text
