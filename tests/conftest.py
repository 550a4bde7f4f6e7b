"""Shared fixtures: a clean environment for every test, the shipped engine built once."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bot.engine import Engine

_OURS = ("STATIONBOT_", "DISCORD_", "LOG_LEVEL")


@pytest.fixture(autouse=True)
def _clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """No test sees the developer's own settings (or reads a stray .env) or engine cache."""
    for name in list(os.environ):
        if name.startswith(_OURS) and name != "STATIONBOT_TEST_POSTGRES_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.setenv("STATIONBOT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the shipped knowledge (built once per session; it is immutable)."""
    return Engine.from_path(None)
