"""Storage errors: a database that can't be used (bad URL, newer schema, unreachable server)."""

from __future__ import annotations

from bot.engine import StationbotError


class StorageError(StationbotError):
    """The database cannot be used as configured."""
