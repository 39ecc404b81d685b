"""G-Eval expected scores: read from token probabilities (scripted, fake server), '10' handled."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from gametest.games.dominion.kingdoms import PRESETS
from gametest.judges.geval import expected_score
from gametest.judges.rate import rate
from gametest.judges.rubric import load_rubric
from gametest.llm import CallOptions, make_client
from gametest.llm.scripted import ScriptedBackend, scored_reply

ADVICE = [
    {"id": f"a{i}", "game": "dominion", "kingdom": list(PRESETS["first-game"]), "text": f"t{i}"}
    for i in range(2)
]


def _tok(t: str, alts: dict[str, float] | None = None) -> dict[str, Any]:
    alts = alts or {t: 1.0}
    top = [[k, math.log(p)] for k, p in alts.items()]
    return {"token": t, "logprob": math.log(alts.get(t, 1e-9)), "top": top}


def test_expected_score_renormalizes_over_valid_scores() -> None:
    toks = [_tok('{"overall": '), _tok("7", {"7": 0.5, "3": 0.2, "x": 0.2, "0": 0.1}), _tok("}")]
    ex = expected_score('{"overall": 7}', toks, "overall", 1, 9)
    assert ex is not None
    assert ex.score == pytest.approx((7 * 0.5 + 3 * 0.2) / 0.7)
    assert ex.mass == pytest.approx(0.7)
    assert expected_score('{"overall": 7}', toks[:2], "overall", 1, 9) is None  # bad spelling
    assert expected_score('{"other": 7}', toks, "overall", 1, 9) is None
    assert expected_score('{"overall": 7}', None, "overall", 1, 9) is None


def test_ten_is_split_from_one_by_the_next_token_when_digits_are_separate() -> None:
    text = '{"overall": 10, "reason": "x"}'
    toks = [
        _tok('{"overall": '),
        _tok("1", {"1": 0.5, "9": 0.5}),
        _tok("0", {"0": 0.75, ",": 0.25}),
        _tok(', "reason": "x"}'),
    ]
    ex = expected_score(text, toks, "overall", 1, 10)
    assert ex is not None and ex.score == pytest.approx(0.5 * 9 + 0.375 * 10 + 0.125 * 1)
    # A sampled 9 leaves the '1' vs '10' split unknown: no expected score.
    text9 = '{"overall": 9, "reason": "x"}'
    toks9 = [_tok('{"overall": '), _tok("9", {"1": 0.5, "9": 0.5}), _tok(', "reason": "x"}')]
    assert expected_score(text9, toks9, "overall", 1, 10) is None
    assert expected_score(text9, toks9, "overall", 1, 9) is not None  # 1-9: no split needed
    # A tokenizer with a single '10' token needs no split either.
    toks10 = [_tok('{"overall": '), _tok("9", {"10": 0.5, "9": 0.25, "1": 0.25})]
    toks10.append(_tok(', "reason": "x"}'))
    ex = expected_score(text9, toks10, "overall", 1, 10)
    assert ex is not None and ex.score == pytest.approx(5 + 2.25 + 0.25)


def test_rate_records_expected_only_when_asked() -> None:
    rubric = load_rubric("geval")
    assert rubric.scale == (1, 9)
    assert rubric.schema()["properties"]["overall"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 9,
    }
    reply = scored_reply({"overall": 6, "reason": "ok"}, "overall", {2: 0.25, 6: 0.5, 8: 0.25})
    client = make_client("scripted:queue", replies=[reply] * 4)
    plain = list(rate(client, "j", rubric, ADVICE))
    assert [r["overall"] for r in plain] == [6.0, 6.0] and "expected" not in plain[0]
    lp = list(rate(client, "j", rubric, ADVICE, top_logprobs=20))
    assert [r["expected"] for r in lp] == [5.5, 5.5] and lp[0]["expected_mass"] == 1.0
    assert {r["id"] for r in lp}.isdisjoint({r["id"] for r in plain})
    backend = client.backend
    assert isinstance(backend, ScriptedBackend)
    assert backend.requests[-1].options.logprobs == 20
    assert backend.requests[0].options.logprobs is None


def test_options_without_logprobs_keep_their_cache_key() -> None:
    assert "logprobs" not in CallOptions(temperature=0.5).to_dict()
    assert CallOptions(logprobs=5).to_dict()["logprobs"] == 5


def test_openai_compatible_logprobs_through_the_fake_server(tmp_path: Path) -> None:
    from tests.llm.fakeserver import FakeOpenAIServer

    with FakeOpenAIServer(reply=lambda body: '{"overall": 4, "reason": "fine"}') as fake:
        client = make_client(
            "openai:fake", base_url=fake.base_url, cache_dir=tmp_path / "cache", timeout=5.0
        )
        try:
            recs = list(rate(client, "j", load_rubric("geval"), ADVICE[:1], top_logprobs=5))
            again = list(rate(client, "j", load_rubric("geval"), ADVICE[:1], top_logprobs=5))
        finally:
            client.close()
    assert fake.requests[0]["logprobs"] is True and fake.requests[0]["top_logprobs"] == 5
    assert recs[0]["overall"] == 4.0 and recs[0]["expected"] == pytest.approx(4.0)
    assert again == recs and len(fake.requests) == 1  # the cache keeps the token probabilities


def test_rate_cli_prints_the_expected_score(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from gametest.cli import main

    adv = tmp_path / "a.json"
    adv.write_text(json.dumps({**ADVICE[0], "id": "adv1"}))
    r = CliRunner().invoke(main, ["rate", str(adv), "-j", "scripted:first", "-r", "geval"])
    assert r.exit_code == 0, r.output
    assert "geval=1" in r.stdout and "expected" not in r.stdout
    r = CliRunner().invoke(
        main, ["rate", str(adv), "-j", "scripted:first", "-r", "geval", "--expected"]
    )
    assert r.exit_code == 0 and "geval=1 expected=n/a" in r.stdout
