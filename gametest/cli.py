"""The `gametest` command line: one click group, subcommands registered from their modules."""

from __future__ import annotations

import sys
from typing import Any

import click

from gametest import __version__
from gametest.engine.errors import GametestError


class _Group(click.Group):
    """A click group that turns user-facing errors into one line and exit status 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own errors (bad option values, missing arguments) as one line too."""
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as e:
            e.show()
            sys.exit(e.exit_code)
        except click.ClickException as e:
            ctx = e.ctx if isinstance(e, click.UsageError) else None
            where = f" (see {ctx.command_path} -h)" if ctx is not None else ""
            click.echo(f"error: {one_line(e.format_message())}{where}", err=True)
            sys.exit(2 if e.exit_code in (1, 2) else e.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `gametest cards | head`: the reader left; say nothing
            sys.stdout = None
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GametestError as e:
            click.echo(f"error: {one_line(str(e))}", err=True)
            sys.exit(2)
        except BrokenPipeError:
            raise
        except OSError as e:  # an unwritable or vanished path the command did not check itself
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"error: {where}{e.strerror or e}", err=True)
            sys.exit(2)


def one_line(msg: str) -> str:
    """A message folded onto one line (errors are one line, whatever they quote)."""
    return " ".join(msg.split())


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gametest")
def main() -> None:
    """gametest: measure whether strategy advice that looks good actually wins."""


def _register() -> None:
    """Attach subcommands; each lives in the module that owns its feature."""
    from gametest.commands.advice import advise_cmd, compile_advice_cmd, compliance_cmd
    from gametest.commands.experiment import experiment_group
    from gametest.commands.games import bots_cmd, cards_cmd, games_cmd
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
    ):
        main.add_command(cmd)


_register()
