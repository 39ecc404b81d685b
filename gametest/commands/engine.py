"""`gametest engine build|status|clean`: the optional compiled engine (docs/architecture.md)."""

from __future__ import annotations

import click

from gametest.compiled import compiled_dir, describe, status


@click.group("engine")
def engine_group() -> None:
    """Build, list or remove the compiled engine (Cython; pure Python is the default)."""


@engine_group.command("build")
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=2, show_default=True, help="Parallel compiles."
)
def build_cmd(jobs: int) -> None:
    """Compile the hot modules into GAMETEST_COMPILED_DIR (default gametest/_compiled)."""
    from gametest.compiled.build import build

    folder = compiled_dir()
    entries = build(folder, jobs=jobs)
    click.echo(f"compiled {len(entries)} modules into {folder}")


@engine_group.command("status")
def status_cmd() -> None:
    """Each hot module: compiled, stale (its source changed since the build) or pure."""
    for name, state in status(compiled_dir()):
        click.echo(f"{state:9} {name}")
    click.echo(describe())


@engine_group.command("clean")
def clean_cmd() -> None:
    """Remove the build (its manifest and the extensions it names)."""
    from gametest.compiled.build import clean

    folder = compiled_dir()
    click.echo(f"removed {clean(folder)} files from {folder}")
