"""--executor and --ray-address, shared by the commands that play many games."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from gametest.harness.executor import EXECUTOR_KINDS, Executor, make_executor

F = TypeVar("F", bound=Callable[..., Any])


def executor_options(f: F) -> F:
    """--executor local|ray and --ray-address ADDRESS (default: $RAY_ADDRESS, else local Ray)."""
    f = click.option(
        "--ray-address",
        default=None,
        help="Ray cluster to run on with --executor ray (default: $RAY_ADDRESS, or a local "
        "Ray instance).",
    )(f)
    return click.option(
        "--executor",
        "executor_kind",
        type=click.Choice(EXECUTOR_KINDS),
        default="local",
        show_default=True,
        help="Where games run: local worker processes (-j), or Ray tasks (results identical).",
    )(f)


def executor_for(kind: str, workers: int, address: str | None) -> Executor | None:
    """The executor the options ask for; None for `local` (the caller's own -j processes)."""
    if kind == "local":
        return None
    return make_executor(kind, workers, address)
