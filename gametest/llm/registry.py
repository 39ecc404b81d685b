"""Spec strings (`prefix:rest`) to backends: the one place where backends are registered.

To add a backend, write a module with a class that satisfies `gametest.llm.base.Backend` and a
factory `make(rest: str, **opts) -> Backend`, then register it here (or from your own code):

    from gametest.llm.registry import register_backend
    register_backend("mybackend", make, "one line shown by `gametest llm backends`")

`opts` carries the client's settings (base_url, api_key_env, timeout, concurrency, replies, ...);
a factory takes what it needs and ignores the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gametest.llm.base import Backend, ConfigError

Factory = Callable[..., Backend]


@dataclass(frozen=True)
class Registration:
    """A registered prefix: its factory and a one-line description."""

    prefix: str
    factory: Factory
    about: str


_REGISTRY: dict[str, Registration] = {}


def register_backend(prefix: str, factory: Factory, about: str = "") -> None:
    """Make `prefix:...` specs build backends with `factory(rest, **opts)`; replaces an old one."""
    if not prefix or ":" in prefix:
        raise ValueError("a backend prefix is a non-empty word without ':'")
    _REGISTRY[prefix] = Registration(prefix, factory, about)


def registered() -> list[Registration]:
    """All registrations, sorted by prefix."""
    _ensure_builtins()
    return sorted(_REGISTRY.values(), key=lambda r: r.prefix)


def split_spec(spec: str) -> tuple[str, str]:
    """Split 'prefix:rest'; a bare 'smollm2' or a .gguf path means 'local:...'."""
    spec = spec.strip()
    if ":" not in spec or spec.startswith("/") or spec.startswith("."):
        return ("local", spec)
    prefix, rest = spec.split(":", 1)
    return prefix, rest


def get_backend(spec: str, **opts: Any) -> Backend:
    """Build the backend a spec string names, e.g. 'openai:gpt-4o-mini' or 'local:smollm2'."""
    _ensure_builtins()
    prefix, rest = split_spec(spec)
    reg = _REGISTRY.get(prefix)
    if reg is None:
        known = ", ".join(sorted(_REGISTRY))
        raise ConfigError(f"unknown backend '{prefix}' in spec '{spec}'; known prefixes: {known}")
    return reg.factory(rest, **opts)


def check_spec(spec: str) -> None:
    """ConfigError unless the spec's prefix is registered (and a local model file resolves);
    needs no key, server or network, so a dry run can check every spec."""
    _ensure_builtins()
    prefix, rest = split_spec(spec)
    if prefix not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise ConfigError(f"unknown backend '{prefix}' in spec '{spec}'; known prefixes: {known}")
    if prefix == "local" and _REGISTRY[prefix].factory is _local_factory:
        from gametest.llm.local_backend import resolve_model

        if not rest:
            raise ConfigError("spec 'local:' needs a model: local:smollm2 or local:/path/x.gguf")
        resolve_model(rest)


def _openai_factory(prefix: str) -> Factory:
    """A factory for an OpenAI-compatible preset."""

    def make(rest: str, **opts: Any) -> Backend:
        from gametest.llm.openai_backend import OpenAICompatBackend

        keep = {
            k: opts[k]
            for k in ("base_url", "api_key_env", "timeout", "structured", "concurrency", "stream")
            if opts.get(k) is not None
        }
        return OpenAICompatBackend(rest, prefix=prefix, **keep)

    return make


def _local_factory(rest: str, **opts: Any) -> Backend:
    """`local:smollm2` or `local:/path/model.gguf`."""
    from gametest.llm.local_backend import LocalBackend

    keep = {
        k: opts[k]
        for k in (
            "timeout",
            "threads",
            "n_ctx",
            "startup_timeout",
            "structured",
            "concurrency",
            "stream",
        )
        if opts.get(k) is not None
    }
    return LocalBackend(rest, **keep)


def _scripted_factory(rest: str, **opts: Any) -> Backend:
    """`scripted:first`, `scripted:file=PATH`, ..."""
    from gametest.llm.scripted import make_scripted

    return make_scripted(rest, replies=opts.get("replies"))


_builtins_done = False


def _ensure_builtins() -> None:
    """Register the built-in prefixes once (lazily, so importing this module stays cheap)."""
    global _builtins_done
    if _builtins_done:
        return
    _builtins_done = True
    from gametest.llm.openai_backend import PRESETS

    for name, preset in PRESETS.items():
        if name not in _REGISTRY:
            register_backend(name, _openai_factory(name), preset.about)
    _REGISTRY.setdefault(
        "local",
        Registration(
            "local",
            _local_factory,
            "embedded llama.cpp server: local:smollm2 or local:/path/x.gguf",
        ),
    )
    _REGISTRY.setdefault(
        "scripted",
        Registration(
            "scripted", _scripted_factory, "deterministic replies for tests: scripted:first, ..."
        ),
    )
