"""The Python API for notebooks and scripts: simulate a batch, load a finished run as DataFrames.

`import gametest` re-exports these lazily (see gametest/__init__.py), so the command line never
imports pandas.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gametest.engine.contract import GameDef
from gametest.engine.errors import UsageError, unknown
from gametest.engine.loop import Player
from gametest.engine.registry import get_game
from gametest.harness.batch import PlayerArg, collect, plan, run_batch, summarize
from gametest.records.jsonl import read_jsonl
from gametest.records.lines import (
    PARSERS,
    AdviceGameRecord,
    AdviceRecord,
    CompileRecord,
    LLMCallRecord,
    Rating,
    rating_from_dict,
)
from gametest.stats.winrate import TIE_RULE, UNIT_NOTE

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    """The pandas module, or a one-line error saying how to install it."""
    try:
        import pandas
    except ModuleNotFoundError:
        raise UsageError(
            "DataFrames need pandas: pip install 'gametest[pandas]' (or pip install pandas)"
        ) from None
    return pandas


@dataclass(frozen=True)
class PlayerStats:
    """One participant's totals over a batch (its position in the players list)."""

    name: str
    spec: str
    wins: int
    ties: int
    losses: int
    win_rate: float  # a k-way shared victory counts 1/k of a win
    win_rate_ci95: tuple[float, float]
    mean_vp: float


@dataclass
class Simulation:
    """A finished batch: per-player results with 95% intervals, and every game's record."""

    game: str
    version: int
    kingdom: list[str]
    seed: int
    games: int
    mean_turns: float
    players: list[PlayerStats]
    records: list[dict[str, Any]] = field(repr=False)
    # The interval's unit: groups of n games that play one seed from every seat.
    rotation_groups: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON object `gametest simulate --json` prints."""
        return {
            "game": f"{self.game}@{self.version}",
            "kingdom": self.kingdom,
            "seed": self.seed,
            "games": self.games,
            "mean_turns": self.mean_turns,
            "rotation_groups": self.rotation_groups,
            "interval": UNIT_NOTE,
            "tie_rule": TIE_RULE,
            "players": [
                {
                    "name": p.name,
                    "spec": p.spec,
                    "wins": p.wins,
                    "ties": p.ties,
                    "losses": p.losses,
                    "win_rate": p.win_rate,
                    "win_rate_ci95": list(p.win_rate_ci95),
                    "mean_vp": p.mean_vp,
                }
                for p in self.players
            ],
        }

    def games_df(self) -> pd.DataFrame:
        """One row per game: index, seed, seats (player order), specs, scores, winners, turns."""
        return _pandas().DataFrame.from_records(self.records)

    def __str__(self) -> str:
        lines = [f"{self.games} games of {self.game}, kingdom: {', '.join(self.kingdom)}"]
        for p in self.players:
            lo, hi = p.win_rate_ci95
            lines.append(
                f"  {p.name}: {p.wins} wins, {p.ties} ties, {p.losses} losses; win rate "
                f"{100 * p.win_rate:.1f}% [{100 * lo:.1f}, {100 * hi:.1f}]; mean VP {p.mean_vp:.1f}"
            )
        return "\n".join(lines)


def batch_summary(
    game: GameDef,
    kingdom: list[str],
    seed: int,
    records: list[dict[str, Any]],
    names: Sequence[str],
    specs: Sequence[str],
) -> Simulation:
    """Per-player totals and intervals of a batch's records (players by their list position)."""
    totals, mean_turns = summarize(records, names)
    players = [
        PlayerStats(
            name=s.name,
            spec=spec,
            wins=s.wins,
            ties=s.ties,
            losses=s.losses,
            win_rate=s.win_rate,
            win_rate_ci95=s.interval(),
            mean_vp=s.vp_total / s.games if s.games else 0.0,
        )
        for s, spec in zip(totals, specs, strict=True)
    ]
    groups = len({int(r["index"]) // len(specs) for r in records})
    return Simulation(
        game.name, game.version, kingdom, seed, len(records), mean_turns, players, records, groups
    )


def simulate(
    players: Sequence[PlayerArg],
    game: str | GameDef = "dominion",
    kingdom: str | Sequence[str] | None = None,
    games: int = 1000,
    seed: int = 0,
    workers: int = 1,
    choices: bool = True,
) -> Simulation:
    """Play `games` seeded games with seats rotated, as `gametest simulate` does.

    `players` are spec strings ("bmu", "my.toml", "random", "llm:...") or player objects (with
    workers > 1, objects that pickle); `kingdom` a spec (default: the game's), or card names.
    `choices=False` keeps records without their choices (they no longer replay): a fraction of
    the memory, and faster with workers, for big batches where only the results matter.
    """
    g = get_game(game) if isinstance(game, str) else game
    if kingdom is None:
        kingdom = g.info.default_kingdom
    # Card lists go through the same parser as `-k A,B,C`, so they are checked the same way.
    cards = g.parse_kingdom(kingdom if isinstance(kingdom, str) else ",".join(kingdom))
    if not g.min_players <= len(players) <= g.max_players:
        raise UsageError(
            f"{g.name} takes {g.min_players} to {g.max_players} players, got {len(players)}"
        )
    if games < 1:
        raise UsageError(f"games must be at least 1, got {games}")
    from gametest.players import make_player

    built: list[Player] = [
        make_player(p, g, cards) if isinstance(p, str) else p for p in players
    ]  # checks every spec before any game is played
    names = [p.name for p in built]
    specs = [p if isinstance(p, str) else p.name for p in players]
    # Spec strings go to workers as strings (each process builds its own player).
    args = [p if isinstance(p, str) else b for p, b in zip(players, built, strict=True)]
    batch = plan(games, len(players), seed)
    records = collect(run_batch(g.name, cards, args, batch, workers, slim=not choices))
    return batch_summary(g, cards, seed, records, names, specs)


class Run:
    """A finished (or partial) experiment run folder, read from its records (results/README.md)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_dir():
            raise UsageError(f"{self.path}: not a run folder (no such directory)")
        if not any((self.path / f).exists() for f in ("manifest.json", "advice.jsonl")):
            raise UsageError(f"{self.path}: not a run folder (no manifest.json or advice.jsonl)")

    def __repr__(self) -> str:
        return f"Run({str(self.path)!r})"

    def records(self, kind: str) -> list[dict[str, Any]]:
        """The records of one file: 'advice', 'ratings', 'compile', 'games' or 'llm_calls'."""
        if kind not in PARSERS:
            raise unknown("record file", kind, list(PARSERS))
        return read_jsonl(self.path / f"{kind}.jsonl")[0]

    def advice(self) -> list[AdviceRecord]:
        """The pieces of advice as typed records (gametest.records.lines)."""
        return [AdviceRecord.from_dict(d) for d in self.records("advice")]

    def ratings(self) -> list[Rating]:
        """Absolute and pairwise ratings as typed records."""
        return [rating_from_dict(d) for d in self.records("ratings")]

    def compiles(self) -> list[CompileRecord]:
        """Compilations of advice into strategies as typed records."""
        return [CompileRecord.from_dict(d) for d in self.records("compile")]

    def games(self) -> list[AdviceGameRecord]:
        """The games that measured advice as typed records."""
        return [AdviceGameRecord.from_dict(d) for d in self.records("games")]

    def llm_calls(self) -> list[LLMCallRecord]:
        """The run's model calls as typed records."""
        return [LLMCallRecord.from_dict(d) for d in self.records("llm_calls")]

    @property
    def manifest(self) -> dict[str, Any]:
        """The run's manifest (config, versions, backends); {} if it has none."""
        p = self.path / "manifest.json"
        return dict(json.loads(p.read_text())) if p.exists() else {}

    @property
    def summary(self) -> dict[str, Any]:
        """summary.json as the report computed it; {} before `gametest report` has run."""
        p = self.path / "summary.json"
        return dict(json.loads(p.read_text())) if p.exists() else {}

    def games_df(self) -> pd.DataFrame:
        """One row per game played to measure advice (mode, opponent, seat, outcome, ...)."""
        return self._df("games")

    def advice_df(self) -> pd.DataFrame:
        """One row per piece of advice; nested fields flattened ('provenance.backend', ...)."""
        df = self._df("advice")
        if "text" in df:
            df["words"] = df["text"].fillna("").str.split().str.len()
        return df

    def ratings_df(self) -> pd.DataFrame:
        """One row per rating, absolute and pairwise (column `kind`); 'scores.<criterion>'."""
        return self._df("ratings")

    def compile_df(self) -> pd.DataFrame:
        """One row per compilation of advice into a strategy (ok, repairs, error, ...)."""
        return self._df("compile")

    def _df(self, kind: str) -> pd.DataFrame:
        pd = _pandas()
        recs = self.records(kind)
        if kind == "games":  # kingdoms and score lists stay lists, one cell each
            return pd.DataFrame.from_records(recs)
        return pd.json_normalize(recs) if recs else pd.DataFrame()


def load_run(path: str | Path) -> Run:
    """A run folder (e.g. results/default) to read as DataFrames: games_df(), advice_df(), ..."""
    return Run(path)
