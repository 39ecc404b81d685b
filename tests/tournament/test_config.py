"""Tournament configs: what to play, from options or a TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametest.engine.errors import UsageError
from gametest.tournament import load_config, parse_kingdoms_option


def test_toml_config(tmp_path: Path) -> None:
    """A TOML file gives the same config; unknown keys are rejected."""
    f = tmp_path / "t.toml"
    f.write_text(
        'players = ["bmu", "big-money"]\nkingdoms = "random:2"\n'
        'games_per_pairing = 8\nseed = 4\nworkers = 2\nout = "res"\n'
    )
    cfg, run = load_config(f)
    assert cfg.players == ["bmu", "big-money"] and len(cfg.kingdoms) == 2
    assert cfg.kingdoms == parse_kingdoms_option("random:2", 4)
    assert run == {"workers": 2, "out": str(tmp_path / "res")}
    f.write_text('players = ["bmu"]\nkingdon = "x"\n')
    with pytest.raises(UsageError, match="unknown key 'kingdon'"):
        load_config(f)
