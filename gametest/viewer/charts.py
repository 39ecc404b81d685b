"""DominionSim-style charts of a batch as PNG bytes (matplotlib's Agg canvas, no pyplot state)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from gametest.reports.plots import _png
from gametest.viewer.series import BAND, Series

_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]


def _turn_axis(s: Series) -> list[int]:
    return list(range(1, s.turns + 1))


def vp_png(s: Series) -> bytes:
    """Mean victory points at the end of each own turn, with a 10th-90th percentile band."""
    fig = Figure(figsize=(7.5, 4.5))
    ax = fig.add_subplot()
    x = _turn_axis(s)
    for p, name in enumerate(s.names):
        if not s.vp_mean[p]:
            continue
        c = COLORS[p % len(COLORS)]
        ax.plot(x, s.vp_mean[p], color=c, label=f"P{p + 1} {name}")
        ax.fill_between(x, s.vp_low[p], s.vp_high[p], color=c, alpha=0.15, linewidth=0)
    ax.set_xlabel("turn (each player's own)")
    ax.set_ylabel("victory points")
    ax.set_title(f"Victory points by turn: mean, band = {BAND[0]:.0f}th-{BAND[1]:.0f}th percentile")
    ax.grid(alpha=0.3)
    ax.legend()
    return _png(fig)


def density_png(s: Series) -> bytes:
    """Mean money density (printed coins / cards owned) at the end of each own turn."""
    fig = Figure(figsize=(7.5, 4.5))
    ax = fig.add_subplot()
    x = _turn_axis(s)
    for p, name in enumerate(s.names):
        if s.density[p]:
            ax.plot(x, s.density[p], color=COLORS[p % len(COLORS)], label=f"P{p + 1} {name}")
    ax.set_xlabel("turn (each player's own)")
    ax.set_ylabel("money / cards")
    ax.set_title("Money density by turn (mean)")
    ax.grid(alpha=0.3)
    ax.legend()
    return _png(fig)


def composition_png(panels: Sequence[tuple[Series, int, str]]) -> bytes:
    """Mean count of each card owned by turn: one panel per (series, participant, title), side
    by side on a shared scale, each card in the same colour in every panel."""
    n = max(1, len(panels))
    fig = Figure(figsize=(6.0 * n, 4.5))
    axes = [fig.add_subplot(1, n, i + 1) for i in range(n)]
    top = max((max(v) for s, p, _ in panels for v in s.cards[p].values()), default=1.0)
    order = list(dict.fromkeys(card for s, p, _ in panels for card in s.cards[p]))
    for ax, (s, p, title) in zip(axes, panels, strict=False):
        x = _turn_axis(s)
        for card, means in s.cards[p].items():
            j = order.index(card)
            ax.plot(x, means, "-" if j < 10 else "--", color=f"C{j % 10}", label=card)
        ax.set_title(f"Deck composition: {title}", fontsize=10)
        ax.set_xlabel("turn (own)")
        ax.set_ylabel("mean cards owned")
        ax.set_ylim(0, top * 1.05)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, ncol=2)
    return _png(fig)


def length_png(s: Series) -> bytes:
    """How many games lasted each number of turns (per player)."""
    fig = Figure(figsize=(7.5, 4.0))
    ax = fig.add_subplot()
    xs = sorted(s.lengths)
    ax.bar(xs, [s.lengths[k] for k in xs], color="#4c72b0")
    ax.set_xlabel("game length (turns per player)")
    ax.set_ylabel("games")
    ax.set_title(f"Game length distribution ({s.games} games)")
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def seat_png(s: Series) -> bytes:
    """Each participant's win rate by place in turn order (a shared win counts half)."""
    fig = Figure(figsize=(7.5, 4.0))
    ax = fig.add_subplot()
    n_seats = len(s.seat_games[0]) if s.seat_games else 0
    width = 0.8 / max(1, len(s.names))
    for p, name in enumerate(s.names):
        rates = [r if r is not None else 0.0 for r in s.win_rate_by_seat(p)]
        xs = [seat + p * width for seat in range(n_seats)]
        ax.bar(xs, rates, width, color=COLORS[p % len(COLORS)], label=f"P{p + 1} {name}")
    ax.set_xticks([seat + 0.4 - width / 2 for seat in range(n_seats)])
    ax.set_xticklabels(
        [_ORDINALS.get(seat + 1, f"{seat + 1}th") + " to play" for seat in range(n_seats)]
    )
    ax.set_ylim(0, 1)
    ax.set_ylabel("win rate")
    ax.set_title("Win rate by seat (place in turn order)")
    ax.grid(alpha=0.3, axis="y")
    ax.legend()
    return _png(fig)


def ended_png(s: Series) -> bytes:
    """How the games ended (Provinces, piles, turn limit, ...)."""
    fig = Figure(figsize=(7.5, 3.5))
    ax = fig.add_subplot()
    items = s.ended_by.most_common()
    ax.barh([k for k, _ in items], [v for _, v in items], color="#55a868")
    ax.invert_yaxis()
    ax.set_xlabel("games")
    ax.set_title("How games ended")
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)
