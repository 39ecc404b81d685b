"""The `gametest` command line: one click group, subcommands registered from their modules."""

from __future__ import annotations

import sys
from typing import Any

import click

from gametest import __version__
from gametest.engine.errors import GametestError


class _Group(click.Group):
    """A click group that turns user-facing errors into one line and exit status 2."""

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


def _register() -> None:
    """Attach subcommands; each lives in the module that owns its feature."""
    from gametest.commands.advice import advise_cmd, compile_advice_cmd, compliance_cmd
    from gametest.commands.experiment import experiment_group
    from gametest.commands.games import bots_cmd, cards_cmd, games_cmd
    from gametest.commands.ladder import ladder_group
    from gametest.commands.play import play_cmd
    from gametest.commands.rate import rate_cmd, ratings_group
    from gametest.commands.report import report_cmd
    from gametest.commands.simulate import simulate_cmd
    from gametest.commands.strategy import strategy_group
    from gametest.commands.tournament import tournament_group
    from gametest.llm.cli import llm_group

    for cmd in (
        games_cmd,
        cards_cmd,
        bots_cmd,
        play_cmd,
        simulate_cmd,
        strategy_group,
        tournament_group,
        advise_cmd,
        compile_advice_cmd,
        compliance_cmd,
        llm_group,
        rate_cmd,
        experiment_group,
        report_cmd,
        ratings_group,
        ladder_group,
    ):
        main.add_command(cmd)


_register()
