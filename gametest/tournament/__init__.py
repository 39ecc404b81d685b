"""Tournaments: round-robin and gauntlet between any player specs, rated, parallel, resumable.

config.py says what to play, tournament.py plans and runs it (play.py puts the games on the
executor's lanes), results.py rates the finished games, and report.py (imported on its own,
as it needs matplotlib) renders the report through the experiment report's blocks.
"""

from gametest.tournament.config import (
    FORMATS,
    TournamentConfig,
    load_config,
    parse_kingdoms_option,
    random_kingdoms,
)
from gametest.tournament.results import LiveTally, standings
from gametest.tournament.tournament import (
    GAMES_FILE,
    LEADERBOARD_FILE,
    MANIFEST_FILE,
    Participant,
    PlannedGame,
    Tournament,
    load_tournament,
)

__all__ = [
    "FORMATS",
    "GAMES_FILE",
    "LEADERBOARD_FILE",
    "MANIFEST_FILE",
    "LiveTally",
    "Participant",
    "PlannedGame",
    "Tournament",
    "TournamentConfig",
    "load_config",
    "load_tournament",
    "parse_kingdoms_option",
    "random_kingdoms",
    "standings",
]
