"""Model judges: rate advice on a rubric (blind to its author), or compare two pieces of advice."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from gametest.advice.fence import fence
from gametest.engine.registry import get_game
from gametest.judges.geval import expected_score
from gametest.judges.rubric import Rubric
from gametest.llm import CallOptions, Message
from gametest.llm.base import SchemaError
from gametest.llm.client import LLMClient
from gametest.prompts.cards import kingdom_rules
from gametest.records.ids import content_id

MAX_TOKENS = 160


def _ask(
    client: LLMClient,
    system: str,
    user: str,
    rubric: Rubric,
    seed: int,
    sample: int,
    top_logprobs: int | None = None,
) -> tuple[dict[str, Any] | None, str | None, dict[str, int], Any]:
    """Ask once, re-ask once with the error stated; (answer, error, tokens, completion)."""
    opts = CallOptions(
        temperature=0.7,
        max_tokens=MAX_TOKENS,
        seed=seed + sample,
        json_schema=rubric.schema(),
        schema_name=f"{rubric.id}_rating",
        logprobs=top_logprobs,
    )
    msgs = [Message("system", system), Message("user", user)]
    tokens = {"prompt": 0, "completion": 0}
    error = None
    for attempt in range(2):
        try:
            c = client.complete(msgs, opts, sample=sample)
        except SchemaError as e:
            error = e.message
            bad = e.text
            msgs = [
                *msgs[:2],
                Message("assistant", str(bad)[:500]),
                Message("user", f"That answer was invalid: {error}. Reply again with JSON only."),
            ]
            if attempt == 0:
                continue
            return None, error, tokens, None
        tokens["prompt"] += c.usage.prompt_tokens
        tokens["completion"] += c.usage.completion_tokens
        return dict(c.json), None, tokens, c
    return None, error, tokens, None


def rate(
    client: LLMClient,
    judge: str,
    rubric: Rubric,
    advice: Iterable[dict[str, Any]],
    n: int = 1,
    seed: int = 0,
    done: set[str] | None = None,
    top_logprobs: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Rating records: n per piece of advice; the judge sees only the kingdom and the text.

    Ratings whose id is in `done` are skipped (resume). A rating the judge could not give in
    two tries is recorded with `overall: null` and the error, never dropped. With
    `top_logprobs`, each record also holds `expected`: the probability-weighted score over the
    scale (G-Eval; None when the backend gave no usable token probabilities).
    """
    model = client.backend.model
    for rec in advice:
        game = get_game(rec.get("game") or "dominion")
        for sample in range(n):
            key = {"a": rec["id"], "j": judge, "m": model, "r": rubric.hash, "s": sample, "x": seed}
            if top_logprobs:
                key["lp"] = top_logprobs
            rid = content_id(key)
            if done is not None and rid in done:
                continue
            system, user = rubric.render(
                game=game.name.capitalize(),
                card_rules=kingdom_rules(game, rec["kingdom"]),
                advice=fence(rec["text"] or "(no advice)"),
            )
            answer, error, tokens, completion = _ask(
                client, system, user, rubric, seed, sample, top_logprobs
            )
            scores = {c: answer[c] for c in rubric.criteria} if answer else {}
            out = {
                "id": rid,
                "kind": "absolute",
                "advice_id": rec["id"],
                "rater": "model",
                "judge": judge,
                "model": model,
                "rubric": rubric.id,
                "rubric_hash": rubric.hash,
                "sample": sample,
                "scores": scores,
                "overall": float(scores["overall"]) if answer else None,
                "reason": (answer or {}).get("reason"),
                "error": error,
                "tokens": tokens,
            }
            if top_logprobs:
                ex = None
                if completion is not None:
                    ex = expected_score(
                        completion.text, completion.logprobs, "overall", *rubric.scale
                    )
                out["expected"] = round(ex.score, 4) if ex else None
                out["expected_mass"] = round(ex.mass, 4) if ex else None
            yield out


def compare(
    client: LLMClient,
    judge: str,
    rubric: Rubric,
    pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]],
    n: int = 1,
    seed: int = 0,
    done: set[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Pairwise judgements, each pair asked in both orders so position bias cancels."""
    model = client.backend.model
    for a, b in pairs:
        game = get_game(a.get("game") or "dominion")
        for first, second in ((a, b), (b, a)):
            for sample in range(n):
                rid = content_id(
                    {
                        "f": first["id"],
                        "s2": second["id"],
                        "j": judge,
                        "m": model,
                        "r": rubric.hash,
                        "s": sample,
                        "x": seed,
                    }
                )
                if done is not None and rid in done:
                    continue
                system, user = rubric.render(
                    game=game.name.capitalize(),
                    card_rules=kingdom_rules(game, first["kingdom"]),
                    advice_a=fence(first["text"] or "(no advice)", "compared"),
                    advice_b=fence(second["text"] or "(no advice)", "compared"),
                )
                answer, error, tokens, _ = _ask(client, system, user, rubric, seed, sample)
                preferred = None
                if answer:
                    preferred = first["id"] if answer["better"] == "A" else second["id"]
                yield {
                    "id": rid,
                    "kind": "pairwise",
                    "rater": "model",
                    "judge": judge,
                    "model": model,
                    "rubric": rubric.id,
                    "rubric_hash": rubric.hash,
                    "sample": sample,
                    "first": first["id"],
                    "second": second["id"],
                    "preferred": preferred,
                    "reason": (answer or {}).get("reason"),
                    "error": error,
                    "tokens": tokens,
                }
