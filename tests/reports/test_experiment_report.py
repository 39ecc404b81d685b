"""The experiment report rendered from synthetic records: Markdown, self-contained HTML, CLI."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gametest.commands.report import report_cmd
from gametest.engine.errors import GametestError
from gametest.reports.experiment import write_report
from tests.stats.synthetic import by_length, follows, make_run, reversed_judge

CHROMIUM = "/usr/bin/chromium"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A rendered report of a synthetic run with three judges and controls."""
    path = tmp_path_factory.mktemp("report") / "demo"
    make_run(
        path,
        {"faithful": follows(), "wordy": by_length(), "contrary": reversed_judge()},
        pairwise_judge="faithful",
    )
    return write_report(path, n_boot=200, seed=0)


def test_markdown_has_headline_and_tables(report: dict[str, Path]) -> None:
    """report.md: headline paragraph, the advice table, controls, top-rated loser, usage."""
    md = report["markdown"].read_text()
    assert md.startswith("# Experiment report: demo")
    headline = md.split("\n\n")[1]
    assert "Spearman rho" in headline and "[" in headline and "controls are excluded" in headline
    assert "## Every piece of advice" in md
    every = md.split("## Every piece of advice")[1].split("\n## ")[0]
    rows = [line for line in every.splitlines() if line.startswith("| adv0")]
    assert len(rows) == 30
    assert "| ctl-strong | control: strong |" in md
    assert "## The top-rated advice that lost" in md and "\n> Buy Silver" in md
    assert "## LLM calls, tokens and cost" in md and "| rating | 5 |" in md
    assert "## Per kingdom" in md and "first-game" in md
    assert "bad000" in md.split("## Compilation")[1]
    for img in re.findall(r"\]\((report_plots/[^)]+\.png)\)", md):
        assert (report["markdown"].parent / img).read_bytes().startswith(PNG_MAGIC)


def test_html_is_self_contained_with_images(report: dict[str, Path]) -> None:
    """report.html: no external src/href, every image an embedded PNG that decodes."""
    page = report["html"].read_text()
    refs = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page)
    assert refs and all(r.startswith("data:") for r in refs)
    assert "<link" not in page and "<script" not in page and "url(" not in page
    imgs = re.findall(r'<img[^>]*src="data:image/png;base64,([^"]+)"', page)
    assert len(imgs) >= 3  # two scatter plots and the per-judge plot
    for data in imgs:
        assert base64.b64decode(data).startswith(PNG_MAGIC)
    assert 'id="headline"' in page and "Spearman rho" in page


def test_small_run_says_na(tmp_path: Path) -> None:
    """With two pieces of advice the report says the correlation needs three."""
    make_run(
        tmp_path / "small",
        {"faithful": follows()},
        n_advice=2,
        games=10,
        controls=False,
        llm_advice=0,
        failed_compiles=0,
    )
    paths = write_report(tmp_path / "small", n_boot=100)
    assert "n/a (needs >= 3 pieces of advice)" in paths["markdown"].read_text()


def test_report_command(tmp_path: Path) -> None:
    """`gametest report RUN_DIR` writes the three files and prints their paths."""
    make_run(tmp_path / "r", {"faithful": follows()}, n_advice=4, games=10)
    res = CliRunner().invoke(report_cmd, [str(tmp_path / "r"), "--boot", "100"])
    assert res.exit_code == 0, res.output
    printed = res.output.split()
    assert [Path(p).name for p in printed] == ["summary.json", "report.md", "report.html"]
    assert all(Path(p).exists() for p in printed)


def test_report_command_rejects_non_run(tmp_path: Path) -> None:
    """A folder that isn't a run is a one-line usage error (a GametestError)."""
    runner = CliRunner()
    for target in (tmp_path / "missing", tmp_path):
        res = runner.invoke(report_cmd, [str(target)])
        assert isinstance(res.exception, GametestError)
        assert "run folder" in str(res.exception)
        assert "\n" not in str(res.exception)
    assert isinstance(report_cmd, click.Command) and report_cmd.name == "report"


@pytest.mark.browser
def test_report_renders_in_headless_chromium(report: dict[str, Path], tmp_path: Path) -> None:
    """Chromium loads report.html offline: the headline is there and the images decode."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    exe = CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))
    url = report["html"].resolve().as_uri()
    base = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    # After load, a script stamps each image's decoded width into the DOM.
    probe = tmp_path / "probe.html"
    probe.write_text(
        report["html"]
        .read_text()
        .replace(
            "</body>",
            "<script>window.addEventListener('load',()=>{document.body.setAttribute('data-widths',"
            "[...document.images].map(i=>i.complete?i.naturalWidth:0).join(','))});</script></body>",
        )
    )
    dom = subprocess.run(
        [*base, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Spearman rho" in dom and 'id="headline"' in dom
    widths = re.search(r'data-widths="([^"]*)"', dom)
    assert widths is not None, dom[:500]
    ws = [int(w) for w in widths.group(1).split(",")]
    assert len(ws) >= 3 and all(w > 100 for w in ws)
    assert all(
        s.startswith("data:image/png;base64,") for s in re.findall(r'<img[^>]*src="([^"]+)"', dom)
    )
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*base, "--window-size=1200,1600", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 50_000


def test_conditions_that_failed_during_games_are_shown(tmp_path: Path) -> None:
    """A game record with run-time condition failures appears in the summary and the report."""
    run = tmp_path / "ce"
    make_run(run, {"faithful": follows()}, n_advice=4, games=10, llm_advice=0)
    games = run / "games.jsonl"
    lines = games.read_text().splitlines()
    first = json.loads(lines[0])
    first["condition_errors"] = {
        "coins / (turn - turn) > 1": {"count": 7, "error": "ZeroDivisionError: float division"}
    }
    games.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    paths = write_report(run, n_boot=100)
    summary = json.loads(paths["summary"].read_text())
    assert summary["condition_errors"]["games"] == 1
    per = summary["condition_errors"]["by_advice"][first["advice_id"]]
    assert per["coins / (turn - turn) > 1"]["count"] == 7
    md = paths["markdown"].read_text()
    assert "Conditions that failed during games" in md and "(turn - turn)" in md


def test_report_states_power_and_keeps_rating_intervals_on_the_scale(
    report: dict[str, Path],
) -> None:
    """Headline states power (the noise ceiling where it is defined, the table always); every
    mean-rating interval is within 1-10; the judge tables and the sensitivity rows are there."""
    md = report["markdown"].read_text()
    headline = md.split("\n\n")[1]
    assert "80% power needs a true |rho| of at least" in headline
    assert "standardized" in headline and "n/a" not in headline
    assert "| noise ceiling" in md
    cells = re.findall(r"(\d+\.\d+) \[(-?\d+\.\d+), (-?\d+\.\d+)\] \(n=\d+\)", md)
    assert cells
    for _, lo, hi in cells:
        assert 1 <= float(lo) <= float(hi) <= 10
    assert "### How each judge used the scale" in md and "### Failed and missing ratings" in md
    assert "| compiled strategy | compile failures as losses |" in md
    assert "disattenuated Spearman rho" in md
    fid = md.split("### Compiler fidelity")[1].split("\n## ")[0]
    assert "| control:strong@first-game | scripted:test |" in fid and "0.50 | 1.00 |" in fid
    cannot = md.split("### Compiled strategies that cannot win")[1].split("\n## ")[0]
    assert "| adv000 | advisor | never gains Province" in cannot


def test_paper_figures_are_written_and_labels_do_not_pile_up(report: dict[str, Path]) -> None:
    """Per-judge, calibration, length, per-opponent and kingdom figures exist for each mode;
    30 advisors: only extremes get labels, the caption lists the rest."""
    md = report["markdown"].read_text()
    plots = report["markdown"].parent / "report_plots"
    for mode in ("compiled", "llm"):
        for name in ("judges", "length", "opponents", "kingdoms"):
            assert (plots / f"{name}-{mode}.png").read_bytes().startswith(PNG_MAGIC)
            assert f"report_plots/{name}-{mode}.png" in md
    assert (plots / "calibration-compiled.png").exists()
    caption = next(line for line in md.splitlines() if line.startswith("*Rating against win"))
    listed = caption.split("Not labelled: ")[1].rstrip(".*").split(", ")
    assert 20 <= len(listed) < 30 and all(x.startswith("adv") for x in listed)


def test_headline_never_reads_na(report: dict[str, Path]) -> None:
    """A run whose figures are defined gives them in the headline, and nowhere 'n/a'."""
    headline = report["markdown"].read_text().split("\n\n")[1]
    assert "Spearman rho" in headline and "n/a" not in headline


def test_headline_says_why_when_every_advice_wins_equally(tmp_path: Path) -> None:
    """Every compiled advice at 0%: one plain sentence instead of figures that read 'n/a'."""
    run = tmp_path / "flat"
    make_run(run, {"faithful": follows()}, n_advice=5, games=20, llm_advice=1, failed_compiles=0)
    games = run / "games.jsonl"
    recs = [json.loads(line) for line in games.read_text().splitlines()]
    for g in recs:
        if g["mode"] == "compiled" and g["advice_id"].startswith("adv"):
            g["outcome"] = 0.0
    games.write_text("".join(json.dumps(g) + "\n" for g in recs))
    headline = write_report(run, n_boot=100)["markdown"].read_text().split("\n\n")[1]
    assert (
        "Compiled strategy: every one of the 5 pieces of advice won 0.0% of its 20 games, "
        "so no rating can predict win rate among advisors." in headline
    )
    assert (
        "LLM player following the advice: only 1 piece of advice has both ratings and games, "
        "so no rank correlation can be computed (it needs at least 3)" in headline
    )
    assert "n/a" not in headline and "Spearman rho" not in headline
