"""The search: it spends its budget, its champion is a valid strategy, and a resumed search
ends exactly where an uninterrupted one does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gametest.engine.registry import get_game
from gametest.games.dominion.kingdoms import PRESETS
from gametest.harness.executor import SerialExecutor
from gametest.optimize.search import Search, SearchConfig, State
from gametest.players.registry import supply_names
from gametest.strategy.model import parse_strategy

CARDS = list(PRESETS["first-game"])


def _cfg(budget: int) -> SearchConfig:
    return SearchConfig(
        game="dominion",
        kingdom="first-game",
        cards=CARDS,
        against=["big-money"],
        budget=budget,
        seed=4,
        population=6,
        first_games=8,
        elite=2,
        rank_games=4,
        confirm_games=20,
    )


def _run(out: Path, budget: int) -> State:
    with SerialExecutor() as ex:
        return Search(get_game("dominion"), _cfg(budget), out, ex).run()


def _strip(state: State) -> dict[str, Any]:
    curve = [{k: v for k, v in c.items() if k != "seconds"} for c in state.curve]
    return {
        "curve": curve,
        "champion": state.champion,
        "population": state.population,
        "evidence": state.evidence,
        "final": state.final,
        "confirmation": state.confirmation,
    }


def test_search_spends_its_budget_and_resumes_to_the_same_result(tmp_path: Path) -> None:
    whole = _run(tmp_path / "whole", 6000)
    assert whole.generation >= 3 and whole.spent <= 6000
    assert [c["games"] for c in whole.curve] == sorted(c["games"] for c in whole.curve)
    game = get_game("dominion")
    parse_strategy(whole.champion, game).check_kingdom(supply_names(game, CARDS))
    # the strategy handed out won the confirmation race among the champion and the best few
    assert whole.final is not None and whole.final_generation == whole.generation
    rates = [c["win_rate"] for c in whole.confirmation]
    assert (
        len(rates) >= 2
        and max(rates)
        == rates[[c["name"] for c in whole.confirmation].index(whole.final.get("name", ""))]
    )
    assert whole.rate(whole.champion)[1] > 0
    # stop early (as a kill after a generation would), then continue with the full budget
    part = _run(tmp_path / "part", 4800)
    assert part.generation < whole.generation
    resumed = _run(tmp_path / "part", 6000)
    assert _strip(resumed) == _strip(whole)


def test_a_big_market_gets_a_bounded_generation_0(tmp_path: Path) -> None:
    game = get_game("embermarch")
    cards = game.parse_kingdom(game.info.default_kingdom)
    cfg = SearchConfig(
        game="embermarch", kingdom="standard", cards=cards, population=6, rank_games=2
    )
    with SerialExecutor() as ex:
        state = Search(game, cfg, tmp_path, ex)._setup()
    assert len(cards) > 30 and len(state.population) <= 3 * 6 + len(state.bot_ranking)
