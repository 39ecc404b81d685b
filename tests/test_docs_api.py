"""docs/python-api.md is a working notebook: its code blocks run, in order, in one namespace."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "python-api.md"


def test_the_python_api_page_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) >= 3
    namespace: dict[str, object] = {}
    cwd = os.getcwd()
    os.chdir(ROOT)  # the page names results/reference-smollm2 relative to the checkout
    try:
        for i, code in enumerate(blocks):
            exec(compile(code, f"docs/python-api.md block {i + 1}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "200 games of dominion" in out and "win rate" in out
