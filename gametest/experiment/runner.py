"""Run an experiment stage by stage, appending records as work completes, resuming after a kill.

Stages: advice -> controls -> compile -> ratings -> compiled games -> LLM games -> summary.
Each stage skips work whose record is already on disk, so a rerun of a finished experiment
makes no LLM calls and plays no games, and a killed run continues where it stopped.
"""

from __future__ import annotations

import json
import random
import subprocess
import time
from itertools import combinations
from pathlib import Path
from typing import Any

from gametest import __version__
from gametest.engine.errors import UsageError
from gametest.engine.loop import play_game
from gametest.engine.registry import GameDef, get_game
from gametest.engine.rng import derive_seed
from gametest.experiment.config import ExperimentConfig
from gametest.experiment.controls import make_controls
from gametest.experiment.events import EventSink, StageEvent, StageProgress, ignore
from gametest.experiment.fidelity import never_win_flags, strategy_agreement
from gametest.harness.batch import GameSpec, plan, run_batch
from gametest.harness.executor import Executor, SerialExecutor
from gametest.harness.records import RecordWriter, read_records, write_json_atomic
from gametest.records.advice_store import AdviceStore
from gametest.records.ids import content_id
from gametest.stats.winrate import win_credit

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
        on_event: EventSink | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.cfg = cfg
        self.dir = out_dir
        self.workers = workers
        self.executor = executor  # compiled games; None: -j `workers` local processes
        self.game: GameDef = get_game(cfg.game)
        self.on_event: EventSink = on_event or ignore
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

    def _bar(self, length: int, label: str) -> StageProgress:
        """Count a stage's work; the caller's event sink shows it (or not)."""
        return StageProgress(label, length, self.on_event)

    def note(self, message: str) -> None:
        """Tell the caller something worth a line (the CLI prints it)."""
        self.on_event(StageEvent("note", "note", message=message))

    def check_names(self) -> None:
        """Every opponent, backend, template and rubric the run will use exists (a dry run
        checks this too, so a typo never surfaces after advice was paid for)."""
        from gametest.advice.templates import load_template
        from gametest.judges.rubric import load_rubric
        from gametest.llm import LLMError
        from gametest.llm.registry import check_spec
        from gametest.players import make_player

        cfg, o = self.cfg, self.cfg.outcomes
        for _, cards in self.kingdoms:
            for opp in dict.fromkeys([*o.opponents, *(o.llm_opponents if o.llm_games else [])]):
                try:
                    make_player(opp, self.game, cards)
                except UsageError as e:
                    raise UsageError(f"outcomes.opponents: {e}") from None
        for a in cfg.advisors:
            load_template(a.template)
        for j in cfg.judges:
            load_rubric(j.rubric)
            if j.pairwise:
                load_rubric("pairwise")
        specs = [a.backend for a in cfg.advisors] + [j.backend for j in cfg.judges]
        specs += [cfg.compiler] if cfg.compiler and cfg.advisors else []
        specs += [o.llm_backend] if o.llm_games else []
        for spec in dict.fromkeys(specs):
            try:
                check_spec(spec)
            except LLMError as e:
                raise UsageError(f"backend {spec}: {e}") from None

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
        rated += self._injection_copies(n_adv, nk)
        calls: dict[str, dict[str, int]] = {}

        def add(spec: str, stage: str, lo: int, hi: int | None = None) -> None:
            d = calls.setdefault(spec, {})
            d[f"{stage}_min"] = d.get(f"{stage}_min", 0) + lo
            d[f"{stage}_max"] = d.get(f"{stage}_max", 0) + (lo if hi is None else hi)

        for a in cfg.advisors:
            add(a.backend, "advice", a.samples * nk)
        n_compiled = n_adv + sum(1 for c in cfg.controls if c != "none") * nk
        if n_compiled and o.compiled_games:
            add(cfg.compiler, "compile", n_compiled, n_compiled * (1 + cfg.max_repairs))
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
            "source_games": (n_compiled - n_adv) * len(o.opponents) * o.compiled_games,
            "control_selection_games": nk * o.control_games * 20,
            "llm_games": llm_games,
            "llm_calls": calls,
        }

    def _injection_copies(self, n_adv: int, nk: int) -> int:
        """How many injected copies the [injection] table will add (they are rated too)."""
        from gametest.experiment.injection import parse_injection

        spec = parse_injection(self.cfg.injection)
        if spec is None:
            return 0
        with_text = sum(1 for c in self.cfg.controls if c != "none") * nk
        if spec.advice == "controls":
            return with_text
        if spec.advice == "all":
            return n_adv + with_text
        return min(n_adv, int(spec.advice) * nk)

    def _llm_advice_count(self, n_adv: int, n_ctrl: int) -> int:
        rule = self.cfg.outcomes.llm_advice
        n_ctrl = len(self.cfg.outcomes.llm_controls) * len(self.kingdoms)
        if rule == "all":
            return n_adv + n_ctrl
        per_kingdom = int(rule.split("+", 1)[1])
        return n_ctrl + min(n_adv, per_kingdom * len(self.kingdoms))

    # ----- running ---------------------------------------------------------------------
    def run(self, report: bool = True) -> dict[str, Any]:
        """Run every stage (skipping finished work) holding the run folder's lock: a second
        run into the same folder stops with "run folder is in use by PID N". With `report`,
        write summary.json and the report and return the summary (else an empty dict)."""
        from gametest.harness.lock import RunLock

        with RunLock(self.dir):
            return self._run(report)

    def _run(self, report: bool) -> dict[str, Any]:
        """Run every stage (skipping finished work); return the summary if asked for."""
        from gametest.experiment.record_check import check_run_records

        self.dir.mkdir(parents=True, exist_ok=True)
        check_run_records(self.dir)
        (self.dir / "strategies").mkdir(exist_ok=True)
        t0 = time.perf_counter()
        self._write_manifest(finished=False)
        try:
            self.stage_advice()
            self.stage_controls()
            self.stage_injection()
            self.stage_ladder()
            self.stage_compile()
            self.stage_ratings()
            self.stage_compiled_games()
            self.stage_ladder_games()
            self.stage_llm_games()
        finally:
            models = {s: c.backend.model for s, c in self._clients.items()}
            usage = {s: c.usage_summary() for s, c in self._clients.items()}
            self.close()
            self._write_manifest(finished=False, models=models, usage=usage)
        self._write_manifest(
            finished=True, models=models, usage=usage, seconds=time.perf_counter() - t0
        )
        return self.summarize() if report else {}

    def summarize(self) -> dict[str, Any]:
        """Write summary.json, report.md and report.html from the records on disk."""
        from gametest.reports.experiment import headline_text, write_report

        write_report(self.dir)
        summary: dict[str, Any] = json.loads(self.path("summary.json").read_text())
        summary["headline_text"] = headline_text(summary)
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
                    strong_file=o.strong_for(label),
                ):
                    w.write(rec)
                bar.update(1)

    # ----- stage: injection ------------------------------------------------------------
    def stage_injection(self) -> None:
        """Copies of chosen advice carrying an instruction to the judge (rated, never played)."""
        from gametest.experiment.injection import chosen, injected_copy, parse_injection

        spec = parse_injection(self.cfg.injection)
        if spec is None:
            return
        advice = self._advice()
        have = {r.get("injected_from") for r in advice if r.get("role") == "injection"}
        todo = [a for a in chosen(spec, advice) if a["id"] not in have]
        if todo:
            with RecordWriter(self.path("advice.jsonl")) as w:
                for a in todo:
                    w.write(injected_copy(a, spec.text))

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
        """Compile each piece of advice into a strategy, controls too (through the same
        compiler as advice, so their win rates measure what the compiler makes of their text);
        the no-advice control, which has no text, plays its source strategy, and so do all
        controls when the experiment names no compiler."""
        if not self.cfg.outcomes.compiled_games and not self.cfg.outcomes.llm_games:
            return
        from gametest.advice.compiler import CompileOptions, compile_advice, compile_record

        done = {r["advice_id"] for r in read_records(self.path("compile.jsonl"))}
        # Ladder items are never compiled: their strategy is their rung's, measured already;
        # injected copies are rated only.
        skip = ("injection", "ladder")
        todo = [r for r in self._advice() if r["id"] not in done and r.get("role") not in skip]
        if not todo:
            return
        with RecordWriter(self.path("compile.jsonl")) as w, self._bar(len(todo), "compile") as bar:
            for rec in todo:
                sfile = f"strategies/{rec['id']}.json"
                source = rec.get("source_strategy") if rec.get("role") == "control" else None
                if rec.get("role") == "control" and not (rec.get("text") and self.cfg.compiler):
                    strategy = source
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
                        "flags": never_win_flags(strategy, self.game) if full["valid"] else [],
                    }
                    if source is not None:
                        src_file = f"strategies/{rec['id']}.source.json"
                        write_json_atomic(self.path(src_file), {**source, "name": rec["id"]})
                        out["control"] = rec.get("control")
                        out["source_strategy_file"] = src_file
                        out["fidelity"] = strategy_agreement(
                            source, strategy if full["valid"] else None
                        )
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
                        group = [
                            r
                            for r in items
                            if r.get("kingdom_label") == label and r.get("role") != "injection"
                        ]
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
        outcome = win_credit(seat, rec["winners"])  # a shared win among k counts 1/k
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
            "winners": rec["winners"],
            "turns": rec["turns"],
            "ended_by": rec["ended_by"],
            "outcome": outcome,
            "llm": None,
            "compliance": None,
        }

    def stage_compiled_games(self) -> None:
        """Each compiled strategy plays N games against each opponent, on shared seeds; each
        compiled control's source strategy plays the same games (mode "source")."""
        n = self.cfg.outcomes.compiled_games
        if not n:
            return
        compiled = {r["advice_id"]: r for r in read_records(self.path("compile.jsonl"))}
        done = self._games_done("compiled")
        work: list[tuple[dict[str, Any], str, str, list[GameSpec]]] = []
        for adv in self._advice():
            c = compiled.get(adv["id"])
            if not c or not c["ok"] or not self._playable(c):
                continue  # failed compilations are listed by the report, never played
            for opp in self.cfg.outcomes.opponents:
                seed = derive_seed(self.cfg.seed, "compiled", adv.get("kingdom_label"), opp)
                specs = [g for g in plan(n, 2, seed) if (adv["id"], opp, g.index) not in done]
                if specs:
                    work.append((adv, "compiled", opp, specs))
        # controls' source strategies on the same seeds: the compiler's fidelity
        source_done = self._games_done("source")
        for adv in self._advice():
            c = compiled.get(adv["id"])
            if not c or not c.get("source_strategy_file"):
                continue
            for opp in self.cfg.outcomes.opponents:
                seed = derive_seed(self.cfg.seed, "compiled", adv.get("kingdom_label"), opp)
                specs = [
                    g for g in plan(n, 2, seed) if (adv["id"], opp, g.index) not in source_done
                ]
                if specs:
                    work.append((adv, "source", opp, specs))
        total = sum(len(s) for _, _, _, s in work)
        if not total:
            return
        with RecordWriter(self.path("games.jsonl")) as w, self._bar(total, "compiled games") as bar:
            for adv, mode, opp, specs in work:
                key = "source_strategy_file" if mode == "source" else "strategy_file"
                sfile = str(self.path(compiled[adv["id"]][key]))
                by_index = {g.index: g for g in specs}
                for rec in run_batch(
                    self.game.name,
                    adv["kingdom"],
                    [sfile, opp],
                    specs,
                    self.workers,
                    executor=self.executor,
                ):
                    gs = by_index[rec["index"]]
                    w.write(_with_condition_errors(self._game_record(adv, mode, opp, gs, rec), rec))
                    bar.update(1)

    def _playable(self, c: dict[str, Any]) -> bool:
        """Whether a compilation marked ok still validates (records from older versions may
        not): one that fails is reported and skipped, never allowed to stop the run."""
        from gametest.strategy.model import load_strategy

        try:
            load_strategy(self.path(c["strategy_file"]), self.game)
        except UsageError as e:
            self.note(f"skipping compiled strategy for advice {c['advice_id']}: {e}")
            return False
        return True

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

        def play(item: tuple[dict[str, Any], str, GameSpec]) -> dict[str, Any]:
            adv, opp, gs = item
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
            return rec

        # one LLM game at a time, on this thread: the games share one client (and its call
        # log) per backend, and a local model server installs its signal hook from here
        with (
            RecordWriter(self.path("games.jsonl")) as w,
            self._bar(len(work), "LLM games") as bar,
            SerialExecutor() as lane,
        ):
            for rec in lane.map(play, work):
                w.write(rec)
                bar.update(1)


def _with_condition_errors(game: dict[str, Any], rec: dict[str, Any]) -> dict[str, Any]:
    """Add the advice seat's run-time condition failures (counted as false) to a game record;
    records without failures are unchanged."""
    seat = str(game["advice_seat"])
    errs = rec.get("extra", {}).get("players", {}).get(seat, {}).get("condition_errors")
    if errs:
        game["condition_errors"] = errs
    return game
