"""Controls of known quality, made by gametest itself for every kingdom.

- none: no advice (the plain LLM player; in compiled mode, the game's default strategy);
- placebo: fluent, length-matched, content-free text;
- strong: the strongest reference bot for the kingdom, measured here, rendered as advice;
- wrong: confident, plausible advice rendered from a strategy measured to lose to the game's
  default bot.

What these are for a game comes from its plug-in: `default_strategy` (a strategy document),
`default_bot` (a built-in bot name) and `wrong_strategies` (candidate strategy documents).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from gametest.engine.errors import UsageError
from gametest.engine.registry import GameDef
from gametest.harness.batch import collect, plan, run_batch, summarize
from gametest.prompts.supply import supply_names
from gametest.records.ids import content_id
from gametest.strategy.builtin import builtin_names, builtin_path, load_builtin
from gametest.strategy.model import StrategyError, load_strategy, parse_strategy
from gametest.strategy.render import render_strategy

CONTROLS = ("none", "placebo", "strong", "wrong")
_PLACEBO = [
    "Think carefully about every decision you make during the game.",
    "Good players stay flexible and adapt their plan as the game develops.",
    "Pay attention to what your opponent is doing and respond sensibly.",
    "Every turn is an opportunity, so try to make the most of the cards in your hand.",
    "Balance is important: a plan that works early may need adjusting later.",
    "Keep the end of the game in mind and make sure your choices lead somewhere.",
    "Avoid rushed decisions; consider the options available before acting.",
    "Consistency wins more games than flashy plays.",
    "Remember that small advantages add up over the course of a game.",
    "Stay patient when things go badly and keep looking for good opportunities.",
    "Learn from each game you play and refine your approach over time.",
    "Focus on the fundamentals and the results will follow.",
]


def placebo_text(words: int, seed: int) -> str:
    """Fluent, content-free advice of about `words` words."""
    rng = random.Random(seed)
    pool = list(_PLACEBO)
    rng.shuffle(pool)
    out: list[str] = []
    i = 0
    while sum(len(s.split()) for s in out) < words:
        out.append(pool[i % len(pool)])
        i += 1
    return " ".join(out)


def _win_rate(
    game: GameDef, kingdom: list[str], spec: str, opponents: Sequence[str], games: int, seed: int
) -> float:
    """Mean win rate of `spec` against the opponents (ties half), seats rotated."""
    total = 0.0
    for opp in opponents:
        recs = collect(run_batch(game.name, kingdom, [spec, opp], plan(games, 2, seed)))
        total += summarize(recs, [spec, opp])[0][0].win_rate
    return total / len(opponents)


def strongest_bot(
    game: GameDef, kingdom: list[str], opponents: Sequence[str], games: int, seed: int
) -> tuple[str, float]:
    """The built-in bot with the best measured win rate against the opponents here."""
    supply = supply_names(game, kingdom)
    best = ("", -1.0)
    for name in builtin_names(game.name):
        s = load_builtin(name, game)
        try:
            s.check_kingdom(supply)
        except StrategyError:
            continue
        rate = _win_rate(game, kingdom, str(builtin_path(name, game.name)), opponents, games, seed)
        if rate > best[1]:
            best = (name, rate)
    return best


def make_controls(
    game: GameDef,
    kingdom: list[str],
    kingdom_label: str,
    which: Sequence[str],
    placebo_words: int,
    opponents: Sequence[str],
    games: int,
    seed: int,
    strong_file: str | None = None,
) -> list[dict[str, Any]]:
    """Control advice records for a kingdom; each carries its source strategy document.

    `strong_file` (an optimized strategy, say) replaces the best built-in bot as the strong
    control's source."""
    import json
    import tempfile
    from pathlib import Path

    out = []
    default = dict(game.info.default_strategy)
    for control in which:
        strategy: dict[str, Any] | None
        measured: dict[str, Any] = {}
        if control == "none":
            text, strategy = "", dict(default)
        elif control == "placebo":
            text, strategy = placebo_text(placebo_words, seed), dict(default)
        elif control == "strong" and strong_file:
            s = load_strategy(strong_file, game)
            s.check_kingdom(supply_names(game, kingdom))
            rate = _win_rate(game, kingdom, strong_file, opponents, games, seed)
            text = render_strategy(
                s,
                intro="This kingdom rewards a focused plan, found by searching thousands of "
                "candidate strategies",
                outro="Stick to this plan; it is the strongest tested approach here.",
            )
            strategy = {k: v for k, v in s.doc.items() if k != "description"}
            measured = {"strategy_file": strong_file, "optimized": True}
            measured["win_rate_vs_opponents"] = rate
        elif control == "strong":
            name, rate = strongest_bot(game, kingdom, opponents, games, seed)
            s = load_builtin(name, game)
            text = render_strategy(
                s,
                intro=f"This kingdom rewards a focused plan ({s.description})",
                outro="Stick to this plan; it is the strongest tested approach here.",
            )
            strategy = dict(s.doc)
            measured = {"bot": name, "win_rate_vs_opponents": rate}
        elif control == "wrong":
            strategy, rate = None, 1.0
            bot = game.info.default_bot
            candidates = list(game.info.wrong_strategies)
            if not candidates:
                raise UsageError(
                    f"{game.name} has no wrong-advice strategies: drop the 'wrong' control"
                )
            for cand in candidates:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / f"{cand['name']}.json"
                    path.write_text(json.dumps(cand))
                    rate = _win_rate(game, kingdom, str(path), [bot], games, seed)
                if rate < 0.4:
                    strategy = dict(cand)
                    break
            if strategy is None:
                raise UsageError(f"no wrong-advice candidate loses to {bot} in this kingdom")
            s = parse_strategy(strategy, game)
            text = render_strategy(
                s,
                intro="Experienced players know that points win games, so start scoring "
                "from the very first turns and never fall behind on the scoreboard.",
                outro="Trust this plan: getting points early is what separates winners "
                "from losers.",
            )
            measured = {"strategy": strategy["name"], "loses_to": bot, "win_rate_vs_it": rate}
        else:
            raise ValueError(control)
        rec: dict[str, Any] = {
            "kind": "advice",
            "game": game.name,
            "kingdom": list(kingdom),
            "kingdom_label": kingdom_label,
            "text": text,
            "words": len(text.split()),
            "role": "control",
            "control": control,
            "advisor": f"control:{control}",
            "source_strategy": strategy,
            "provenance": {"source": "control", "control": control, "seed": seed, **measured},
        }
        rec["id"] = content_id(
            {"control": control, "kingdom": kingdom, "text": text, "strategy": strategy}
        )
        out.append(rec)
    return out
