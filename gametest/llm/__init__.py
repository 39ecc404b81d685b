"""The LLM layer: one interface to any OpenAI-compatible model, the embedded local model, and
scripted replies, with caching, retries, limits, usage accounting and call logs.

    from gametest.llm import make_client, Message, CallOptions
    client = make_client("local:smollm2")
    c = client.complete([Message("user", "Say hi")], CallOptions(max_tokens=20))
"""

from gametest.llm.base import (
    Backend,
    CallOptions,
    Completion,
    ConfigError,
    LLMError,
    Message,
    Options,
    RefusalError,
    SchemaError,
    Usage,
)
from gametest.llm.client import LLMClient, Request, make_client
from gametest.llm.registry import get_backend, register_backend
from gametest.llm.retry import RetryPolicy

__all__ = [
    "Backend",
    "CallOptions",
    "Completion",
    "ConfigError",
    "LLMClient",
    "LLMError",
    "Message",
    "Options",
    "RefusalError",
    "Request",
    "RetryPolicy",
    "SchemaError",
    "Usage",
    "get_backend",
    "make_client",
    "register_backend",
]
