"""Playing a tournament's games: bot games on the executor (worker processes, or Ray), LLM
games in threads bounded by each backend's concurrency limit, a human seat in the foreground;
records come back as lanes finish them."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from gametest.engine.decision import Decision
from gametest.engine.loop import GameResult, play_game
from gametest.engine.player import Player
from gametest.engine.registry import GameDef, get_game
from gametest.harness.executor import (
    Executor,
    ThreadExecutor,
    chunks,
    make_executor,
    worker_state,
)
from gametest.players.client_player import ClientPlayer

if TYPE_CHECKING:
    from gametest.tournament.tournament import PlannedGame, Tournament


def close_player(player: Player) -> None:
    """Release what a player holds: the LLM client of a ClientPlayer; other players hold nothing."""
    if isinstance(player, ClientPlayer):
        with contextlib.suppress(Exception):  # closing is best-effort cleanup
            player.close()


def usage_of(player: Player) -> tuple[int, int]:
    """(calls, tokens) a ClientPlayer's client has made so far; (0, 0) for other players."""
    return player.llm_usage() if isinstance(player, ClientPlayer) else (0, 0)


@dataclass(frozen=True)
class _Job:
    """A picklable description of one game for a worker."""

    key: str
    cards: tuple[str, ...]
    seats: tuple[tuple[str, str], ...]  # (participant id, spec) per seat
    seed: int


class _PlayerCache:
    """Players built once per (participant, kingdom) and reused for sequential games."""

    def __init__(self, game: GameDef, opts: dict[str, Any]) -> None:
        self.game = game
        self.opts = opts
        self.players: dict[tuple[str, str, tuple[str, ...]], Player] = {}

    def get(self, pid: str, spec: str, cards: tuple[str, ...]) -> Player:
        """The participant's player for this kingdom, built on first use."""
        key = (pid, spec, cards)
        p = self.players.get(key)
        if p is None:
            from gametest.players import make_player

            p = make_player(spec, self.game, list(cards), **self.opts)
            self.players[key] = p
        return p

    def close(self) -> None:
        """Release every player's resources and forget the players."""
        for p in self.players.values():
            close_player(p)
        self.players.clear()


class _Stopped(Exception):
    """Raised inside a game when the tournament is stopping; the game is not recorded."""


class _Stoppable(Player):
    """A player wrapper that gives up at its next decision once the tournament stops."""

    def __init__(self, player: Player, stop: threading.Event) -> None:
        self._player = player
        self._stop = stop
        self.name = player.name

    def start_game(self, view: Any, seat: int, seed: int) -> None:
        """The wrapped player's hook."""
        self._player.start_game(view, seat, seed)

    def end_game(self, result: GameResult, seat: int) -> dict[str, Any] | None:
        """The wrapped player's hook (its figures land in the record)."""
        return self._player.end_game(result, seat)

    def decide(self, view: Any, decision: Decision) -> Sequence[int]:
        """The wrapped player's answer, unless the tournament is stopping."""
        if self._stop.is_set():
            raise _Stopped()
        return self._player.decide(view, decision)


def _play_job(
    cache: _PlayerCache, job: _Job, stop: threading.Event | None = None
) -> dict[str, Any]:
    """Play one game and return the engine's record plus LLM usage when there was any."""
    players = [cache.get(n, s, job.cards) for n, s in job.seats]
    before = [usage_of(p) for p in players]
    seated = players if stop is None else [_Stoppable(p, stop) for p in players]
    res = play_game(cache.game, list(job.cards), seated, job.seed, 0)
    rec = res.to_dict()
    after = [usage_of(p) for p in players]
    calls = sum(a[0] - b[0] for a, b in zip(after, before, strict=True))
    tokens = sum(a[1] - b[1] for a, b in zip(after, before, strict=True))
    if calls or tokens:
        rec["llm_usage"] = {"calls": calls, "tokens": tokens}
    return rec


def _play_chunk(setup: tuple[str, str], jobs: list[_Job]) -> list[tuple[str, dict[str, Any]]]:
    """Play bot games with this worker's players (built once per worker and setup)."""
    game, opts = setup
    cache = worker_state(
        ("tournament", setup), lambda: _PlayerCache(get_game(game), json.loads(opts))
    )
    return [(j.key, _play_job(cache, j)) for j in jobs]


class GameRunner:
    """Feeds games to the lanes (processes, threads, foreground) and yields finished records."""

    def __init__(
        self,
        t: Tournament,
        workers: int,
        llm_concurrency: int | None,
        executor: Executor | None = None,
    ) -> None:
        self.t = t
        self.workers = max(1, workers)
        self.llm_concurrency = llm_concurrency
        self.q: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.stopping = threading.Event()
        self.given = executor
        self.bots: Executor | None = None
        self.llm: Executor | None = None
        self.threads: list[threading.Thread] = []
        self.caches: dict[int, _PlayerCache] = {}  # thread id -> that thread's players
        self.caches_lock = threading.Lock()

    def _job(self, g: PlannedGame) -> _Job:
        ps = self.t.participants
        return _Job(
            g.key,
            tuple(self.t.kingdom_cards[g.kingdom]),
            tuple((ps[p].id, ps[p].spec) for p in g.seats),
            g.seed,
        )

    def _thread_cache(self) -> _PlayerCache:
        """This thread's players: an LLM player is never used by two games at once."""
        me = threading.get_ident()
        with self.caches_lock:
            cache = self.caches.get(me)
            if cache is None:
                cache = self.caches[me] = _PlayerCache(self.t.game, self.t.player_opts)
        return cache

    def results(self, todo: list[PlannedGame], budget: int) -> Iterable[dict[str, Any]]:
        """Start every lane, then yield tournament records as games finish."""
        bots = [g for g in todo if g.lane == "bots"]
        llm = [g for g in todo if g.lane == "llm"]
        human = [g for g in todo if g.lane == "human"]
        # Fork the bot workers first, before any thread of ours exists.
        if bots:
            self._start_bots(bots, budget)
        if llm:
            self._start_llm(llm)
        expected = len(bots) + len(llm) + len(human)
        got = 0
        for g in human:
            if got >= budget:
                return
            rec = _play_job(self._thread_cache(), self._job(g))
            got += 1
            yield self.t.record_for(g, rec)
            for r in self._drain(block=False):
                got += 1
                yield r
        while got < expected:
            for r in self._drain(block=True):
                got += 1
                yield r

    def _drain(self, block: bool) -> Iterable[dict[str, Any]]:
        """Records waiting in the queue (waiting briefly for one when `block`)."""
        while True:
            try:
                kind, item = self.q.get(timeout=0.1) if block else self.q.get_nowait()
            except queue.Empty:
                return
            block = False
            if kind == "error":
                raise item
            for key, rec in item:
                yield self.t.record_for(self.t.by_key[key], rec)

    def _start_bots(self, games: list[PlannedGame], budget: int) -> None:
        jobs = [self._job(g) for g in games]
        if self.given is not None:
            self.bots = self.given
        else:
            few = self.workers == 1 or len(jobs) < 2 * self.workers
            self.bots = make_executor("local", 1 if few else self.workers)
        # one game per chunk in this process, so a stop takes effect at the next game
        n = self.bots.workers
        size = 1 if n == 1 else max(1, min(50, -(-len(jobs) // (n * 8))))
        self.bots.start()  # fork now, before any thread of ours exists
        setup = (self.t.game.name, json.dumps(self.t.player_opts, sort_keys=True))
        work = chunks(jobs, size)
        th = threading.Thread(target=self._feed_bots, args=(setup, work), daemon=True)
        self.threads.append(th)
        th.start()

    def _feed_bots(self, setup: tuple[str, str], work: list[list[_Job]]) -> None:
        """Hand the bot games to the executor and pass its results to the consumer."""
        assert self.bots is not None
        try:
            for recs in self.bots.map(partial(_play_chunk, setup), work):
                if self.stopping.is_set():
                    return
                self.q.put(("recs", recs))
        except BaseException as e:  # hand the failure to the consumer, which re-raises it
            self.q.put(("error", e))

    def _start_llm(self, games: list[PlannedGame]) -> None:
        limits = dict(self.t.llm_limits)
        if self.llm_concurrency:
            limits = {s: min(v, self.llm_concurrency) for s, v in limits.items()}
        self.gates = {s: threading.Semaphore(v) for s, v in limits.items()}
        n_threads = max(1, min(64, sum(limits.values())))
        self.llm = ThreadExecutor(n_threads)
        th = threading.Thread(target=self._feed_llm, args=(games,), daemon=True)
        self.threads.append(th)
        th.start()

    def _feed_llm(self, games: list[PlannedGame]) -> None:
        """Play the LLM games on threads; each game puts its own record (or error) in the queue."""
        assert self.llm is not None
        try:
            for _ in self.llm.map(self._llm_game, games):
                pass
        except BaseException as e:  # hand the failure to the consumer, which re-raises it
            self.q.put(("error", e))

    def _llm_game(self, g: PlannedGame) -> None:
        """Play one LLM game holding a slot of each LLM backend at the table."""
        if self.stopping.is_set():
            return
        specs = sorted({self.t.participants[p].spec for p in g.seats} & set(self.gates))
        gates = [self.gates[s] for s in specs]  # sorted order: no lock-order deadlock
        for gate in gates:
            gate.acquire()
        try:
            if self.stopping.is_set():
                return
            rec = _play_job(self._thread_cache(), self._job(g), self.stopping)
            self.q.put(("recs", [(g.key, rec)]))
        except _Stopped:
            return
        except BaseException as e:  # hand the failure to the consumer, which re-raises it
            self.q.put(("error", e))
        finally:
            for gate in reversed(gates):
                gate.release()

    def stop(self) -> None:
        """Stop handing out games, end the worker processes and release players."""
        self.stopping.set()
        if self.bots is not None:
            self.bots.cancel()
            if self.bots is not self.given:
                self.bots.close()
            self.bots = None
        if self.llm is not None:
            self.llm.cancel()
            self.llm = None
        for th in self.threads:
            th.join(timeout=5)
        with self.caches_lock:
            for c in self.caches.values():
                c.close()
            self.caches.clear()
