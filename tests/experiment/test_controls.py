"""The strong control from a strategy file (an optimized strategy) instead of the best bot."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametest.engine.errors import UsageError
from gametest.engine.registry import get_game
from gametest.experiment.config import parse_config
from gametest.experiment.controls import make_controls
from gametest.games.dominion.kingdoms import PRESETS

OPTIMIZED = """name = "optimized-first-game"
description = "found by gametest optimize"
gain = [
  { card = "Province", if = "total_money > 16" },
  { card = "Militia", limit = 1 },
  "Gold",
  { card = "Smithy", limit = 2 },
  "Silver",
]
"""


def test_strong_control_uses_the_named_strategy_file(tmp_path: Path) -> None:
    path = tmp_path / "best.toml"
    path.write_text(OPTIMIZED)
    game = get_game("dominion")
    cards = list(PRESETS["first-game"])
    args = (game, cards, "first-game", ["strong"], 100, ["big-money"], 40, 1)
    (rec,) = make_controls(*args, strong_file=str(path))
    assert rec["control"] == "strong" and rec["provenance"]["optimized"] is True
    assert rec["source_strategy"]["gain"][1] == {"card": "Militia", "limit": 1}
    assert "Militia" in rec["text"] and rec["provenance"]["win_rate_vs_opponents"] > 0.5
    (bot,) = make_controls(*args)
    assert "bot" in bot["provenance"] and bot["id"] != rec["id"]


def test_config_resolves_strong_paths_per_kingdom(tmp_path: Path) -> None:
    (tmp_path / "opt").mkdir()
    (tmp_path / "opt" / "fg.toml").write_text(OPTIMIZED)
    source = str(tmp_path / "exp.toml")
    doc = {"kingdoms": ["first-game", "deck-top"], "controls": ["strong"]}
    cfg = parse_config({**doc, "outcomes": {"strong": {"first-game": "opt/fg.toml"}}}, source)
    assert cfg.outcomes.strong_for("first-game") == str(tmp_path / "opt" / "fg.toml")
    assert cfg.outcomes.strong_for("deck-top") is None
    one = parse_config({**doc, "outcomes": {"strong": "opt/fg.toml"}}, source)
    assert one.outcomes.strong_for("deck-top") == str(tmp_path / "opt" / "fg.toml")
    with pytest.raises(UsageError, match=r"outcomes.strong: strategy file not found: nope.toml"):
        parse_config({**doc, "outcomes": {"strong": "nope.toml"}}, source)
