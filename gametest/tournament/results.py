"""Tournament results: ratings with intervals, W/T/L, the pairwise win matrix, a live tally."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gametest.tournament.tournament import Tournament

TIES_NOTE = (
    "Ties count as half wins: a shared victory, or an equal finish between two players, "
    "gives each of them half a win in pairwise terms."
)


def outcomes_of(t: Tournament, records: Sequence[dict[str, Any]]) -> list[list[tuple[int, float]]]:
    """Each game as (participant, place) per seat, for the rating models."""
    from gametest.stats.ratings import finish_places

    out = []
    for rec in records:
        seats = t.by_key[rec["key"]].seats
        places = finish_places(rec["winners"], rec["scores"], rec["turns"])
        out.append([(p, float(pl)) for p, pl in zip(seats, places, strict=True)])
    return out


def standings(
    t: Tournament, records: Sequence[dict[str, Any]], bootstrap: int = 200, seed: int = 0
) -> dict[str, Any]:
    """The leaderboard: ratings with intervals, W/T/L, and the pairwise win matrix."""
    from gametest.stats.intervals import wilson
    from gametest.stats.ratings import bradley_terry, plackett_luce, win_matrix

    n = len(t.participants)
    outcomes = outcomes_of(t, records)
    bt = bradley_terry(outcomes, n, bootstrap=bootstrap, seed=seed)
    pl = plackett_luce(outcomes, n, bootstrap=bootstrap, seed=seed)
    wm = win_matrix(outcomes, n)
    wins, ties, losses = [0] * n, [0] * n, [0] * n
    for rec in records:
        w = rec["winners"]
        for seat, p in enumerate(t.by_key[rec["key"]].seats):
            if seat in w:
                if len(w) == 1:
                    wins[p] += 1
                else:
                    ties[p] += 1
            else:
                losses[p] += 1
    order = sorted(range(n), key=lambda i: (-bt.rating[i], t.participants[i].name))
    rows = []
    for i in order:
        part = t.participants[i]
        games = wins[i] + ties[i] + losses[i]
        pw = sum(wm.wins[i][j] + 0.5 * wm.ties[i][j] for j in range(n) if j != i)
        pn = sum(wm.games(i, j) for j in range(n) if j != i)
        rows.append(
            {
                "name": part.name,
                "spec": part.spec,
                "role": part.role,
                "rating": round(bt.rating[i], 1),
                "interval": [round(bt.lo[i], 1), round(bt.hi[i], 1)],
                "pl_rating": round(pl.rating[i], 1),
                "pl_interval": [round(pl.lo[i], 1), round(pl.hi[i], 1)],
                "games": games,
                "wins": wins[i],
                "ties": ties[i],
                "losses": losses[i],
                "pairwise_score": round(pw / pn, 4) if pn else None,
                "pairwise_interval": [round(x, 4) for x in wilson(pw, pn)] if pn else None,
            }
        )
    names = [t.participants[i].name for i in order]
    matrix = {
        "names": names,
        "wins": [[wm.wins[i][j] for j in order] for i in order],
        "ties": [[wm.ties[i][j] for j in order] for i in order],
        "games": [[wm.games(i, j) if i != j else 0 for j in order] for i in order],
        "score": [[_round(wm.score(i, j)) if i != j else None for j in order] for i in order],
        "interval": [
            [
                [round(x, 4) for x in wilson(wm.wins[i][j] + 0.5 * wm.ties[i][j], wm.games(i, j))]
                if i != j and wm.games(i, j)
                else None
                for j in order
            ]
            for i in order
        ],
    }
    per_kingdom = []
    if len(t.config.kingdoms) > 1:
        for ki, spec in enumerate(t.config.kingdoms):
            recs = [r for r in records if t.by_key[r["key"]].kingdom == ki]
            kwm = win_matrix(outcomes_of(t, recs), n)
            scores = {}
            for i in order:
                pw = sum(kwm.wins[i][j] + 0.5 * kwm.ties[i][j] for j in range(n) if j != i)
                pn = sum(kwm.games(i, j) for j in range(n) if j != i)
                scores[t.participants[i].name] = round(pw / pn, 4) if pn else None
            per_kingdom.append(
                {
                    "kingdom": spec,
                    "cards": t.kingdom_cards[ki],
                    "games": len(recs),
                    "pairwise_score": scores,
                }
            )
    calls = sum(int(r.get("llm_usage", {}).get("calls", 0)) for r in records)
    tokens = sum(int(r.get("llm_usage", {}).get("tokens", 0)) for r in records)
    return {
        "game": t.game_id,
        "format": t.config.format,
        "kingdoms": [
            {"spec": s, "cards": c} for s, c in zip(t.config.kingdoms, t.kingdom_cards, strict=True)
        ],
        "players_per_game": t.config.players_per_game,
        "games_per_pairing": t.config.games_per_pairing,
        "seed": t.config.seed,
        "games": len(records),
        "planned_games": len(t.games),
        "complete": len(records) == len(t.games),
        "rating_model": "bradley-terry",
        "rating_note": (
            "Bradley-Terry maximum likelihood on an Elo-like scale (400 points = 10:1 odds, "
            "mean 1500) with a prior of one virtual tied game per pair that met; 95% intervals "
            f"from {bootstrap} bootstrap resamples of the games. pl_rating is Plackett-Luce over "
            "each game's finishing order (equal to Bradley-Terry for two-player games). "
            + TIES_NOTE
        ),
        "participants": rows,
        "win_matrix": matrix,
        "per_kingdom": per_kingdom,
        "llm_usage": {"calls": calls, "tokens": tokens},
    }


def _round(x: float) -> float | None:
    return None if x != x else round(x, 4)


class LiveTally:
    """Running pairwise scores while games finish: the current leader and LLM usage."""

    def __init__(self, t: Tournament) -> None:
        self.t = t
        n = len(t.participants)
        self.points = [0.0] * n
        self.games = [0] * n
        self.calls = 0
        self.tokens = 0
        self.done = 0

    def add(self, rec: dict[str, Any]) -> None:
        """Count one finished game."""
        from gametest.stats.ratings import finish_places

        self.done += 1
        seats = self.t.by_key[rec["key"]].seats
        places = finish_places(rec["winners"], rec["scores"], rec["turns"])
        for (a, pa), (b, pb) in itertools.combinations(zip(seats, places, strict=True), 2):
            self.games[a] += 1
            self.games[b] += 1
            if pa < pb:
                self.points[a] += 1
            elif pb < pa:
                self.points[b] += 1
            else:
                self.points[a] += 0.5
                self.points[b] += 0.5
        usage = rec.get("llm_usage") or {}
        self.calls += int(usage.get("calls", 0))
        self.tokens += int(usage.get("tokens", 0))

    def leader(self) -> str | None:
        """The participant with the best pairwise score so far."""
        best = [(self.points[i] / g, -i) for i, g in enumerate(self.games) if g]
        if not best:
            return None
        _, neg = max(best)
        return self.t.participants[-neg].name

    def status(self) -> str:
        """'leader: X (61%)  llm: 12 calls, 3.4k tokens' for the progress bar."""
        lead = self.leader()
        parts = []
        if lead is not None:
            i = [p.name for p in self.t.participants].index(lead)
            parts.append(f"leader: {lead} ({100 * self.points[i] / self.games[i]:.0f}%)")
        if self.t.llm_limits:
            tok = f"{self.tokens / 1000:.1f}k" if self.tokens >= 1000 else str(self.tokens)
            parts.append(f"llm: {self.calls} calls, {tok} tokens")
        return "  ".join(parts)
