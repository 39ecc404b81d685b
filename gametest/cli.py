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
    "ladder": "gametest.commands.ladder:ladder_group",
    "engine": "gametest.commands.engine:engine_group",
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
