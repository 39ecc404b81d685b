"""Advice tests run against a fresh store and LLM cache in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """GAMETEST_ADVICE_STORE and GAMETEST_CACHE_DIR under tmp_path; returns the store."""
    store = tmp_path / "store"
    monkeypatch.setenv("GAMETEST_ADVICE_STORE", str(store))
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GAMETEST_PRICES", str(tmp_path / "no-prices.toml"))
    return store
