"""Market set-ups: which factions' cards are shuffled into the market deck, and basic piles."""

from __future__ import annotations

import random

from gametest.engine.errors import UsageError, unknown
from gametest.games.embermarch.cards import (
    ASH,
    BASICS,
    CARDS,
    FACTION_KEYS,
    FACTIONS,
    GRAVE,
    LANTERN,
    MARKET_NAMES,
    TIDE,
    VERDANT,
    faction_cards,
)

PRESETS: dict[str, list[str]] = {
    "standard": [TIDE, ASH, VERDANT, GRAVE],
    "full": list(FACTIONS),
    "night-market": [TIDE, ASH, GRAVE, LANTERN],
    "pilgrims": [TIDE, VERDANT, GRAVE, LANTERN],
}
RANDOM_FACTIONS = 4
MIN_MARKET_KINDS = 10
PSEUDO_NAMES = ("Market",)  # strategy option tables that are not cards


def _key(name: str) -> str:
    return "".join(name.lower().split()).replace("_", "").replace("-", "")


def card_name(name: str) -> str:
    """The canonical card name for a user's spelling (case and spacing forgiven)."""
    key = _key(name)
    for real in (*CARDS, *PSEUDO_NAMES):
        if _key(real) == key:
            return real
    raise unknown("card", name.strip(), list(CARDS))


def faction_name(name: str) -> str | None:
    """The faction a user's spelling names ('ash', 'Ashguard', 'verdant-circle'), or None."""
    key = _key(name)
    for full, short in FACTION_KEYS.items():
        if key in (_key(full), short):
            return full
    return None


def market_for(factions: list[str]) -> list[str]:
    """The market card kinds of the given factions, in the game's card order."""
    chosen = set(factions)
    return [n for n in MARKET_NAMES if CARDS[n].faction in chosen]


def parse_kingdom(spec: str) -> list[str]:
    """A preset, `random:SEED` (4 of the 5 factions), faction names, or market card names."""
    spec = spec.strip()
    if spec in PRESETS:
        return market_for(PRESETS[spec])
    if spec.startswith("random:"):
        seed = spec[len("random:") :]
        if not seed.strip().lstrip("-").isdigit():
            raise UsageError(f"kingdom '{spec}': the seed after 'random:' must be an integer")
        return market_for(random.Random(int(seed)).sample(list(FACTIONS), RANDOM_FACTIONS))
    parts = [p for p in spec.split(",") if p.strip()]
    factions = [faction_name(p) for p in parts]
    if parts and all(f is not None for f in factions):
        chosen = [f for f in factions if f is not None]
        if len(set(chosen)) < 2:
            raise UsageError("kingdom: name at least 2 different factions")
        return market_for(chosen)
    if "," not in spec:
        raise unknown("kingdom", spec, [*PRESETS, "random:SEED", *FACTION_KEYS.values()])
    names = [card_name(p) for p in parts]
    bad = [n for n in names if n not in MARKET_NAMES]
    if bad:
        raise UsageError(f"kingdom: {bad[0]} is not a market card")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise UsageError(f"kingdom: {dup[0]} is listed twice")
    if len(names) < MIN_MARKET_KINDS:
        raise UsageError(f"kingdom: needs at least {MIN_MARKET_KINDS} market cards")
    return names


def check_kingdom(kingdom: list[str]) -> None:
    """Raise UsageError unless every name is a distinct market card and there are enough."""
    bad = [n for n in kingdom if n not in MARKET_NAMES]
    if bad:
        raise UsageError(f"kingdom: {bad[0]} is not a market card")
    if len(set(kingdom)) != len(kingdom) or len(kingdom) < MIN_MARKET_KINDS:
        raise UsageError(f"kingdom: needs at least {MIN_MARKET_KINDS} distinct market cards")


def basic_piles(n_players: int) -> dict[str, int]:
    """Sizes of the always-available piles: Laurels grow by 2 per player beyond two."""
    piles = {c.name: c.copies for c in BASICS}
    piles["Laurel"] += 2 * (n_players - 2)
    return piles


__all__ = ["PRESETS", "basic_piles", "card_name", "faction_cards", "parse_kingdom"]
