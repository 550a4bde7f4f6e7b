"""Storage fixtures, parametrized over backends: SQLite always, PostgreSQL when configured.

The PostgreSQL variant needs STATIONBOT_TEST_POSTGRES_URL (a database it may wipe), e.g.
``eval "$(bash .ci/postgres.sh)"``; without it those tests are skipped, saying why.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import Storage

POSTGRES_ENV = "STATIONBOT_TEST_POSTGRES_URL"
#: Read at import: the autouse environment cleaner runs before every test.
POSTGRES_URL = os.environ.get(POSTGRES_ENV, "").strip()
SKIP_REASON = (
    f"PostgreSQL tests need {POSTGRES_ENV}=postgresql+asyncpg://user@host:port/db "
    '(a throwaway database; try: eval "$(bash .ci/postgres.sh)")'
)
OUR_TABLES = (
    "daily_shown",
    "daily_posts",
    "orbital_elements",
    "quiz_played",
    "quiz_answers",
    "quiz_sessions",
    "scores",
    "listen_channels",
    "guild_settings",
    "unanswered",
    "schema_version",
)


async def reset_postgres(url: str) -> None:
    """Drop every stationbot table, so each test starts from an empty database."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP TABLE IF EXISTS {', '.join(OUR_TABLES)} CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'db' / 'stationbot.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip(SKIP_REASON)
    await reset_postgres(POSTGRES_URL)
    try:
        yield POSTGRES_URL
    finally:
        await reset_postgres(POSTGRES_URL)


@pytest.fixture
async def storage(database_url: str) -> AsyncIterator[Storage]:
    """A connected Storage on an empty database; closed afterwards."""
    store = await Storage.connect(database_url)
    try:
        yield store
    finally:
        await store.close()
