"""`gametest llm ...`: try a backend by hand (`ask`), verify one works (`check`), list prefixes.

Failures print `error: <one line>` and exit with status 2, never a traceback.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click

from gametest.commands.types import SECONDS, TEMPERATURE
from gametest.llm.base import CallOptions, LLMError, Message
from gametest.llm.client import LLMClient, make_client
from gametest.llm.local_backend import LocalBackend
from gametest.llm.openai_backend import OpenAICompatBackend
from gametest.llm.retry import RetryPolicy

F = TypeVar("F", bound=Callable[..., Any])

CHECK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}},
    "required": ["answer"],
    "additionalProperties": False,
}


def backend_options(fn: F) -> F:
    """Options shared by every command that builds a client."""
    opts = [
        click.option(
            "--base-url",
            default=None,
            help="Server URL (overrides OPENAI_BASE_URL "
            "and preset defaults), e.g. http://127.0.0.1:8000/v1.",
        ),
        click.option(
            "--api-key-env",
            default=None,
            metavar="NAME",
            help="Environment variable holding the API key (default per backend).",
        ),
        click.option("--timeout", type=SECONDS, default=None, help="Seconds per HTTP attempt."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option(
            "--refresh-cache",
            is_flag=True,
            help="Ignore cached answers, call the model and store the new answer.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False),
            default=None,
            help="Cache folder (default $GAMETEST_CACHE_DIR or ~/.cache/gametest/llm).",
        ),
        click.option(
            "--run-dir",
            type=click.Path(file_okay=False),
            default=None,
            help="Folder for the JSONL call log (llm_calls.jsonl).",
        ),
        click.option(
            "--prices",
            type=click.Path(dir_okay=False),
            default=None,
            help="Price table TOML (default $GAMETEST_PRICES or ~/.config/gametest/prices.toml).",
        ),
        click.option(
            "--max-attempts",
            type=int,
            default=4,
            show_default=True,
            help="Attempts per call, counting the first.",
        ),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _client(
    spec: str,
    *,
    no_cache: bool,
    refresh_cache: bool,
    cache_dir: str | None,
    run_dir: str | None,
    base_url: str | None,
    api_key_env: str | None,
    timeout: float | None,
    prices: str | None,
    max_attempts: int,
) -> LLMClient:
    """Build a client from the shared CLI options, with a short retry budget for humans."""
    from gametest.engine.inputs import check_writable

    for folder, what in ((cache_dir, "--cache-dir"), (run_dir, "--run-dir")):
        if folder:
            check_writable(folder, what, folder=True)
    return make_client(
        spec,
        no_cache=no_cache,
        refresh_cache=refresh_cache,
        cache_dir=cache_dir,
        run_dir=run_dir,
        base_url=base_url,
        api_key_env=api_key_env,
        timeout=timeout,
        prices=prices,
        retry=RetryPolicy(
            max_attempts=max(1, max_attempts), base_delay=0.5, max_delay=8.0, max_total_s=60.0
        ),
    )


@click.group("llm")
def llm_group() -> None:
    """Try and check LLM backends (specs like openai:MODEL, local:smollm2, scripted:first)."""


@llm_group.command("check")
@click.argument("spec")
@backend_options
def check_cmd(spec: str, **kw: Any) -> None:
    """One real round trip: print the model, the latency and whether structured output works."""
    kw["no_cache"] = True  # a check must reach the server
    kw.pop("refresh_cache", None)
    with _client(spec, refresh_cache=False, **kw) as client:
        backend = client.backend
        if isinstance(backend, LocalBackend):
            t0 = time.perf_counter()
            backend.ensure_started()
            click.echo(f"server: started in {time.perf_counter() - t0:.1f} s")
        plain = client.complete(
            [Message("user", "Reply with the single word OK.")],
            CallOptions(temperature=0.0, max_tokens=8, seed=0),
        )
        click.echo(f"backend: {spec}")
        url = backend.base_url if isinstance(backend, LocalBackend | OpenAICompatBackend) else ""
        if url:
            click.echo(f"url: {url}")
        click.echo(f"model: {plain.model}")
        click.echo(
            f"latency: {plain.latency_s:.3f} s (reply: {plain.text.strip()[:60]!r}, "
            f"{plain.usage.prompt_tokens} prompt + {plain.usage.completion_tokens} "
            "completion tokens)"
        )
        try:
            st = client.complete(
                [Message("user", "Is 7 a prime number? Answer in JSON with key 'answer'.")],
                CallOptions(temperature=0.0, max_tokens=20, seed=0, json_schema=CHECK_SCHEMA),
            )
            click.echo(f"structured output: yes ({json.dumps(st.json)} in {st.latency_s:.3f} s)")
        except LLMError as e:
            click.echo(f"structured output: no ({e})")


@llm_group.command("ask")
@click.argument("spec")
@click.argument("prompt")
@click.option("--system", default=None, help="System message.")
@click.option("--temperature", type=TEMPERATURE, default=None)
@click.option("--max-tokens", type=click.IntRange(1, 1_000_000), default=256, show_default=True)
@click.option("--seed", type=int, default=None)
@click.option("--stop", multiple=True, help="Stop sequence (repeatable).")
@click.option(
    "--schema", default=None, help="JSON schema for a structured answer: inline JSON or @FILE."
)
@click.option(
    "--sample",
    type=int,
    default=0,
    show_default=True,
    help="Sample index (distinct indices are cached separately).",
)
@click.option("--show-usage", is_flag=True, help="Print usage and latency to stderr.")
@backend_options
def ask_cmd(
    spec: str,
    prompt: str,
    system: str | None,
    temperature: float | None,
    max_tokens: int,
    seed: int | None,
    stop: tuple[str, ...],
    schema: str | None,
    sample: int,
    show_usage: bool,
    **kw: Any,
) -> None:
    """One completion of PROMPT, printed to stdout."""
    json_schema = _load_schema(schema) if schema else None
    messages = ([Message("system", system)] if system else []) + [Message("user", prompt)]
    opts = CallOptions(
        temperature=temperature,
        max_tokens=max_tokens,
        seed=seed,
        stop=stop or None,
        json_schema=json_schema,
    )
    with _client(spec, **kw) as client:
        c = client.complete(messages, opts, sample=sample)
        click.echo(json.dumps(c.json) if c.json is not None else c.text)
        if show_usage:
            click.echo(
                f"model={c.model} finish={c.finish_reason} cached={c.cached} "
                f"latency={c.latency_s:.3f}s retries={c.retries} "
                f"tokens={c.usage.prompt_tokens}+{c.usage.completion_tokens}",
                err=True,
            )


@llm_group.command("backends")
def backends_cmd() -> None:
    """List the registered spec prefixes."""
    from gametest.llm.registry import registered

    for reg in registered():
        click.echo(f"{reg.prefix:<12} {reg.about}")


def _load_schema(text: str) -> dict[str, Any]:
    """Parse `--schema` as inline JSON or @FILE."""
    import jsonschema

    from gametest.engine.errors import UsageError
    from gametest.engine.inputs import parse_json, read_text

    src = read_text(text[1:], "schema file") if text.startswith("@") else text
    try:
        value = parse_json(src, "--schema")
    except UsageError as e:
        msg = str(e).replace("--schema: not valid JSON", "--schema is not valid JSON")
        raise LLMError(msg) from None
    if not isinstance(value, dict):
        raise LLMError("--schema must be a JSON object")
    try:
        jsonschema.Draft202012Validator.check_schema(value)
    except jsonschema.SchemaError as e:
        raise LLMError(f"--schema is not a valid JSON Schema: {e.message}") from None
    return value
