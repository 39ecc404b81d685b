"""Known-answer tests of the ladder analyses on synthetic ladder runs with planted judges."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from gametest.reports.ladder_section import ladder_blocks, ladder_headline
from gametest.stats.ladder import (
    Item,
    RatedItems,
    analyze_items,
    analyze_ladder,
    icc_reliability,
    ladder_items,
    min_detectable_spearman,
    rubric_scale,
    winrate_reliability,
)
from gametest.stats.summary import analyze, load_run
from tests.stats.ladder_synthetic import confident, make_ladder_run, mixed, substance, wordy
from tests.stats.synthetic import follows, make_run

N_BOOT = 400
STYLE_TERMS = ("style:expert", "style:hedged", "style:narrative", "style:terse")


@pytest.fixture(scope="module")
def ladder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Ten rungs x five styles x two lengths, rated twice by four planted judges."""
    path = tmp_path_factory.mktemp("ladder") / "run"
    judges = {"sub": substance(), "conf": confident(3.0), "len": wordy(2.0), "mix": mixed()}
    make_ladder_run(path, judges, advisor_pool=6)
    out = analyze_ladder(load_run(path), n_boot=N_BOOT, seed=0)
    assert out is not None
    return out


def _covers(d: dict[str, Any], value: float) -> bool:
    return d["low"] is not None and d["low"] <= value <= d["high"]


def test_substance_judge_is_valid_and_blind_to_style(ladder: dict[str, Any]) -> None:
    """Ratings that follow win rate: validity >= 0.8, every style and length effect ~ 0."""
    r = ladder["per_judge"]["sub"]
    assert r["items"] == 100 and r["rungs"] == 10
    assert r["validity"]["estimate"] >= 0.8 and r["validity"]["low"] > 0.5
    assert r["validity"]["low"] <= r["validity"]["estimate"] <= r["validity"]["high"]
    assert r["validity"]["p"] < 1e-4
    coefs = r["effects"]["coefficients"]
    for term in (*STYLE_TERMS, "length:long"):
        assert _covers(coefs[term], 0.0), term
    assert coefs["win_rate"]["low"] > 0
    assert r["shares"]["substance"]["estimate"] > 0.8
    assert r["shares"]["style"]["estimate"] < 0.05
    assert r["rating_source"]["source"] == "expected"


def test_confident_judge_is_not_valid_and_its_style_effect_is_recovered(
    ladder: dict[str, Any],
) -> None:
    """Rating the expert style +3 points, blind to win rate: validity ~ 0, +3 recovered."""
    r = ladder["per_judge"]["conf"]
    assert _covers(r["validity"], 0.0)
    assert r["validity"]["p"] > 0.05
    coefs = r["effects"]["coefficients"]
    assert _covers(coefs["style:expert"]["points"], 3.0)
    assert coefs["style:expert"]["low"] > 1.0
    for term in ("style:hedged", "style:narrative", "style:terse", "length:long"):
        assert _covers(coefs[term], 0.0), term
    assert r["effects"]["largest_style"] == "style:expert"
    assert r["effects"]["exchange_rates"]["style:expert"]["unbounded"] is True
    assert r["shares"]["style"]["estimate"] > 0.7


def test_length_judge_recovers_the_length_effect(ladder: dict[str, Any]) -> None:
    """Rating long renderings +2 points: the length effect is recovered, styles are ~ 0."""
    r = ladder["per_judge"]["len"]
    coefs = r["effects"]["coefficients"]
    assert _covers(coefs["length:long"]["points"], 2.0)
    for term in STYLE_TERMS:
        assert _covers(coefs[term], 0.0), term
    assert _covers(r["validity"], 0.0)
    assert r["shares"]["length"]["estimate"] > 0.6


def test_exchange_rate_recovers_the_planted_price(ladder: dict[str, Any]) -> None:
    """Rating 8 points per unit of win rate and 2 for the expert style: the style is worth
    2/8 = 25 points of win rate."""
    x = ladder["per_judge"]["mix"]["effects"]["exchange_rates"]["style:expert"]
    assert "unbounded" not in x
    assert _covers(x, 0.25)
    assert abs(x["estimate"] - 0.25) < 0.03


def test_noise_ceiling_and_power_are_stated(ladder: dict[str, Any]) -> None:
    """Repeated ratings give a ceiling below 1 and a disattenuated validity above the raw."""
    r = ladder["per_judge"]["sub"]
    rel = r["reliability"]
    assert 0.5 < rel["ceiling"] < 1
    assert r["disattenuated"]["estimate"] > r["validity"]["estimate"]
    assert r["power"]["units"] == 10
    assert r["power"]["min_detectable"] == pytest.approx(min_detectable_spearman(10))


def test_pooled_over_standardized_judges(ladder: dict[str, Any]) -> None:
    """Pooling z-scores of four judges: two follow win rate, two don't, so validity is between."""
    p = ladder["pooled"]
    assert sorted(p["judges"]) == ["conf", "len", "mix", "sub"]
    sub = ladder["per_judge"]["sub"]["validity"]["estimate"]
    conf = ladder["per_judge"]["conf"]["validity"]["estimate"]
    assert conf < p["validity"]["estimate"] < sub


def test_min_detectable_spearman_has_80_percent_power() -> None:
    """Simulated: Spearman tests at the stated minimum detectable rho reject ~80% of the time."""
    n = 12
    md = min_detectable_spearman(n)
    assert md is not None and 0.7 < md < 0.8
    r = 2 * math.sin(math.pi * md / 6)  # Pearson r of a bivariate normal with Spearman rho md
    rng = np.random.default_rng(3)
    cov = [[1.0, r], [r, 1.0]]
    hits = 0
    sims = 3000
    for _ in range(sims):
        x = rng.multivariate_normal([0.0, 0.0], cov, size=n)
        hits += stats.spearmanr(x[:, 0], x[:, 1]).pvalue < 0.05
    assert abs(hits / sims - 0.8) < 0.06
    assert min_detectable_spearman(3) is None


def test_icc_reliability_of_known_noise() -> None:
    """True item variance 1, rating noise 1, two ratings each: reliability 2/3."""
    rng = np.random.default_rng(5)
    truth = rng.normal(0, 1, 3000)
    groups = [t + rng.normal(0, 1, 2) for t in truth]
    assert icc_reliability(groups) == pytest.approx(2 / 3, abs=0.03)
    assert icc_reliability([np.array([1.0]), np.array([2.0])]) is None


def test_winrate_reliability_of_binomial_noise() -> None:
    """Observed variance 0.01 of which 0.0025 is binomial noise: reliability 0.75."""
    rates = np.array([0.4, 0.6] * 50)
    games = np.full(100, 0.24 / 0.0025)
    var = rates.var(ddof=1)
    assert winrate_reliability(rates, games) == pytest.approx(1 - 0.0025 / var)
    assert winrate_reliability(rates, np.zeros(100)) == 1.0


def test_expected_scores_fall_back_to_the_sampled_answer(tmp_path: Path) -> None:
    """Without token probabilities the analysis uses `overall`, and says so."""
    make_ladder_run(tmp_path / "r", {"sub": substance()}, expected=False, rungs=5)
    out = analyze_ladder(load_run(tmp_path / "r"), n_boot=50, seed=0)
    assert out is not None
    r = out["per_judge"]["sub"]
    assert r["rating_source"] == {
        "source": "overall",
        "expected": 0,
        "overall": 100,
        "failed": 0,
        "rubric": "overall",
    }
    assert (r["scale"]["low"], r["scale"]["high"]) == (1.0, 10.0)
    assert all(1.0 <= p["low"] <= p["mean"] <= p["high"] <= 10.0 for p in r["points"])
    assert r["validity"]["estimate"] > 0.8
    assert out["pooled"] is None


def test_a_judge_that_never_varies_gets_words_not_n_a(tmp_path: Path) -> None:
    """Every item rated 10: validity is undefined, and the headline says why in words."""
    make_ladder_run(tmp_path / "r", {"flat": lambda w, s, ln, rng: 10.0}, rungs=4)
    summary = analyze(load_run(tmp_path / "r"), n_boot=50, seed=0)
    r = summary["ladder"]["per_judge"]["flat"]
    assert r["validity"]["estimate"] is None
    assert "same rating" in r["validity"]["note"]
    head = ladder_headline(summary)
    assert head is not None and "same rating" in head
    assert r["goodhart"]["gain"]["estimate"] == pytest.approx(0.0)
    assert any(b.kind == "h2" for b in ladder_blocks(summary))


def test_ladder_items_stay_out_of_the_advice_headline(tmp_path: Path) -> None:
    """Ladder items are analysed in their own section, not as advisors' advice."""
    make_ladder_run(tmp_path / "r", {"sub": substance()}, rungs=4, advisor_pool=5)
    summary = analyze(load_run(tmp_path / "r"), n_boot=50, seed=0)
    assert summary["counts"]["advisor_advice"] == 5
    assert summary["headline"]["compiled"]["n_advice"] == 5
    head = ladder_headline(summary)
    assert head is not None and "40 ladder items from 4 rungs" in head


def test_runs_without_a_ladder(tmp_path: Path) -> None:
    """No ladder items: no headline sentence; advisors with >= 4 samples still get curves."""
    make_run(tmp_path / "r", {"faithful": follows()}, n_advice=12, games=100)
    summary = analyze(load_run(tmp_path / "r"), n_boot=50, seed=0)
    lad = summary["ladder"]
    assert lad is not None and lad["items"] == 0
    assert ladder_headline(summary) is None
    curves = lad["per_judge"]["faithful"]["advisor_goodhart"]
    assert curves and all(c["pool"] >= 4 for c in curves.values())


def test_a_sparse_ladder_is_reported_in_words(tmp_path: Path) -> None:
    """Two rungs, one style, one length, one rating each: every figure says why it is missing."""
    path = tmp_path / "r"
    make_ladder_run(path, {"sub": substance()}, rungs=2, repeats=1)
    recs = [json.loads(line) for line in (path / "advice.jsonl").read_text().splitlines()]
    keep = [a for a in recs if a["ladder"]["style"] == "plain" and a["ladder"]["length"] == "short"]
    (path / "advice.jsonl").write_text("".join(json.dumps(a) + "\n" for a in keep))
    summary = analyze(load_run(path), n_boot=50, seed=0)
    r = summary["ladder"]["per_judge"]["sub"]
    assert r["validity"]["note"] == "n/a (needs >= 3 rungs, has 2)"
    assert r["reliability"]["ceiling"] is None
    head = ladder_headline(summary)
    assert head is not None
    assert "sub: undefined (needs >= 3 rungs, has 2)" in head
    assert "none with only 2 rungs" in head
    assert ladder_blocks(summary)


def _random_ladder(
    rng: np.random.Generator, rungs: int, slope: float
) -> tuple[list[Item], list[np.ndarray]]:
    """Rungs of random strength; ratings = slope x win rate + a style effect + noise."""
    effect = {"plain": 0.0, "expert": 1.0, "hedged": -0.3, "narrative": 0.2, "terse": 0.1}
    items, z = [], []
    for r in range(rungs):
        w = float(rng.uniform(0.02, 0.9))
        for style, e in effect.items():
            for length in ("short", "long"):
                iid = f"{r}-{style}-{length}"
                items.append(
                    Item(iid, f"r{r}", f"r{r}", style, length, 100, w, None, None, 4000, "x")
                )
                z.append(slope * w + e + rng.normal(0, 1.0, 2))
    return items, z


def test_validity_interval_covers_the_population_value() -> None:
    """Sixty ladders of 12 rungs: the interval covers the validity of a 3000-rung ladder of the
    same design at about the nominal rate (measured 95% over 150 ladders; percentile intervals
    covered 87% at validity 0)."""
    rng = np.random.default_rng(11)
    items, z = _random_ladder(rng, 3000, 3.0)
    truth = stats.spearmanr([g.mean() for g in z], [it.win_rate for it in items]).statistic
    hits = 0
    for k in range(60):
        items, z = _random_ladder(rng, 12, 3.0)
        v = analyze_items(RatedItems(items, z, None), 150, np.random.default_rng(k), 0.95)
        hits += v["validity"]["low"] <= truth <= v["validity"]["high"]
    assert 0.6 < truth < 0.75
    assert hits >= 52  # 87%: 95% coverage gives fewer hits than this with probability ~0.3%


def test_single_ratings_give_reasons_not_n_a(tmp_path: Path) -> None:
    """One rating per item: no noise ceiling, and the headline says why without 'n/a'."""
    make_ladder_run(tmp_path / "r", {"once": substance(), "style": confident()}, repeats=1)
    summary = analyze(load_run(tmp_path / "r"), n_boot=50, seed=0)
    head = ladder_headline(summary)
    assert head is not None
    assert "no noise ceiling (needs repeated ratings of items)" in head
    assert "n/a" not in head


def test_compiled_games_of_an_item_replace_the_ladder_measurement(tmp_path: Path) -> None:
    """Where a ladder item was played in the run, its win rate comes from those games."""
    path = tmp_path / "r"
    make_ladder_run(path, {"sub": substance()}, rungs=3)
    first = json.loads((path / "advice.jsonl").read_text().splitlines()[0])
    games = [
        {"key": f"g{i}", "advice_id": first["id"], "mode": "compiled", "outcome": float(i < 3)}
        for i in range(4)
    ]
    games.append({"key": "llm", "advice_id": first["id"], "mode": "llm", "outcome": 1.0})
    (path / "games.jsonl").write_text("".join(json.dumps(g) + "\n" for g in games))
    items = {it.id: it for it in ladder_items(load_run(path))}
    played = items[first["id"]]
    assert (played.source, played.win_rate, played.games) == ("games", 0.75, 4)
    other = next(it for it in items.values() if it.id != first["id"])
    assert other.source == "ladder" and other.games == 4000


def test_rubric_scale_comes_from_the_answer_schema() -> None:
    """The shipped rubrics answer 1-10; a rubric that cannot be loaded falls back to 1-10."""
    assert rubric_scale("overall") == (1.0, 10.0)
    assert rubric_scale("no-such-rubric") == (1.0, 10.0)


def test_rungs_with_unequal_numbers_of_rated_items_bootstrap_whole(tmp_path: Path) -> None:
    """Found on the default run: when some items lack ratings, rungs hold different numbers of
    items and a bootstrap sample's size differs from the item count; variance shares must
    follow the drawn items (this crashed with a shape mismatch before)."""
    path = tmp_path / "uneven"
    make_ladder_run(path, {"sub": substance()}, repeats=1)
    ratings = path / "ratings.jsonl"
    lines = ratings.read_text().splitlines()
    ladder_ids = sorted({json.loads(x)["advice_id"] for x in lines})
    dropped = set(ladder_ids[::7])  # a few items in different rungs lose their rating
    kept = [x for x in lines if json.loads(x)["advice_id"] not in dropped]
    ratings.write_text("\n".join(kept) + "\n")
    r = analyze(load_run(path), n_boot=200)["ladder"]["per_judge"]["sub"]
    assert r["items"] == len(ladder_ids) - len(dropped)
    share = r["shares"]["substance"]
    assert share["low"] <= share["estimate"] <= share["high"]
