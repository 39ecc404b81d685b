"""LLMClient: one call path (cache -> limiter -> retries -> backend -> parse -> log -> usage).

`complete` is synchronous and thread-safe, so many games can call it from a thread pool;
`complete_many` runs a batch concurrently under the backend's concurrency limit.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gametest.llm.base import (
    Backend,
    CallOptions,
    Completion,
    LLMError,
    Message,
    MessageLike,
    RawReply,
    SchemaError,
    as_messages,
    canonical_json,
    redact,
)
from gametest.llm.cache import ResponseCache, cache_key, default_cache_dir
from gametest.llm.calllog import CallLog
from gametest.llm.limits import Limiter, limiter_for
from gametest.llm.registry import get_backend
from gametest.llm.retry import RetryPolicy, call_with_retries
from gametest.llm.usage import PriceTable, UsageTracker

log = logging.getLogger("gametest.llm")


@dataclass(frozen=True)
class Request:
    """One call for `complete_many`."""

    messages: Sequence[MessageLike] | str
    options: CallOptions = field(default_factory=CallOptions)
    sample: int = 0


_validators_lock = threading.Lock()
_validators: dict[str, Any] = {}


def _validator(schema: Mapping[str, Any]) -> Any:
    """A compiled jsonschema validator, memoised by the schema's canonical text."""
    key = canonical_json(schema)
    with _validators_lock:
        v = _validators.get(key)
    if v is None:
        import jsonschema

        cls = jsonschema.validators.validator_for(schema)
        v = cls(schema)
        with _validators_lock:
            _validators[key] = v
    return v


def _loads_lenient(text: str) -> Any:
    """Parse JSON, also from inside a ```json fence or surrounded by prose; raise ValueError."""
    s = text.strip()
    try:
        return json.loads(s)
    except ValueError:
        pass
    if "```" in s:
        inner = s.split("```", 2)[1]
        inner = inner[4:] if inner.startswith("json") else inner
        try:
            return json.loads(inner.strip())
        except ValueError:
            pass
    for open_c, close_c in (("{", "}"), ("[", "]")):
        i, j = s.find(open_c), s.rfind(close_c)
        if 0 <= i < j:
            try:
                return json.loads(s[i : j + 1])
            except ValueError:
                continue
    raise ValueError("no JSON value found")


def parse_structured(text: str, schema: Mapping[str, Any], finish_reason: str | None) -> Any:
    """The reply as JSON valid under `schema`, or SchemaError saying why not."""
    try:
        value = _loads_lenient(text)
    except ValueError:
        cut = " (cut off at max_tokens; raise it)" if finish_reason == "length" else ""
        raise SchemaError(f"reply is not valid JSON{cut}: {text[:80]!r}", text) from None
    errors = sorted(_validator(schema).iter_errors(value), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.path) or "(root)"
        raise SchemaError(f"reply does not match the schema at {where}: {e.message[:120]}", text)
    return value


class LLMClient:
    """Calls one backend with caching, concurrency/RPM limits, retries, call logging and usage."""

    def __init__(
        self,
        backend: Backend,
        *,
        cache: ResponseCache | None = None,
        refresh_cache: bool = False,
        call_log: CallLog | None = None,
        retry: RetryPolicy | None = None,
        concurrency: int | None = None,
        rpm: float | None = None,
        prices: PriceTable | None = None,
    ) -> None:
        """Wire the pieces; the limiter is shared with other clients of the same endpoint."""
        self.backend = backend
        self.spec = backend.spec
        self.cache = cache if backend.cacheable else None
        self._own_cache = cache
        self.refresh_cache = refresh_cache
        self.call_log = call_log
        self.retry = retry or RetryPolicy()
        self.limiter: Limiter = limiter_for(
            backend.identity(), concurrency, backend.default_concurrency, rpm
        )
        self.usage = UsageTracker(backend.spec, prices)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> LLMClient:
        """Use as a context manager; `close` runs on exit."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on leaving the with-block, error or not."""
        self.close()

    def complete(
        self,
        messages: Sequence[MessageLike] | str,
        options: CallOptions | None = None,
        sample: int = 0,
    ) -> Completion:
        """One completion; cached when the same request and sample index were answered before."""
        msgs = as_messages(messages)
        opts = options or CallOptions()
        t0 = time.perf_counter()
        key = ""
        if self.cache is not None:
            key = cache_key(self.backend.identity(), self.backend.model, msgs, opts, sample)
            if not self.refresh_cache:
                rec = self.cache.get(key)
                if rec is not None:
                    c = Completion.from_record(rec)
                    c.cached, c.sample, c.key = True, sample, key
                    c.latency_s = time.perf_counter() - t0
                    cost = self.usage.record(
                        prompt_tokens=c.usage.prompt_tokens,
                        completion_tokens=c.usage.completion_tokens,
                        latency_s=c.latency_s,
                        retries=0,
                        cached=True,
                    )
                    self._log(msgs, opts, sample, key, c, cost, None)
                    return c
        retries = 0
        try:
            raw, retries = call_with_retries(
                lambda: self._attempt(msgs, opts, sample), self.retry, self._on_retry
            )
            try:
                parsed = (
                    parse_structured(raw.text, opts.json_schema, raw.finish_reason)
                    if opts.json_schema is not None
                    else None
                )
            except SchemaError as bad:
                bad.usage = raw.usage  # the model did answer: its tokens still count
                raise
        except LLMError as err:
            latency = time.perf_counter() - t0
            retries = max(retries, err.retries)
            used = err.usage if isinstance(err, SchemaError) else None
            self.usage.record(
                prompt_tokens=used.prompt_tokens if used else 0,
                completion_tokens=used.completion_tokens if used else 0,
                latency_s=latency,
                retries=retries,
                cached=False,
                error=True,
            )
            self._log(msgs, opts, sample, key, None, None, err, latency=latency)
            raise
        c = Completion(
            text=raw.text,
            finish_reason=raw.finish_reason,
            model=raw.model,
            usage=raw.usage,
            json=parsed,
            cached=False,
            latency_s=time.perf_counter() - t0,
            retries=retries,
            sample=sample,
            key=key,
            logprobs=raw.logprobs,
        )
        if self.cache is not None:
            self.cache.put(key, c.to_record(), self.backend.identity())
        cost = self.usage.record(
            prompt_tokens=c.usage.prompt_tokens,
            completion_tokens=c.usage.completion_tokens,
            latency_s=c.latency_s,
            retries=retries,
            cached=False,
        )
        self._log(msgs, opts, sample, key, c, cost, None)
        return c

    def _attempt(self, msgs: Sequence[Message], opts: CallOptions, sample: int) -> RawReply:
        """One backend attempt inside a concurrency slot (slots are not held while backing off)."""
        with self.limiter.slot():
            return self.backend.complete(msgs, opts, sample)

    def _on_retry(self, err: LLMError, delay: float) -> None:
        """Note a retry in the log so slow runs explain themselves."""
        log.warning("%s: %s; retrying in %.2fs", self.spec, err.message, delay)

    def _log(
        self,
        msgs: Sequence[Message],
        opts: CallOptions,
        sample: int,
        key: str,
        c: Completion | None,
        cost: float | None,
        err: LLMError | None,
        latency: float | None = None,
    ) -> None:
        """Write the call's JSON line when the client has a run folder."""
        if self.call_log is None:
            return
        rec: dict[str, Any] = {
            "backend": self.spec,
            "model": self.backend.model,
            "sample": sample,
            "key": key,
            "request": {"messages": [m.to_dict() for m in msgs], "options": opts.to_dict()},
        }
        if c is not None:
            rec["response"] = {
                "text": c.text,
                "json": c.json,
                "finish_reason": c.finish_reason,
                "model": c.model,
            }
            rec["usage"] = {
                "prompt_tokens": c.usage.prompt_tokens,
                "completion_tokens": c.usage.completion_tokens,
                "cost": cost,
            }
            rec.update(latency_s=round(c.latency_s, 6), retries=c.retries, cached=c.cached)
        if err is not None:
            rec["error"] = {"message": redact(err.message), "kind": err.kind, "status": err.status}
            rec["latency_s"] = round(latency or 0.0, 6)
        self.call_log.write(rec)

    def complete_many(
        self,
        requests: Iterable[Request | Sequence[MessageLike] | str],
        *,
        return_exceptions: bool = False,
        max_workers: int | None = None,
    ) -> list[Completion | LLMError]:
        """Run calls concurrently (bounded by the limiter); results come back in request order.

        With `return_exceptions` an LLMError takes the place of a failed call's result;
        otherwise the first failure (in request order) is raised after all calls finish.
        """
        reqs = [r if isinstance(r, Request) else Request(r) for r in requests]
        if not reqs:
            return []
        pool = self._executor(max_workers)
        futures = [pool.submit(self.complete, r.messages, r.options, r.sample) for r in reqs]
        out: list[Completion | LLMError] = []
        first_err: LLMError | None = None
        for f in futures:
            try:
                out.append(f.result())
            except LLMError as e:
                out.append(e)
                first_err = first_err or e
        if first_err is not None and not return_exceptions:
            raise first_err
        return out

    def _executor(self, max_workers: int | None) -> ThreadPoolExecutor:
        """A lazily created pool sized to the concurrency limit (cache hits need no slot)."""
        with self._pool_lock:
            if self._pool is None:
                n = max_workers or max(4, min(64, self.limiter.limit * 2))
                self._pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="gametest-llm")
            return self._pool

    def usage_summary(self) -> dict[str, Any]:
        """Per-run totals: calls, cache hits, errors, retries, tokens, latency, cost."""
        return self.usage.summary()

    def close(self) -> None:
        """Release the pool, connections, cache and log; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
        self.backend.close()
        if self._own_cache is not None:
            self._own_cache.close()
        if self.call_log is not None:
            self.call_log.close()


def make_client(
    spec: str,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    run_dir: str | os.PathLike[str] | None = None,
    no_cache: bool = False,
    refresh_cache: bool = False,
    base_url: str | None = None,
    api_key_env: str | None = None,
    concurrency: int | None = None,
    rpm: float | None = None,
    timeout: float | None = None,
    retry: RetryPolicy | None = None,
    prices: PriceTable | str | os.PathLike[str] | None = None,
    **backend_opts: Any,
) -> LLMClient:
    """Build a ready client from a spec string like 'openai:gpt-4o-mini' or 'local:smollm2'.

    The cache lives in `cache_dir` (default $GAMETEST_CACHE_DIR or ~/.cache/gametest/llm);
    with `run_dir`, every call is logged to run_dir/llm_calls.jsonl.
    """
    backend = get_backend(
        spec,
        base_url=base_url,
        api_key_env=api_key_env,
        timeout=timeout,
        concurrency=concurrency,
        **backend_opts,
    )
    cache = None
    if not no_cache and backend.cacheable:
        cache = ResponseCache(Path(cache_dir) if cache_dir is not None else default_cache_dir())
    table = prices if isinstance(prices, PriceTable) else PriceTable.load(prices)
    return LLMClient(
        backend,
        cache=cache,
        refresh_cache=refresh_cache,
        call_log=CallLog(run_dir) if run_dir is not None else None,
        retry=retry,
        concurrency=concurrency,
        rpm=rpm,
        prices=table,
    )
