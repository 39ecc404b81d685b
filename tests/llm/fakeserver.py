"""A real HTTP server on 127.0.0.1 speaking OpenAI chat completions, with injectable faults.

Tests (and the benchmark) point the real `openai` client at it. A request with `"stream": true`
is answered as server-sent events, one chunk per word, `stream_interval` seconds apart. Faults
are queued per request: `server.push_faults("429", "500")` makes the next two requests fail that
way, then it answers normally. It records every request and the peak number of requests in flight.
"""

from __future__ import annotations

import json
import math
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = (
    "429",  # rate limited, with Retry-After (seconds, see retry_after)
    "500",  # internal server error
    "503",  # service unavailable
    "slow",  # answers after `slow_s` seconds (beyond the client's timeout)
    "reset",  # reads the request, then resets the TCP connection
    "malformed",  # 200 with a body that is not JSON
    "empty_choices",  # 200 with "choices": []
    "content_filter",  # 200 with finish_reason "content_filter"
    "refusal",  # 200 with a message.refusal
    "404_model",  # model not found
    "404_path",  # plain 404 (wrong base URL)
    "401",  # bad key; echoes the key it got, as some servers do
    "400",  # bad request
    "usage_abc",  # 200 whose usage.prompt_tokens is "abc"
    "usage_list",  # ... is a list
    "usage_huge",  # ... is 1e400
    "usage_negative",  # ... is -5
    "empty_content",  # 200 with content ""
    "null_content",  # 200 with content null
    "huge",  # 200 whose content is `huge_bytes` long
    "stall",  # a streamed reply that stops for `slow_s` seconds halfway
    "no_stream_usage",  # a streamed reply without the usage chunk
    "no_stream",  # answers a streaming request with plain JSON, as servers without streaming do
    "refuse_stream",  # 400 for stream_options, as some older servers answer
)


def _first_instance(schema: dict[str, Any]) -> Any:
    """A schema-valid value choosing the first option everywhere (the server's fake model)."""
    from gametest.llm.scripted import schema_instance

    return schema_instance(schema, lambda xs: xs[0])


def fake_logprobs(text: str, top: int) -> dict[str, Any]:
    """OpenAI-form token log-probabilities for a reply: digits are single tokens, and each digit
    puts 0.6 on itself and 0.2 on each neighbour (so an expected score is known: the digit)."""
    content = []
    for tok in re.findall(r"\d|[A-Za-z_]+|\s+|.", text, re.S):
        alts = [(tok, 0.0)]
        if tok.isdigit():
            d = int(tok)
            near = [str(d - 1)] if d > 1 else []
            near += [str(d + 1)] if d < 9 else []
            alts = [(tok, math.log(0.6 if len(near) == 2 else 0.8))]
            alts += [(n, math.log(0.2)) for n in near]
        content.append(
            {
                "token": tok,
                "logprob": alts[0][1],
                "bytes": list(tok.encode()),
                "top_logprobs": [{"token": t, "logprob": lp, "bytes": None} for t, lp in alts][
                    :top
                ],
            }
        )
    return {"content": content}


class FakeOpenAIServer:
    """Threaded chat-completions server; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        models: tuple[str, ...] | None = None,
        api_key: str | None = None,
        retry_after: str = "1",
        slow_s: float = 2.0,
        huge_bytes: int = 20 * 1024 * 1024,
        reply: Callable[[dict[str, Any]], str] | None = None,
        quiet: bool = True,
        stream_interval: float = 0.0,
    ) -> None:
        """`models` limits accepted model names (None: any); `api_key` makes the key required."""
        self.latency = latency
        self.models = models
        self.api_key = api_key
        self.retry_after = retry_after
        self.slow_s = slow_s
        self.huge_bytes = huge_bytes
        self.reply = reply
        self.quiet = quiet
        self.stream_interval = stream_interval
        self._faults: deque[str] = deque()
        self._lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.headers_seen: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.completions = 0
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------------------
    def push_faults(self, *names: str) -> None:
        """Queue faults for the next requests, in order."""
        for n in names:
            if n not in FAULTS:
                raise ValueError(f"unknown fault {n!r}")
        with self._lock:
            self._faults.extend(names)

    def _next_fault(self) -> str | None:
        """Pop the next queued fault."""
        with self._lock:
            return self._faults.popleft() if self._faults else None

    @property
    def port(self) -> int:
        """The ephemeral port the server listens on."""
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The OpenAI base URL (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        """Bind to 127.0.0.1 on a free port and serve in a daemon thread."""
        server = self

        class Handler(_Handler):
            fake = server

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.request_queue_size = 128
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOpenAIServer:
        """Start on entry."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop on exit."""
        self.stop()

    # -- behaviour -----------------------------------------------------------------------
    def answer_text(self, body: dict[str, Any]) -> str:
        """The fake model's reply: a schema instance for structured requests, else an echo."""
        if self.reply is not None:
            return self.reply(body)
        rf = body.get("response_format") or {}
        schema = None
        if rf.get("type") == "json_schema":
            schema = (rf.get("json_schema") or {}).get("schema")
        elif rf.get("type") == "json_object":
            schema = rf.get("schema")
        if schema is not None:
            return json.dumps(_first_instance(schema))
        msgs = body.get("messages") or [{}]
        return f"echo: {msgs[-1].get('content', '')}"


class _QuietServer(ThreadingHTTPServer):
    """Connection errors caused by injected faults or impatient clients are expected: no noise."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Drop the traceback socketserver would print."""


class _Handler(BaseHTTPRequestHandler):
    """Request handler; `fake` is bound to the owning FakeOpenAIServer by a subclass."""

    fake: FakeOpenAIServer
    _counted = False  # True while a POST is counted in fake.in_flight
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet unless asked."""
        if not self.fake.quiet:
            super().log_message(format, *args)

    def _send_json(
        self, status: int, obj: Any, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> None:
        """Send a JSON (or raw) body with Content-Length so keep-alive works."""
        data = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self._leave()
        self.wfile.write(data)

    def _error(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """An OpenAI-style error body."""
        self._send_json(
            status,
            {"error": {"message": message, "type": "invalid_request_error", "code": code}},
            headers,
        )

    def _key_ok(self) -> bool:
        """Check the bearer key when the server requires one; answer 401 if wrong."""
        if self.fake.api_key is None:
            return True
        got = self.headers.get("Authorization", "")
        if got == f"Bearer {self.fake.api_key}":
            return True
        sent = got.removeprefix("Bearer ")
        self._error(401, f"Incorrect API key provided: {sent}.", "invalid_api_key")
        return False

    def do_GET(self) -> None:
        """GET /v1/models lists the accepted models."""
        if not self.path.rstrip("/").endswith("/models"):
            self._error(404, "not found")
            return
        if not self._key_ok():
            return
        names = self.fake.models or ("fake-model",)
        self._send_json(
            200,
            {
                "object": "list",
                "data": [{"id": n, "object": "model", "owned_by": "fake"} for n in names],
            },
        )

    def do_POST(self) -> None:
        """POST /v1/chat/completions, with the next queued fault applied."""
        fake = self.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._error(404, "not found")
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._error(400, "body is not JSON")
            return
        with fake._lock:
            fake.requests.append(body)
            fake.headers_seen.append({k.lower(): v for k, v in self.headers.items()})
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        self._counted = True
        try:
            self._complete(body)
        finally:
            self._leave()

    def _leave(self) -> None:
        """Count this request out of in_flight, once, before its last bytes are sent.

        Once the client has the whole reply it may release its limiter slot and send the next
        request; counting out after the write would let that request be counted beside this one.
        """
        if self._counted:
            self._counted = False
            with self.fake._lock:
                self.fake.in_flight -= 1

    def _complete(self, body: dict[str, Any]) -> None:
        """Answer one chat-completions request."""
        fake = self.fake
        fault = fake._next_fault()
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if not self._key_ok():
            return
        model = str(body.get("model", ""))
        if fault == "404_model" or (fake.models is not None and model not in fake.models):
            self._error(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                "model_not_found",
            )
            return
        if fault == "404_path":
            self._send_json(404, None, raw=b"404 page not found")
            return
        if fault == "401":
            sent = self.headers.get("Authorization", "").removeprefix("Bearer ")
            self._error(401, f"Incorrect API key provided: {sent}.", "invalid_api_key")
            return
        if fault == "400":
            self._error(400, "Invalid value for 'temperature'.", "invalid_value")
            return
        if fault == "refuse_stream" and body.get("stream"):
            self._error(400, "Unrecognized request argument supplied: stream_options", None)
            return
        if fault == "429":
            self._error(
                429, "Rate limit reached.", "rate_limit_exceeded", {"Retry-After": fake.retry_after}
            )
            return
        if fault in ("500", "503"):
            self._error(int(fault), "The server had an error.", None)
            return
        if fault == "slow":
            time.sleep(fake.slow_s)
        elif fake.latency > 0:
            time.sleep(fake.latency)
        if fault == "malformed" and not body.get("stream"):
            self._send_json(200, None, raw=b'{"id": "x", "choices": [ {"message": ')
            return
        text = fake.answer_text(body)
        finish = "stop"
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if fault == "content_filter":
            finish, message["content"] = "content_filter", ""
        if fault == "refusal":
            message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
        if fault in ("empty_content", "null_content"):
            message["content"] = "" if fault == "empty_content" else None
        if fault == "huge":
            message["content"] = text = "x " * (fake.huge_bytes // 2)
        logprobs = (
            fake_logprobs(text, int(body.get("top_logprobs") or 5))
            if body.get("logprobs")
            else None
        )
        choices = (
            []
            if fault == "empty_choices"
            else [{"index": 0, "message": message, "finish_reason": finish, "logprobs": logprobs}]
        )
        prompt_tokens = sum(
            len(str(m.get("content", "")).split()) for m in body.get("messages", [])
        )
        with fake._lock:
            fake.completions += 1
        usage: dict[str, Any] = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(text.split()) if text else 0,
            "total_tokens": prompt_tokens + len(text.split()),
        }
        bad_usage = {"usage_abc": "abc", "usage_list": [1, 2], "usage_negative": -5}
        if fault in bad_usage:
            usage["prompt_tokens"] = bad_usage[fault]
        reply = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": choices,
            "usage": usage,
        }
        if fault == "usage_huge":  # json.dumps cannot write 1e400: splice it into the text
            usage["prompt_tokens"] = "HUGE"
        if body.get("stream") and fault != "no_stream":
            self._stream(
                reply, fault, bool((body.get("stream_options") or {}).get("include_usage"))
            )
            return
        self._send_json(200, reply, raw=json.dumps(reply).replace('"HUGE"', "1e400").encode())

    def _stream(self, reply: dict[str, Any], fault: str | None, with_usage: bool) -> None:
        """Send `reply` as chat.completion.chunk events, the way OpenAI streams it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        head = {k: reply[k] for k in ("id", "created", "model")}
        head["object"] = "chat.completion.chunk"
        events: list[dict[str, Any]] = []
        for choice in reply["choices"]:
            msg = choice["message"]
            text = msg.get("content") or ""
            if fault == "huge":  # word by word would take the server minutes
                pieces = [text[i : i + 65536] for i in range(0, len(text), 65536)]
            else:
                pieces = re.findall(r"\S+\s*|\s+", text)
            events.append({**head, "choices": [{"index": 0, "delta": {"role": "assistant"}}]})
            for piece in pieces:
                delta = {"content": piece}
                events.append({**head, "choices": [{"index": 0, "delta": delta}]})
            if msg.get("refusal"):
                delta = {"refusal": msg["refusal"]}
                events.append({**head, "choices": [{"index": 0, "delta": delta}]})
            last = {"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}
            last["logprobs"] = choice["logprobs"]
            events.append({**head, "choices": [last]})
        if with_usage and fault != "no_stream_usage":
            events.append({**head, "choices": [], "usage": reply["usage"]})
        try:
            for i, event in enumerate(events):
                if fault == "stall" and i == len(events) // 2:
                    time.sleep(self.fake.slow_s)
                elif i and self.fake.stream_interval:
                    time.sleep(self.fake.stream_interval)
                data = json.dumps(event).replace('"HUGE"', "1e400")
                if fault == "malformed" and i == 1:
                    data = data[: len(data) // 2]
                self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
            self._leave()
            self.wfile.write(b"data: [DONE]\n\n")
        except OSError:  # the client gave up (a stall test, or a capped huge reply)
            pass


def serve_forever(port_queue: Any, latency: float) -> None:
    """Run a server in another process (for the benchmark); puts its port on `port_queue`."""
    server = FakeOpenAIServer(latency=latency).start()
    port_queue.put(server.port)
    while True:
        time.sleep(3600)
