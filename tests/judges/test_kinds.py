"""Judge kinds are plug-ins: the shipped two wrap rate/compare, and a new one needs no edits."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gametest.cli import main
from gametest.engine.errors import UsageError
from gametest.games.dominion.kingdoms import PRESETS
from gametest.judges import kinds
from gametest.judges.kinds import (
    ABSOLUTE,
    PAIRWISE,
    JudgeKind,
    get_judge_kind,
    judge_kinds,
    register_judge_kind,
)
from gametest.judges.rate import compare, rate
from gametest.judges.rubric import Rubric, load_rubric
from gametest.llm import make_client
from gametest.reports.blocks import Block
from gametest.reports.experiment import build_blocks
from gametest.stats.summary import RunData, analyze, load_run
from tests.stats.synthetic import follows, make_run


def _advice(i: int, words: int) -> dict[str, Any]:
    text = " ".join(["Smithy"] * words)
    return {"id": f"a{i}", "game": "dominion", "kingdom": list(PRESETS["first-game"]), "text": text}


def test_the_shipped_kinds_are_registered_and_wrap_rate_and_compare() -> None:
    assert {"absolute", "pairwise"} <= set(judge_kinds())
    assert get_judge_kind("absolute") is ABSOLUTE and get_judge_kind("pairwise") is PAIRWISE
    with pytest.raises(UsageError, match="unknown judge kind 'pairwize'"):
        get_judge_kind("pairwize")
    items = [_advice(0, 3), _advice(1, 5), _advice(2, 1)]
    overall, pw = load_rubric("overall"), load_rubric("pairwise")
    client = make_client("scripted:first", no_cache=True)
    assert list(ABSOLUTE.judge(client, "j", overall, ABSOLUTE.units(items), 2)) == list(
        rate(client, "j", overall, items, 2)
    )
    pairs = PAIRWISE.units(items)
    assert len(pairs) == 3
    recs = list(PAIRWISE.judge(client, "j", pw, pairs))
    assert recs == list(compare(client, "j", pw, pairs))
    assert len(recs) == PAIRWISE.calls(len(items), 1) == 6
    assert PAIRWISE.records(recs) == recs and ABSOLUTE.records(recs) == []
    assert "preferred" in PAIRWISE.line(recs[0], pw)


class Longest(JudgeKind):
    """A toy kind without a model: prefers the longest advice of each kingdom."""

    name = "longest"

    def units(self, advice: Sequence[dict[str, Any]]) -> list[Any]:
        return [list(advice)]

    def judge(
        self,
        client: Any,
        judge: str,
        rubric: Rubric,
        units: Iterable[Any],
        n: int = 1,
        seed: int = 0,
        done: set[str] | None = None,
        top_logprobs: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        for group in units:
            best = max(group, key=lambda a: len(a["text"].split()))
            yield {"id": f"longest-{best['id']}", "kind": self.name, "preferred": best["id"]}

    def calls(self, n_advice: int, n: int) -> int:
        return 0

    def line(self, rec: dict[str, Any], rubric: Rubric) -> str:
        return f"longest: {rec['preferred']}"

    def figures(self, run: RunData, n_boot: int, seed: int) -> dict[str, Any]:
        preferred = [r["preferred"] for r in self.records(run.records.ratings)]
        return {"longest_preferred": preferred}

    def report_blocks(self, summary: dict[str, Any]) -> list[Block]:
        return [Block("p", f"Longest: {', '.join(summary['longest_preferred'])}.")]


def test_a_new_kind_plugs_into_rubrics_and_the_rate_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kinds, "_KINDS", dict(kinds._KINDS))  # keep the registry clean
    rubric = tmp_path / "longest.toml"
    rubric.write_text('kind = "longest"\ncriteria = []\nuser = "{advice}"\n')
    with pytest.raises(UsageError, match="kind must be 'absolute' or 'pairwise', not 'longest'"):
        load_rubric(str(rubric))
    register_judge_kind(Longest())
    assert load_rubric(str(rubric)).kind == "longest"
    store = tmp_path / "store"
    store.mkdir()
    for i, words in enumerate((2, 9, 4)):
        (store / f"a{i}.json").write_text(json.dumps(_advice(i, words)))
    args = ["rate", "a0", "a1", "a2", "-j", "scripted:first", "-r", str(rubric)]
    r = CliRunner().invoke(main, [*args, "--store", str(store), "--no-cache"])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "longest: a1"


def test_a_new_kind_adds_its_figures_and_report_section_without_naming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary and the report iterate the registry: a new kind's keys come after the
    shipped ones, and its blocks sit in the judge section after the shipped kinds'."""
    monkeypatch.setattr(kinds, "_KINDS", dict(kinds._KINDS))
    run = tmp_path / "run"
    make_run(run, {"faithful": follows()}, n_advice=4, games=10, llm_advice=0)
    with (run / "ratings.jsonl").open("a") as f:
        f.write(json.dumps({"id": "l-1", "kind": "longest", "preferred": "adv002"}) + "\n")
    before = analyze(load_run(run), n_boot=100)
    assert "longest_preferred" not in before
    register_judge_kind(Longest())
    summary = analyze(load_run(run), n_boot=100)
    assert list(summary)[-1] == "longest_preferred" and summary["longest_preferred"] == ["adv002"]
    assert summary["counts"]["ratings_longest"] == 1
    assert {k: v for k, v in summary.items() if k != "longest_preferred"} == {
        k: v for k, v in before.items() if k != "longest_preferred"
    } | {"counts": summary["counts"]}
    texts = [b.text for b in build_blocks(summary)]
    at = texts.index("Longest: adv002.")
    assert (
        texts.index("Per judge")
        < at
        < texts.index("Judge reliability (Krippendorff's alpha, interval)")
    )
