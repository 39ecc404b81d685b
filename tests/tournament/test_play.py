"""Playing a tournament's games: the ClientPlayer contract, and the one executor seam."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

import gametest.tournament
from gametest.engine.decision import Decision
from gametest.engine.player import Player
from gametest.llm import make_client
from gametest.players.client_player import ClientPlayer
from gametest.tournament import Tournament, TournamentConfig
from gametest.tournament.play import close_player, usage_of


class _Asking(ClientPlayer):
    """Asks its client once per decision, then takes the first options."""

    def __init__(self, spec: str) -> None:
        self.name = "asking"
        self.client = make_client(spec, no_cache=True)

    def decide(self, view: Any, decision: Decision) -> tuple[int, ...]:
        self.client.complete("pick")
        return tuple(range(decision.min))


class _HoldsSomething(Player):
    """Not a ClientPlayer, though it has attributes named like one's: nothing probes them."""

    def __init__(self) -> None:
        self.name = "holder"
        self.client = "not a client"

    def decide(self, view: Any, decision: Decision) -> tuple[int, ...]:
        return tuple(range(decision.min))


def test_client_players_report_usage_and_close_their_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """usage_of counts the client's calls and tokens; close_player closes the client."""
    p = _Asking("scripted:first")
    assert usage_of(p) == (0, 0) and p.llm_limit() >= 1
    p.client.complete("one")
    p.client.complete("two")
    calls, tokens = usage_of(p)
    assert calls == 2 and tokens == sum(
        p.client.usage_summary()[k] for k in ("prompt_tokens", "completion_tokens")
    )
    closed: list[bool] = []
    monkeypatch.setattr(p.client, "close", lambda: closed.append(True))
    close_player(p)
    assert closed == [True]


def test_other_players_are_not_probed() -> None:
    """A plain Player counts no usage and closes nothing, whatever attributes it carries."""
    holder = _HoldsSomething()
    assert usage_of(holder) == (0, 0)
    close_player(holder)  # nothing to release, no error
    assert holder.client == "not a client"


def test_a_player_with_a_client_attribute_only_stays_a_bot(tmp_path: Path) -> None:
    """Lanes come from the ClientPlayer type, not from an attribute that happens to exist."""
    from gametest.players import register_player

    register_player("holder", lambda rest, game, kingdom, **o: _HoldsSomething())
    cfg = TournamentConfig(["holder:x", "big-money"], ["first-game"], games_per_pairing=2)
    t = Tournament(cfg, tmp_path / "h")
    assert t.llm_limits == {} and {g.lane for g in t.games} == {"bots"}
    assert t.run(1) == 2


def test_the_package_has_no_pool_of_its_own() -> None:
    """Every game goes through harness/executor.py: no module here imports multiprocessing."""
    folder = Path(gametest.tournament.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in names if m.split(".")[0] in ("multiprocessing", "concurrent")}, path
