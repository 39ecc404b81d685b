"""Light commands import no heavy libraries: checked on sys.modules in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from gametest.cli import LAZY_COMMANDS, main

HEAVY = ("scipy", "numpy", "matplotlib", "openai", "gametest.llm", "gametest.stats.summary")
_PROBE = """
import json, sys
from gametest.cli import main
try:
    main.main(args=sys.argv[1:], prog_name="gametest", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(args: list[str]) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["cards"],
        ["bots"],
        ["games"],
        ["simulate", "-p", "bmu", "-p", "big-money", "-n", "1"],
    ],
    ids=["version", "cards", "bots", "games", "simulate"],
)
def test_light_commands_skip_heavy_imports(args: list[str]) -> None:
    loaded = _modules_after(args)
    assert "gametest.cli" in loaded
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY) == []


def test_the_probe_sees_heavy_imports() -> None:
    # `report` needs the statistics stack: the probe must see it, or the test above proves nothing
    loaded = _modules_after(["report", "--help"])
    assert "gametest.stats.summary" in loaded


def test_every_lazy_command_loads_under_its_name() -> None:
    ctx = click.Context(main)
    assert set(LAZY_COMMANDS) <= set(main.list_commands(ctx))
    for name in LAZY_COMMANDS:
        cmd = main.get_command(ctx, name)
        assert cmd is not None and cmd.name == name


def test_help_lists_every_command() -> None:
    out = CliRunner().invoke(main, ["--help"]).output
    for name in LAZY_COMMANDS:
        assert f"  {name} " in out
