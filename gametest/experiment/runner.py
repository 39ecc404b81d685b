"""Run an experiment stage by stage, appending records as work completes, resuming after a kill.

Stages: advice -> controls -> compile -> ratings -> compiled games -> LLM games -> summary.
Each stage skips work whose record is already on disk, so a rerun of a finished experiment
makes no LLM calls and plays no games, and a killed run continues where it stopped.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from itertools import combinations
from pathlib import Path
from typing import Any

import click

from gametest import __version__
from gametest.advice.store import AdviceStore, content_id
from gametest.engine.errors import UsageError
from gametest.engine.loop import play_game
from gametest.engine.registry import GameDef, get_game
from gametest.engine.rng import derive_seed
from gametest.experiment.config import ExperimentConfig
from gametest.experiment.controls import make_controls
from gametest.harness.batch import GameSpec, plan, run_batch
from gametest.harness.records import RecordWriter, read_records, write_json_atomic

LLM_CALLS_PER_GAME_ESTIMATE = 45  # measured order of magnitude for a 2-player game


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
            timeout=5,
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


class Experiment:
    """One experiment run in its results folder."""

    def __init__(
        self,
        cfg: ExperimentConfig,
        out_dir: Path,
        workers: int = 1,
        progress: bool | None = None,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.cfg = cfg
        self.dir = out_dir
        self.workers = workers
        self.game: GameDef = get_game(cfg.game)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.echo = echo or (lambda msg: click.echo(msg, err=True))
        self._clients: dict[str, Any] = {}
        self.kingdoms = self._kingdoms()

    # ----- set-up ----------------------------------------------------------------------
    def _kingdoms(self) -> list[tuple[str, list[str]]]:
        specs = list(self.cfg.kingdoms) + [
            f"random:{derive_seed(self.cfg.seed, 'kingdom', i) % 10**6}"
            for i in range(self.cfg.random_kingdoms)
        ]
        return [(s, self.game.parse_kingdom(s)) for s in specs]

    def path(self, name: str) -> Path:
        """A file in the run folder."""
        return self.dir / name

    def client(self, spec: str, stage: str) -> Any:
        """One LLM client per backend for the whole run, logging calls (tagged with the stage)."""
        if spec not in self._clients:
            from gametest.llm import LLMError, make_client

            opts = dict(self.cfg.llm)
            try:
                self._clients[spec] = make_client(spec, run_dir=self.dir, **opts)
            except LLMError as e:
                raise UsageError(f"backend {spec}: {e}") from None
        client = self._clients[spec]
        if client.call_log is not None:
            client.call_log.tags = {"stage": stage}
        return client

    def close(self) -> None:
        """Stop every client (and any local model server)."""
        for c in self._clients.values():
            c.close()
        self._clients.clear()

    def _bar(self, length: int, label: str) -> AbstractContextManager[Any]:
        if not self.progress or length == 0:
            return nullcontext(_NoBar())
        return click.progressbar(length=length, label=f"{label:14}", file=sys.stderr)

    # ----- the plan --------------------------------------------------------------------
    def planned(self) -> dict[str, Any]:
        """Games and LLM calls this experiment will make (before resume is taken into account)."""
        from gametest.experiment.ladder_stage import item_count

        cfg, o = self.cfg, self.cfg.outcomes
        nk = len(self.kingdoms)
        n_adv = sum(a.samples for a in cfg.advisors) * nk
        n_ctrl = len(cfg.controls) * nk
        n_ladder = item_count(cfg.ladder, nk) if cfg.ladder is not None else 0
        rated = n_adv + sum(1 for c in cfg.controls if c != "none") * nk + n_ladder
        calls: dict[str, dict[str, int]] = {}

        def add(spec: str, stage: str, lo: int, hi: int | None = None) -> None:
            d = calls.setdefault(spec, {})
            d[f"{stage}_min"] = d.get(f"{stage}_min", 0) + lo
            d[f"{stage}_max"] = d.get(f"{stage}_max", 0) + (lo if hi is None else hi)

        for a in cfg.advisors:
            add(a.backend, "advice", a.samples * nk)
        if n_adv and o.compiled_games:
            add(cfg.compiler, "compile", n_adv, n_adv * (1 + cfg.max_repairs))
        for j in cfg.judges:
            add(j.backend, "ratings", rated * j.ratings, 2 * rated * j.ratings)
            if j.pairwise:
                per_k = rated // max(1, nk)
                pairs = nk * per_k * (per_k - 1) // 2
                add(j.backend, "pairwise", 2 * pairs * j.ratings, 4 * pairs * j.ratings)
        llm_adv = self._llm_advice_count(n_adv, n_ctrl)
        llm_games = llm_adv * len(o.llm_opponents) * o.llm_games
        if llm_games:
            add(o.llm_backend, "llm_games_estimate", llm_games * LLM_CALLS_PER_GAME_ESTIMATE)
        return {
            "kingdoms": [k for k, _ in self.kingdoms],
            "advice": n_adv,
            "controls": n_ctrl,
            "ladder_items": n_ladder,
            "compiled_games": (n_adv + n_ctrl) * len(o.opponents) * o.compiled_games,
            "control_selection_games": nk * o.control_games * 20,
            "llm_games": llm_games,
            "llm_calls": calls,
        }

    def _llm_advice_count(self, n_adv: int, n_ctrl: int) -> int:
        rule = self.cfg.outcomes.llm_advice
        n_ctrl = len(self.cfg.outcomes.llm_controls) * len(self.kingdoms)
        if rule == "all":
            return n_adv + n_ctrl
        per_kingdom = int(rule.split("+", 1)[1])
        return n_ctrl + min(n_adv, per_kingdom * len(self.kingdoms))

    # ----- running ---------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        """Run every stage (skipping finished work); return the summary if it could be made."""
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "strategies").mkdir(exist_ok=True)
        t0 = time.perf_counter()
        self._write_manifest(finished=False)
        try:
            self.stage_advice()
            self.stage_controls()
            self.stage_ladder()
            self.stage_compile()
            self.stage_ratings()
            self.stage_compiled_games()
            self.stage_ladder_games()
            self.stage_llm_games()
        finally:
            models = {s: str(getattr(c.backend, "model", "")) for s, c in self._clients.items()}
            usage = {s: c.usage_summary() for s, c in self._clients.items()}
            self.close()
            self._write_manifest(finished=False, models=models, usage=usage)
        self._write_manifest(
            finished=True, models=models, usage=usage, seconds=time.perf_counter() - t0
        )
        return self.summarize()

    def summarize(self) -> dict[str, Any]:
        """Write summary.json, report.md and report.html from the records on disk."""
        from gametest.reports.experiment import write_report

        write_report(self.dir)
        summary: dict[str, Any] = json.loads(self.path("summary.json").read_text())
        return summary

    def _write_manifest(
        self,
        finished: bool,
        models: dict[str, str] | None = None,
        usage: dict[str, Any] | None = None,
        seconds: float | None = None,
    ) -> None:
        from gametest.advice.templates import load_template
        from gametest.judges.rubric import load_rubric

        old: dict[str, Any] = {}
        mp = self.path("manifest.json")
        if mp.exists():
            try:
                old = json.loads(mp.read_text())
            except ValueError:
                old = {}
        templates = {a.template: load_template(a.template).hash for a in self.cfg.advisors}
        rubrics = {j.rubric: load_rubric(j.rubric).hash for j in self.cfg.judges}
        backends = sorted(
            {a.backend for a in self.cfg.advisors}
            | {j.backend for j in self.cfg.judges}
            | ({self.cfg.compiler} if self.cfg.compiler else set())
            | ({self.cfg.outcomes.llm_backend} if self.cfg.outcomes.llm_games else set())
        )
        man = {
            "name": self.cfg.name,
            "config": self.cfg.to_dict(),
            "gametest_version": __version__,
            "game": {"name": self.game.name, "version": self.game.version},
            "git_commit": _git_commit(),
            "kingdoms": {label: cards for label, cards in self.kingdoms},
            "backends": backends,
            "models": {**old.get("models", {}), **(models or {})},
            "templates": templates,
            "rubrics": rubrics,
            "plan": self.planned(),
            "started": old.get("started") or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "finished": finished,
        }
        if usage is not None:
            man["usage_last_session"] = usage
        if seconds is not None:
            man["seconds_last_session"] = round(seconds, 1)
        write_json_atomic(mp, man)

    def _advice(self) -> list[dict[str, Any]]:
        return read_records(self.path("advice.jsonl"))

    # ----- stage: advice ---------------------------------------------------------------
    def stage_advice(self) -> None:
        """Each advisor writes its samples for each kingdom."""
        from gametest.advice.templates import load_template
        from gametest.advice.writer import AdviceOptions, write_advice

        have = {r.get("slot") for r in self._advice()}
        todo = []
        for label, cards in self.kingdoms:
            for a in self.cfg.advisors:
                for sample in range(a.samples):
                    slot = content_id(
                        {
                            "k": cards,
                            "b": a.backend,
                            "t": a.template,
                            "w": a.max_words,
                            "temp": a.temperature,
                            "seed": self.cfg.seed,
                            "s": sample,
                        }
                    )
                    if slot not in have:
                        todo.append((label, cards, a, sample, slot))
        if not todo:
            return
        store = AdviceStore(self.dir / "advice_store")
        with RecordWriter(self.path("advice.jsonl")) as w, self._bar(len(todo), "advice") as bar:
            for label, cards, a, sample, slot in todo:
                tmpl = load_template(a.template)
                opts = AdviceOptions(
                    max_words=a.max_words, temperature=a.temperature, seed=self.cfg.seed
                )
                rec = write_advice(
                    self.client(a.backend, "advice"),
                    self.game,
                    cards,
                    tmpl,
                    sample + 1,
                    opts,
                    store,
                    first=sample,
                )[0]
                rec.update(
                    kingdom_label=label,
                    role="advisor",
                    control=None,
                    advisor=f"{a.backend}/{a.template}",
                    slot=slot,
                )
                rec.setdefault("id", content_id(rec))
                w.write(rec)
                bar.update(1)

    # ----- stage: controls -------------------------------------------------------------
    def stage_controls(self) -> None:
        """Controls of known quality for each kingdom (no LLM calls)."""
        advice = self._advice()
        have = {(r.get("kingdom_label"), r.get("control")) for r in advice if r.get("control")}
        todo = [
            (label, cards)
            for label, cards in self.kingdoms
            if any((label, c) not in have for c in self.cfg.controls)
        ]
        if not todo:
            return
        o = self.cfg.outcomes
        with RecordWriter(self.path("advice.jsonl")) as w, self._bar(len(todo), "controls") as bar:
            for label, cards in todo:
                words = [
                    r.get("words", len(r["text"].split()))
                    for r in advice
                    if r.get("kingdom_label") == label and r.get("role") == "advisor"
                ]
                length = round(sum(words) / len(words)) if words else 120
                missing = [c for c in self.cfg.controls if (label, c) not in have]
                for rec in make_controls(
                    self.game,
                    cards,
                    label,
                    missing,
                    length,
                    o.opponents,
                    o.control_games,
                    derive_seed(self.cfg.seed, label),
                ):
                    w.write(rec)
                bar.update(1)

    # ----- stage: ladder ---------------------------------------------------------------
    def stage_ladder(self) -> None:
        """Ladder items (rung x style x length) for each kingdom, rated beside the advice."""
        from gametest.experiment.ladder_stage import stage_ladder

        stage_ladder(self)

    def stage_ladder_games(self) -> None:
        """Ladder rungs re-measured on this experiment's seeds, if `[ladder] games` asks."""
        from gametest.experiment.ladder_stage import stage_ladder_games

        stage_ladder_games(self)

    # ----- stage: compile --------------------------------------------------------------
    def stage_compile(self) -> None:
        """Compile each piece of advice into a strategy; controls use their source strategy."""
        if not self.cfg.outcomes.compiled_games and not self.cfg.outcomes.llm_games:
            return
        from gametest.advice.compiler import CompileOptions, compile_advice, compile_record

        done = {r["advice_id"] for r in read_records(self.path("compile.jsonl"))}
        # Ladder items are never compiled: their strategy is their rung's, measured already.
        todo = [r for r in self._advice() if r["id"] not in done and r.get("role") != "ladder"]
        if not todo:
            return
        with RecordWriter(self.path("compile.jsonl")) as w, self._bar(len(todo), "compile") as bar:
            for rec in todo:
                sfile = f"strategies/{rec['id']}.json"
                if rec.get("role") == "control":
                    strategy = rec["source_strategy"]
                    out = {
                        "advice_id": rec["id"],
                        "ok": True,
                        "repairs": 0,
                        "unexpressed": [],
                        "error": None,
                        "strategy_file": sfile,
                        "backend": "source",
                    }
                else:
                    client = self.client(self.cfg.compiler, "compile")
                    opts = CompileOptions(
                        max_repairs=self.cfg.max_repairs,
                        seed=self.cfg.seed,
                        salvage=self.cfg.salvage,
                    )
                    res = compile_advice(client, self.game, rec["kingdom"], rec["text"], opts)
                    full = compile_record(res, rec, self.game, rec["kingdom"], client, opts)
                    strategy = full["strategy"]
                    out = {
                        "advice_id": rec["id"],
                        "ok": bool(full["valid"]),
                        "repairs": full["repairs"],
                        "unexpressed": full["unexpressible"],
                        "error": full["error"],
                        "strategy_file": sfile if full["valid"] else None,
                        "backend": self.cfg.compiler,
                        "tokens": full["provenance"]["tokens"],
                        "salvaged": full.get("salvaged", False),
                        "dropped": full.get("dropped", []),
                        "attempts": full["attempts"],
                    }
                if strategy is not None:
                    doc = {**strategy, "name": f"advice-{rec['id']}"}
                    write_json_atomic(self.path(sfile), doc)
                w.write(out)
                bar.update(1)

    # ----- stage: ratings --------------------------------------------------------------
    def stage_ratings(self) -> None:
        """Every judge rates every piece of advice (and compares pairs, if asked)."""
        from gametest.judges.geval import TOP_LOGPROBS
        from gametest.judges.rate import compare, rate
        from gametest.judges.rubric import load_rubric

        items = [r for r in self._advice() if r.get("control") != "none"]
        if not self.cfg.judges or not items:
            return
        # Blind and mixed: advisors' advice, controls and ladder items in one seeded order.
        random.Random(derive_seed(self.cfg.seed, "rating-order")).shuffle(items)
        done = {r["id"] for r in read_records(self.path("ratings.jsonl"))}
        total = sum(len(items) * j.ratings for j in self.cfg.judges)
        with RecordWriter(self.path("ratings.jsonl")) as w, self._bar(total, "ratings") as bar:
            for j in self.cfg.judges:
                rubric = load_rubric(j.rubric)
                client = self.client(j.backend, "ratings")
                lp = TOP_LOGPROBS if j.expected else None
                for rec in rate(
                    client, j.backend, rubric, items, j.ratings, self.cfg.seed, done, lp
                ):
                    w.write(rec)
                    bar.update(1)
                if j.pairwise:
                    pw = load_rubric("pairwise")
                    for label, _ in self.kingdoms:
                        group = [r for r in items if r.get("kingdom_label") == label]
                        for rec in compare(
                            client,
                            j.backend,
                            pw,
                            combinations(group, 2),
                            j.ratings,
                            self.cfg.seed,
                            done,
                        ):
                            w.write(rec)

    # ----- stage: games ----------------------------------------------------------------
    def _games_done(self, mode: str) -> set[tuple[str, str, int]]:
        return {
            (g["advice_id"], g["opponent"], g["index"])
            for g in read_records(self.path("games.jsonl"))
            if g.get("mode") == mode
        }

    @staticmethod
    def _game_record(
        advice: dict[str, Any], mode: str, opponent: str, gs: GameSpec, rec: dict[str, Any]
    ) -> dict[str, Any]:
        seat = list(gs.seats).index(0)
        winners = rec["winners"]
        outcome = (1.0 if len(winners) == 1 else 0.5) if seat in winners else 0.0
        return {
            "key": content_id({"a": advice["id"], "m": mode, "o": opponent, "i": gs.index}),
            "advice_id": advice["id"],
            "mode": mode,
            "opponent": opponent,
            "kingdom": advice["kingdom"],
            "kingdom_label": advice.get("kingdom_label"),
            "index": gs.index,
            "seed": gs.seed,
            "advice_seat": seat,
            "scores": rec["scores"],
            "winners": winners,
            "turns": rec["turns"],
            "ended_by": rec["ended_by"],
            "outcome": outcome,
            "llm": None,
            "compliance": None,
        }

    def stage_compiled_games(self) -> None:
        """Each compiled strategy plays N games against each opponent, on shared seeds."""
        n = self.cfg.outcomes.compiled_games
        if not n:
            return
        compiled = {r["advice_id"]: r for r in read_records(self.path("compile.jsonl"))}
        done = self._games_done("compiled")
        work: list[tuple[dict[str, Any], str, list[GameSpec]]] = []
        for adv in self._advice():
            c = compiled.get(adv["id"])
            if not c or not c["ok"]:
                continue  # failed compilations are listed by the report, never played
            for opp in self.cfg.outcomes.opponents:
                seed = derive_seed(self.cfg.seed, "compiled", adv.get("kingdom_label"), opp)
                specs = [g for g in plan(n, 2, seed) if (adv["id"], opp, g.index) not in done]
                if specs:
                    work.append((adv, opp, specs))
        total = sum(len(s) for _, _, s in work)
        if not total:
            return
        with RecordWriter(self.path("games.jsonl")) as w, self._bar(total, "compiled games") as bar:
            for adv, opp, specs in work:
                sfile = str(self.path(compiled[adv["id"]]["strategy_file"]))
                by_index = {g.index: g for g in specs}
                for rec in run_batch(
                    self.game.name, adv["kingdom"], [sfile, opp], specs, self.workers
                ):
                    gs = by_index[rec["index"]]
                    w.write(self._game_record(adv, "compiled", opp, gs, rec))
                    bar.update(1)

    def _llm_targets(self) -> list[dict[str, Any]]:
        """Advice the LLM player follows: the chosen controls, and all or N advisor pieces
        per kingdom."""
        advice = self._advice()
        o = self.cfg.outcomes
        controls = [a for a in advice if a.get("control") in o.llm_controls]
        advisors = [a for a in advice if a.get("role") == "advisor"]
        if o.llm_advice != "all":
            k = int(o.llm_advice.split("+", 1)[1])
            advisors = [
                a
                for label, _ in self.kingdoms
                for a in [x for x in advisors if x.get("kingdom_label") == label][:k]
            ]
        return controls + advisors

    def stage_llm_games(self) -> None:
        """The advice-following LLM player plays M games against each opponent."""
        o = self.cfg.outcomes
        if not o.llm_games:
            return
        from gametest.players import make_player
        from gametest.players.llm_player import LLMPlayer, LLMSettings
        from gametest.strategy.model import load_strategy

        compiled = {r["advice_id"]: r for r in read_records(self.path("compile.jsonl"))}
        done = self._games_done("llm")
        work = []
        for adv in self._llm_targets():
            for opp in o.llm_opponents:
                seed = derive_seed(self.cfg.seed, "llm", adv.get("kingdom_label"), opp)
                for gs in plan(o.llm_games, 2, seed):
                    if (adv["id"], opp, gs.index) not in done:
                        work.append((adv, opp, gs))
        if not work:
            return
        settings = LLMSettings.from_opts(dict(self.cfg.player))
        with RecordWriter(self.path("games.jsonl")) as w, self._bar(len(work), "LLM games") as bar:
            for adv, opp, gs in work:
                c = compiled.get(adv["id"])
                comp = None
                if c and c["ok"]:
                    path = str(self.path(c["strategy_file"]))
                    comp = (path, load_strategy(path, self.game))
                player = LLMPlayer(
                    self.client(o.llm_backend, "llm_games"),
                    self.game,
                    adv["kingdom"],
                    settings,
                    advice=adv if adv["text"] else None,
                    compiled=comp,
                )
                other = make_player(opp, self.game, adv["kingdom"])
                seats = [player, other] if gs.seats[0] == 0 else [other, player]
                res = play_game(self.game, adv["kingdom"], seats, gs.seed)
                rec = self._game_record(adv, "llm", opp, gs, res.to_dict())
                extra = res.extra.get("players", {}).get(str(rec["advice_seat"]), {})
                rec["llm"] = extra.get("stats")
                rec["compliance"] = (extra.get("compliance") or {}).get("share")
                rec["choices"] = res.choices
                w.write(rec)
                bar.update(1)


class _NoBar:
    """A progress bar that shows nothing (not a terminal, or nothing to do)."""

    def update(self, n: int) -> None:
        """Ignore progress."""
