"""The game loop: runs the rules, hands each decision to the seat's player, records choices."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gametest.engine.decision import IllegalChoiceError, validate_choice
from gametest.engine.errors import UsageError
from gametest.engine.player import Player
from gametest.engine.registry import GameDef


@dataclass
class GameResult:
    """Everything needed to report and to replay one game."""

    game: str
    version: int
    kingdom: list[str]
    seed: int
    first: int
    players: list[str]
    scores: list[int]
    winners: list[int]
    turns: list[int]
    ended_by: str
    choices: list[list[int]]
    fingerprint: str
    seconds: float = 0.0
    events: list[Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record of the game."""
        d = {
            "game": self.game,
            "version": self.version,
            "kingdom": self.kingdom,
            "seed": self.seed,
            "first": self.first,
            "players": self.players,
            "scores": self.scores,
            "winners": self.winners,
            "turns": self.turns,
            "ended_by": self.ended_by,
            "choices": self.choices,
            "fingerprint": self.fingerprint,
            "seconds": round(self.seconds, 6),
        }
        if self.extra:
            d["extra"] = self.extra
        return d


def play_game(
    game: GameDef,
    kingdom: list[str],
    players: Sequence[Player],
    seed: int,
    first: int = 0,
    log: bool = False,
) -> GameResult:
    """Play one game to its end; players[i] sits in seat i and seat `first` starts."""
    for p in players:
        if not isinstance(p, Player):
            raise UsageError(f"{type(p).__name__} is not a player: subclass gametest.Player")
    t0 = time.perf_counter()
    state = game.new_game(kingdom, len(players), seed, first, log)
    views = [state.view(i) for i in range(len(players))]
    for i, p in enumerate(players):
        p.start_game(views[i], i, seed)
    choices: list[list[int]] = []
    decides = [p.decide for p in players]  # looked up once: this loop runs every decision
    gen = state.run()
    send = gen.send
    try:
        decision = next(gen)
        while True:
            seat = decision.seat
            raw = decides[seat](views[seat], decision)
            # validate_choice's commonest legal answers, () and (i,), checked without the call
            picks: tuple[int, ...]
            if type(raw) is tuple and (
                (not raw and decision.min == 0)
                or (
                    len(raw) == 1
                    and type(raw[0]) is int
                    and 0 <= raw[0] < len(decision.options)
                    and decision.min <= 1 <= decision.max
                )
            ):
                picks = raw
            else:
                try:
                    picks = validate_choice(decision, raw)
                except IllegalChoiceError as e:
                    raise IllegalChoiceError(
                        f"player '{players[seat].name}' answered {decision.kind} "
                        f"{list(decision.options)} illegally: {e}"
                    ) from None
            choices.append(list(picks))
            decision = send(picks)
    except StopIteration:
        pass
    res = state.result()
    out = GameResult(
        game=game.name,
        version=game.version,
        kingdom=list(kingdom),
        seed=seed,
        first=first,
        players=[p.name for p in players],
        scores=res["scores"],
        winners=res["winners"],
        turns=res["turns"],
        ended_by=res["ended_by"],
        choices=choices,
        fingerprint=state.fingerprint(),
        seconds=time.perf_counter() - t0,
        events=state.events,
    )
    for i, p in enumerate(players):
        extra = p.end_game(out, i)
        if extra:
            out.extra.setdefault("players", {})[str(i)] = extra
    return out
