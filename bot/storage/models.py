"""Plain frozen data that the storage returns; no SQLAlchemy object leaves the package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

DEFAULT_QUIZ_ROUNDS = 5
DEFAULT_QUIZ_SECONDS = 20
#: The most questions one quiz may have, and the range of seconds per question.
MAX_QUIZ_ROUNDS = 25
MIN_QUIZ_SECONDS = 5
MAX_QUIZ_SECONDS = 300


class LeaderboardScope(StrEnum):
    """Which scores a leaderboard adds up."""

    SERVER = "server"
    CHANNEL = "channel"
    ALL_TIME = "all-time"


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """One server's settings; unset values are the bot's defaults."""

    guild_id: int
    listen_channels: frozenset[int]
    cooldown_seconds: float | None
    quiz_rounds: int
    quiz_seconds: int


@dataclass(frozen=True, slots=True)
class DailySetting:
    """A server's daily fact: the channel, the time (``HH:MM``, UTC) and the last day posted
    (``YYYY-MM-DD``, UTC; None before the first)."""

    guild_id: int
    channel_id: int
    post_at: str
    last_posted: str | None


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    """A question the bot could not answer, grouped by its normalised text.

    ``guild_id`` is the server it was asked in when all were asked in one server, else None;
    ``asked_at`` is the last time it was asked.
    """

    question: str
    guild_id: int | None
    asked_at: datetime
    count: int


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A player's totals on a leaderboard."""

    user_id: int
    points: int
    correct: int
    answered: int


@dataclass(frozen=True, slots=True)
class PlayerStats:
    """A player's quiz record: in one server, and everywhere."""

    user_id: int
    guild_points: int
    guild_rank: int | None
    guild_correct: int
    guild_answered: int
    total_points: int
    total_correct: int
    total_answered: int
    games: int
    average_correct_seconds: float | None
