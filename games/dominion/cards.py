"""Every card of Dominion's base set (second edition, the six first-edition cards, basics)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gametest.games.dominion.card import DominionCard as Card
from gametest.games.dominion.state import DominionState, PlayCtx, Run

Effect = Callable[[DominionState, int, PlayCtx], Run]


def _card(
    name: str,
    cost: int,
    types: str,
    text: str,
    edition: str = "2",
    effect: Effect | None = None,
    **stats: Any,
) -> Card:
    return Card(
        name=name,
        cost=cost,
        types=frozenset(types.split()),
        text=text,
        effect=effect,
        edition=edition,
        **stats,
    )


# ----- effects (each runs after the card's +Cards/+Actions/+Buys/+$) --------------------


def cellar(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    hand = g.seats[seat].hand
    picked = yield from g.pick_cards(
        seat,
        "discard",
        hand,
        0,
        len(hand),
        "Cellar",
        "Discard any number of cards, then draw that many.",
    )
    if picked:
        g.discard_cards(seat, hand, picked)
        g.draw(seat, len(picked))


def chapel(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    hand = g.seats[seat].hand
    picked = yield from g.pick_cards(seat, "trash", hand, 0, 4, "Chapel", "Trash up to 4 cards.")
    for c in picked:
        g.trash_card(seat, hand, c)


def harbinger(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    names = tuple(dict.fromkeys(c.name for c in s.discard))
    name = yield from g.pick_name(
        seat,
        "topdeck",
        names,
        True,
        "Harbinger",
        "Put a card from your discard pile onto your deck?",
    )
    if name is not None:
        card = g.cards[name]
        s.discard.remove(card)
        s.deck.append(card)
        g.log(seat, "topdeck", name)


def merchant(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    # Each Merchant played adds $1 to the first Silver played this turn (resolved in Buy phase).
    g.merchants += 1
    return
    yield


def vassal(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    card = g.take_top(seat)
    if card is None:
        return
    s = g.seats[seat]
    s.discard.append(card)
    g.log(seat, "discard", [card.name])
    if card.is_action:
        name = yield from g.pick_name(
            seat, "play", (card.name,), True, "Vassal", f"Play the discarded {card.name}?"
        )
        if name is not None and s.discard and s.discard[-1] is card:
            s.discard.pop()
            s.in_play.append(card)
            # Playing it uses no Action.
            yield from g.play_action(seat, card)


def workshop(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    yield from _gain_up_to(g, seat, 4, "Workshop")


def _gain_up_to(
    g: DominionState, seat: int, limit: int, source: str, to: str = "discard", pred: Any = None
) -> Run:
    names = g.gainable(limit, pred)
    name = yield from g.pick_name(
        seat, "gain", names, False, source, f"Gain a card costing up to ${limit}.", limit
    )
    if name is not None:
        g.gain(seat, name, to)
    return name


def bureaucrat(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    g.gain(seat, "Silver", "deck")
    victims = ctx.victims
    for v in victims:
        s = g.seats[v]
        names = tuple(dict.fromkeys(c.name for c in s.hand if c.is_victory))
        if not names:
            g.log(v, "reveal", [c.name for c in s.hand])
            continue
        name = yield from g.pick_name(
            v,
            "topdeck",
            names,
            False,
            "Bureaucrat",
            "Put a Victory card from your hand onto your deck.",
        )
        card = g.cards[name]
        s.hand.remove(card)
        s.deck.append(card)
        g.log(v, "topdeck", name)


def militia(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    victims = ctx.victims
    for v in victims:
        hand = g.seats[v].hand
        if len(hand) > 3:
            n = len(hand) - 3
            picked = yield from g.pick_cards(
                v, "discard", hand, n, n, "Militia", f"Discard {n} card(s) (down to 3)."
            )
            g.discard_cards(v, hand, picked)


def moneylender(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    hand = g.seats[seat].hand
    copper = g.cards["Copper"]
    if copper in hand:
        picks = yield from g.pick_name(
            seat, "trash", ("Copper",), True, "Moneylender", "Trash a Copper for +$3?"
        )
        if picks is not None:
            g.trash_card(seat, hand, copper)
            g.coins += 3


def poacher(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    n = g.empty_piles
    if n:
        hand = g.seats[seat].hand
        n = min(n, len(hand))
        picked = yield from g.pick_cards(
            seat, "discard", hand, n, n, "Poacher", f"Discard {n} card(s) (one per empty pile)."
        )
        g.discard_cards(seat, hand, picked)


def remodel(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    hand = g.seats[seat].hand
    names = tuple(dict.fromkeys(c.name for c in hand))
    name = yield from g.pick_name(
        seat, "trash", names, False, "Remodel", "Trash a card from your hand."
    )
    if name is None:
        return
    card = g.cards[name]
    g.trash_card(seat, hand, card)
    yield from _gain_up_to(g, seat, card.cost + 2, "Remodel")


def throne_room(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    names = tuple(dict.fromkeys(c.name for c in s.hand if c.is_action))
    name = yield from g.pick_name(
        seat, "throne", names, True, "Throne Room", "Play an Action card from your hand twice?"
    )
    if name is None:
        return
    card = g.cards[name]
    s.hand.remove(card)
    s.in_play.append(card)
    inner = PlayCtx(card)
    yield from g.play_action(seat, card, inner)
    yield from g.play_action(seat, card, inner)


def bandit(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    g.gain(seat, "Gold")
    victims = ctx.victims
    for v in victims:
        revealed = [c for c in (g.take_top(v), g.take_top(v)) if c is not None]
        g.log(v, "reveal", [c.name for c in revealed])
        s = g.seats[v]
        s.set_aside.extend(revealed)
        names = tuple(
            dict.fromkeys(c.name for c in revealed if c.is_treasure and c.name != "Copper")
        )
        name = yield from g.pick_name(
            v, "trash", names, False, "Bandit", "Trash one of the revealed Treasures."
        )
        if name is not None:
            g.trash_card(v, s.set_aside, g.cards[name])
        g.discard_cards(v, s.set_aside, list(s.set_aside))


def council_room(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    for other in g.others(seat):
        g.draw(other, 1)
    return
    yield


def library(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    while len(s.hand) < 7:
        card = g.take_top(seat)
        if card is None:
            break
        if card.is_action:
            s.set_aside.append(card)  # held aside while the player decides
            skip = yield from g.pick_name(
                seat,
                "set_aside",
                (card.name,),
                True,
                "Library",
                f"Set aside {card.name} (skip it)?",
            )
            if skip is not None:
                g.log(seat, "set_aside", card.name)
                continue
            s.set_aside.remove(card)
        s.hand.append(card)
        g.log(seat, "draw", [card.name])
    if s.set_aside:
        g.discard_cards(seat, s.set_aside, list(s.set_aside))


def mine(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    hand = g.seats[seat].hand
    names = tuple(dict.fromkeys(c.name for c in hand if c.is_treasure))
    name = yield from g.pick_name(
        seat, "trash", names, True, "Mine", "Trash a Treasure to gain a better one to your hand?"
    )
    if name is None:
        return
    card = g.cards[name]
    g.trash_card(seat, hand, card)
    yield from _gain_up_to(g, seat, card.cost + 3, "Mine", "hand", lambda c: c.is_treasure)


def sentry(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    looked = [c for c in (g.take_top(seat), g.take_top(seat)) if c is not None]
    s.set_aside.extend(looked)
    g.log(seat, "look", [c.name for c in looked])
    trashed = yield from g.pick_cards(
        seat, "trash", looked, 0, len(looked), "Sentry", "Trash any of these cards?"
    )
    for c in trashed:
        looked.remove(c)
        g.trash_card(seat, s.set_aside, c)
    discarded = yield from g.pick_cards(
        seat, "discard", looked, 0, len(looked), "Sentry", "Discard any of these cards?"
    )
    for c in discarded:
        looked.remove(c)
    g.discard_cards(seat, s.set_aside, discarded)
    if len(looked) == 2 and looked[0] is not looked[1]:
        top = yield from g.pick_name(
            seat,
            "order",
            (looked[0].name, looked[1].name),
            False,
            "Sentry",
            "Which card goes on top of your deck?",
        )
        if top == looked[0].name:
            looked.reverse()
    for c in looked:  # the last one put back ends on top
        s.set_aside.remove(c)
        s.deck.append(c)


def witch(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    for v in ctx.victims:
        g.gain(v, "Curse")
    return
    yield


def artisan(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    yield from _gain_up_to(g, seat, 5, "Artisan", "hand")
    s = g.seats[seat]
    names = tuple(dict.fromkeys(c.name for c in s.hand))
    name = yield from g.pick_name(
        seat, "topdeck", names, False, "Artisan", "Put a card from your hand onto your deck."
    )
    if name is not None:
        card = g.cards[name]
        s.hand.remove(card)
        s.deck.append(card)
        g.log(seat, "topdeck", name)


def chancellor(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    if not s.deck:
        return
    yes = yield from g.pick_name(
        seat,
        "choose",
        ("deck to discard",),
        True,
        "Chancellor",
        "Put your deck into your discard pile?",
    )
    if yes is not None:
        s.discard.extend(s.deck)
        s.deck.clear()
        g.log(seat, "deck_to_discard")


def feast(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    # Trash this Feast once; under Throne Room the second play still gains (lose-track rule).
    if not ctx.moved and ctx.card in s.in_play:
        ctx.moved = True
        g.trash_card(seat, s.in_play, ctx.card)
    yield from _gain_up_to(g, seat, 5, "Feast")


def spy(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    victims = ctx.victims
    for v in [seat, *victims]:
        card = g.take_top(v)
        if card is None:
            continue
        g.log(v, "reveal", [card.name])
        who = "your" if v == seat else f"player {v + 1}'s"
        s = g.seats[v]
        s.set_aside.append(card)
        picked = yield from g.pick_name(
            seat,
            "discard",
            (card.name,),
            True,
            "Spy",
            f"Discard {who} revealed {card.name}?",
            target=v,
        )
        s.set_aside.remove(card)
        if picked is not None:
            s.discard.append(card)
            g.log(v, "discard", [card.name])
        else:
            s.deck.append(card)


def thief(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    victims = ctx.victims
    for v in victims:
        s = g.seats[v]
        revealed = [c for c in (g.take_top(v), g.take_top(v)) if c is not None]
        g.log(v, "reveal", [c.name for c in revealed])
        s.set_aside.extend(revealed)
        names = tuple(dict.fromkeys(c.name for c in revealed if c.is_treasure))
        name = yield from g.pick_name(
            seat,
            "trash",
            names,
            False,
            "Thief",
            f"Trash which of player {v + 1}'s Treasures?",
            target=v,
        )
        if name is not None:
            card = g.cards[name]
            g.trash_card(v, s.set_aside, card)
            take = yield from g.pick_name(
                seat, "gain", (name,), True, "Thief", f"Gain the trashed {name}?", target=v
            )
            if take is not None:
                g.gain_from_trash(seat, card)
        g.discard_cards(v, s.set_aside, list(s.set_aside))


def adventurer(g: DominionState, seat: int, ctx: PlayCtx) -> Run:
    s = g.seats[seat]
    found = 0
    while found < 2:
        card = g.take_top(seat)
        if card is None:
            break
        if card.is_treasure:
            s.hand.append(card)
            found += 1
        else:
            s.set_aside.append(card)
    g.log(seat, "reveal_until_treasures", found)
    if s.set_aside:
        g.discard_cards(seat, s.set_aside, list(s.set_aside))
    return
    yield


BASIC = [
    _card("Copper", 0, "Treasure", "$1", "basic", coins=1),
    _card("Silver", 3, "Treasure", "$2", "basic", coins=2),
    _card("Gold", 6, "Treasure", "$3", "basic", coins=3),
    _card("Estate", 2, "Victory", "1 VP", "basic", vp=1),
    _card("Duchy", 5, "Victory", "3 VP", "basic", vp=3),
    _card("Province", 8, "Victory", "6 VP", "basic", vp=6),
    _card("Curse", 0, "Curse", "-1 VP", "basic", vp=-1),
]

KINGDOM = [
    _card(
        "Cellar",
        2,
        "Action",
        "+1 Action. Discard any number of cards, then draw that many.",
        effect=cellar,
        plus_actions=1,
    ),
    _card("Chapel", 2, "Action", "Trash up to 4 cards from your hand.", effect=chapel),
    _card(
        "Moat",
        2,
        "Action Reaction",
        "+2 Cards. When another player plays an Attack card, you may first reveal this from "
        "your hand, to be unaffected by it.",
        plus_cards=2,
    ),
    _card(
        "Harbinger",
        3,
        "Action",
        "+1 Card, +1 Action. Look through your discard pile. You may put a card from it onto "
        "your deck.",
        effect=harbinger,
        plus_cards=1,
        plus_actions=1,
    ),
    _card(
        "Merchant",
        3,
        "Action",
        "+1 Card, +1 Action. The first time you play a Silver this turn, +$1.",
        effect=merchant,
        plus_cards=1,
        plus_actions=1,
    ),
    _card(
        "Vassal",
        3,
        "Action",
        "+$2. Discard the top card of your deck. If it's an Action card, you may play it.",
        effect=vassal,
        plus_coins=2,
    ),
    _card("Village", 3, "Action", "+1 Card, +2 Actions.", plus_cards=1, plus_actions=2),
    _card("Workshop", 3, "Action", "Gain a card costing up to $4.", effect=workshop),
    _card(
        "Bureaucrat",
        4,
        "Action Attack",
        "Gain a Silver onto your deck. Each other player reveals a Victory card from their "
        "hand and puts it onto their deck (or reveals a hand with no Victory cards).",
        effect=bureaucrat,
    ),
    _card("Gardens", 4, "Victory", "Worth 1 VP per 10 cards you have (round down)."),
    _card(
        "Militia",
        4,
        "Action Attack",
        "+$2. Each other player discards down to 3 cards in hand.",
        effect=militia,
        plus_coins=2,
    ),
    _card(
        "Moneylender",
        4,
        "Action",
        "You may trash a Copper from your hand for +$3.",
        effect=moneylender,
    ),
    _card(
        "Poacher",
        4,
        "Action",
        "+1 Card, +1 Action, +$1. Discard a card per empty Supply pile.",
        effect=poacher,
        plus_cards=1,
        plus_actions=1,
        plus_coins=1,
    ),
    _card(
        "Remodel",
        4,
        "Action",
        "Trash a card from your hand. Gain a card costing up to $2 more than it.",
        effect=remodel,
    ),
    _card("Smithy", 4, "Action", "+3 Cards.", plus_cards=3),
    _card(
        "Throne Room",
        4,
        "Action",
        "You may play an Action card from your hand twice.",
        effect=throne_room,
    ),
    _card(
        "Bandit",
        5,
        "Action Attack",
        "Gain a Gold. Each other player reveals the top 2 cards of their deck, trashes a "
        "revealed Treasure other than Copper, and discards the rest.",
        effect=bandit,
    ),
    _card(
        "Council Room",
        5,
        "Action",
        "+4 Cards, +1 Buy. Each other player draws a card.",
        effect=council_room,
        plus_cards=4,
        plus_buys=1,
    ),
    _card(
        "Festival",
        5,
        "Action",
        "+2 Actions, +1 Buy, +$2.",
        plus_actions=2,
        plus_buys=1,
        plus_coins=2,
    ),
    _card("Laboratory", 5, "Action", "+2 Cards, +1 Action.", plus_cards=2, plus_actions=1),
    _card(
        "Library",
        5,
        "Action",
        "Draw until you have 7 cards in hand, skipping any Action cards you choose to; set "
        "those aside, discarding them afterwards.",
        effect=library,
    ),
    _card(
        "Market",
        5,
        "Action",
        "+1 Card, +1 Action, +1 Buy, +$1.",
        plus_cards=1,
        plus_actions=1,
        plus_buys=1,
        plus_coins=1,
    ),
    _card(
        "Mine",
        5,
        "Action",
        "You may trash a Treasure from your hand. Gain a Treasure to your hand costing up to "
        "$3 more than it.",
        effect=mine,
    ),
    _card(
        "Sentry",
        5,
        "Action",
        "+1 Card, +1 Action. Look at the top 2 cards of your deck. Trash and/or discard any "
        "number of them. Put the rest back on top in any order.",
        effect=sentry,
        plus_cards=1,
        plus_actions=1,
    ),
    _card(
        "Witch",
        5,
        "Action Attack",
        "+2 Cards. Each other player gains a Curse.",
        effect=witch,
        plus_cards=2,
    ),
    _card(
        "Artisan",
        6,
        "Action",
        "Gain a card to your hand costing up to $5. Put a card from your hand onto your deck.",
        effect=artisan,
    ),
    # First edition cards replaced in the second edition.
    _card(
        "Chancellor",
        3,
        "Action",
        "+$2. You may immediately put your deck into your discard pile.",
        "1",
        effect=chancellor,
        plus_coins=2,
    ),
    _card("Woodcutter", 3, "Action", "+1 Buy, +$2.", "1", plus_buys=1, plus_coins=2),
    _card(
        "Feast", 4, "Action", "Trash this card. Gain a card costing up to $5.", "1", effect=feast
    ),
    _card(
        "Spy",
        4,
        "Action Attack",
        "+1 Card, +1 Action. Each player (including you) reveals the top card of their deck "
        "and either discards it or puts it back, your choice.",
        "1",
        effect=spy,
        plus_cards=1,
        plus_actions=1,
    ),
    _card(
        "Thief",
        4,
        "Action Attack",
        "Each other player reveals the top 2 cards of their deck. If they revealed any "
        "Treasure cards, they trash one of them that you choose. You may gain any or all of "
        "these trashed cards. They discard the other revealed cards.",
        "1",
        effect=thief,
    ),
    _card(
        "Adventurer",
        6,
        "Action",
        "Reveal cards from your deck until you reveal 2 Treasure cards. Put those Treasure "
        "cards into your hand and discard the other revealed cards.",
        "1",
        effect=adventurer,
    ),
]

CARDS: dict[str, Card] = {c.name: c for c in BASIC + KINGDOM}
KINGDOM_NAMES = [c.name for c in KINGDOM]
SECOND_EDITION = [c.name for c in KINGDOM if c.edition == "2"]
