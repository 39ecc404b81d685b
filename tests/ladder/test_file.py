"""Ladder files: round trip, and one-line errors for every malformed part."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from gametest.engine.errors import UsageError
from gametest.ladder.file import FORMAT, default_path, read_ladder, write_ladder


def test_round_trip(first_game_ladder: dict[str, Any], tmp_path: Path) -> None:
    p = write_ladder(tmp_path / "sub" / "l.json", first_game_ladder)
    assert read_ladder(p) == first_game_ladder
    assert first_game_ladder["format"] == FORMAT
    assert default_path("dominion", "random:4", 3) == Path(
        "results/ladders/dominion-random-4-s3.json"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("against"), "missing 'against'"),
        (lambda d: d.update(format="x/2"), "format is 'x/2'"),
        (lambda d: d.update(rungs=[]), "'rungs' must be a non-empty list"),
        (lambda d: d["rungs"].reverse(), "sorted by win_rate ascending"),
        (lambda d: d["rungs"][0].update(win_rate=1.5), r"rungs\[0\].win_rate"),
        (lambda d: d["rungs"][1].pop("strategy"), r"rungs\[1\]: missing 'strategy'"),
        (lambda d: d["rungs"][0]["per_opponent"]["bmu"].pop("n"), "per_opponent.bmu: missing 'n'"),
        (lambda d: d["rungs"][2]["strategy"].update(gain=["Witchh"]), r"rungs\[2\].strategy"),
    ],
)
def test_bad_files_fail_in_one_line(
    first_game_ladder: dict[str, Any], tmp_path: Path, change: Any, message: str
) -> None:
    doc = copy.deepcopy(first_game_ladder)
    change(doc)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(UsageError, match=message) as e:
        read_ladder(p)
    assert "\n" not in str(e.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        read_ladder(tmp_path / "none.json")
    (tmp_path / "x.json").write_text("{")
    with pytest.raises(UsageError, match="not valid JSON"):
        read_ladder(tmp_path / "x.json")
