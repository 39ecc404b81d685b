"""The games install as gametest.games: no top-level module named `games` on anyone's path."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent


def test_gametest_games_is_the_games_folder() -> None:
    link = ROOT / "gametest" / "games"
    assert link.is_symlink() and os.readlink(link) == "../games"
    assert (link / "dominion" / "state.py").samefile(ROOT / "games" / "dominion" / "state.py")


def test_the_package_list_holds_the_games_under_gametest_and_nothing_else() -> None:
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    packages = find_packages(str(ROOT), include=find["find"]["include"])
    assert {"gametest.games", "gametest.games.dominion", "gametest.games.embermarch"} <= set(
        packages
    )
    assert all(p == "gametest" or p.startswith("gametest.") for p in packages)


def test_playing_both_games_imports_no_top_level_games_module(tmp_path: Path) -> None:
    code = (
        "import sys, gametest\n"
        "for g in ('dominion', 'embermarch'):\n"
        "    gametest.simulate([gametest.get_game(g).info.default_bot] * 2, game=g, games=2)\n"
        "bad = sorted(m for m in sys.modules if m == 'games' or m.startswith('games.'))\n"
        "print(bad)\n"
    )
    # Run outside the checkout so its root is not on the path, as for any installed user.
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
