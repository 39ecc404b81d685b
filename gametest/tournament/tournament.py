"""Tournaments: round-robin and gauntlet between any player specs, parallel and resumable.

Every table (a pairing, or a group of the chosen size) plays N games per kingdom from
`harness.batch.plan`: seats rotate and each group of seat orders shares one shuffle seed, and all
tables of a kingdom use the same seeds, so luck cancels out of the comparison. Bot games run in
worker processes; games with an LLM seat run in threads, at most the backend's concurrency limit
at once; a human seat plays in the foreground. Each finished game is appended to games.jsonl
under a key that hashes what produced it, so a killed tournament resumes where it stopped and a
finished one plays nothing when run again.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gametest.engine.bounds import check_count
from gametest.engine.errors import UsageError
from gametest.engine.player import Player
from gametest.engine.registry import GameDef, get_game
from gametest.engine.rng import derive_seed
from gametest.harness.batch import plan
from gametest.harness.executor import Executor
from gametest.harness.lock import RunLock
from gametest.harness.records import RecordWriter, iter_records, write_json_atomic
from gametest.players.client_player import ClientPlayer
from gametest.tournament.config import FORMATS, TournamentConfig
from gametest.tournament.play import GameRunner, close_player

MAX_TOURNAMENT_GAMES = 10**7  # each planned game holds a key in memory before play starts
GAMES_FILE = "games.jsonl"
MANIFEST_FILE = "manifest.json"
LEADERBOARD_FILE = "leaderboard.json"
LIGHT_FIELDS = ("key", "winners", "scores", "turns", "llm_usage")
DEFAULT_LLM_CONCURRENCY = 4


@dataclass(frozen=True)
class Participant:
    """One entrant: a unique id (its spec, numbered if repeated), display name, spec, role."""

    id: str
    name: str
    spec: str
    role: str  # "player" or "reference"


@dataclass(frozen=True)
class PlannedGame:
    """One game of the tournament: where, who sits where, which seed, and its record key."""

    key: str
    kingdom: int
    table: tuple[int, ...]
    index: int
    seed: int
    seats: tuple[int, ...]  # participant indices in seat order
    lane: str  # "bots", "llm" or "human"


def is_human_spec(spec: str) -> bool:
    """True for `human` and `human:NAME`."""
    return spec == "human" or spec.startswith("human:")


def is_llm_spec(spec: str) -> bool:
    """True for `llm:BACKEND_SPEC` players."""
    return spec.startswith("llm:")


def game_key(game: str, cards: Sequence[str], seats: Sequence[Participant], seed: int) -> str:
    """A content hash of what produces a game: game version, kingdom, who sits where, seed."""
    text = json.dumps(
        [game, list(cards), [[p.id, p.spec] for p in seats], seed, 0], separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class Tournament:
    """A planned tournament bound to a results folder; `run` plays what is missing."""

    def __init__(
        self,
        config: TournamentConfig,
        out_dir: str | Path,
        player_opts: dict[str, Any] | None = None,
        probe: bool = True,
        names: Sequence[str] | None = None,
    ) -> None:
        """Check the config, name the participants and plan every game.

        With `probe` (needed to run, not to report) every player is built once up front, so
        bad specs fail before any game and LLM players' concurrency limits are known; the
        players' own names become the display names (`names`, from a manifest, overrides).
        """
        self.config = config
        self.out_dir = Path(out_dir)
        self.player_opts = dict(player_opts or {})
        self.game: GameDef = get_game(config.game)
        self.game_id = f"{self.game.name}@{self.game.version}"
        self._check()
        if not config.kingdoms:
            raise UsageError("give at least one --kingdom")
        self.kingdom_cards = [self.game.parse_kingdom(k) for k in config.kingdoms]
        seen: dict[tuple[str, ...], str] = {}
        for spec, cards in zip(config.kingdoms, self.kingdom_cards, strict=True):
            other = seen.setdefault(tuple(sorted(cards)), spec)
            if other != spec or list(config.kingdoms).count(spec) > 1:
                raise UsageError(f"kingdom '{spec}' is listed twice (same cards as '{other}')")
        self.participants = self._participants()
        self._probe_players(probe)
        self._name_participants(names)
        self.tables = self._tables()
        total = config.games_per_pairing * len(self.tables) * len(self.kingdom_cards)
        if total > MAX_TOURNAMENT_GAMES:
            raise UsageError(
                f"this tournament would play {total:,} games (at most {MAX_TOURNAMENT_GAMES:,}): "
                "lower --games-per-pairing, the players or the kingdoms"
            )
        self.games = self._plan()
        self.by_key = {g.key: g for g in self.games}

    # ---- planning -------------------------------------------------------------------------

    def _check(self) -> None:
        c = self.config
        if c.format not in FORMATS:
            raise UsageError(f"unknown format '{c.format}' (use {' or '.join(FORMATS)})")
        check_count(c.players_per_game, "players per game", 64)
        if c.games_per_pairing < 1:
            raise UsageError(f"games per pairing must be at least 1, got {c.games_per_pairing}")
        k = c.players_per_game
        lo, hi = max(2, self.game.min_players), min(4, self.game.max_players)
        if not lo <= k <= hi:
            raise UsageError(f"players per game must be {lo} to {hi}, got {k}")
        if not c.players:
            raise UsageError("give at least one --player")
        if c.format == "round-robin":
            if c.references:
                raise UsageError("--reference is for --format gauntlet")
            if len(c.players) < k:
                raise UsageError(
                    f"a round-robin with {k} players per game needs at least {k} players, "
                    f"got {len(c.players)}"
                )
        else:
            if not c.references:
                raise UsageError("a gauntlet needs at least one --reference opponent")
            n_refs = len(set(c.references))
            if n_refs < k - 1:
                raise UsageError(
                    f"a gauntlet with {k} players per game needs at least {k - 1} distinct "
                    f"references, got {n_refs}"
                )

    def _participants(self) -> list[Participant]:
        c = self.config
        entries = [(s.strip(), "player") for s in c.players]
        if c.format == "gauntlet":
            have = {s for s, _ in entries}
            for s in dict.fromkeys(r.strip() for r in c.references):
                if s in have:
                    entries = [(e, "reference" if e == s else r) for e, r in entries]
                else:
                    entries.append((s, "reference"))
        humans = sum(is_human_spec(s) for s, _ in entries)
        if humans > 1:
            raise UsageError("at most one human seat per tournament")
        ids: list[str] = []
        out = []
        for spec, role in entries:
            pid, k = spec, 2
            while pid in ids:
                pid = f"{spec}#{k}"
                k += 1
            ids.append(pid)
            out.append(Participant(pid, pid, spec, role))
        return out

    def _name_participants(self, names: Sequence[str] | None) -> None:
        """Display names: given ones, else the players' own names, made unique."""
        wanted = (
            list(names)
            if names is not None and len(names) == len(self.participants)
            else [self.player_names.get(p.id, p.id) for p in self.participants]
        )
        used: list[str] = []
        out = []
        for p, want in zip(self.participants, wanted, strict=True):
            name, k = want, 2
            while name in used:
                name = f"{want}#{k}"
                k += 1
            used.append(name)
            out.append(Participant(p.id, name, p.spec, p.role))
        self.participants = out

    def _probe_players(self, probe: bool) -> None:
        """Build every participant once per kingdom: bad specs fail now, with one clear line."""
        from gametest.llm.base import LLMError
        from gametest.players import make_player

        self.lanes: list[str] = []
        self.llm_limits: dict[str, int] = {}
        self.player_names: dict[str, str] = {}
        for p in self.participants:
            lane = "human" if is_human_spec(p.spec) else "llm" if is_llm_spec(p.spec) else "bots"
            for cards in self.kingdom_cards if probe else []:
                try:
                    player: Player = make_player(p.spec, self.game, cards, **self.player_opts)
                except LLMError as e:
                    raise UsageError(f"player '{p.spec}': {e}") from None
                self.player_names.setdefault(p.id, player.name)
                if isinstance(player, ClientPlayer):
                    lane = "llm" if lane == "bots" else lane
                    self.llm_limits.setdefault(p.spec, player.llm_limit())
                close_player(player)
            if lane == "llm":
                self.llm_limits.setdefault(p.spec, DEFAULT_LLM_CONCURRENCY)
            self.lanes.append(lane)

    def _tables(self) -> list[tuple[int, ...]]:
        c, k = self.config, self.config.players_per_game
        idx = range(len(self.participants))
        if c.format == "round-robin":
            return list(itertools.combinations(idx, k))
        refs = [i for i in idx if self.participants[i].role == "reference"]
        tables = []
        for i in idx:
            if self.participants[i].role == "reference":
                continue
            others = [r for r in refs if self.participants[r].spec != self.participants[i].spec]
            if len(others) < k - 1:
                raise UsageError(
                    f"'{self.participants[i].name}' needs {k - 1} reference opponents other "
                    "than itself"
                )
            for group in itertools.combinations(others, k - 1):
                tables.append((i, *group))
        if not tables:
            raise UsageError("a gauntlet needs at least one --player that is not a reference")
        return tables

    def _plan(self) -> list[PlannedGame]:
        c = self.config
        out: list[PlannedGame] = []
        for ki, cards in enumerate(self.kingdom_cards):
            base = derive_seed(c.seed, "tournament", self.game_id, ",".join(cards))
            specs = plan(c.games_per_pairing, c.players_per_game, base)
            for table in self.tables:
                lanes = {self.lanes[p] for p in table}
                lane = "human" if "human" in lanes else "llm" if "llm" in lanes else "bots"
                for gs in specs:
                    seats = tuple(table[s] for s in gs.seats)
                    key = game_key(
                        self.game_id, cards, [self.participants[p] for p in seats], gs.seed
                    )
                    out.append(PlannedGame(key, ki, table, gs.index, gs.seed, seats, lane))
        # Interleave tables so a stopped tournament has a balanced sample of every pairing.
        out.sort(key=lambda g: (g.index, g.kingdom, g.table))
        return out

    # ---- state on disk --------------------------------------------------------------------

    @property
    def games_path(self) -> Path:
        """The append-only game records."""
        return self.out_dir / GAMES_FILE

    def records(self, light: bool = False) -> list[dict[str, Any]]:
        """Finished games of this plan, one per key, in plan order.

        `light` keeps only what standings need (not the choices), to save memory on big runs.
        """
        found: dict[str, dict[str, Any]] = {}
        for rec in iter_records(self.games_path):
            key = rec.get("key")
            if isinstance(key, str) and key in self.by_key and key not in found:
                found[key] = {k: rec[k] for k in LIGHT_FIELDS if k in rec} if light else rec
        return [found[g.key] for g in self.games if g.key in found]

    def manifest(self, status: str, done: int) -> dict[str, Any]:
        """What this folder holds: the config, participants, kingdoms, progress."""
        return {
            "kind": "tournament",
            "game": self.game_id,
            "config": self.config.to_dict(),
            "participants": [asdict(p) for p in self.participants],
            "kingdoms": [
                {"spec": s, "cards": c}
                for s, c in zip(self.config.kingdoms, self.kingdom_cards, strict=True)
            ],
            "tables": [list(t) for t in self.tables],
            "planned_games": len(self.games),
            "finished_games": done,
            "status": status,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }

    def _write_manifest(self, status: str, done: int) -> None:
        write_json_atomic(self.out_dir / MANIFEST_FILE, self.manifest(status, done))

    # ---- running --------------------------------------------------------------------------

    def run(
        self,
        workers: int = 1,
        on_record: Callable[[dict[str, Any]], None] | None = None,
        stop_after: int | None = None,
        llm_concurrency: int | None = None,
        executor: Executor | None = None,
    ) -> int:
        """Play every game not yet in games.jsonl, holding the folder's lock (see _run)."""
        with RunLock(self.out_dir):
            return self._run(workers, on_record, stop_after, llm_concurrency, executor)

    def _run(
        self,
        workers: int = 1,
        on_record: Callable[[dict[str, Any]], None] | None = None,
        stop_after: int | None = None,
        llm_concurrency: int | None = None,
        executor: Executor | None = None,
    ) -> int:
        """Play every game not yet in games.jsonl; returns how many were played now.

        `stop_after` stops after that many new games (as a kill would); `llm_concurrency`
        lowers the number of LLM games running at once below each backend's own limit.
        """
        self.out_dir.mkdir(parents=True, exist_ok=True)
        done = {r["key"] for r in self.records(light=True)}
        todo = [g for g in self.games if g.key not in done]
        self._write_manifest("running", len(done))
        if not todo:
            self._write_manifest("finished", len(done))
            return 0
        budget = len(todo) if stop_after is None else max(0, min(stop_after, len(todo)))
        played = 0
        with RecordWriter(self.games_path) as writer:
            runner = GameRunner(self, workers, llm_concurrency, executor)
            try:
                for rec in runner.results(todo, budget):
                    writer.write(rec)
                    played += 1
                    if on_record is not None:
                        on_record(rec)
                    if played >= budget:
                        break
            finally:
                runner.stop()
        total_done = len(done) + played
        self._write_manifest("finished" if total_done == len(self.games) else "stopped", total_done)
        return played

    def record_for(self, g: PlannedGame, res_dict: dict[str, Any]) -> dict[str, Any]:
        """The stored record: the engine's game record plus where it sits in the tournament."""
        rec = {"key": g.key, **res_dict}
        rec["kingdom_spec"] = self.config.kingdoms[g.kingdom]
        rec["table"] = list(g.table)
        rec["index"] = g.index
        rec["seats"] = list(g.seats)
        rec["names"] = [self.participants[p].name for p in g.seats]
        rec["specs"] = [self.participants[p].spec for p in g.seats]
        return rec


def load_tournament(out_dir: str | Path) -> Tournament:
    """The tournament a results folder holds, rebuilt from its manifest."""
    path = Path(out_dir) / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cfg = TournamentConfig(**data["config"])
    except FileNotFoundError:
        raise UsageError(f"no tournament in {out_dir} ({MANIFEST_FILE} not found)") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise UsageError(f"cannot read {path}: {e}") from None
    names = [str(p.get("name", "")) for p in data.get("participants", [])]
    return Tournament(cfg, out_dir, probe=False, names=names or None)
