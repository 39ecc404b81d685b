"""How the command line shows experiment progress: bars on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import click

from gametest.experiment.events import EventSink, StageEvent


class LineRenderer:
    """Progress without a terminal (CI, nohup, a cluster job): a plain line when a stage
    starts, about every minute while it runs, and when it ends, with counts and elapsed time."""

    def __init__(self, echo: Callable[[str], None], every: float = 60.0) -> None:
        self.echo, self.every = echo, every
        self._last: dict[str, float] = {}

    def __call__(self, e: StageEvent) -> None:
        if e.kind == "note":
            self.echo(e.message)
        elif e.kind == "start":
            self._last[e.stage] = time.perf_counter()
            self.echo(f"{e.stage}: starting, {e.total} to do")
        elif e.kind == "progress":
            now = time.perf_counter()
            if now - self._last.get(e.stage, now) >= self.every:
                self._last[e.stage] = now
                self.echo(f"{e.stage}: {e.done}/{e.total} after {e.seconds:.0f}s")
        else:
            self.echo(f"{e.stage}: {e.kind}, {e.done}/{e.total} in {e.seconds:.1f}s")


class BarRenderer:
    """A click progress bar per stage on a terminal; notes as lines."""

    def __init__(self) -> None:
        self._bars: dict[str, Any] = {}
        self._done: dict[str, int] = {}

    def __call__(self, e: StageEvent) -> None:
        if e.kind == "note":
            click.echo(e.message, err=True)
        elif e.kind == "start":
            bar = click.progressbar(length=e.total, label=f"{e.stage:14}", file=sys.stderr)
            self._bars[e.stage] = bar.__enter__()
            self._done[e.stage] = 0
        elif e.stage in self._bars:
            bar = self._bars[e.stage]
            bar.update(e.done - self._done[e.stage])
            self._done[e.stage] = e.done
            if e.kind in ("done", "stopped"):
                bar.__exit__(None, None, None)
                del self._bars[e.stage]


def plain_lines(every: float = 60.0) -> EventSink:
    """Plain progress lines on stderr, whatever it is connected to."""
    return LineRenderer(lambda msg: click.echo(msg, err=True), every)


def stage_renderer() -> EventSink:
    """Bars when stderr is a terminal, plain lines when it is not."""
    if sys.stderr.isatty():
        return BarRenderer()
    return plain_lines()
