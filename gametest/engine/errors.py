"""Errors that reach the user as one clear line (the CLI prints them and exits 2)."""

from __future__ import annotations


class GametestError(Exception):
    """Base class for errors with a message meant for the user, never a traceback."""


class UsageError(GametestError):
    """Bad input from the user: an unknown card, a malformed file, a count out of range."""


def closest(name: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates most like `name`, for 'did you mean' hints."""
    import difflib

    lower = {c.lower(): c for c in candidates}
    hits = difflib.get_close_matches(name.lower(), list(lower), n=n, cutoff=0.5)
    return [lower[h] for h in hits]


def unknown(kind: str, name: str, candidates: list[str]) -> UsageError:
    """An error for an unknown name, suggesting the closest known ones."""
    hint = closest(name, candidates)
    suffix = f" (did you mean {', '.join(hint)}?)" if hint else ""
    return UsageError(f"unknown {kind} '{name}'{suffix}")
