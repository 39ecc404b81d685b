"""The `gametest` command line: one click group, subcommands registered from their modules."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from gametest import __version__
from gametest.engine.errors import GametestError

# Subcommand name -> "module:attribute". Modules load only when their command runs, so a light
# command (--version, cards, bots, simulate) never imports scipy, matplotlib, numpy or openai.
LAZY_COMMANDS: dict[str, str] = {
    "games": "gametest.commands.games:games_cmd",
    "cards": "gametest.commands.games:cards_cmd",
    "bots": "gametest.commands.games:bots_cmd",
    "play": "gametest.commands.play:play_cmd",
    "simulate": "gametest.commands.simulate:simulate_cmd",
    "strategy": "gametest.commands.strategy:strategy_group",
    "tournament": "gametest.commands.tournament:tournament_group",
    "advise": "gametest.commands.advice:advise_cmd",
    "compile-advice": "gametest.commands.advice:compile_advice_cmd",
    "compliance": "gametest.commands.advice:compliance_cmd",
    "llm": "gametest.llm.cli:llm_group",
    "rate": "gametest.commands.rate:rate_cmd",
    "experiment": "gametest.commands.experiment:experiment_group",
    "report": "gametest.commands.report:report_cmd",
    "ratings": "gametest.commands.rate:ratings_group",
    "view": "gametest.commands.view:view_cmd",
    "optimize": "gametest.commands.optimize:optimize_cmd",
}


class _Group(click.Group):
    """The top-level group: lazy subcommands, and user-facing errors as one line, exit status 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            cmd = getattr(importlib.import_module(module), attr)
            if cmd.name != cmd_name:
                raise RuntimeError(f"{LAZY_COMMANDS[cmd_name]} is named {cmd.name!r}")
            self.add_command(cmd)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GametestError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gametest")
def main() -> None:
    """gametest: measure whether strategy advice that looks good actually wins."""
