"""The contract of a player that asks a language model: it holds an LLMClient.

Tournaments and other schedulers read it instead of probing players: such a player's games run
in the LLM lane, at most the client's concurrency limit at once, its calls and tokens are
counted per game, and the client is closed when the player is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametest.engine.player import Player

if TYPE_CHECKING:  # the LLM stack loads only when such a player is built
    from gametest.llm.client import LLMClient


class ClientPlayer(Player):
    """A player whose decisions call `client`; subclasses set it in their constructor."""

    client: LLMClient

    def llm_limit(self) -> int:
        """How many calls the client's backend allows at once (its limiter's limit)."""
        return self.client.limiter.limit

    def llm_usage(self) -> tuple[int, int]:
        """(calls, tokens) the client has made so far, tokens being prompt plus completion."""
        s = self.client.usage_summary()
        return int(s["calls"]), int(s["prompt_tokens"]) + int(s["completion_tokens"])

    def close(self) -> None:
        """Release the client (its connections, cache and call log); safe to call twice."""
        self.client.close()
