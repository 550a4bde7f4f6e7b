"""Async storage (SQLAlchemy 2): quiz scores and history, server settings, unanswered log,
orbital elements and the daily fact."""

from bot.storage.errors import StorageError
from bot.storage.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate
from bot.storage.models import (
    DEFAULT_QUIZ_ROUNDS,
    DEFAULT_QUIZ_SECONDS,
    MAX_QUIZ_ROUNDS,
    MAX_QUIZ_SECONDS,
    MIN_QUIZ_SECONDS,
    DailySetting,
    GuildSettings,
    LeaderboardScope,
    PlayerStats,
    ScoreRow,
    UnansweredQuestion,
)
from bot.storage.storage import Storage, question_key, safe_url, sqlite_path

__all__ = [
    "DEFAULT_QUIZ_ROUNDS",
    "DEFAULT_QUIZ_SECONDS",
    "LATEST_VERSION",
    "MAX_QUIZ_ROUNDS",
    "MAX_QUIZ_SECONDS",
    "MIGRATIONS",
    "MIN_QUIZ_SECONDS",
    "DailySetting",
    "GuildSettings",
    "LeaderboardScope",
    "Migration",
    "PlayerStats",
    "ScoreRow",
    "Storage",
    "StorageError",
    "UnansweredQuestion",
    "migrate",
    "question_key",
    "safe_url",
    "sqlite_path",
]
