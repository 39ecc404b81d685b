"""Kingdoms: the rulebook's preset sets, explicit card lists, seeded random draws; Supply sizes."""

from __future__ import annotations

import random

from gametest.engine.errors import UsageError, unknown
from gametest.games.dominion.cards import CARDS, KINGDOM_NAMES, SECOND_EDITION

# Recommended sets from the second-edition rulebook.
PRESETS: dict[str, list[str]] = {
    "first-game": [
        "Cellar",
        "Market",
        "Merchant",
        "Militia",
        "Mine",
        "Moat",
        "Remodel",
        "Smithy",
        "Village",
        "Workshop",
    ],
    "size-distortion": [
        "Artisan",
        "Bandit",
        "Bureaucrat",
        "Chapel",
        "Festival",
        "Gardens",
        "Sentry",
        "Throne Room",
        "Witch",
        "Workshop",
    ],
    "deck-top": [
        "Artisan",
        "Bureaucrat",
        "Council Room",
        "Festival",
        "Harbinger",
        "Laboratory",
        "Moneylender",
        "Sentry",
        "Vassal",
        "Village",
    ],
    "sleight-of-hand": [
        "Cellar",
        "Council Room",
        "Festival",
        "Gardens",
        "Library",
        "Harbinger",
        "Militia",
        "Poacher",
        "Smithy",
        "Throne Room",
    ],
    "improvements": [
        "Artisan",
        "Cellar",
        "Market",
        "Merchant",
        "Mine",
        "Moat",
        "Moneylender",
        "Poacher",
        "Remodel",
        "Witch",
    ],
    "silver-and-gold": [
        "Bandit",
        "Bureaucrat",
        "Chapel",
        "Harbinger",
        "Laboratory",
        "Merchant",
        "Mine",
        "Moneylender",
        "Throne Room",
        "Vassal",
    ],
}
KINGDOM_SIZE = 10


def card_name(name: str) -> str:
    """The canonical card name for a user's spelling (case and spacing forgiven)."""
    key = "".join(name.lower().split()).replace("_", "").replace("-", "")
    for real in CARDS:
        if "".join(real.lower().split()) == key:
            return real
    raise unknown("card", name.strip(), list(CARDS))


def parse_kingdom(spec: str) -> list[str]:
    """A preset name, a comma-separated list of 10 cards, `random:SEED` or `random-all:SEED`."""
    spec = spec.strip()
    if spec in PRESETS:
        return list(PRESETS[spec])
    for prefix, pool in (("random:", SECOND_EDITION), ("random-all:", KINGDOM_NAMES)):
        if spec.startswith(prefix):
            seed = spec[len(prefix) :]
            if not seed.strip().lstrip("-").isdigit():
                raise UsageError(f"kingdom '{spec}': the seed after '{prefix}' must be an integer")
            return sorted(random.Random(int(seed)).sample(pool, KINGDOM_SIZE))
    if "," not in spec:
        raise unknown("kingdom", spec, [*PRESETS, "random:SEED"])
    names = [card_name(p) for p in spec.split(",") if p.strip()]
    bad = [n for n in names if n not in KINGDOM_NAMES]
    if bad:
        raise UsageError(f"kingdom: {bad[0]} is a basic card, not a Kingdom card")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise UsageError(f"kingdom: {dup[0]} is listed twice")
    if len(names) != KINGDOM_SIZE:
        raise UsageError(f"kingdom: needs {KINGDOM_SIZE} Kingdom cards, got {len(names)}")
    return names


def supply_sizes(kingdom: list[str], n_players: int) -> dict[str, int]:
    """Pile sizes for a game, basics first, from the published set-up rules."""
    victory = 8 if n_players == 2 else 12
    province = {2: 8, 3: 12, 4: 12, 5: 15, 6: 18}[n_players]
    supply = {
        "Copper": 60 - 7 * n_players,
        "Silver": 40,
        "Gold": 30,
        "Estate": victory,
        "Duchy": victory,
        "Province": province,
        "Curse": 10 * (n_players - 1),
    }
    for name in kingdom:
        supply[name] = victory if CARDS[name].is_victory else 10
    return supply
