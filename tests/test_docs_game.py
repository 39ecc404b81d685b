"""docs/adding-a-game.md shows the real Orchard code: every block tagged with a file is in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "adding-a-game.md"


def test_every_code_block_of_the_walkthrough_is_in_its_file() -> None:
    blocks = re.findall(r"```python\n# (\S+)\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) >= 5
    for path, code in blocks:
        text = (ROOT / path).read_text()
        assert code in text, f"docs/adding-a-game.md: the block from {path} is not in the file"
