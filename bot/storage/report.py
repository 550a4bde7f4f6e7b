"""``stationbot gaps --unanswered``: the most asked questions the bot could not answer."""

from __future__ import annotations

import asyncio
import sys

from bot.settings import Settings
from bot.storage.errors import StorageError
from bot.storage.models import UnansweredQuestion
from bot.storage.storage import Storage, safe_url, sqlite_path

EXIT_OK, EXIT_FAILED = 0, 1


def print_unanswered(limit: int) -> int:
    """Print the ``limit`` most frequent unanswered questions from the bot's database."""
    url = Settings().database_url
    path = sqlite_path(url)
    if path is not None and not path.exists():
        print(
            f"no database at {path} (set STATIONBOT_DATABASE_URL, or run the bot first)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        rows = asyncio.run(_fetch(url, limit))
    except StorageError as exc:
        print(f"stationbot: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"unanswered questions in {safe_url(url)}:")
    for row in rows:
        print(format_row(row))
    print(f"{len(rows)} unanswered question(s) shown (most asked first)")
    return EXIT_OK


def format_row(row: UnansweredQuestion) -> str:
    """One report line: count, last asked date, server (when one), question."""
    where = f" guild {row.guild_id}" if row.guild_id is not None else ""
    return f"{row.count:5}x  last {row.asked_at:%Y-%m-%d}{where}  {row.question}"


async def _fetch(url: str, limit: int) -> list[UnansweredQuestion]:
    storage = await Storage.connect(url)
    try:
        return await storage.unanswered(limit=limit)
    finally:
        await storage.close()
