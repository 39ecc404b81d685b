"""Experiment files (TOML): what to run, validated up front with one-line errors."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from gametest.engine.bounds import MAX_GAMES, MAX_KINGDOMS, MAX_SAMPLES, check_count
from gametest.engine.errors import UsageError
from gametest.engine.inputs import read_toml
from gametest.experiment.controls import CONTROLS


@dataclass
class Advisor:
    """One advice writer: a backend, a template, samples per kingdom."""

    backend: str
    template: str = "plain"
    samples: int = 1
    max_words: int = 150
    temperature: float = 0.8


@dataclass
class Judge:
    """One judge: a backend, a rubric, ratings per piece of advice; pairwise optional."""

    backend: str
    rubric: str = "overall"
    ratings: int = 1
    pairwise: bool = False
    expected: bool = False  # also record the G-Eval expected score (token probabilities)


@dataclass
class Outcomes:
    """How advice is measured: opponents and game counts for each mode."""

    opponents: list[str] = field(default_factory=list)  # default: the game's reference opponents
    compiled_games: int = 200
    llm_games: int = 0
    llm_backend: str = ""
    llm_opponents: list[str] = field(default_factory=list)
    llm_advice: str = "all"  # "all", or "controls+N": controls and the first N advisor pieces
    llm_controls: list[str] = field(default_factory=list)  # which controls the LLM plays (all)
    control_games: int = 200  # games used to pick the strong bot and check the wrong strategy
    # the strong control from a strategy file (e.g. `gametest optimize`'s best.toml) instead of
    # the best built-in bot: one path for every kingdom, or a table {kingdom label: path}
    strong: str | dict[str, str] = ""

    def strong_for(self, label: str) -> str | None:
        """The strategy file the strong control uses in this kingdom, if one is named."""
        if isinstance(self.strong, dict):
            return self.strong.get(label) or None
        return self.strong or None


@dataclass
class Ladder:
    """Ladder items to rate: a prebuilt ladder file or one built per kingdom, and the grid."""

    file: str = ""  # a prebuilt ladder file; else one is built per kingdom (cached in the run)
    rungs: int = 12  # rungs of a ladder built here
    build_games: int = 400  # games per rung per opponent when building
    styles: list[str] = field(
        default_factory=lambda: ["plain", "expert", "hedged", "narrative", "terse"]
    )
    lengths: list[str] = field(default_factory=lambda: ["short", "long"])
    sample: int = 0  # 0: the whole rung x style x length grid; else this many items, seeded
    games: int = 0  # re-measure each rung on the experiment's own seeds (compiled games)


@dataclass
class ExperimentConfig:
    """A whole experiment."""

    name: str
    game: str = "dominion"
    seed: int = 0
    kingdoms: list[str] = field(default_factory=list)  # unset: the game's default kingdom
    random_kingdoms: int = 0  # plus this many random kingdoms drawn from `seed`
    advisors: list[Advisor] = field(default_factory=list)
    controls: list[str] = field(default_factory=lambda: list(CONTROLS))
    compiler: str = ""
    max_repairs: int = 2
    salvage: bool = False  # keep the valid entries of advice that never compiles cleanly
    judges: list[Judge] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)
    llm: dict[str, Any] = field(default_factory=dict)  # client options: concurrency, timeout...
    player: dict[str, Any] = field(default_factory=dict)  # LLM player settings: prompt, ...
    injection: dict[str, Any] = field(default_factory=dict)  # see experiment/injection.py
    ladder: Ladder | None = None  # ladder items rated beside the advice (issue 11)
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the manifest."""
        return asdict(self)


def _take(doc: dict[str, Any], cls: type, where: str) -> Any:
    allowed = {f.name for f in fields(cls)}
    extra = sorted(set(doc) - allowed)
    if extra:
        known = ", ".join(sorted(allowed))
        raise UsageError(f"{where}: unknown key '{extra[0]}' (allowed: {known})")
    try:
        return cls(**doc)
    except TypeError as e:
        raise UsageError(f"{where}: {e}") from None


def _check_types(obj: Any, where: str) -> None:
    for f in fields(obj):
        name = f.name
        v = getattr(obj, name)
        want = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
        if want == "int" and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise UsageError(f"{where}.{name}: must be a whole number >= 0, got {v!r}")
        if want == "float" and (
            not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v) or v < 0
        ):
            raise UsageError(f"{where}.{name}: must be a finite number >= 0, got {v!r}")
        if want == "str" and not isinstance(v, str):
            raise UsageError(f"{where}.{name}: must be a string, got {v!r}")
        if want.startswith("list") and not isinstance(v, list):
            raise UsageError(f"{where}.{name}: must be a list, got {v!r}")
        if want == "list[str]" and not all(isinstance(x, str) for x in v):
            raise UsageError(f"{where}.{name}: must be a list of strings, got {v!r}"[:200])


def _strong_paths(value: Any, base: Path) -> str | dict[str, str]:
    """outcomes.strong with paths relative to the experiment file, each checked to exist."""

    def one(path: Any, where: str) -> str:
        if not isinstance(path, str) or not path:
            raise UsageError(f"{where}: must be a strategy file path, got {path!r}")
        p = Path(path)
        if not p.is_absolute() and not p.exists() and (base / p).exists():
            p = base / p
        if not p.exists():
            raise UsageError(f"{where}: strategy file not found: {path}")
        return str(p)

    if value == "":
        return ""
    if isinstance(value, dict):
        return {str(k): one(v, f"outcomes.strong.{k}") for k, v in value.items()}
    return one(value, "outcomes.strong")


def _ladder(doc: Any) -> Ladder:
    """The [ladder] section, checked: known styles and lengths, at least 2 rungs."""
    from gametest.ladder.styles import LENGTHS, STYLES

    if not isinstance(doc, dict):
        raise UsageError("ladder: must be a table")
    lad: Ladder = _take(doc, Ladder, "ladder")
    _check_types(lad, "ladder")
    for key, known in (("styles", STYLES), ("lengths", LENGTHS)):
        values = getattr(lad, key)
        bad = [v for v in values if v not in known]
        if bad or not values:
            what = f"unknown {key[:-1]} {bad[0]!r}" if bad else "give at least one"
            raise UsageError(f"ladder.{key}: {what} (known: {', '.join(known)})")
    if lad.rungs < 2:
        raise UsageError("ladder.rungs: a ladder needs at least 2 rungs")
    if not lad.file and lad.build_games < 1:
        raise UsageError("ladder.build_games: must be at least 1")
    return lad


def load_config(path: str | Path) -> ExperimentConfig:
    """Read and validate an experiment TOML file."""
    p = Path(path)
    return parse_config(read_toml(p, "experiment file"), str(p))


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_LLM_ADVICE = re.compile(r"all|controls\+\d{1,6}")


def check_name(name: Any) -> str:
    """An experiment name is a folder under results/: a plain slug, never a path."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or ".." in name:
        raise UsageError(
            f"name: {str(name)[:80]!r} is not a valid run name (letters, digits, '.', '-', '_'; "
            "no paths)"
        )
    return name


def _check_llm(cfg: ExperimentConfig) -> None:
    """The [llm] table: known client options with valid values (typed in place)."""
    from gametest.llm.options import CLIENT_OPTIONS, parse_backend_opts

    if not isinstance(cfg.llm, dict):
        raise UsageError("llm: must be a table")
    cfg.llm = parse_backend_opts(cfg.llm, "llm", CLIENT_OPTIONS)


def _check_limits(cfg: ExperimentConfig) -> None:
    """Counts no machine could finish are rejected before any work starts."""
    o = cfg.outcomes
    check_count(len(cfg.kingdoms) + cfg.random_kingdoms, "kingdoms", MAX_KINGDOMS, 1)
    for i, a in enumerate(cfg.advisors):
        check_count(a.samples, f"advisors[{i}].samples", MAX_SAMPLES, 1)
        check_count(a.max_words, f"advisors[{i}].max_words", 100_000, 1)
    for i, j in enumerate(cfg.judges):
        check_count(j.ratings, f"judges[{i}].ratings", MAX_SAMPLES)
    for key in ("compiled_games", "llm_games", "control_games"):
        check_count(getattr(o, key), f"outcomes.{key}", MAX_GAMES)
    check_count(cfg.max_repairs, "max_repairs", 10)
    if not isinstance(o.llm_advice, str) or not _LLM_ADVICE.fullmatch(o.llm_advice):
        raise UsageError(f"outcomes.llm_advice: 'all' or 'controls+N', got {o.llm_advice!r}")


def parse_config(doc: dict[str, Any], source: str = "experiment") -> ExperimentConfig:
    """Validate an experiment document."""
    try:
        doc = dict(doc)
        doc.setdefault("name", Path(source).stem)
        if "kingdoms" not in doc:
            from gametest.engine.registry import get_game

            doc["kingdoms"] = [get_game(str(doc.get("game", "dominion"))).info.default_kingdom]
        for key in ("advisors", "judges"):
            items = doc.get(key, [])
            if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
                raise UsageError(f"{key}: must be a list of tables, e.g. [[{key}]]")
        for key in ("outcomes", "llm", "player", "injection"):
            if not isinstance(doc.get(key, {}), dict):
                raise UsageError(f"{key}: must be a table, e.g. [{key}]")
        advisors = [
            _take(a, Advisor, f"advisors[{i}]") for i, a in enumerate(doc.pop("advisors", []))
        ]
        judges = [_take(j, Judge, f"judges[{i}]") for i, j in enumerate(doc.pop("judges", []))]
        outcomes = _take(doc.pop("outcomes", {}), Outcomes, "outcomes")
        ladder = _ladder(doc.pop("ladder")) if "ladder" in doc else None
        cfg = _take(doc, ExperimentConfig, "experiment")
        cfg.ladder = ladder
        cfg.advisors, cfg.judges, cfg.outcomes, cfg.source = advisors, judges, outcomes, source
        for i, a in enumerate(advisors):
            _check_types(a, f"advisors[{i}]")
            if a.samples < 1:
                raise UsageError(f"advisors[{i}].samples: must be at least 1")
        for i, j in enumerate(judges):
            _check_types(j, f"judges[{i}]")
        _check_types(outcomes, "outcomes")
        _check_types(cfg, "experiment")
        check_name(cfg.name)
        bad = [c for c in cfg.controls if c not in CONTROLS]
        if bad:
            raise UsageError(f"controls: unknown control '{bad[0]}' (known: {', '.join(CONTROLS)})")
        if not cfg.kingdoms and not cfg.random_kingdoms:
            raise UsageError("kingdoms: give at least one kingdom")
        if not cfg.advisors and not cfg.controls and cfg.ladder is None:
            raise UsageError("advisors: give at least one advisor (or some controls)")
        if cfg.advisors and not cfg.compiler and outcomes.compiled_games:
            raise UsageError("compiler: name the backend that compiles advice into strategies")
        if outcomes.llm_games and not outcomes.llm_backend:
            raise UsageError("outcomes.llm_backend: name the backend of the LLM player")
        bad = [c for c in outcomes.llm_controls if c not in cfg.controls]
        if bad:
            raise UsageError(f"outcomes.llm_controls: '{bad[0]}' is not in controls")
        if not outcomes.llm_controls:
            outcomes.llm_controls = list(cfg.controls)
        if not outcomes.opponents:
            from gametest.engine.registry import get_game

            game = get_game(cfg.game)
            outcomes.opponents = list(game.info.reference_opponents)
            if not outcomes.opponents:
                raise UsageError(f"outcomes.opponents: name the opponents ({cfg.game} has none)")
        if not outcomes.llm_opponents:
            outcomes.llm_opponents = list(outcomes.opponents)
        if not (outcomes.llm_advice == "all" or outcomes.llm_advice.startswith("controls+")):
            raise UsageError("outcomes.llm_advice: 'all' or 'controls+N'")
        outcomes.strong = _strong_paths(outcomes.strong, Path(source).parent)
        _check_limits(cfg)
        _check_llm(cfg)
        from gametest.experiment.injection import parse_injection

        parse_injection(cfg.injection)
        return cfg
    except UsageError as e:
        raise UsageError(f"{source}: {e}") from None
