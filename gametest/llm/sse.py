"""Streamed chat completions: read server-sent events and fold the chunks into one completion.

A streamed reply proves the server is alive with every token, so the HTTP read timeout becomes a
stall timeout (a stream that keeps coming is not cut; one that stops is). The fold gives back
the same JSON object a non-streamed call returns (content, finish reason, refusal, logprobs,
usage), so parsing, caching and the call log do not change.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


class StreamTooLarge(Exception):
    """The stream passed its byte cap."""


class StreamOverdue(Exception):
    """The stream was still arriving at its deadline (a server trickling bytes forever)."""


def iter_events(
    chunks: Iterable[bytes], max_bytes: int, deadline: float | None = None
) -> Iterator[str]:
    """The `data:` payload of each event, enforcing the byte cap and the deadline
    (time.monotonic()) as bytes come."""
    size, buf = 0, b""
    data: list[str] = []
    for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise StreamTooLarge
        if deadline is not None and time.monotonic() > deadline:
            raise StreamOverdue
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            line = raw.rstrip(b"\r").decode("utf-8", "replace")
            if not line:
                if data:
                    yield "\n".join(data)
                    data = []
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
    tail = buf.rstrip(b"\r").decode("utf-8", "replace")
    if tail.startswith("data:"):
        data.append(tail[5:].removeprefix(" "))
    if data:
        yield "\n".join(data)


@dataclass
class Fold:
    """The parts of a chat completion gathered from its chunks."""

    model: str | None = None
    content: list[str] = field(default_factory=list)
    refusal: list[str] = field(default_factory=list)
    finish_reason: str | None = None
    logprobs: list[Any] | None = None
    usage: Any = None
    error: Any = None
    chunks: int = 0

    def add(self, chunk: Any) -> None:
        """Fold one decoded chunk in; anything that is not a chunk object is a protocol error."""
        if not isinstance(chunk, dict):
            raise ValueError("a streamed chunk is not a JSON object")
        self.chunks += 1
        if chunk.get("error"):
            self.error = chunk["error"]
        if isinstance(chunk.get("model"), str):
            self.model = chunk["model"]
        if chunk.get("usage") is not None:
            self.usage = chunk["usage"]
        choices = chunk.get("choices")
        if not isinstance(choices, list) or not choices:
            return
        choice = choices[0]
        if not isinstance(choice, dict):
            raise ValueError("a streamed choice is not a JSON object")
        delta = choice.get("delta")
        if isinstance(delta, dict):
            if isinstance(delta.get("content"), str):
                self.content.append(delta["content"])
            if isinstance(delta.get("refusal"), str):
                self.refusal.append(delta["refusal"])
        if choice.get("finish_reason") is not None:
            self.finish_reason = choice["finish_reason"]
        lp = choice.get("logprobs")
        if isinstance(lp, dict) and isinstance(lp.get("content"), list):
            self.logprobs = (self.logprobs or []) + lp["content"]

    def completion(self) -> dict[str, Any]:
        """The non-streamed chat-completion object these chunks add up to."""
        if self.error is not None:
            return {"error": self.error}
        message: dict[str, Any] = {"role": "assistant", "content": "".join(self.content)}
        if self.refusal:
            message["refusal"] = "".join(self.refusal)
        choice: dict[str, Any] = {"index": 0, "message": message}
        choice["finish_reason"] = self.finish_reason
        choice["logprobs"] = None if self.logprobs is None else {"content": self.logprobs}
        out: dict[str, Any] = {"choices": [choice] if self.chunks else []}
        if self.model is not None:
            out["model"] = self.model
        if self.usage is not None:
            out["usage"] = self.usage
        return out


def fold_stream(events: Iterable[str]) -> Fold:
    """Decode each event's JSON and fold it; `[DONE]` ends the stream."""
    fold = Fold()
    for payload in events:
        if payload.strip() == "[DONE]":
            break
        fold.add(json.loads(payload))
    return fold
