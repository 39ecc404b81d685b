"""The game contract: what a game declares (GameInfo) and what it implements (GameDef, GameState).

In the spirit of open_spiel's GameType + Game/State: the metadata is one frozen dataclass that
callers read instead of probing, and the behaviour is an abstract base class, so a game that
forgets a method fails when it is defined, not in the middle of an experiment.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gametest.engine.cards import Card
from gametest.engine.decision import Decision
from gametest.engine.errors import UsageError, unknown

if TYPE_CHECKING:
    from gametest.strategy.model import Strategy

Run = Generator[Decision, tuple[int, ...], None]
# A condition name -> (Python source over the view `v`, description shown to people and models).
ConditionNames = Mapping[str, tuple[str, str]]


class GameState(Protocol):
    """One game in progress: the rules run as a generator that yields decisions."""

    events: list[tuple[Any, ...]] | None

    def run(self) -> Run:
        """Play the whole game, yielding each pending decision and receiving its choice."""

    def view(self, seat: int) -> Any:
        """What the player in `seat` may see."""

    def result(self) -> dict[str, Any]:
        """Scores, winners, turns per seat and how the game ended."""

    def fingerprint(self) -> str:
        """A hash of the full final state, to check that a replay reproduced it."""

    def card_counts(self) -> dict[str, int]:
        """Count of every card in every zone, Supply and trash: constant through a game."""

    def public_info(self) -> dict[str, Any]:
        """What every player sees beyond the seats (Supply, trash, market row...), for viewers."""


class Policy(Protocol):
    """A strategy made playable in one game: answers each decision from a seat's view."""

    def decide(self, view: Any, d: Decision) -> tuple[int, ...]:
        """Indices into d.options answering the decision."""


@dataclass(frozen=True)
class GameInfo:
    """Everything a game declares about itself; callers read this, never probe the game."""

    name: str
    version: int
    min_players: int
    max_players: int
    # The kingdom used when none is given (a spec the game's parse_kingdom accepts).
    default_kingdom: str
    # A built-in bot (in bots_dir) that plays sensibly: the fallback player of LLM players.
    default_bot: str
    # What experiments measure advice against when the experiment names no opponents.
    reference_opponents: tuple[str, ...]
    # The strategy document of the "no advice" control (compiled mode).
    default_strategy: Mapping[str, Any]
    # Every Decision.kind the rules may yield.
    decision_kinds: tuple[str, ...]
    # The game's own priority lists besides `gain` and `play`: key -> what it orders.
    priority_keys: Mapping[str, str]
    # Every name a strategy condition may use in this game (the view must provide each).
    conditions: ConditionNames
    # Where the game's built-in bots live (one strategy file per bot).
    bots_dir: Path
    # Cards in every game's Supply whatever the kingdom, in the order prompts list them.
    basic_cards: tuple[str, ...] = ()
    # Card types `count(TYPE)` accepts in conditions (the first is the guide's example).
    card_types: tuple[str, ...] = ()
    # The card whose pile is the main clock of the game (Dominion's Province), if one exists.
    victory_card: str | None = None
    # Cards a strategy must gain to have a chance (compiled strategies that never name one are
    # flagged as unable to win); empty where victory has several routes (Embermarch).
    must_gain: tuple[str, ...] = ()
    # The priority list that removes cards from the deck (trashing), if the game has one: the
    # optimizer searches it beside gain and play.
    removal_list: str | None = None
    # Plausible-sounding strategies that lose to the default bot (the "wrong" control's source).
    wrong_strategies: tuple[Mapping[str, Any], ...] = ()
    # What the `play` list orders, in the schema's words.
    play_description: str = "which card to play first"
    # The language guide's line about `play` and the game's own lists (shown to models);
    # empty: generated from priority_keys.
    strategy_guide: str = ""
    # The strategy shown to models as an example in the language guide; empty: the default bot's.
    example_strategy: Mapping[str, Any] = field(default_factory=dict)
    # The language guide's example of per-card options, e.g. '{"Chapel": {"max": 3}}'.
    card_options_example: str = ""
    # The rules as a document, if the game ships one.
    rules_path: Path | None = None

    def priority_lists(self) -> tuple[str, ...]:
        """Every priority list a strategy for this game may have, in schema order."""
        return ("gain", "play", *self.priority_keys)

    def guide_line(self) -> str:
        """The language guide's line describing `play` and the game's own lists."""
        if self.strategy_guide:
            return self.strategy_guide
        own = " ".join(f'"{k}": {desc}.' for k, desc in self.priority_keys.items())
        return f'- "play": {self.play_description}. {own}'.rstrip()


class GameDef(ABC):
    """A game plug-in: its declared GameInfo, its cards, and the behaviour callers rely on."""

    info: GameInfo
    cards: Mapping[str, Card]

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def version(self) -> int:
        return self.info.version

    @property
    def min_players(self) -> int:
        return self.info.min_players

    @property
    def max_players(self) -> int:
        return self.info.max_players

    def check_players(self, n_players: int) -> None:
        """Raise UsageError unless the game takes `n_players` players."""
        if not self.min_players <= n_players <= self.max_players:
            raise UsageError(
                f"{self.name} takes {self.min_players} to {self.max_players} players, "
                f"got {n_players}"
            )

    @abstractmethod
    def parse_kingdom(self, spec: str) -> list[str]:
        """A kingdom (list of card names) from a preset name, card list, or random:SEED."""

    @abstractmethod
    def new_game(
        self, kingdom: list[str], n_players: int, seed: int, first: int = 0, log: bool = False
    ) -> GameState:
        """A fresh game, ready to run."""

    @abstractmethod
    def describe_card(self, name: str) -> str:
        """The card's rules text as players and prompts see it."""

    @abstractmethod
    def policy(self, strategy: Strategy) -> Policy:
        """The decision policy that runs a strategy in this game."""

    def card_name(self, name: str) -> str:
        """The canonical card name for a user's spelling (exact names unless a game forgives)."""
        if name in self.cards:
            return name
        raise unknown("card", name, list(self.cards))

    def card_traits(self, name: str) -> frozenset[str]:
        """What a card does, in shared words: "victory", "junk", "money", and where a game knows
        them "attack", "village" (gives actions), "draw", "terminal" (uses up the turn's action).
        Ladders build degradations and reasons from these; the default reads points and coins."""
        c = self.cards.get(name)
        if c is None:
            return frozenset()
        out = set()
        if c.vp > 0:
            out.add("victory")
        if c.vp < 0 or "Curse" in c.types:
            out.add("junk")
        if c.coins:
            out.add("money")
        return frozenset(out)

    def card_options_schema(self) -> dict[str, Any]:
        """JSON Schema of the per-card options a strategy may set (none unless a game has some)."""
        return {}

    def format_log(self, events: Sequence[tuple[Any, ...]], names: list[str]) -> list[str]:
        """A game log's events as lines a person reads (the raw events unless a game says more)."""
        return [str(e) for e in events]
