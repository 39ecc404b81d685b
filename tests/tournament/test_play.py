"""Playing a tournament's games: the ClientPlayer contract, LLM lanes within their limits,
and the one executor seam."""

from __future__ import annotations

import ast
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import gametest.tournament
from gametest.engine.decision import Decision
from gametest.engine.player import Player
from gametest.llm import make_client
from gametest.llm.client import LLMClient
from gametest.players.client_player import ClientPlayer
from gametest.tournament import Tournament, TournamentConfig, standings
from gametest.tournament.play import close_player, usage_of


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No cache or price table from the developer's machine."""
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GAMETEST_PRICES", str(tmp_path / "no-prices.toml"))


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


# ---- LLM seats: lanes bounded by each client's limit -----------------------------------


class InFlight:
    """Counts backend calls in flight across every scripted backend; the first `rendezvous`
    calls wait for each other, which only succeeds if they really run at the same time."""

    def __init__(self, rendezvous: int) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.calls = 0
        self.barrier = threading.Barrier(rendezvous, timeout=20)
        self.rendezvous = rendezvous

    def wrap(self, fn: Any) -> Any:
        def complete(backend: Any, *args: Any, **kw: Any) -> Any:
            with self.lock:
                self.now += 1
                self.calls += 1
                self.peak = max(self.peak, self.now)
                first = self.calls <= self.rendezvous
            try:
                if first:
                    self.barrier.wait()
                return fn(backend, *args, **kw)
            finally:
                with self.lock:
                    self.now -= 1

        return complete


@pytest.fixture
def in_flight(monkeypatch: pytest.MonkeyPatch) -> Iterator[InFlight]:
    """Patch the scripted backend to count concurrent calls (rendezvous of two)."""
    from gametest.llm.scripted import ScriptedBackend

    counter = InFlight(2)
    monkeypatch.setattr(ScriptedBackend, "complete", counter.wrap(ScriptedBackend.complete))
    yield counter


def test_llm_players_respect_concurrency_limit(tmp_path: Path, in_flight: InFlight) -> None:
    """Real `llm:` players on the scripted backend: calls overlap, never beyond the limit."""
    pytest.importorskip("gametest.players.llm_player")
    llm = "llm:scripted:first#concurrency=2"
    cfg = TournamentConfig([llm, "big-money", "bmu", "random"], ["first-game"], games_per_pairing=4)
    t = Tournament(cfg, tmp_path / "llm")
    assert t.llm_limits == {llm: 2}
    assert t.run(2) == 24
    assert in_flight.peak == 2  # the rendezvous proves two ran at once; never three
    recs = t.records()
    llm_games = [r for r in recs if llm in r["specs"]]
    assert len(llm_games) == 12
    assert sum(r["llm_usage"]["calls"] for r in llm_games) == in_flight.calls
    st = standings(t, recs, bootstrap=5)
    assert st["llm_usage"]["calls"] == in_flight.calls


def test_llm_concurrency_option_lowers_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--llm-concurrency 1 runs one LLM game at a time even if the backend allows more."""
    pytest.importorskip("gametest.players.llm_player")
    from gametest.llm.scripted import ScriptedBackend

    counter = InFlight(1)
    monkeypatch.setattr(ScriptedBackend, "complete", counter.wrap(ScriptedBackend.complete))
    llm = "llm:scripted:first#concurrency=8"
    cfg = TournamentConfig([llm, "big-money", "bmu"], ["first-game"], games_per_pairing=4)
    t = Tournament(cfg, tmp_path / "llm1")
    t.run(1, llm_concurrency=1)
    assert counter.peak == 1 and len(t.records()) == 12


class ScriptedClientPlayer(ClientPlayer):
    """A test-only LLM player: asks a shared scripted client, then plays the first option."""

    def __init__(self, client: LLMClient) -> None:
        self.name = "client-player"
        self.client = client

    def decide(self, view: Any, decision: Decision) -> tuple[int, ...]:
        self.client.complete(f"{decision.kind}: {list(decision.options)}")
        return tuple(range(decision.min))


def test_any_player_with_a_client_runs_in_the_llm_lane(tmp_path: Path) -> None:
    """A ClientPlayer type registered by prefix plays in the LLM lane, limited by its client."""
    from gametest.players import register_player

    client = make_client("scripted:first", concurrency=3)
    register_player("clientbot", lambda rest, game, kingdom, **o: ScriptedClientPlayer(client))
    cfg = TournamentConfig(["clientbot:a", "big-money", "bmu"], ["first-game"], games_per_pairing=4)
    t = Tournament(cfg, tmp_path / "cp")
    assert t.llm_limits == {"clientbot:a": 3}
    assert all(g.lane == "llm" for g in t.games if 0 in g.seats)
    t.run(2)
    recs = t.records()
    assert len(recs) == 12
    assert 1 <= client.limiter.peak <= 3
    # each game counts its client's calls (a client shared across threads may overlap games)
    assert all(r["llm_usage"]["calls"] > 0 for r in recs if "clientbot:a" in r["specs"])
    client.close()


def test_llm_games_stop_promptly_and_resume(tmp_path: Path) -> None:
    """Stopping mid-run abandons unfinished LLM games; rerunning completes identically."""
    pytest.importorskip("gametest.players.llm_player")
    llm = "llm:scripted:first#concurrency=2"
    cfg = TournamentConfig([llm, "big-money", "bmu"], ["first-game"], games_per_pairing=4)
    t = Tournament(cfg, tmp_path / "a")
    assert t.run(2, stop_after=3) == 3
    assert len(t.records()) == 3
    assert t.run(2) == 9
    clean = Tournament(cfg, tmp_path / "b")
    clean.run(1)
    strip = ("seconds", "extra", "llm_usage")
    a = [{k: v for k, v in r.items() if k not in strip} for r in t.records()]
    b = [{k: v for k, v in r.items() if k not in strip} for r in clean.records()]
    assert a == b
