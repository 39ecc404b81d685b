"""What a tournament plays: TournamentConfig, read from options or a TOML file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gametest.engine.bounds import MAX_GAMES, MAX_KINGDOMS, MAX_WORKERS, check_count
from gametest.engine.errors import UsageError
from gametest.engine.inputs import read_toml
from gametest.engine.registry import get_game
from gametest.engine.rng import derive_seed

FORMATS = ("round-robin", "gauntlet")


@dataclass
class TournamentConfig:
    """What to play: participants, kingdoms, format and sizes; everything a run needs."""

    players: list[str]
    kingdoms: list[str] = field(default_factory=list)  # empty: the game's default kingdom
    format: str = "round-robin"
    references: list[str] = field(default_factory=list)
    games_per_pairing: int = 100
    players_per_game: int = 2
    seed: int = 0
    game: str = "dominion"

    def __post_init__(self) -> None:
        if not self.kingdoms:
            self.kingdoms = [get_game(self.game).info.default_kingdom]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return asdict(self)

    def digest(self) -> str:
        """A short hash of the config, naming its default results folder."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:10]


_TOML_KEYS = {
    "game",
    "kingdom",
    "kingdoms",
    "players",
    "format",
    "references",
    "games_per_pairing",
    "players_per_game",
    "seed",
    "workers",
    "out",
    "llm_concurrency",
}


def random_kingdoms(n: int, seed: int) -> list[str]:
    """N distinct `random:SEED` kingdom specs derived from the tournament seed."""
    if n < 1:
        raise UsageError(f"--kingdoms random:N needs N >= 1, got {n}")
    return [f"random:{derive_seed(seed, 'kingdom', i) % 1_000_000}" for i in range(n)]


def parse_kingdoms_option(value: str, seed: int) -> list[str]:
    """`random:N` -> N random kingdoms; otherwise a ';'-separated list of kingdom specs."""
    value = value.strip()
    if value.startswith("random:"):
        n = value[len("random:") :].strip()
        if not n.isdigit() or len(n) > 9:
            raise UsageError(f"--kingdoms '{value}': expected random:N with N a whole number")
        return random_kingdoms(check_count(int(n), "--kingdoms random:N", MAX_KINGDOMS, 1), seed)
    return [k.strip() for k in value.split(";") if k.strip()]


def load_config(path: str | Path) -> tuple[TournamentConfig, dict[str, Any]]:
    """A TournamentConfig from a TOML file, plus its run settings (workers, out, ...)."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"tournament file not found: {p}")
    data = read_toml(p, "tournament file")
    bad = sorted(set(data) - _TOML_KEYS)
    if bad:
        raise UsageError(f"{p}: unknown key '{bad[0]}' (known: {', '.join(sorted(_TOML_KEYS))})")

    def strs(key: str) -> list[str]:
        v = data.get(key, [])
        v = [v] if isinstance(v, str) else v
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise UsageError(f"{p}: '{key}' must be a string or a list of strings")
        return [_resolve_path_spec(x, p.parent) for x in v]

    def integer(key: str, default: int) -> int:
        v = data.get(key, default)
        if not isinstance(v, int) or isinstance(v, bool):
            raise UsageError(f"{p}: '{key}' must be a whole number")
        if key != "seed":
            high = {"workers": MAX_WORKERS, "players_per_game": 64}.get(key, MAX_GAMES)
            check_count(v, f"{p}: '{key}'", high)
        return v

    seed = integer("seed", 0)
    if "kingdom" in data and "kingdoms" in data:
        raise UsageError(f"{p}: give 'kingdom' or 'kingdoms', not both")
    raw_k = data.get("kingdoms", data.get("kingdom", []))
    if isinstance(raw_k, str):
        # kingdoms = "random:N" means N random kingdoms; kingdom = "random:SEED" is one.
        kingdoms = parse_kingdoms_option(raw_k, seed) if "kingdoms" in data else [raw_k]
    elif isinstance(raw_k, list) and all(isinstance(x, str) for x in raw_k):
        kingdoms = list(raw_k)
    else:
        raise UsageError(f"{p}: 'kingdoms' must be a kingdom spec or a list of them")
    config = TournamentConfig(
        players=strs("players"),
        kingdoms=kingdoms,
        format=str(data.get("format", "round-robin")),
        references=strs("references"),
        games_per_pairing=integer("games_per_pairing", 100),
        players_per_game=integer("players_per_game", 2),
        seed=seed,
        game=str(data.get("game", "dominion")),
    )
    run: dict[str, Any] = {"workers": integer("workers", 1)}
    if "out" in data:
        out = Path(str(data["out"]))
        run["out"] = str(out if out.is_absolute() else p.parent / out)
    if "llm_concurrency" in data:
        run["llm_concurrency"] = integer("llm_concurrency", 0)
    return config, run


def _resolve_path_spec(spec: str, base: Path) -> str:
    """A strategy-file spec written relative to the TOML file, made usable from anywhere."""
    if Path(spec).suffix in (".toml", ".json") and not Path(spec).is_absolute():
        cand = base / spec
        if cand.exists():
            return str(cand)
    return spec
