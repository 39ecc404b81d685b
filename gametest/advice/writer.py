"""Writing advice: render a template for a kingdom, ask a model N times, store each answer with
its provenance (backend, model, template id and hash, options, sample index, seed, tokens).
Answers over the word limit are cut at a sentence boundary (the original kept in provenance)
or recorded as a violation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from gametest import __version__
from gametest.advice.templates import Template
from gametest.advice.wordlimit import enforce_word_limit
from gametest.engine.registry import GameDef
from gametest.llm import CallOptions, Message
from gametest.prompts.cards import card_rules
from gametest.records.advice_store import AdviceStore, now


@dataclass(frozen=True)
class AdviceOptions:
    """Sampling options of an advice run; all of them are part of each advice's provenance."""

    max_words: int = 200
    temperature: float = 0.7
    max_tokens: int | None = None  # default: enough for max_words
    seed: int = 0
    players: int = 2

    def tokens(self) -> int:
        """The completion budget: about two tokens per word plus slack."""
        return self.max_tokens or 2 * self.max_words + 64

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in provenance."""
        return {
            "max_words": self.max_words,
            "temperature": self.temperature,
            "max_tokens": self.tokens(),
            "seed": self.seed,
            "players": self.players,
        }


def render_prompt(
    template: Template, game: GameDef, kingdom: list[str], opts: AdviceOptions
) -> list[Message]:
    """The messages for one kingdom: card rules come from the game definition."""
    values = {
        "game": game.name.capitalize(),
        "players": str(opts.players),
        "kingdom": ", ".join(kingdom),
        "card_rules": card_rules(game, kingdom),
        "max_words": str(opts.max_words),
    }
    system, user = template.render(values)
    return ([Message("system", system)] if system.strip() else []) + [Message("user", user)]


def write_advice(
    client: Any,
    game: GameDef,
    kingdom: list[str],
    template: Template,
    n: int,
    opts: AdviceOptions,
    store: AdviceStore,
    first: int = 0,
) -> list[dict[str, Any]]:
    """Ask for advice samples first..n-1 and store each; return the records."""
    messages = render_prompt(template, game, kingdom, opts)
    prompt_hash = hashlib.sha256(
        "\x1e".join(f"{m.role}:{m.content}" for m in messages).encode()
    ).hexdigest()[:16]
    out = []
    for i in range(first, n):
        seed = opts.seed + i
        call = CallOptions(temperature=opts.temperature, max_tokens=opts.tokens(), seed=seed)
        c = client.complete(messages, call, sample=i)
        text, limit = enforce_word_limit(c.text.strip(), opts.max_words)
        rec: dict[str, Any] = {
            "kind": "advice",
            "game": game.name,
            "game_version": game.version,
            "kingdom": list(kingdom),
            "text": text,
            "words": len(text.split()),
            "word_limit": limit,
            "provenance": {
                "backend": client.spec,
                "model": c.model or client.backend.model,
                "template": {"id": template.id, "hash": template.hash, "source": template.source},
                "prompt_hash": prompt_hash,
                "options": opts.to_dict(),
                "sample": i,
                "seed": seed,
                "tokens": {
                    "prompt": c.usage.prompt_tokens,
                    "completion": c.usage.completion_tokens,
                },
                "finish_reason": c.finish_reason,
                **({"original_text": c.text.strip()} if text != c.text.strip() else {}),
                "cached": c.cached,
                "latency_s": round(c.latency_s, 3),
                "created": now(),
                "gametest": __version__,
            },
        }
        store.put(rec)
        out.append(rec)
    return out
