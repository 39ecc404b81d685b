"""`llm:BACKEND_SPEC`: a player that asks a language model for every decision that matters.

Options come as make_player keywords or as a suffix on the spec, so they survive the trip to
simulate's worker processes: `llm:local:smollm2#advice=ab12cd34ef56&prompt=compact`.
An invalid answer is re-asked once with the error stated; a second one takes the default
decision (the game's default bot, big money in Dominion, unless `fallback=` names another).
Everything is counted per game and returned from end_game, which the game loop stores under
extra.players[seat].
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from gametest.engine.decision import Decision
from gametest.engine.errors import GametestError, UsageError
from gametest.engine.registry import GameDef
from gametest.engine.rng import derive_seed
from gametest.llm import CallOptions, LLMClient, LLMError, Message, SchemaError, make_client
from gametest.players.client_player import ClientPlayer
from gametest.players.compliance import ComplianceTracker
from gametest.players.registry import register_player
from gametest.prompts.answer import AnswerError, parse_answer
from gametest.prompts.cards import card_rules
from gametest.prompts.decision import answer_schema, render_decision, single_outcome
from gametest.prompts.view import render_view

CLIENT_KEYS = (
    "base_url",
    "api_key_env",
    "timeout",
    "no_cache",
    "cache_dir",
    "run_dir",
    "concurrency",
    "rpm",
    "structured",
    "threads",
    "n_ctx",
    "stream",
)
FATAL_KINDS = ("config", "auth", "not_found", "quota")
MAX_REASONS = 300


class LLMPlayerError(GametestError):
    """The LLM player cannot go on (bad options, or a backend that can never answer)."""


@dataclass
class LLMSettings:
    """How the player asks: sampling, prompt form, answer schema, re-asks."""

    temperature: float = 0.0
    max_tokens: int = 60
    reason: bool = True  # ask for a short reason with each answer
    prompt: str = "full"  # or "compact": kingdom-only rules, no pile split, short Supply line
    reasks: int = 1
    schema: bool = True  # send the answer's JSON schema (structured output)
    advice_chars: int = 4000  # advice longer than this is cut, so prompts stay bounded

    @classmethod
    def from_opts(cls, opts: dict[str, Any]) -> LLMSettings:
        """Settings from string or typed options; unknown keys are left to the caller."""
        kw: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in opts and opts[f.name] is not None:
                kw[f.name] = _coerce(f.name, opts[f.name], type(getattr(cls(), f.name)))
        s = cls(**kw)
        if s.prompt not in ("full", "compact"):
            raise LLMPlayerError(f"llm player: prompt must be full or compact, not {s.prompt!r}")
        return s


def _coerce(key: str, value: Any, typ: type) -> Any:
    """Turn an option string into the setting's type."""
    if isinstance(value, typ) and not (typ is int and isinstance(value, bool)):
        return value
    text = str(value).strip().lower()
    try:
        if typ is bool:
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        return typ(value)
    except ValueError:
        raise LLMPlayerError(f"llm player: bad value {value!r} for option '{key}'") from None


@dataclass
class GameStats:
    """Per-game counters, returned from end_game."""

    decisions: int = 0  # every decision the engine asked this seat
    trivial: int = 0  # answered without a call (only one possible outcome)
    asked: int = 0  # decisions put to the model
    own: int = 0  # answered legally by the model (first try or after the re-ask)
    invalid: int = 0  # invalid answers (unparsable, illegal, wrong count)
    reasks: int = 0
    fallbacks: int = 0  # decisions taken by the default policy after invalid answers or errors
    errors: int = 0  # calls that failed after the client's retries
    calls: int = 0
    cached_calls: int = 0
    calls_without_usage: int = 0  # calls whose reply came with no token counts
    tokens_in: int = 0
    tokens_out: int = 0
    llm_seconds: float = 0.0
    wall_seconds: float = 0.0
    max_prompt_chars: int = 0
    invalid_examples: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The JSON form, with the derived shares."""
        d = dataclasses.asdict(self)
        d["llm_seconds"] = round(self.llm_seconds, 3)
        d["wall_seconds"] = round(self.wall_seconds, 3)
        d["own_share"] = round(self.own / self.asked, 4) if self.asked else None
        d["invalid_rate"] = round(self.invalid / self.calls, 4) if self.calls else None
        return d


class LLMPlayer(ClientPlayer):
    """Builds a prompt per decision, asks the model, validates, re-asks once, falls back."""

    def __init__(
        self,
        client: LLMClient,
        game: GameDef,
        kingdom: list[str] | None,
        settings: LLMSettings | None = None,
        advice: dict[str, Any] | None = None,
        compiled: tuple[str, Any] | None = None,
        fallback: Any = None,
        name: str | None = None,
    ) -> None:
        self.client = client
        self.game = game
        self.kingdom = list(kingdom or [])
        self.settings = settings or LLMSettings()
        self.advice = advice
        self.spec = client.spec
        suffix = f"+advice:{advice['id'][:8]}" if advice else ""
        self.name = name or f"llm:{self.spec}{suffix}"
        self.fallback: Any = fallback or default_policy(game)
        self.compliance: ComplianceTracker | None = None
        if compiled is not None:
            source, strategy = compiled
            self.compliance = ComplianceTracker(game.policy(strategy), source)
        self._system: str | None = None
        self._system_kingdom: list[str] = []
        self.stats = GameStats()
        self.reasons: list[dict[str, Any]] = []
        self._seed = 0
        self._schema_refused = False  # the server rejected answer schemas: ask in plain text
        self._t0 = time.perf_counter()

    # ----- the game loop's hooks -------------------------------------------------------
    def start_game(self, view: Any, seat: int, seed: int) -> None:
        """Reset the counters and build the (per-kingdom) system prompt."""
        self.stats = GameStats()
        self.reasons = []
        self._seed = derive_seed(seed, seat, "llm-player") % (2**31)
        self._t0 = time.perf_counter()
        kingdom = list(view.kingdom or self.kingdom)
        if self._system is None or kingdom != self._system_kingdom:
            self._system = self.system_prompt(kingdom)
            self._system_kingdom = kingdom
        if self.compliance is not None:
            self.compliance.reset()

    def end_game(self, result: Any, seat: int) -> dict[str, Any]:
        """This game's LLM figures, the advice it followed, reasons and compliance."""
        self.stats.wall_seconds = time.perf_counter() - self._t0
        out: dict[str, Any] = {
            "player": "llm",
            "backend": self.spec,
            "model": str(self.client.backend.model),
            "advice": self.advice["id"] if self.advice else None,
            "settings": dataclasses.asdict(self.settings),
            "stats": self.stats.summary(),
            "reasons": self.reasons,
        }
        if self.compliance is not None:
            out["compliance"] = self.compliance.summary()
        return out

    def system_prompt(self, kingdom: list[str]) -> str:
        """Static per kingdom and advice, so servers can reuse its prefix across decisions."""
        compact = self.settings.prompt == "compact"
        parts = [
            f"You are playing {self.game.name.capitalize()}. You make one decision at a time.",
            "Cards in this game:",
            card_rules(self.game, kingdom, compact),
        ]
        if self.advice:
            text = str(self.advice["text"])[: self.settings.advice_chars]
            parts += ["Follow this strategy advice:", text]
        parts.append(
            "Each message shows your position and one decision with numbered choices. "
            "Reply with JSON only."
        )
        return "\n".join(parts)

    # ----- deciding --------------------------------------------------------------------
    def decide(self, view: Any, d: Decision) -> tuple[int, ...]:
        """Ask the model (unless only one outcome is possible); fall back if it can't answer."""
        st = self.stats
        st.decisions += 1
        if single_outcome(d):
            st.trivial += 1
            return tuple(range(d.min))
        if self._system is None:  # decide() without start_game(): build the prompt now
            self._system = self.system_prompt(list(view.kingdom))
        expected = self.compliance.expected(view, d) if self.compliance else None
        st.asked += 1
        picks = self._ask(view, d)
        own = picks is not None
        if picks is None:
            st.fallbacks += 1
            picks = tuple(self.fallback.decide(view, d))
        else:
            st.own += 1
        if self.compliance is not None:
            self.compliance.note(d, expected, picks, own)
        return picks

    def _ask(self, view: Any, d: Decision) -> tuple[int, ...] | None:
        """The model's legal answer after at most `reasks` re-asks, or None."""
        s = self.settings
        user = (
            render_view(view, s.prompt == "compact", self.game.info.victory_card)
            + "\n\n"
            + render_decision(d, view, s.reason)
        )
        messages = [Message("system", self._system or ""), Message("user", user)]
        opts = CallOptions(
            temperature=s.temperature,
            max_tokens=s.max_tokens,
            seed=self._seed,
            json_schema=answer_schema(d, s.reason)
            if s.schema and not self._schema_refused
            else None,
        )
        for attempt in range(1 + s.reasks):
            self.stats.max_prompt_chars = max(
                self.stats.max_prompt_chars, sum(len(m.content) for m in messages)
            )
            got = self._call(messages, opts)
            if got is None:
                return None
            text, value = got
            try:
                picks, reason = parse_answer(d, value, text)
            except AnswerError as e:
                self._note_invalid(str(e), text)
                if attempt < s.reasks:
                    self.stats.reasks += 1
                    messages = [
                        *messages[:2],
                        Message("assistant", text[:400]),
                        Message(
                            "user",
                            f"That answer is invalid: {e}. Answer again with JSON, using "
                            "only the numbers listed.",
                        ),
                    ]
                continue
            self._keep_reason(view, d, picks, reason)
            return picks
        return None

    def _call(self, messages: list[Message], opts: CallOptions) -> tuple[str, Any] | None:
        """One model call -> (text, parsed JSON or None); None if the call failed."""
        st = self.stats
        t0 = time.perf_counter()
        st.calls += 1
        refused = False
        try:
            c = self.client.complete(messages, opts)
        except SchemaError as e:  # the reply didn't match the schema: parse its text ourselves
            usage = e.usage
            if usage is not None:
                st.tokens_in += int(usage.prompt_tokens)
                st.tokens_out += int(usage.completion_tokens)
            else:
                st.calls_without_usage += 1
            return e.text, None
        except LLMError as e:
            if e.kind in FATAL_KINDS:
                raise LLMPlayerError(f"llm player {self.spec}: {e}") from None
            if e.kind == "bad_request" and opts.json_schema is not None:
                self._schema_refused = True  # e.g. a strict-mode server: go on without schemas
                self._note_example(f"answer schema refused, asking in plain text: {e}", "")
                refused = True
            else:
                st.errors += 1
                self._note_example(f"call failed: {e}", "")
                return None
        finally:
            st.llm_seconds += time.perf_counter() - t0
        if refused:
            return self._call(messages, dataclasses.replace(opts, json_schema=None))
        st.tokens_in += c.usage.prompt_tokens
        st.tokens_out += c.usage.completion_tokens
        st.cached_calls += bool(c.cached)
        return c.text, c.json

    def _note_invalid(self, error: str, text: str) -> None:
        """Count an invalid answer and keep the first few for the record."""
        self.stats.invalid += 1
        self._note_example(error, text)

    def _note_example(self, error: str, text: str) -> None:
        """Keep the first few problems (invalid answers, failed calls) for the record."""
        if len(self.stats.invalid_examples) < 5:
            self.stats.invalid_examples.append(f"{error} | reply: {text[:120]!r}")

    def _keep_reason(
        self, view: Any, d: Decision, picks: tuple[int, ...], reason: str | None
    ) -> None:
        """Keep the model's short reason with what it chose (bounded per game)."""
        if not reason or len(self.reasons) >= MAX_REASONS:
            return
        self.reasons.append(
            {
                "turn": view.turn,
                "kind": d.kind,
                "choice": [d.options[i] for i in picks],
                "reason": reason.strip()[:160],
            }
        )


# ----- building from a spec ------------------------------------------------------------
def default_policy(game: GameDef) -> Any:
    """The default decision: the game's default bot."""
    return _fallback_policy(game.info.default_bot, game)


def _fallback_policy(spec: str, game: GameDef) -> Any:
    """The default decision's policy from a built-in bot name or a strategy file."""
    from gametest.strategy.builtin import builtin_names, load_builtin
    from gametest.strategy.model import load_strategy

    s = load_builtin(spec, game) if spec in builtin_names(game.name) else load_strategy(spec, game)
    return game.policy(s)


def split_spec(rest: str) -> tuple[str, dict[str, str]]:
    """'local:smollm2#advice=ID&prompt=compact' -> ('local:smollm2', {...})."""
    backend, _, query = rest.partition("#")
    return backend.strip(), dict(parse_qsl(query, keep_blank_values=True))


def with_options(spec: str, opts: dict[str, Any]) -> str:
    """Add options to an `llm:` spec (options already on the spec win); others pass through."""
    if not spec.strip().startswith("llm:"):
        return spec
    backend, have = split_spec(spec.strip()[4:])
    merged = {k: str(v) for k, v in opts.items() if v is not None}
    merged.update(have)
    return f"llm:{backend}" + (f"#{urlencode(merged)}" if merged else "")


def _load_compiled(
    opts: dict[str, Any], advice: dict[str, Any] | None, game: GameDef
) -> tuple[str, Any] | None:
    """The compiled strategy used to measure compliance: explicit, or the store's latest."""
    from gametest.records.advice_store import AdviceStore
    from gametest.strategy.model import load_strategy, parse_strategy

    path = opts.get("compiled")
    if path:
        return str(path), load_strategy(str(path), game)
    if advice is None:
        return None
    rec = AdviceStore(opts.get("advice_store")).compiled_for(str(advice["id"]))
    if rec is None:
        return None
    return f"compiled:{rec['id']}", parse_strategy(rec["strategy"], game, source="compiled")


def make_llm_player(
    rest: str, game: GameDef, kingdom: list[str] | None = None, **opts: Any
) -> LLMPlayer:
    """The `llm:` factory: BACKEND_SPEC, optional '#key=value&...' options, plus keywords."""
    from gametest.records.advice_store import load_advice

    backend, spec_opts = split_spec(rest)
    if not backend:
        raise UsageError("spec 'llm:' needs a backend, e.g. llm:openai:gpt-4o-mini")
    opts = {**opts, **spec_opts}
    known = (
        {f.name for f in dataclasses.fields(LLMSettings)}
        | set(CLIENT_KEYS)
        | {"advice", "advice_store", "compiled", "fallback", "client", "name"}
    )
    bad = sorted(set(opts) - known)
    if bad:
        raise UsageError(
            f"llm player: unknown option(s) {', '.join(bad)}; known: "
            f"{', '.join(sorted(known - {'client'}))}"
        )
    settings = LLMSettings.from_opts(opts)
    advice = (
        load_advice(str(opts["advice"]), opts.get("advice_store"), kingdom, game.name)
        if opts.get("advice")
        else None
    )
    client = opts.get("client")
    if client is None:
        ckw = {k: opts[k] for k in CLIENT_KEYS if opts.get(k) not in (None, "")}
        for k in ("timeout", "rpm"):
            if k in ckw:
                ckw[k] = float(ckw[k])
        for k in ("concurrency", "threads", "n_ctx"):
            if k in ckw:
                ckw[k] = int(ckw[k])
        for k in ("no_cache", "stream"):
            if k in ckw:
                ckw[k] = _coerce(k, ckw[k], bool)
        try:
            client = make_client(backend, **ckw)
        except LLMError as e:
            raise LLMPlayerError(f"llm player: {e}") from None
    fallback = _fallback_policy(str(opts["fallback"]), game) if opts.get("fallback") else None
    return LLMPlayer(
        client,
        game,
        kingdom,
        settings,
        advice,
        _load_compiled(opts, advice, game),
        fallback,
        opts.get("name"),
    )


register_player("llm", make_llm_player)
