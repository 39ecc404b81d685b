"""The viewer and the simulation report opened in headless Chromium (offline)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main

CHROMIUM = "/usr/bin/chromium"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Installed before the page's own script: keep every error and console.error, then step
# through the game with the keyboard, the buttons and the slider, stamping what is shown.
PROBE = """<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message)));
const __ce = console.error;
console.error = (...a) => { window.__errors.push(a.join(' ')); __ce(...a); };
window.addEventListener('load', () => {
  const shown = () => [document.getElementById('frame-label').textContent,
                       document.getElementById('log').textContent,
                       document.getElementById('scores').textContent];
  const key = k => document.dispatchEvent(new KeyboardEvent('keydown', {key: k}));
  const steps = [shown()];
  key('ArrowRight'); steps.push(shown());
  key('ArrowRight'); steps.push(shown());
  key('ArrowLeft'); steps.push(shown());
  document.getElementById('next').click(); steps.push(shown());
  const s = document.getElementById('slider');
  s.value = s.max; s.dispatchEvent(new Event('input')); steps.push(shown());
  key('Home'); steps.push(shown());
  document.body.setAttribute('data-steps', JSON.stringify(steps));
  document.body.setAttribute('data-errors', JSON.stringify(window.__errors));
});
</script>"""


def chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    exe = shutil.which("chromium")
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return exe


def headless(tmp_path: Path) -> list[str]:
    return [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]


def dump_dom(tmp_path: Path, page: Path) -> str:
    return subprocess.run(
        [*headless(tmp_path), "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def attr(dom: str, name: str) -> object:
    m = re.search(rf"{name}=\"([^\"]*)\"", dom)
    assert m is not None, dom[:500]
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rep = tmp_path_factory.mktemp("sim") / "rep"
    r = CliRunner().invoke(
        main,
        [
            "simulate",
            "-k",
            "first-game",
            "-p",
            "smithy-bm",
            "-p",
            "bmu",
            "-n",
            "20",
            "--report",
            str(rep),
        ],
    )
    assert r.exit_code == 0, r.output
    return rep


@pytest.mark.browser
@pytest.mark.parametrize("game", ["dominion", "embermarch"])
def test_viewer_steps_without_errors(tmp_path: Path, report: Path, game: str) -> None:
    if game == "dominion":
        record, n = report / "games.jsonl", "1"
    else:
        rep = tmp_path / "emb"
        args = ["simulate", "--game", "embermarch", "-p", "ashguard-rush", "-p", "verdant-wall"]
        r = CliRunner().invoke(main, [*args, "-n", "2", "--report", str(rep)])
        assert r.exit_code == 0, r.output
        record, n = rep / "games.jsonl", "2"
    page = tmp_path / "view.html"
    r = CliRunner().invoke(main, ["view", str(record), "--game", n, "-o", str(page)])
    assert r.exit_code == 0, r.output
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text().replace("<head>", "<head>" + PROBE, 1))
    dom = dump_dom(tmp_path, probe)
    assert attr(dom, "data-errors") == []
    steps = attr(dom, "data-steps")
    assert isinstance(steps, list) and len(steps) == 7
    labels = [s[0] for s in steps]
    assert labels[0].startswith("0/") and labels[1].startswith("1/") and labels[2].startswith("2/")
    assert labels[3] == labels[1] and labels[4] == labels[2] and labels[6] == labels[0]
    total = int(labels[0].split("/")[1].split(":")[0])
    assert labels[5].startswith(f"{total}/{total}:") and total > 10
    assert steps[1][1] != steps[2][1]  # what happened differs from turn to turn
    assert steps[0][2] != steps[5][2]  # the scores moved by the end


@pytest.mark.browser
def test_sim_report_images_render(tmp_path: Path, report: Path) -> None:
    probe = tmp_path / "probe.html"
    probe.write_text(
        (report / "index.html")
        .read_text()
        .replace(
            "</body>",
            "<script>window.addEventListener('load',()=>{document.body.setAttribute("
            "'data-widths',JSON.stringify([...document.images].map(i=>i.complete?i.naturalWidth:0)))"
            "});</script></body>",
        )
    )
    widths = attr(dump_dom(tmp_path, probe), "data-widths")
    assert isinstance(widths, list) and len(widths) == 6 and all(w > 300 for w in widths)
    for png in report.glob("*.png"):
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 5_000
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            *headless(tmp_path),
            "--window-size=1250,1600",
            f"--screenshot={shot}",
            (report / "index.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes().startswith(PNG_MAGIC) and shot.stat().st_size > 50_000
