"""The current schema as SQLAlchemy Core tables, used to build queries.

The database is created and upgraded by ``migrations.py`` (frozen SQL, one step per version);
a test checks that a freshly migrated database has exactly these tables and columns, so a change
here needs a new migration step there.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

guild_settings = Table(
    "guild_settings",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("cooldown_seconds", Float, nullable=True),
    Column("quiz_rounds", Integer, nullable=True),
    Column("quiz_seconds", Integer, nullable=True),
)

listen_channels = Table(
    "listen_channels",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("channel_id", BigInteger, primary_key=True, autoincrement=False),
)

#: Questions the bot could not answer. Never holds a user id.
unanswered = Table(
    "unanswered",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question", Text, nullable=False),
    Column("question_key", String(500), nullable=False),
    Column("guild_id", BigInteger, nullable=True),
    Column("asked_at", DateTime(timezone=True), nullable=False),
)

quiz_sessions = Table(
    "quiz_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("started_by", BigInteger, nullable=False),
    Column("topic", String(100), nullable=True),
    Column("rounds", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("status", String(20), nullable=False),
    Column("questions_asked", Integer, nullable=False),
)

#: One row per player per question: the unique key makes "one answer each" hold in the database.
quiz_answers = Table(
    "quiz_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("quiz_sessions.id"), nullable=False),
    Column("round", Integer, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("entry_id", String(100), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("points", Integer, nullable=False),
    Column("elapsed_seconds", Float, nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)

#: Running totals per player per channel, bumped atomically (INSERT ... ON CONFLICT DO UPDATE).
scores = Table(
    "scores",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("channel_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("points", BigInteger, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("answered", Integer, nullable=False),
)

#: The quiz questions a server has been asked since it last went through the whole of a pool:
#: a question is not drawn again while it is here (see ``QuestionBank.draw``).
quiz_played = Table(
    "quiz_played",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("question_key", String(200), primary_key=True),
    Column("played_at", DateTime(timezone=True), nullable=False),
)

#: The newest element set fetched of each station (one row each), shared by every process.
orbital_elements = Table(
    "orbital_elements",
    metadata,
    Column("catalog_number", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("line1", String(69), nullable=False),
    Column("line2", String(69), nullable=False),
    Column("epoch", DateTime(timezone=True), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

#: The servers that get a fact a day: where, at what time (HH:MM, UTC), and the last day (UTC,
#: YYYY-MM-DD) a process claimed the post, so that it is posted once however many run.
daily_posts = Table(
    "daily_posts",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("post_at", String(5), nullable=False),
    Column("last_posted", String(10), nullable=True),
)

#: The entries a server has been shown as its daily fact since it last saw them all.
daily_shown = Table(
    "daily_shown",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("entry_id", String(100), primary_key=True),
    Column("shown_at", DateTime(timezone=True), nullable=False),
)
