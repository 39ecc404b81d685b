"""How an Orchard strategy answers its two decision kinds."""

from __future__ import annotations

from typing import Any

from gametest.engine.decision import Decision
from gametest.strategy.model import Strategy


class OrchardPolicy:
    """Buy: the first `gain` entry offered whose condition holds. Prune: likewise from `prune`."""

    def __init__(self, strategy: Strategy) -> None:
        self.lists = {"buy": strategy.gain, "prune": strategy.lists["prune"]}

    def decide(self, view: Any, d: Decision) -> tuple[int, ...]:
        for e in self.lists[d.kind]:
            if e.card in d.options and e.applies(view):
                return (d.options.index(e.card),)
        return ()
