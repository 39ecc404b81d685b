"""Every Embermarch card as data: effects, Resonance and Burn bonuses; card text is rendered."""

from __future__ import annotations

from dataclasses import dataclass

from gametest.engine.cards import Card

TIDE = "Tidecallers"
ASH = "Ashguard"
VERDANT = "Verdant Circle"
GRAVE = "Gravewrights"
LANTERN = "Lanternfolk"
FACTIONS: tuple[str, ...] = (TIDE, ASH, VERDANT, GRAVE, LANTERN)
# Short keys used in strategy conditions (tide_count, ash_played, ...).
FACTION_KEYS: dict[str, str] = {
    TIDE: "tide",
    ASH: "ash",
    VERDANT: "verdant",
    GRAVE: "grave",
    LANTERN: "lantern",
}


@dataclass(frozen=True, slots=True)
class Effects:
    """What a card (or its Resonance/Burn bonus) gives when it resolves, in this order."""

    coin: int = 0
    might: int = 0
    ward: int = 0
    mend: int = 0
    renown: int = 0
    draw: int = 0
    cull: int = 0
    sweep: int = 0
    topdeck: bool = False

    def text(self) -> str:
        """The effects as printed, e.g. '+2 Coin, +1 Might. Draw 1.'."""
        gains = []
        for amount, word in (
            (self.coin, "Coin"),
            (self.might, "Might"),
            (self.ward, "Ward"),
            (self.renown, "Renown"),
        ):
            if amount:
                gains.append(f"+{amount} {word}")
        parts = [", ".join(gains)] if gains else []
        if self.mend:
            parts.append(f"Mend {self.mend}")
        if self.draw:
            parts.append(f"Draw {self.draw}")
        if self.cull:
            parts.append(f"Cull {self.cull}")
        if self.sweep:
            parts.append("Sweep")
        if self.topdeck:
            parts.append("The next card you buy this turn goes on top of your deck")
        return ". ".join(parts) + "." if parts else ""


NOTHING = Effects()


@dataclass(frozen=True, eq=False)
class EmberCard(Card):
    """An Embermarch card: its faction, market copies, effects and optional bonuses."""

    faction: str = ""
    copies: int = 0
    base: Effects = NOTHING
    resonance: int = 0  # threshold; 0 means the card has no Resonance bonus
    bonus: Effects = NOTHING
    burn: Effects | None = None
    ordered: bool = False  # whether the order it is played in can matter
    kind: str = "market"  # 'starter', 'basic' or 'market'


def render_text(
    base: Effects, faction: str, resonance: int, bonus: Effects, burn: Effects | None, vp: int
) -> str:
    """The printed text of a card, built from its effects."""
    parts = []
    if base.text():
        parts.append(base.text())
    if resonance:
        parts.append(f"Resonance {resonance} ({faction}): {bonus.text()}")
    if burn is not None:
        parts.append(f"Burn: {burn.text()}")
    if vp:
        parts.append(f"Worth {vp} Renown at game end.")
    if not parts:
        return "No effect when played."
    return " ".join(parts)


def _card(
    name: str,
    cost: int,
    faction: str,
    copies: int,
    base: Effects,
    resonance: int = 0,
    bonus: Effects = NOTHING,
    burn: Effects | None = None,
    vp: int = 0,
    kind: str = "market",
) -> EmberCard:
    types = frozenset({faction}) if faction else frozenset({kind.capitalize()})
    return EmberCard(
        name=name,
        cost=cost,
        types=types,
        text=render_text(base, faction, resonance, bonus, burn, vp),
        coins=base.coin,
        vp=vp,
        kind=kind,
        faction=faction,
        copies=copies,
        base=base,
        resonance=resonance,
        bonus=bonus,
        burn=burn,
        ordered=bool(resonance or base.cull or bonus.cull),
    )


E = Effects

STARTERS = [
    _card("Scrip", 0, "", 0, E(coin=1), kind="starter"),
    _card("Cudgel", 0, "", 0, E(might=1), kind="starter"),
]
# Always-available piles; `copies` is the pile size in a 2-player game (see kingdoms).
BASICS = [
    _card("Trade Writ", 3, "", 10, E(coin=2), kind="basic"),
    _card("Sellsword", 3, "", 10, E(might=2), kind="basic"),
    _card("Laurel", 6, "", 8, NOTHING, vp=3, kind="basic"),
]

MARKET = [
    # Tidecallers: coin and card draw.
    _card("Harbor Urchin", 1, TIDE, 3, E(coin=1), 2, E(coin=1)),
    _card("Net Mender", 2, TIDE, 3, E(coin=2), burn=E(coin=3)),
    _card("Tide Chart", 3, TIDE, 2, E(coin=1, draw=1), 2, E(draw=1)),
    _card("Pearl Diver", 3, TIDE, 2, E(coin=2), 2, E(renown=1)),
    _card("Quay Broker", 4, TIDE, 2, E(coin=3), 2, E(coin=1)),
    _card("Salt Merchant", 5, TIDE, 2, E(coin=2, draw=1), 3, E(coin=2)),
    _card("Lighthouse Keeper", 5, TIDE, 1, E(draw=2), 2, E(ward=2)),
    _card("Drowned Bell", 6, TIDE, 1, E(coin=4), vp=1),
    _card("Tide Regent", 7, TIDE, 1, E(coin=3, draw=2), 2, E(renown=2)),
    # Ashguard: Might.
    _card("Ash Recruit", 1, ASH, 3, E(might=1), burn=E(might=3)),
    _card("Cinder Scout", 2, ASH, 3, E(coin=1, might=1), 2, E(might=2)),
    _card("Pikewall", 3, ASH, 2, E(might=2, ward=2)),
    _card("Brand Bearer", 3, ASH, 2, E(might=3), 2, E(might=1)),
    _card("Warhorn", 4, ASH, 2, E(might=2, draw=1), 2, E(might=2)),
    _card("Siege Smith", 5, ASH, 2, E(might=4), 3, E(might=3)),
    _card("Ember Duelist", 5, ASH, 1, E(coin=1, might=3), burn=E(might=5)),
    _card("Ashen Banner", 6, ASH, 1, E(might=3, draw=1), 2, E(renown=1), vp=1),
    _card("Pyre Marshal", 7, ASH, 1, E(might=6), 2, E(draw=1)),
    # Verdant Circle: Ward, Mend and slow Renown.
    _card("Moss Tender", 1, VERDANT, 3, E(mend=2), 2, E(coin=1)),
    _card("Thornhedge", 2, VERDANT, 3, E(coin=1, ward=3)),
    _card("Seedkeeper", 3, VERDANT, 2, E(coin=2), 2, E(mend=3)),
    _card("Grove Warden", 3, VERDANT, 2, E(might=1, ward=2, mend=1)),
    _card("Rootspeaker", 4, VERDANT, 2, E(coin=1, draw=1), 2, E(renown=1)),
    _card("Bloom Oracle", 5, VERDANT, 2, E(coin=2, renown=1), 3, E(renown=2)),
    _card("Elder Bark", 5, VERDANT, 1, E(ward=5, mend=3), vp=1),
    _card("Wildheart Stag", 6, VERDANT, 1, E(might=3, mend=3), 2, E(might=2)),
    _card("Verdant Crown", 7, VERDANT, 1, E(coin=2, mend=2), 2, E(renown=1), vp=3),
    # Gravewrights: culling and burning.
    _card("Bone Sweeper", 1, GRAVE, 3, E(cull=1)),
    _card("Grave Lantern", 2, GRAVE, 3, E(coin=2), 2, E(cull=1)),
    _card("Ossuary Clerk", 3, GRAVE, 2, E(coin=1, might=1, cull=1)),
    _card("Ghoul Hound", 3, GRAVE, 2, E(might=2), burn=E(might=2, renown=1)),
    _card("Crypt Scholar", 4, GRAVE, 2, E(coin=1, draw=1, cull=1), 2, E(draw=1)),
    _card("Mourning Choir", 5, GRAVE, 2, E(might=3), 2, E(renown=1, cull=1)),
    _card("Pale Embalmer", 5, GRAVE, 1, E(coin=3), burn=E(renown=3)),
    _card("Lich Archivist", 6, GRAVE, 1, E(draw=2, cull=2)),
    _card("Grave Sovereign", 7, GRAVE, 1, E(coin=2, might=4, cull=1), vp=1),
    # Lanternfolk: market tricks and Renown.
    _card("Wick Runner", 1, LANTERN, 3, E(coin=1, sweep=1)),
    _card("Street Lamplighter", 2, LANTERN, 3, E(coin=1, might=1), 2, E(renown=1)),
    _card("Glass Peddler", 3, LANTERN, 2, E(coin=2, topdeck=True)),
    _card("Moth Courier", 3, LANTERN, 2, E(might=1, draw=1), 2, E(coin=2)),
    _card("Festival Crier", 4, LANTERN, 2, E(coin=2, renown=1)),
    _card("Guild Chandler", 5, LANTERN, 2, E(coin=3), 2, E(draw=1)),
    _card("Beacon Sage", 5, LANTERN, 1, E(ward=2, renown=1, draw=1), burn=E(renown=3)),
    _card("Starlight Parade", 6, LANTERN, 1, E(coin=3, renown=2)),
    _card("Lantern Queen", 7, LANTERN, 1, E(coin=2, renown=2, draw=1), 2, E(renown=2), vp=1),
]

CARDS: dict[str, EmberCard] = {c.name: c for c in STARTERS + BASICS + MARKET}
MARKET_NAMES: list[str] = [c.name for c in MARKET]
BASIC_NAMES: list[str] = [c.name for c in BASICS]
STARTING_DECK: list[tuple[str, int]] = [("Scrip", 7), ("Cudgel", 3)]


def faction_cards(faction: str) -> list[str]:
    """The market cards of one faction, cheapest first."""
    return [c.name for c in MARKET if c.faction == faction]
