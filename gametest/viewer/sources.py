"""Finding one game to view: a record file, a games.jsonl line, or a game of a run folder.

Experiment runs store a short record per game (no choices for compiled-mode games), so a game
of a run is rebuilt here: compiled-mode games are played again from their seed (bots are
deterministic) and LLM-mode games are replayed from their stored choices; either way the
rebuilt game must end with the recorded scores.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError
from gametest.engine.loop import play_game
from gametest.engine.record import GameRecord, ReplayError
from gametest.engine.registry import get_game


@dataclass
class ViewSource:
    """A replayable game record plus what the viewer shows beside it."""

    record: GameRecord
    title: str
    advice_seat: int | None = None
    advice_text: str = ""
    strategy: Any = None  # the compiled advice, to check each decision's compliance
    strategy_source: str = ""
    llm_seats: set[int] = field(default_factory=set)
    llm_calls: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # see llm_replies
    llm_prompt: str = "full"
    llm_reason: bool = True


def _read_line(path: Path, n: int | None) -> dict[str, Any]:
    """Line n (1-based) of a JSONL file; n may be omitted when the file holds one game."""
    lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
    if not lines:
        raise UsageError(f"{path} holds no games")
    if n is None:
        if len(lines) > 1:
            raise UsageError(f"{path} holds {len(lines)} games: say which with --game N")
        n = 1
    if not 1 <= n <= len(lines):
        raise UsageError(f"--game {n} is out of range: {path} holds {len(lines)} games (1..)")
    try:
        rec = json.loads(lines[n - 1])
    except json.JSONDecodeError as e:
        raise UsageError(f"{path} line {n} is not JSON: {e}") from None
    if not isinstance(rec, dict):
        raise UsageError(f"{path} line {n} is not a game record")
    return rec


def load_source(path: str | Path, game_no: int | None = None) -> ViewSource:
    """The game named by a record file, a games.jsonl (+ line number), or a run folder."""
    p = Path(path)
    if p.is_dir():
        if not (p / "games.jsonl").exists():
            raise UsageError(f"{p} has no games.jsonl (not a run or report folder)")
        if game_no is None:
            raise UsageError(f"{p} is a run folder: say which game with --game N")
        p = p / "games.jsonl"
    if not p.exists():
        raise UsageError(f"no such file or folder: {p}")
    if p.suffix == ".jsonl":
        rec = _read_line(p, game_no)
        if "advice_id" in rec and (p.parent / "manifest.json").exists():
            return ExperimentRun(p.parent).source(rec, game_no or 1)
        return _plain(rec, f"{p.parent.name}/{p.name} game {game_no or 1}")
    try:
        rec = json.loads(p.read_text())
    except json.JSONDecodeError as e:
        raise UsageError(f"{p} is not a JSON game record: {e}") from None
    if not isinstance(rec, dict):
        raise UsageError(f"{p} is not a game record")
    return _plain(rec, p.name)


def _plain(rec: dict[str, Any], title: str) -> ViewSource:
    """A full game record (from simulate, play --json, a tournament), with any LLM extras."""
    missing = [k for k in ("game", "version", "seed", "players", "choices") if k not in rec]
    if missing:
        raise UsageError(f"not a replayable game record (missing {', '.join(missing)})")
    src = ViewSource(rec, title)
    for seat, extra in (rec.get("extra", {}).get("players") or {}).items():
        if extra.get("player") == "llm":
            src.llm_seats.add(int(seat))
            comp = (extra.get("compliance") or {}).get("compiled")
            if comp and Path(comp).exists() and src.strategy is None:
                from gametest.strategy.model import load_strategy

                src.advice_seat = int(seat)
                src.strategy = load_strategy(comp, get_game(rec["game"]))
                src.strategy_source = comp
    return src


class ExperimentRun:
    """An experiment run folder's files, read once, to rebuild its games as full records."""

    def __init__(self, run: Path) -> None:
        self.run = run
        manifest = json.loads((run / "manifest.json").read_text())
        self.cfg: dict[str, Any] = manifest.get("config", {})
        self.game = get_game(self.cfg.get("game", "dominion"))
        self.compiled = {r["advice_id"]: r for r in _jsonl(run / "compile.jsonl")}
        self.advice = {r["id"]: r for r in _jsonl(run / "advice.jsonl") if "id" in r}
        self._players: dict[str, Any] = {}
        self._strategies: dict[str, Any] = {}
        self._llm_calls: dict[str, list[tuple[str, str]]] | None = None

    def rows(self) -> list[dict[str, Any]]:
        """Every game row of the run, in file order."""
        return _jsonl(self.run / "games.jsonl")

    def strategy_file(self, aid: str) -> str | None:
        """The advice's compiled strategy file (relative to the run), if it compiled."""
        comp = self.compiled.get(aid) or {}
        return str(comp["strategy_file"]) if comp.get("ok") else None

    def _player(self, spec: str, kingdom: list[str]) -> Any:
        key = spec + "|" + ",".join(kingdom)
        if key not in self._players:
            from gametest.players import make_player

            self._players[key] = make_player(spec, self.game, kingdom)
        return self._players[key]

    def record(self, row: dict[str, Any]) -> GameRecord:
        """A row rebuilt as a full, replayable record (compiled games are played again)."""
        aid, seat, opp = row["advice_id"], int(row["advice_seat"]), row["opponent"]
        if row["mode"] == "compiled":
            sfile = self.strategy_file(aid)
            if sfile is None:
                raise UsageError(f"advice {aid} has no compiled strategy to replay")
            mine = self._player(str(self.run / sfile), row["kingdom"])
            other = self._player(opp, row["kingdom"])
            seats = [mine, other] if seat == 0 else [other, mine]
            rec = play_game(self.game, row["kingdom"], seats, row["seed"]).to_dict()
        else:
            if "choices" not in row:
                raise UsageError(f"an LLM game of advice {aid} has no recorded choices")
            backend = self.cfg.get("outcomes", {}).get("llm_backend", "?")
            llm_name = f"llm:{backend}+advice:{aid[:8]}"
            rec = {
                "game": self.game.name,
                "version": self.game.version,
                "kingdom": row["kingdom"],
                "seed": row["seed"],
                "first": 0,
                "players": [llm_name, opp] if seat == 0 else [opp, llm_name],
                "scores": row["scores"],
                "winners": row["winners"],
                "turns": row["turns"],
                "ended_by": row["ended_by"],
                "choices": row["choices"],
            }
        if rec["scores"] != row["scores"]:
            raise ReplayError(f"advice {aid}'s game {row['index']} did not replay to its scores")
        rec["seats"] = [0, 1] if seat == 0 else [1, 0]  # participant 0 follows the advice
        return rec

    def source(self, row: dict[str, Any], n: int | None = None) -> ViewSource:
        """What the viewer needs for one game row: the record, the advice, compliance, LLM."""
        from gametest.strategy.model import load_strategy

        aid, seat = row["advice_id"], int(row["advice_seat"])
        adv = self.advice.get(aid, {})
        label = adv.get("control") or adv.get("advisor") or "advice"
        which = f", game {n}" if n else ""
        src = ViewSource(
            self.record(row),
            f"{self.run.name}: advice {aid[:8]} ({label}, {row['mode']}) vs {row['opponent']}"
            + which,
            advice_seat=seat,
            advice_text=str(adv.get("text") or ""),
        )
        sfile = self.strategy_file(aid)
        if sfile is not None:
            if sfile not in self._strategies:
                self._strategies[sfile] = load_strategy(str(self.run / sfile), self.game)
            src.strategy = self._strategies[sfile]
            src.strategy_source = sfile
        if row["mode"] != "compiled":
            player = self.cfg.get("player", {})
            src.llm_seats = {seat}
            src.llm_prompt = str(player.get("prompt", "full"))
            src.llm_reason = bool(player.get("reason", True))
            if self._llm_calls is None:
                self._llm_calls = llm_replies(self.run / "llm_calls.jsonl")
            src.llm_calls = self._llm_calls
        return src


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]


# Before 2026-12 an opponent with no finished turn was said to have bought nothing.
_NO_TURN_YET = re.compile(r"^(P\d+) has not finished a turn yet\.$")


def prompt_key(prompt: str) -> str:
    """A decision prompt without its Supply line and in the oldest wording of the opponents'
    lines, both of which vary between versions (the rest, from turn number to the numbered
    choices, identifies the decision), so a run's calls are found by today's prompts."""
    return "\n".join(
        _NO_TURN_YET.sub(r"\1 bought on its last turn: nothing.", ln)
        for ln in prompt.splitlines()
        if not ln.startswith("Supply")
    )


def llm_replies(path: Path) -> dict[str, list[tuple[str, str]]]:
    """(prompt, reply) of an experiment's LLM-player calls, keyed by prompt_key(prompt); a
    re-ask (more than one user message) is left out, so the first answer is kept."""
    out: dict[str, list[tuple[str, str]]] = {}
    for call in _jsonl(path):
        if call.get("stage") != "llm_games":
            continue
        msgs = call.get("request", {}).get("messages") or []
        if len(msgs) != 2:
            continue
        text = (call.get("response") or {}).get("text")
        if text is not None:
            prompt = str(msgs[1]["content"])
            out.setdefault(prompt_key(prompt), []).append((prompt, str(text)))
    return out
