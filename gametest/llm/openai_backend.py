"""The OpenAI-compatible backend: the `openai` package's client against any chat-completions server.

One class reaches OpenAI, vLLM, Ollama, llama.cpp, LM Studio, OpenRouter and the like; presets
only fill in a default base URL, key variable and structured-output dialect. The client's own
retries are off: gametest's retry layer decides, so every retry is counted and bounded.
"""

from __future__ import annotations

import contextlib
import email.utils
import importlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gametest.llm.base import (
    CallOptions,
    ConfigError,
    LLMError,
    Message,
    RawReply,
    RefusalError,
    Usage,
    redact,
    register_secret,
)
from gametest.llm.retry import remaining_budget
from gametest.llm.sse import StreamOverdue, StreamTooLarge, fold_stream, iter_events

OPENAI_URL = "https://api.openai.com/v1"
MAX_REPLY_BYTES = 4 * 1024 * 1024  # a chat completion is a few KB; more is a broken server
MAX_TOKENS_REPORTED = 10**8  # usage counts above this are not counts
# A stream still coming after this many timeouts is a server trickling bytes, not answering.
STREAM_TIMEOUTS = 10
DUMMY_KEY = "no-key-needed"

# How a JSON schema is sent: "json_schema" is the OpenAI form (also vLLM, llama-server, Ollama,
# LM Studio); "json_object_schema" is llama-cpp-python's server form, which it turns into a
# grammar for constrained decoding; "none" sends no response_format and only parses the reply.
STRUCTURED_MODES = ("json_schema", "json_object_schema", "none")


@dataclass(frozen=True)
class Preset:
    """Defaults for one spec prefix: where the server usually listens and which key it needs."""

    prefix: str
    base_url: str | None
    api_key_env: str
    key_required: bool
    structured: str = "json_schema"
    default_concurrency: int = 8
    about: str = ""


PRESETS: dict[str, Preset] = {
    "openai": Preset(
        "openai",
        None,
        "OPENAI_API_KEY",
        False,
        about=("OpenAI or any compatible server; base URL from --base-url or OPENAI_BASE_URL"),
    ),
    "ollama": Preset(
        "ollama",
        "http://127.0.0.1:11434/v1",
        "OLLAMA_API_KEY",
        False,
        default_concurrency=2,
        about="Ollama on its default port",
    ),
    "llamacpp": Preset(
        "llamacpp",
        "http://127.0.0.1:8080/v1",
        "LLAMACPP_API_KEY",
        False,
        default_concurrency=2,
        about="llama.cpp's llama-server on its default port",
    ),
    "lmstudio": Preset(
        "lmstudio",
        "http://127.0.0.1:1234/v1",
        "LMSTUDIO_API_KEY",
        False,
        default_concurrency=2,
        about="LM Studio's local server",
    ),
    "vllm": Preset(
        "vllm",
        "http://127.0.0.1:8000/v1",
        "VLLM_API_KEY",
        False,
        default_concurrency=32,
        about="vLLM's OpenAI-compatible server",
    ),
    "openrouter": Preset(
        "openrouter",
        "https://openrouter.ai/api/v1",
        "OPENROUTER_API_KEY",
        True,
        about="OpenRouter (key in OPENROUTER_API_KEY)",
    ),
    "together": Preset(
        "together",
        "https://api.together.xyz/v1",
        "TOGETHER_API_KEY",
        True,
        about="Together AI (key in TOGETHER_API_KEY)",
    ),
}


def _http_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(timeout, any transport) exception types of the HTTP library under `openai`: a streamed
    body is read through it directly, so its errors are not wrapped in openai's own."""
    for name in ("httpx2", "httpx"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        return (mod.TimeoutException,), (mod.HTTPError, mod.StreamError)
    return (TimeoutError,), (OSError,)


def _read_capped(resp: Any, url: str) -> tuple[bytes, LLMError | None]:
    """The body of a streamed response, or an error once it passes MAX_REPLY_BYTES."""
    too_big = LLMError(
        f"reply from {url} is larger than {MAX_REPLY_BYTES // (1024 * 1024)} MB; "
        "lower max_tokens or check the server",
        kind="too_large",
    )
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        return b"", too_big
    chunks, size = [], 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            return b"", too_big
        chunks.append(chunk)
    return b"".join(chunks), None


def _server_message(err: Any) -> str:
    """The server's own error text from an openai APIStatusError, redacted and shortened."""
    body = getattr(err, "body", None)
    msg: Any = None
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        msg = inner.get("message") if isinstance(inner, Mapping) else inner
    elif body is not None:
        msg = body
    if not msg:
        msg = getattr(err, "message", "") or ""
    text = redact(" ".join(str(msg).split()))
    return text[:200] + ("..." if len(text) > 200 else "")


def _error_code(err: Any) -> str:
    """The server's machine-readable error code, if it gave one."""
    body = getattr(err, "body", None)
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        if isinstance(inner, Mapping):
            return str(inner.get("code") or inner.get("type") or "")
    return str(getattr(err, "code", "") or "")


def parse_retry_after(headers: Mapping[str, str] | Any) -> float | None:
    """Seconds to wait from Retry-After / retry-after-ms headers (number or HTTP date), if any."""
    if headers is None:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
        ra = headers.get("retry-after")
    except (AttributeError, ValueError):
        return None
    if ra is None:
        return None
    try:
        return max(0.0, float(ra))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(ra)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def parse_logprobs(raw: Any) -> list[dict[str, Any]] | None:
    """The answer's tokens with their log-probabilities and top alternatives, if the server
    sent them (`choices[0].logprobs.content`, the OpenAI form; llama.cpp servers use it too)."""
    content = raw.get("content") if isinstance(raw, Mapping) else None
    if not isinstance(content, list):
        return None
    out = []
    for t in content:
        if not isinstance(t, Mapping) or not isinstance(t.get("token"), str):
            return None
        top = [
            [str(a["token"]), float(a["logprob"])]
            for a in t.get("top_logprobs") or []
            if isinstance(a, Mapping) and "token" in a and a.get("logprob") is not None
        ]
        lp = t.get("logprob")
        out.append({"token": t["token"], "logprob": None if lp is None else float(lp), "top": top})
    return out


class OpenAICompatBackend:
    """Chat completions through `openai.OpenAI`; one client shared by all threads."""

    cacheable = True

    def __init__(
        self,
        model: str,
        *,
        prefix: str = "openai",
        base_url: str | None = None,
        api_key_env: str | None = None,
        timeout: float = 120.0,
        structured: str | None = None,
        concurrency: int | None = None,
        stream: bool = True,
        connect: bool = True,
    ) -> None:
        """Resolve URL and key from options, then the environment, then the preset defaults."""
        if not model:
            raise ConfigError(f"spec '{prefix}:' needs a model name, e.g. '{prefix}:MODEL'")
        preset = PRESETS.get(prefix, PRESETS["openai"])
        self.prefix = prefix
        self.model = model
        self.spec = f"{prefix}:{model}"
        self.timeout = float(timeout)
        # Streamed replies turn the timeout into a stall timeout: a server sending tokens is alive.
        self.stream = stream
        self.structured = structured or preset.structured
        if self.structured not in STRUCTURED_MODES:
            raise ConfigError(f"structured mode must be one of {', '.join(STRUCTURED_MODES)}")
        self.default_concurrency = concurrency or preset.default_concurrency
        url = base_url or (os.environ.get("OPENAI_BASE_URL") if prefix == "openai" else None)
        self.base_url = (url or preset.base_url or OPENAI_URL).rstrip("/")
        if not self.base_url.lower().startswith(("http://", "https://")):
            raise ConfigError(
                f"base URL '{self.base_url[:80]}' is not an http:// or https:// URL "
                "(--base-url / OPENAI_BASE_URL)"
            )
        self.key_env = api_key_env or preset.api_key_env
        key = os.environ.get(self.key_env) or None
        if api_key_env and key is None:
            raise ConfigError(
                f"{api_key_env} is unset; export it or name another variable with --api-key-env"
            )
        needs_key = preset.key_required or self.base_url == OPENAI_URL
        if key is None and needs_key:
            raise ConfigError(
                f"{self.key_env} is unset; export your key for {self.base_url} "
                "(or name another variable with --api-key-env)"
            )
        self._key_set = key is not None
        register_secret(key)
        self._api_key = key or DUMMY_KEY
        self._use_max_completion_tokens = self.base_url == OPENAI_URL
        self._client: Any = None
        if connect:
            self._make_client()

    def _make_client(self) -> None:
        """Build the openai client (no internal retries; our layer retries)."""
        try:
            import openai
        except ImportError:  # pragma: no cover - openai is a core dependency
            raise ConfigError("the 'openai' package is missing; pip install openai") from None
        self._client = openai.OpenAI(
            api_key=self._api_key, base_url=self.base_url, timeout=self.timeout, max_retries=0
        )

    def identity(self) -> str:
        """Endpoint kind, URL and structured dialect: never the key."""
        return f"openai-compatible|{self.base_url}|{self.structured}"

    def request_body(self, messages: Sequence[Message], options: CallOptions) -> dict[str, Any]:
        """The chat-completions parameters for one call."""
        kw: dict[str, Any] = {"model": self.model, "messages": [m.to_dict() for m in messages]}
        if options.temperature is not None:
            kw["temperature"] = options.temperature
        if options.top_p is not None:
            kw["top_p"] = options.top_p
        if options.max_tokens is not None:
            key = "max_completion_tokens" if self._use_max_completion_tokens else "max_tokens"
            kw[key] = options.max_tokens
        if options.seed is not None:
            kw["seed"] = options.seed
        if options.stop:
            kw["stop"] = list(options.stop)
        if options.logprobs:
            kw["logprobs"] = True
            kw["top_logprobs"] = options.logprobs
        if options.json_schema is not None:
            schema = dict(options.json_schema)
            if self.structured == "json_schema":
                kw["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": options.schema_name, "schema": schema, "strict": True},
                }
            elif self.structured == "json_object_schema":
                kw["response_format"] = {"type": "json_object", "schema": schema}
        return kw

    def complete(self, messages: Sequence[Message], options: CallOptions, sample: int) -> RawReply:
        """One HTTP round trip; map every failure to an LLMError that says what to fix."""
        if self._client is None:
            self._make_client()
        import openai

        timeout_errors, http_errors = _http_errors()
        timeouts: tuple[type[Exception], ...] = (openai.APITimeoutError, *timeout_errors)
        kw = self.request_body(messages, options)
        # Logprob calls (G-Eval judges) answer in a token or two: a stream gains them nothing.
        streamed = self.stream and not options.logprobs
        if streamed:
            kw["stream"] = True
            kw["stream_options"] = {"include_usage": True}
        timeout, cut = self.timeout, False
        # The budget caps the wait for the first byte and each stall, never a stream still coming.
        left = remaining_budget()
        if left is not None and left < timeout:
            if left <= 0.05:
                raise LLMError(f"retry budget spent before calling {self.base_url}", kind="timeout")
            timeout, cut = left, True
        failure: LLMError | None = None
        body: bytes | dict[str, Any] = b""
        try:
            with self._client.chat.completions.with_streaming_response.create(
                **kw, timeout=timeout
            ) as raw:
                resp = raw.http_response
                kind = str(resp.headers.get("content-type", ""))
                if streamed and kind.startswith("text/event-stream"):
                    body, failure = self._read_stream(resp)
                else:
                    body, failure = _read_capped(resp, self.base_url)
        except timeouts:
            why = "the rest of the retry budget" if cut else "timeout"
            what = "no data" if streamed else "no answer"
            failure = LLMError(
                f"{what} from {self.base_url} within {timeout:g}s ({why}); check the server "
                "load or raise the timeout (--timeout, --backend-opt timeout=S or [llm] timeout)",
                retryable=True,
                kind="timeout",
            )
        except http_errors as e:  # the body stopped arriving: a dropped connection
            failure = self._connection_error(e)
        except openai.APIConnectionError as e:
            failure = self._connection_error(e)
        except openai.APIStatusError as e:
            failure = self._status_error(e, options)
        except openai.OpenAIError as e:
            failure = LLMError(
                f"openai client error with {self.base_url}: {redact(str(e))[:200]}", kind="client"
            )
        refused = failure is not None and failure.kind == "bad_request" and streamed
        if refused and "stream" in str(failure).lower():
            self.stream = False  # a server that refuses streaming is asked without it
            return self.complete(messages, options, sample)
        if failure is not None:
            # Raised outside the except block: no __context__ holding the server's raw text.
            raise failure
        if isinstance(body, dict) and "error" not in body and body.get("usage") is None:
            # A server that streams without usage would make token counts silently zero: ask
            # this one without streaming from now on, and repeat this call that way.
            self.stream = False
            return self.complete(messages, options, sample)
        return self._parse(body)

    def _read_stream(self, resp: Any) -> tuple[dict[str, Any], LLMError | None]:
        """Fold a server-sent-event body into one completion object, within the byte cap."""
        limit = STREAM_TIMEOUTS * self.timeout
        try:
            deadline = time.monotonic() + limit
            fold = fold_stream(iter_events(resp.iter_bytes(), MAX_REPLY_BYTES, deadline))
        except StreamTooLarge:
            return {}, LLMError(
                f"reply from {self.base_url} is larger than {MAX_REPLY_BYTES // (1024 * 1024)} MB; "
                "lower max_tokens or check the server",
                kind="too_large",
            )
        except StreamOverdue:
            return {}, LLMError(
                f"reply from {self.base_url} still streaming after {limit:g}s "
                f"({STREAM_TIMEOUTS} x the timeout); raise the timeout (--timeout, --backend-opt "
                "timeout=S or [llm] timeout) or lower max_tokens",
                retryable=True,
                kind="timeout",
            )
        except ValueError:
            return {}, LLMError(
                f"malformed stream from {self.base_url}", retryable=True, kind="protocol"
            )
        return fold.completion(), None

    def _connection_error(self, e: Exception) -> LLMError:
        """Refused connections mean nothing listens at the URL; other drops are transient."""
        chain: list[BaseException] = []
        cur: BaseException | None = e
        while cur is not None and len(chain) < 6:
            chain.append(cur)
            cur = cur.__cause__ or cur.__context__
        names = " ".join(type(c).__name__ for c in chain)
        texts = " ".join(str(c) for c in chain).lower()
        if "ConnectError" in names or "refused" in texts:
            return LLMError(
                f"no server answers at {self.base_url} (connection refused); start it "
                "or fix the URL (--base-url / OPENAI_BASE_URL)",
                retryable=True,
                kind="connect",
            )
        last = redact(type(chain[-1]).__name__)
        return LLMError(
            f"connection to {self.base_url} dropped ({last})", retryable=True, kind="connection"
        )

    def _status_error(self, e: Any, options: CallOptions) -> LLMError:
        """Map an HTTP error status to retryable (429, 5xx) or a one-line what-to-fix error."""
        status = int(getattr(e, "status_code", 0) or 0)
        msg = _server_message(e)
        code = _error_code(e)
        url = self.base_url
        headers = getattr(getattr(e, "response", None), "headers", None)
        if status == 429:
            if code == "insufficient_quota" or "quota" in msg.lower():
                return LLMError(
                    f"quota exhausted at {url} (429): {msg}; check the account's billing",
                    status=429,
                    kind="quota",
                )
            return LLMError(
                f"rate limited by {url} (429)",
                retryable=True,
                retry_after=parse_retry_after(headers),
                status=429,
                kind="rate_limit",
            )
        if status == 401:
            if self._key_set:
                what = f"the server at {url} rejected the key in {self.key_env} (401); check it"
            else:
                what = (
                    f"{self.key_env} is unset and the server at {url} wants a key (401); "
                    "export it or name another variable with --api-key-env"
                )
            return LLMError(what, status=401, kind="auth")
        if status == 403:
            return LLMError(
                f"access to model '{self.model}' denied at {url} (403): {msg}",
                status=403,
                kind="auth",
            )
        if status == 404:
            if "model" in msg.lower() or code == "model_not_found":
                return LLMError(
                    f"model '{self.model}' not found at {url} (404); check the name "
                    "(GET /models lists what the server has)",
                    status=404,
                    kind="not_found",
                )
            return LLMError(
                f"{url} answered 404 for chat/completions; is the base URL right "
                "(it usually ends in /v1)?",
                status=404,
                kind="not_found",
            )
        if status in (400, 422):
            hint = ""
            if options.json_schema is not None and "response_format" in msg.lower():
                hint = "; the server may not support JSON-schema output"
            return LLMError(
                f"the server at {url} rejected the request ({status}): {msg}{hint}",
                status=status,
                kind="bad_request",
            )
        if status in (408, 409) or status >= 500:
            return LLMError(
                f"server error at {url} ({status}): {msg}",
                retryable=True,
                retry_after=parse_retry_after(headers),
                status=status,
                kind="server",
            )
        return LLMError(f"unexpected HTTP {status} from {url}: {msg}", status=status)

    def _parse(self, body: bytes | dict[str, Any]) -> RawReply:
        """Read a chat-completions JSON body; malformed or empty answers are transient errors."""
        if isinstance(body, dict):
            return self._reply(body)
        try:
            data = json.loads(body)
        except ValueError:
            snippet = redact(body[:80].decode("utf-8", "replace"))
            raise LLMError(
                f"malformed JSON from {self.base_url}: {snippet!r}", retryable=True, kind="protocol"
            ) from None
        if not isinstance(data, dict):
            raise LLMError(
                f"unexpected reply from {self.base_url}: not a JSON object",
                retryable=True,
                kind="protocol",
            )
        return self._reply(data)

    def _reply(self, data: dict[str, Any]) -> RawReply:
        """A chat-completion object as a reply; errors, refusals and empty answers raise."""
        if data.get("error"):
            err = data["error"]
            text = err.get("message") if isinstance(err, dict) else err
            raise LLMError(
                f"server error at {self.base_url}: {redact(str(text))[:200]}",
                retryable=True,
                kind="server",
            )
        choices = data.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise LLMError(f"{self.base_url} returned no choices", retryable=True, kind="protocol")
        choice = choices[0]
        message = choice.get("message") or {}
        finish = choice.get("finish_reason")
        refusal = message.get("refusal") if isinstance(message, dict) else None
        if finish == "content_filter" or refusal:
            why = f": {redact(str(refusal))[:200]}" if refusal else ""
            raise RefusalError(
                f"model '{self.model}' refused or its answer was filtered "
                f"(finish_reason={finish}){why}"
            )
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, str) or not content.strip():
            raise LLMError(
                f"{self.base_url} returned an empty answer (finish_reason={finish})",
                retryable=True,
                kind="empty",
            )
        return RawReply(
            text=content,
            finish_reason=finish,
            model=str(data.get("model") or self.model),
            usage=self._usage(data.get("usage")),
            logprobs=parse_logprobs(choice.get("logprobs")),
        )

    def _usage(self, usage: Any) -> Usage:
        """Token counts from a reply; anything but whole numbers 0..10^8 is a protocol error."""
        usage = usage or {}
        counts = []
        for key in ("prompt_tokens", "completion_tokens"):
            v = usage.get(key) if isinstance(usage, dict) else "?"
            v = 0 if v is None else v
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_TOKENS_REPORTED:
                raise LLMError(
                    f"malformed usage from {self.base_url}: {key} is {str(v)[:40]!r}",
                    retryable=True,
                    kind="protocol",
                )
            counts.append(v)
        return Usage(counts[0], counts[1])

    def list_models(self) -> list[str]:
        """Model ids the server lists (GET /models), for `gametest llm check`."""
        if self._client is None:
            self._make_client()
        import openai

        failure: LLMError | None = None
        try:
            page = self._client.models.list()
            return [m.id for m in page.data]
        except openai.APITimeoutError:
            failure = LLMError(
                f"no answer from {self.base_url} within {self.timeout:g}s",
                retryable=True,
                kind="timeout",
            )
        except openai.APIConnectionError as e:
            failure = self._connection_error(e)
        except openai.APIStatusError as e:
            failure = self._status_error(e, CallOptions())
        raise failure

    def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None
