"""With the real embedded model (SmolLM2-135M through llama.cpp): advice, compilation, one game.

Shortened to fit a CPU budget: 2 players; the advice is capped at 80 words (160 tokens); the
135M model rarely writes a fully valid strategy, so compilation may salvage (keep the entries
that validate, record the rest as dropped); the player uses the compact prompt (basic cards in
one line, no draw/discard split, a one-line Supply) and answers without a reason in at most 16
tokens; the whole game must finish within GAME_BUDGET_S.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

pytest.importorskip("llama_cpp")

from gametest.advice.compiler import CompileOptions, compile_advice, compile_record
from gametest.advice.templates import load_template
from gametest.advice.writer import AdviceOptions, write_advice
from gametest.engine.loop import play_game
from gametest.engine.registry import get_game
from gametest.llm import make_client
from gametest.players import make_player
from gametest.records.advice_store import AdviceStore
from gametest.strategy.model import parse_strategy

pytestmark = pytest.mark.local_llm

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")
GAME_BUDGET_S = 900.0


def test_writes_and_compiles_advice_into_a_strategy_that_plays(tmp_path: Path) -> None:
    """Of two pieces of advice, at least one compiles (salvage allowed): the 135M model's
    answers vary with the machine's thread count, and one in a few breaks every entry."""
    store = AdviceStore(tmp_path / "store")
    opts = CompileOptions(max_repairs=3, max_tokens=400, salvage=True)
    errors = []
    record = None
    with make_client("local:smollm2", cache_dir=tmp_path / "cache") as client:
        recs = write_advice(
            client,
            GAME,
            KINGDOM,
            load_template("plain"),
            2,
            AdviceOptions(max_words=80, max_tokens=160),
            store,
        )
        for rec in recs:
            assert rec["text"] and rec["provenance"]["model"] == "smollm2"
            res = compile_advice(client, GAME, KINGDOM, rec["text"], opts)
            full = compile_record(res, rec, GAME, KINGDOM, client, opts)
            store.put_compiled(full)
            if res.valid:
                record = full
                break
            errors.append(f"{res.repairs} repairs: {res.error}")
    assert record is not None, f"no valid strategy from 2 pieces of advice: {errors}"
    strat = parse_strategy(record["strategy"], GAME)
    path = tmp_path / "compiled.json"
    path.write_text(json.dumps(record["strategy"]))
    players = [make_player(str(path), GAME, KINGDOM), make_player("big-money", GAME, KINGDOM)]
    result = play_game(GAME, KINGDOM, players, seed=1)
    assert strat.gain and result.turns[0] > 0


def test_plays_a_whole_game_against_big_money(tmp_path: Path) -> None:
    spec = "llm:local:smollm2#prompt=compact&max_tokens=16&reason=0"
    llm = make_player(spec, GAME, KINGDOM, cache_dir=str(tmp_path / "cache"))
    t0 = time.perf_counter()
    res = play_game(GAME, KINGDOM, [llm, make_player("big-money", GAME, KINGDOM)], seed=1)
    took = time.perf_counter() - t0
    st = res.extra["players"]["0"]["stats"]
    assert res.ended_by in ("provinces", "piles", "turn_limit")
    assert st["calls"] > 0 and st["asked"] == st["own"] + st["fallbacks"]
    assert st["tokens_in"] > 0
    assert took < GAME_BUDGET_S
