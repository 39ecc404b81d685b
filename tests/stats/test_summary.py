"""Known-answer tests of the run summary on synthetic records in the documented formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gametest.engine.errors import UsageError
from gametest.stats.correlation import TOO_FEW
from gametest.stats.summary import analyze, llm_usage, load_run, write_summary
from tests.stats.synthetic import SyntheticRun, by_length, follows, make_run, reversed_judge

N_BOOT = 300


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> tuple[SyntheticRun, dict[str, Any]]:
    """Thirty advisor advice (true win rates 0.2-0.8, 200 games each), controls, three judges."""
    path = tmp_path_factory.mktemp("runs") / "known"
    run = make_run(
        path,
        {"faithful": follows(), "wordy": by_length(), "contrary": reversed_judge()},
        pairwise_judge="faithful",
    )
    return run, analyze(load_run(path), n_boot=N_BOOT, seed=0)


def test_faithful_judge_is_high_and_significant(known: tuple[SyntheticRun, dict]) -> None:
    """Ratings that follow true win rates: rho high, interval above zero, tiny p."""
    h = known[1]["per_judge"]["faithful"]["compiled"]
    assert h["n_advice"] == 30
    assert h["spearman"]["estimate"] > 0.8
    assert h["spearman"]["low"] > 0.5
    assert h["spearman"]["p"] < 1e-6
    assert h["kendall"]["low"] > 0.3
    assert h["disagreement"]["high"] < 0.3
    assert h["regret"]["value"] < 0.15


def test_reversed_judge_is_significantly_negative(known: tuple[SyntheticRun, dict]) -> None:
    """Ratings that run against win rates: interval below zero, most pairs disagree."""
    h = known[1]["per_judge"]["contrary"]["compiled"]
    assert h["spearman"]["estimate"] < -0.8
    assert h["spearman"]["high"] < 0
    assert h["spearman"]["p"] < 1e-6
    assert h["disagreement"]["low"] > 0.6
    assert h["regret"]["value"] > 0.4


def test_length_judge_is_near_zero_after_length_control(known: tuple[SyntheticRun, dict]) -> None:
    """Rating by length alone (length independent of win rate): nothing left after control."""
    h = known[1]["per_judge"]["wordy"]["compiled"]
    lc = h["length_controlled"]
    assert lc["length_fit"]["r"] > 0.9
    assert abs(lc["spearman"]["estimate"]) < 0.35
    assert lc["spearman"]["low"] < 0 < lc["spearman"]["high"]
    assert lc["spearman"]["p"] > 0.05
    faithful_lc = known[1]["per_judge"]["faithful"]["compiled"]["length_controlled"]
    assert faithful_lc["spearman"]["low"] > 0.5


def test_controls_excluded_from_headline_but_reported(known: tuple[SyntheticRun, dict]) -> None:
    """Controls are not among the headline's advice; they are labelled reference points."""
    run, s = known
    assert s["headline"]["compiled"]["n_advice"] == 30
    assert s["counts"]["controls"] == 4
    assert any("excluded from the headline" in n for n in s["notes"])
    refs = {c["control"]: c for c in s["controls"]}
    assert set(refs) == {"strong", "none", "placebo", "wrong"}
    assert all(c["label"].startswith("control:") for c in s["controls"])
    rate = {k: v["win_rate"]["compiled"]["rate"] for k, v in refs.items()}
    assert rate["strong"] > rate["none"] > rate["wrong"]
    assert not set(run.controls) & set(s["headline"]["compiled"]["regret"]["top_rated"])
    assert refs["strong"]["win_rate"]["compiled"]["low"] < rate["strong"]


def test_per_advice_figures(known: tuple[SyntheticRun, dict]) -> None:
    """Per advice: ratings per judge and pooled, win rates per opponent and pooled, per mode."""
    run, s = known
    e = next(a for a in s["advice"] if a["id"] == "adv010")
    assert e["words"] == run.words["adv010"]
    assert set(e["rating"]["by_judge"]) == {"faithful", "wordy", "contrary"}
    assert e["rating"]["pooled"]["n"] == 6
    assert e["rating"]["by_judge"]["faithful"]["n"] == 2
    wr = e["win_rate"]["compiled"]
    assert wr["pooled"]["games"] == 200
    assert set(wr["by_opponent"]) == {"big-money", "bmu"}
    assert sum(v["games"] for v in wr["by_opponent"].values()) == 200
    assert wr["pooled"]["low"] < wr["pooled"]["rate"] < wr["pooled"]["high"]
    assert abs(wr["pooled"]["rate"] - run.true_rates["adv010"]) < 0.12
    llm = next(a for a in s["advice"] if a["id"] == "adv000")
    assert llm["win_rate"]["llm"]["pooled"]["games"] == 6
    assert llm["compliance"]["share"] == pytest.approx(0.75)
    assert llm["llm_player"]["fallbacks"] == 12
    assert s["llm_players"]["fallbacks"] == 12 * 5


def test_failed_compilation_listed_and_excluded(known: tuple[SyntheticRun, dict]) -> None:
    """A failed compilation is counted and listed; its compiled games don't count."""
    run, s = known
    comp = s["compile"]
    assert comp["failed"] == 1
    assert [f["id"] for f in comp["failures"]] == run.failed
    assert comp["failures"][0]["excluded_compiled_games"] == 2
    assert s["counts"]["games_excluded_failed_compile"] == 2
    bad = next(a for a in s["advice"] if a["id"] == run.failed[0])
    assert bad["compile"]["status"] == "failed"
    assert bad["win_rate"]["compiled"]["pooled"]["games"] == 0
    assert bad["win_rate"]["llm"]["pooled"]["games"] == 6
    assert comp["not_compiled_ids"] == ["ctl-none"]


def test_small_llm_mode_and_per_kingdom(known: tuple[SyntheticRun, dict]) -> None:
    """LLM mode has five advice; each kingdom is analysed on its own advice."""
    s = known[1]
    assert s["headline"]["llm"]["n_advice"] == 5
    assert set(s["per_kingdom"]) == {"first-game", "big-money"}
    n = [s["per_kingdom"][k]["compiled"]["n_advice"] for k in s["per_kingdom"]]
    assert sum(n) == 30


def test_reliability(known: tuple[SyntheticRun, dict]) -> None:
    """Repeats of one judge agree; judges that contradict each other don't."""
    rel = known[1]["reliability"]
    assert rel["within_judge"]["faithful"]["alpha"] > 0.7
    assert rel["within_judge"]["faithful"]["repeats"] == 2
    assert rel["between_judges"]["alpha"] < 0.2
    assert rel["between_judges"]["judges"] == ["contrary", "faithful", "wordy"]


def test_pairwise_judgements(known: tuple[SyntheticRun, dict]) -> None:
    """Pairwise judgements that always pick the truly better advice rarely prefer the loser."""
    pw = known[1]["pairwise_judgements"]["faithful"]["compiled"]
    assert pw["judgements"] == 58 and pw["pairs"] > 0
    assert pw["rate"] < 0.4


def test_llm_usage_by_stage(known: tuple[SyntheticRun, dict]) -> None:
    """Calls, tokens and cost are grouped by the stage field."""
    u = known[1]["llm"]
    assert u["grouped_by"] == "stage"
    assert u["by_stage"]["rating"]["calls"] == 5
    assert u["total"]["prompt_tokens"] == 1200
    assert u["total"]["cost"] == pytest.approx(0.012)


def test_llm_usage_falls_back_to_backend() -> None:
    """Without a stage field calls are grouped by backend; unpriced calls have no cost."""
    calls: list[dict[str, Any]] = [
        {"backend": "local:x", "usage": {"prompt_tokens": 5, "completion_tokens": 1, "cost": None}},
        {"backend": "local:x", "error": {"message": "boom"}, "latency_s": 1.0},
        {"backend": "openai:y", "cached": True, "usage": {"prompt_tokens": 2, "cost": 0.0}},
    ]
    u = llm_usage(calls)
    assert u["grouped_by"] == "backend"
    assert u["by_stage"]["local:x"] == {
        "calls": 2,
        "cached": 0,
        "errors": 1,
        "retries": 0,
        "prompt_tokens": 5,
        "completion_tokens": 1,
        "uncosted_calls": 1,
        "latency_s": 1.0,
        "cost": None,
    }
    assert u["by_stage"]["openai:y"]["cost"] == 0.0


def test_truncated_last_line_is_tolerated(tmp_path: Path) -> None:
    """A killed writer's partial last line is skipped and noted; a bad middle line is noted."""
    run = make_run(
        tmp_path / "r",
        {"faithful": follows()},
        n_advice=5,
        games=10,
        controls=False,
        llm_advice=0,
        failed_compiles=0,
    )
    games = run.path / "games.jsonl"
    lines = games.read_text().splitlines(keepends=True)
    games.write_text("".join(lines[:3]) + "{not json\n" + "".join(lines[3:]) + lines[0][:40])
    rec = load_run(run.path)
    st = rec.files["games.jsonl"]
    assert st.truncated_last_line and st.malformed_lines == [4]
    assert len(rec.games) == len(lines)
    s = analyze(rec, n_boot=100)
    assert s["records"]["games.jsonl"]["truncated_last_line"] is True


def test_duplicate_records_are_counted_once(tmp_path: Path) -> None:
    """A game written twice (same key) counts once, and the repeat is reported."""
    run = make_run(
        tmp_path / "r",
        {"faithful": follows()},
        n_advice=3,
        games=4,
        controls=False,
        llm_advice=0,
        failed_compiles=0,
    )
    games = run.path / "games.jsonl"
    first = games.read_text().splitlines(keepends=True)[0]
    with games.open("a") as f:
        f.write(first)
    rec = load_run(run.path)
    assert rec.files["games.jsonl"].duplicates == 1 and len(rec.games) == 12


def test_too_few_advice_says_so(tmp_path: Path) -> None:
    """Two pieces of advice: correlation is n/a with the reason, nothing crashes."""
    run = make_run(
        tmp_path / "r",
        {"faithful": follows()},
        n_advice=2,
        games=10,
        controls=False,
        llm_advice=0,
        failed_compiles=0,
    )
    s = analyze(load_run(run.path), n_boot=100)
    h = s["headline"]["compiled"]
    assert h["n_advice"] == 2 and h["spearman"]["estimate"] is None
    assert h["note"] == TOO_FEW
    assert s["reliability"]["between_judges"]["alpha"] is None


def test_not_a_run_folder(tmp_path: Path) -> None:
    """A missing or unrelated folder is a one-line usage error."""
    with pytest.raises(UsageError, match="no such run folder"):
        load_run(tmp_path / "nope")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("hi")
    with pytest.raises(UsageError, match="is not a run folder"):
        load_run(tmp_path / "other")


def test_write_summary_is_strict_json_and_deterministic(tmp_path: Path) -> None:
    """summary.json has no NaN, and the same seed gives the same summary."""
    run = make_run(
        tmp_path / "r", {"faithful": follows(), "wordy": by_length()}, n_advice=8, games=20
    )
    a = write_summary(run.path, n_boot=100, seed=7)

    def no_nan(token: str) -> Any:
        raise AssertionError(f"non-JSON number {token}")

    loaded = json.loads((run.path / "summary.json").read_text(), parse_constant=no_nan)
    assert loaded == a
    assert set(loaded) >= {
        "headline",
        "advice",
        "controls",
        "per_judge",
        "per_kingdom",
        "reliability",
        "compile",
        "llm",
        "notes",
        "counts",
    }
    assert write_summary(run.path, n_boot=100, seed=7) == a


def test_compile_fidelity_from_source_games(known: tuple[SyntheticRun, dict]) -> None:
    """Source games (planted 10 points better) stay out of the modes; the fidelity rows pair
    them with the compiled games by rotation group."""
    s = known[1]
    assert s["modes"] == ["compiled", "llm"]
    rows = {r["control"]: r for r in s["compile_fidelity"]["controls"]}
    assert set(rows) == {"strong", "placebo", "wrong"}
    for r in rows.values():
        assert r["difference"]["groups"] == 100
        assert r["difference"]["low"] < r["difference"]["estimate"] < r["difference"]["high"]
    diffs = [r["difference"]["estimate"] for r in rows.values()]
    assert -0.2 < sum(diffs) / 3 < 0.0
    assert [f["id"] for f in s["compile_fidelity"]["flagged"]] == ["adv000"]


def test_win_rate_intervals_count_rotation_groups(known: tuple[SyntheticRun, dict]) -> None:
    """200 compiled games in 100 rotation groups per advice: the interval's unit says so."""
    e = next(a for a in known[1]["advice"] if a["id"] == "adv010")
    wr = e["win_rate"]["compiled"]["pooled"]
    assert wr["units"] == 100 and wr["unit"] == "seat-rotation group"
    assert any("counts 1/k" in n for n in known[1]["notes"])
