"""`gametest optimize`: search the strategy language for the strongest strategy in a kingdom."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from gametest.commands.executor_options import executor_options
from gametest.commands.options import game_option, kingdom_option, resolve
from gametest.engine.errors import UsageError
from gametest.harness.executor import make_executor
from gametest.harness.records import write_json_atomic
from gametest.optimize.output import VALIDATION_GAMES, describe, to_toml, validate, write_curve
from gametest.optimize.racing import doc_key
from gametest.optimize.search import Search, SearchConfig, State, fitting_bots


class _Progress:
    """A progress bar with the current best on a terminal; one line per generation otherwise."""

    def __init__(self, budget: int, workers: int, search: list[Search]) -> None:
        self.budget = budget
        self.workers = workers
        self.search = search
        self.tty = sys.stderr.isatty()
        self.bar: Any = None
        self.shown = 0
        self.best = ""

    def _status(self, state: State) -> str:
        f = state.champion_fitness
        if not f:
            return "gen 0"
        rate = self.search[0].games_per_second() if self.search else 0.0
        return (
            f"gen {state.generation} best {f.get('fitness', 0):.3f} "
            f"(vs opponents {state.curve[-1]['best_vs_opponents']:.3f}) "
            f"{rate / self.workers:,.0f} games/s/core"
        )

    def __call__(self, kind: str, state: State, info: dict[str, Any]) -> None:
        if kind == "start":
            click.echo(
                f"search: {state.spent:,} of {self.budget:,} games spent, generation "
                f"{state.generation}; about {info['gen_cost']:,} games per generation; "
                f"best built-in bots here: "
                + ", ".join(f"{n} {r:.2f}" for n, r in state.bot_ranking[:3]),
                err=True,
            )
            if self.tty:
                self.bar = click.progressbar(
                    length=self.budget,
                    label="optimize",
                    file=sys.stderr,
                    show_pos=True,
                    item_show_func=lambda _: self.best or None,
                )
                self.bar.__enter__()
                self._advance(state.spent)
            return
        if kind == "round" and self.bar is not None:
            self._advance(int(info["spent"]))
        elif kind == "generation":
            self.best = self._status(state)
            if self.bar is not None:
                self._advance(state.spent)
            else:
                click.echo(f"{state.spent:>10,} games  {self.best}", err=True)
        elif kind == "done" and self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def _advance(self, spent: int) -> None:
        step = min(spent, self.budget) - self.shown
        if step > 0:
            self.bar.update(step)
            self.shown += step


@click.command("optimize")
@kingdom_option
@click.option(
    "--against",
    "-a",
    "against",
    multiple=True,
    help="An opponent to beat (bot name or strategy file; repeat). Default: the best built-in "
    "bot for the kingdom, found by a round-robin of the bots that fit it.",
)
@click.option(
    "--budget",
    type=click.IntRange(100),
    default=200_000,
    show_default=True,
    help="Games the search may spend (validation games come on top).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Search seed.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Output folder (default results/optimize-KINGDOM-sSEED); rerun to resume.",
)
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Worker processes (results do not depend on this).",
)
@click.option(
    "--population", type=click.IntRange(4), default=16, show_default=True, help="Candidates."
)
@click.option(
    "--first-games",
    type=click.IntRange(2),
    default=50,
    show_default=True,
    help="Games per opponent for each candidate in a race's first round (doubles each round).",
)
@click.option(
    "--validation-games",
    type=click.IntRange(2),
    default=VALIDATION_GAMES,
    show_default=True,
    help="Fresh-seed games against each opponent and the best built-in bot at the end.",
)
@click.option(
    "--confirm-games",
    type=click.IntRange(2),
    default=2000,
    show_default=True,
    help="Fresh games per opponent for each finalist in the confirmation race at the end.",
)
@click.option(
    "--rank-games",
    type=click.IntRange(2),
    default=200,
    show_default=True,
    help="Games per pair in the round-robin that ranks the built-in bots first.",
)
@game_option
@executor_options
def optimize_cmd(
    kingdom: str | None,
    against: tuple[str, ...],
    budget: int,
    seed: int,
    out: str | None,
    workers: int,
    population: int,
    first_games: int,
    validation_games: int,
    rank_games: int,
    confirm_games: int,
    game_name: str,
    executor_kind: str,
    ray_address: str | None,
) -> None:
    """Search for a strategy that beats the opponents (and its own best so far) in a kingdom.

    Writes best.toml, curve.json/.png, validation.json and a checkpoint (state.json) to the
    output folder; a killed search resumes from its last generation with the same command.
    """
    game, cards = resolve(game_name, kingdom)
    label = kingdom or game.info.default_kingdom
    if first_games % 2 or rank_games % 2 or confirm_games % 2:
        raise UsageError(
            "--first-games, --rank-games and --confirm-games must be even (each seed is played "
            "from both seats)"
        )
    out_dir = Path(out) if out else Path("results") / f"optimize-{_slug(label)}-s{seed}"
    cfg = SearchConfig(
        game=game.name,
        kingdom=label,
        cards=cards,
        against=list(against),
        budget=budget,
        seed=seed,
        population=population,
        first_games=first_games,
        rank_games=rank_games,
        confirm_games=confirm_games,
    )
    executor = make_executor(executor_kind, workers, ray_address)
    try:
        executor.start()
        holder: list[Search] = []
        progress = _Progress(budget, executor.workers, holder)
        search = Search(game, cfg, out_dir, executor, progress)
        holder.append(search)
        state = search.run()
        assert state.final is not None
        best = dict(state.final)
        best["name"] = f"optimized-{_slug(label)}"
        opponents = dict(state.opponents)
        bots = fitting_bots(game, cards)
        top_bot = state.bot_ranking[0][0]
        if top_bot not in opponents:
            opponents[top_bot] = bots[top_bot]
        vpath = out_dir / "validation.json"
        champ = doc_key({**best, "description": ""})
        old = json.loads(vpath.read_text()) if vpath.exists() else {}
        if old.get("strategy_key") == champ and old.get("games_per_opponent") == validation_games:
            validation = old
        else:
            click.echo(
                f"validating on {validation_games:,} fresh games against "
                f"{', '.join(opponents)} ...",
                err=True,
            )
            validation = validate(
                executor, game.name, cards, best, opponents, seed, validation_games
            )
            validation.update(
                strategy_key=champ,
                kingdom=label,
                cards=cards,
                search_games=state.spent + state.confirm_spent,
                search_seconds=round(state.seconds, 1),
                best_builtin_bot=top_bot,
                executor=executor.describe(),
            )
            write_json_atomic(vpath, validation)
    finally:
        executor.close()
    best["description"] = describe(best, label, list(state.opponents), validation)
    best = {"name": best.pop("name"), "description": best.pop("description"), **best}
    (out_dir / "best.toml").write_text(to_toml(best))
    write_curve(out_dir, state.curve, f"gametest optimize: {label}")
    rate = search.games_per_second()
    click.echo(
        f"best strategy: {out_dir / 'best.toml'}  "
        f"({state.spent + state.confirm_spent:,} games, {state.seconds:.0f}s)"
    )
    for name, v in validation["opponents"].items():
        lo, hi = v["ci95"]
        click.echo(
            f"  vs {name:20} {100 * v['win_rate']:5.1f}% [{100 * lo:4.1f}, {100 * hi:4.1f}] "
            f"on {v['games']:,} fresh games"
        )
    if rate:
        click.echo(
            f"search speed this session: {rate:,.0f} games/s on {executor.describe()} "
            f"({rate / executor.workers:,.0f} games/s per core)"
        )


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-")[:40] or "k"
