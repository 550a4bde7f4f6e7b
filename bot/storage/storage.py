"""Async storage on SQLAlchemy 2: SQLite (aiosqlite) by default, PostgreSQL (asyncpg) on request.

Every write is its own short transaction, committed before the call returns, so a killed bot
loses nothing already answered. Totals are bumped with ``INSERT ... ON CONFLICT DO UPDATE SET
points = points + excluded.points`` (never read-modify-write), so concurrent quizzes in many
channels, or several shard processes on one PostgreSQL, cannot lose points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Insert, and_, delete, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql.schema import Table

from bot.orbit.elements import Elements
from bot.storage import tables as t
from bot.storage.errors import StorageError
from bot.storage.migrations import migrate
from bot.storage.models import (
    DEFAULT_QUIZ_ROUNDS,
    DEFAULT_QUIZ_SECONDS,
    DailySetting,
    GuildSettings,
    LeaderboardScope,
    PlayerStats,
    ScoreRow,
    UnansweredQuestion,
)

#: Longest unanswered question kept (longer ones are cut).
MAX_QUESTION_CHARS = 500
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " \t\n?!.,;:…'\"`*_~"


class Storage:
    """Quiz scores and history, per-server settings and the unanswered-question log."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        quiz_rounds: int = DEFAULT_QUIZ_ROUNDS,
        quiz_seconds: int = DEFAULT_QUIZ_SECONDS,
    ) -> None:
        """Wrap a migrated engine; use ``Storage.connect`` instead."""
        self.engine = engine
        self.quiz_rounds = quiz_rounds
        self.quiz_seconds = quiz_seconds

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        quiz_rounds: int = DEFAULT_QUIZ_ROUNDS,
        quiz_seconds: int = DEFAULT_QUIZ_SECONDS,
    ) -> Storage:
        """Open the database at ``url``, creating or migrating its schema; raise StorageError."""
        engine = create_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(migrate)
        except StorageError:
            await engine.dispose()
            raise
        except (DBAPIError, OSError) as exc:
            await engine.dispose()
            raise StorageError(f"cannot open the database {safe_url(url)}: {exc}") from exc
        return cls(engine, quiz_rounds=quiz_rounds, quiz_seconds=quiz_seconds)

    async def close(self) -> None:
        """Close every connection."""
        await self.engine.dispose()

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    # -- guild settings ----------------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """The settings of one server (defaults when it never changed any)."""
        async with self.engine.connect() as conn:
            return await self._guild_settings(conn, guild_id)

    async def set_listen(self, guild_id: int, channel_id: int, enabled: bool) -> GuildSettings:
        """Make the bot listen (or stop listening) to plain messages in a channel."""
        async with self.engine.begin() as conn:
            if enabled:
                stmt = self._insert(t.listen_channels).values(
                    guild_id=guild_id, channel_id=channel_id
                )
                await conn.execute(stmt.on_conflict_do_nothing())
            else:
                await conn.execute(
                    delete(t.listen_channels).where(
                        t.listen_channels.c.guild_id == guild_id,
                        t.listen_channels.c.channel_id == channel_id,
                    )
                )
            return await self._guild_settings(conn, guild_id)

    async def set_cooldown(self, guild_id: int, seconds: float | None) -> GuildSettings:
        """Set the server's per-user question cooldown (None: the bot's default)."""
        if seconds is not None and seconds < 0:
            raise ValueError("a cooldown cannot be negative")
        async with self.engine.begin() as conn:
            await self._upsert_guild(conn, guild_id, cooldown_seconds=seconds)
            return await self._guild_settings(conn, guild_id)

    async def set_quiz_defaults(
        self, guild_id: int, *, rounds: int | None, seconds: int | None
    ) -> GuildSettings:
        """Set the server's default quiz length and seconds per question (None: bot default)."""
        if (rounds is not None and rounds < 1) or (seconds is not None and seconds < 1):
            raise ValueError("rounds and seconds must be at least 1")
        async with self.engine.begin() as conn:
            await self._upsert_guild(conn, guild_id, quiz_rounds=rounds, quiz_seconds=seconds)
            return await self._guild_settings(conn, guild_id)

    async def _upsert_guild(self, conn: AsyncConnection, guild_id: int, **values: Any) -> None:
        stmt = self._insert(t.guild_settings).values(guild_id=guild_id, **values)
        await conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[t.guild_settings.c.guild_id],
                set_={name: stmt.excluded[name] for name in values},
            )
        )

    async def _guild_settings(self, conn: AsyncConnection, guild_id: int) -> GuildSettings:
        g = t.guild_settings
        row = (await conn.execute(select(g).where(g.c.guild_id == guild_id))).first()
        channels = (
            await conn.execute(
                select(t.listen_channels.c.channel_id).where(
                    t.listen_channels.c.guild_id == guild_id
                )
            )
        ).scalars()
        rounds = row.quiz_rounds if row is not None else None
        seconds = row.quiz_seconds if row is not None else None
        return GuildSettings(
            guild_id=guild_id,
            listen_channels=frozenset(int(c) for c in channels),
            cooldown_seconds=row.cooldown_seconds if row is not None else None,
            quiz_rounds=rounds if rounds is not None else self.quiz_rounds,
            quiz_seconds=seconds if seconds is not None else self.quiz_seconds,
        )

    # -- unanswered questions ----------------------------------------------------------------

    async def log_unanswered(self, question: str, guild_id: int | None) -> None:
        """Remember a question the bot could not answer (its text, server and time; no user)."""
        text = _SPACES.sub(" ", question).strip()[:MAX_QUESTION_CHARS]
        key = question_key(text)
        if not key:
            return
        async with self.engine.begin() as conn:
            await conn.execute(
                t.unanswered.insert().values(
                    question=text, question_key=key, guild_id=guild_id, asked_at=_now()
                )
            )

    async def unanswered(self, limit: int = 50) -> list[UnansweredQuestion]:
        """The most often asked unanswered questions, most frequent (then most recent) first."""
        u = t.unanswered
        count = func.count().label("n")
        last = func.max(u.c.asked_at).label("last")
        stmt = (
            select(
                func.min(u.c.question).label("question"),
                func.min(u.c.guild_id).label("gmin"),
                func.max(u.c.guild_id).label("gmax"),
                func.count(u.c.guild_id).label("gcount"),
                last,
                count,
            )
            .group_by(u.c.question_key)
            .order_by(count.desc(), last.desc(), u.c.question_key)
            .limit(max(0, limit))
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        return [
            UnansweredQuestion(
                question=row.question,
                guild_id=row.gmin if row.gmin == row.gmax and row.gcount == row.n else None,
                asked_at=_aware(row.last),
                count=int(row.n),
            )
            for row in rows
        ]

    # -- quiz --------------------------------------------------------------------------------

    async def start_session(
        self, *, guild_id: int, channel_id: int, started_by: int, topic: str | None, rounds: int
    ) -> int:
        """Record the start of a quiz; return its id."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                t.quiz_sessions.insert().values(
                    guild_id=guild_id,
                    channel_id=channel_id,
                    started_by=started_by,
                    topic=topic,
                    rounds=rounds,
                    started_at=_now(),
                    status="running",
                    questions_asked=0,
                )
            )
            key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    async def finish_session(self, session_id: int, *, status: str, questions_asked: int) -> None:
        """Record how a quiz ended ("finished", "stopped", ...)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.quiz_sessions)
                .where(t.quiz_sessions.c.id == session_id)
                .values(ended_at=_now(), status=status, questions_asked=questions_asked)
            )

    async def record_answer(
        self,
        *,
        session_id: int,
        round: int,
        guild_id: int,
        channel_id: int,
        user_id: int,
        entry_id: str,
        correct: bool,
        points: int,
        elapsed_seconds: float,
    ) -> bool:
        """Store one player's answer and add its points, atomically and committed.

        Return False (and change nothing) when the player already answered this round.
        """
        answer = self._insert(t.quiz_answers).values(
            session_id=session_id,
            round=round,
            user_id=user_id,
            entry_id=entry_id,
            correct=correct,
            points=points,
            elapsed_seconds=elapsed_seconds,
            answered_at=_now(),
        )
        answer = answer.on_conflict_do_nothing(
            index_elements=[
                t.quiz_answers.c.session_id,
                t.quiz_answers.c.round,
                t.quiz_answers.c.user_id,
            ]
        )
        s = t.scores
        bump = self._insert(s).values(
            guild_id=guild_id,
            channel_id=channel_id,
            user_id=user_id,
            points=points,
            correct=int(correct),
            answered=1,
        )
        bump = bump.on_conflict_do_update(
            index_elements=[s.c.guild_id, s.c.channel_id, s.c.user_id],
            set_={
                "points": s.c.points + bump.excluded.points,
                "correct": s.c.correct + bump.excluded.correct,
                "answered": s.c.answered + 1,
            },
        )
        async with self.engine.begin() as conn:
            if (await conn.execute(answer)).rowcount != 1:
                return False
            await conn.execute(bump)
        return True

    async def played_questions(self, guild_id: int) -> frozenset[str]:
        """The keys of the quiz questions ``guild_id`` has played in the current round of its
        pools (``QuizQuestion.key``)."""
        return await self._guild_keys(t.quiz_played, "question_key", guild_id)

    async def mark_played(self, guild_id: int, key: str) -> None:
        """Remember that ``guild_id`` has been asked the question ``key`` (once is enough)."""
        await self._remember_key(t.quiz_played, "question_key", guild_id, key, "played_at")

    async def forget_played(self, guild_id: int, keys: Iterable[str]) -> None:
        """Start a new round of a pool: its questions ``keys`` may be drawn again."""
        listed = list(keys)
        q = t.quiz_played
        async with self.engine.begin() as conn:
            for start in range(0, len(listed), 500):  # keep each IN (...) list short
                chunk = listed[start : start + 500]
                await conn.execute(
                    delete(q).where(q.c.guild_id == guild_id, q.c.question_key.in_(chunk))
                )

    # -- orbital elements --------------------------------------------------------------------

    async def stored_elements(self) -> list[Elements]:
        """The newest element set fetched of each station (``origin`` "stored")."""
        e = t.orbital_elements
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(e).order_by(e.c.catalog_number))
            return [
                Elements(
                    catalog_number=int(row.catalog_number),
                    name=str(row.name),
                    line1=str(row.line1),
                    line2=str(row.line2),
                    epoch=_aware(row.epoch),
                    origin="stored",
                    fetched_at=_aware(row.fetched_at),
                )
                for row in rows
            ]

    async def save_elements(self, sets: Iterable[Elements]) -> None:
        """Store each fetched set unless the database holds a newer one of the same object (a
        set without ``fetched_at`` is stored as fetched now)."""
        e = t.orbital_elements
        async with self.engine.begin() as conn:
            for new in sets:
                stmt = self._insert(e).values(
                    catalog_number=new.catalog_number,
                    name=new.name[:100],
                    line1=new.line1,
                    line2=new.line2,
                    epoch=new.epoch,
                    fetched_at=new.fetched_at or _now(),
                )
                await conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[e.c.catalog_number],
                        set_={
                            name: stmt.excluded[name]
                            for name in ("name", "line1", "line2", "epoch", "fetched_at")
                        },
                        where=e.c.epoch <= stmt.excluded.epoch,
                    )
                )

    # -- the daily fact ---------------------------------------------------------------------

    async def set_daily(self, guild_id: int, channel_id: int, post_at: str) -> DailySetting:
        """Post a fact a day in ``channel_id`` at ``post_at`` (``HH:MM``, UTC); a server has one
        daily channel, so this replaces its earlier choice (the day's post, if made, stands)."""
        d = t.daily_posts
        stmt = self._insert(d).values(guild_id=guild_id, channel_id=channel_id, post_at=post_at)
        async with self.engine.begin() as conn:
            await conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[d.c.guild_id],
                    set_={"channel_id": stmt.excluded.channel_id, "post_at": stmt.excluded.post_at},
                )
            )
            row = (await conn.execute(select(d).where(d.c.guild_id == guild_id))).one()
        return _daily(row)

    async def daily_off(self, guild_id: int) -> bool:
        """Stop the daily fact in a server; False when it had none. What it was shown is
        forgotten too."""
        async with self.engine.begin() as conn:
            gone = await conn.execute(
                delete(t.daily_posts).where(t.daily_posts.c.guild_id == guild_id)
            )
            await conn.execute(delete(t.daily_shown).where(t.daily_shown.c.guild_id == guild_id))
        return bool(gone.rowcount)

    async def daily_setting(self, guild_id: int) -> DailySetting | None:
        """A server's daily fact, or None."""
        d = t.daily_posts
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(d).where(d.c.guild_id == guild_id))).one_or_none()
        return _daily(row) if row is not None else None

    async def daily_settings(self) -> list[DailySetting]:
        """Every server's daily fact."""
        d = t.daily_posts
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(d).order_by(d.c.guild_id))
            return [_daily(row) for row in rows]

    async def claim_daily(self, guild_id: int, day: str) -> bool:
        """Take the server's post of ``day`` (``YYYY-MM-DD``); True for exactly one caller, however
        many processes ask, so the fact is posted once."""
        d = t.daily_posts
        stmt = (
            update(d)
            .where(d.c.guild_id == guild_id)
            .where((d.c.last_posted.is_(None)) | (d.c.last_posted < day))
            .values(last_posted=day)
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount == 1

    async def daily_shown(self, guild_id: int) -> frozenset[str]:
        """The entries the server has been shown since it last saw them all."""
        return await self._guild_keys(t.daily_shown, "entry_id", guild_id)

    async def mark_daily_shown(self, guild_id: int, entry_id: str) -> None:
        """Remember that the server was shown ``entry_id``."""
        await self._remember_key(t.daily_shown, "entry_id", guild_id, entry_id, "shown_at")

    # Two tables keep, per server, the keys it has already been given (quiz questions played,
    # daily facts shown): read and written the same way.

    async def _guild_keys(self, table: Table, key: str, guild_id: int) -> frozenset[str]:
        """The values of column ``key`` that ``table`` keeps for ``guild_id``."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(table.c[key]).where(table.c.guild_id == guild_id))
            return frozenset(str(row[0]) for row in rows)

    async def _remember_key(
        self, table: Table, key: str, guild_id: int, value: str, stamped: str
    ) -> None:
        """Keep ``value`` in column ``key`` of ``table`` for ``guild_id`` (once), with the time
        in column ``stamped``."""
        stmt = self._insert(table).values({"guild_id": guild_id, key: value, stamped: _now()})
        stmt = stmt.on_conflict_do_nothing(index_elements=[table.c.guild_id, table.c[key]])
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def forget_daily_shown(self, guild_id: int) -> None:
        """Start the server's round again: every entry may be shown anew."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(t.daily_shown).where(t.daily_shown.c.guild_id == guild_id))

    async def leaderboard(
        self,
        scope: LeaderboardScope | str,
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
        limit: int = 10,
    ) -> list[ScoreRow]:
        """The best players of a server, a channel, or everywhere, most points first."""
        scope = LeaderboardScope(scope)
        s = t.scores
        where: list[ColumnElement[bool]] = []
        if scope is not LeaderboardScope.ALL_TIME:
            if guild_id is None:
                raise ValueError(f"a {scope} leaderboard needs guild_id")
            where.append(s.c.guild_id == guild_id)
        if scope is LeaderboardScope.CHANNEL:
            if channel_id is None:
                raise ValueError("a channel leaderboard needs channel_id")
            where.append(s.c.channel_id == channel_id)
        points = func.sum(s.c.points).label("points")
        correct = func.sum(s.c.correct).label("correct")
        stmt = (
            select(s.c.user_id, points, correct, func.sum(s.c.answered).label("answered"))
            .where(and_(True, *where))
            .group_by(s.c.user_id)
            .order_by(points.desc(), correct.desc(), s.c.user_id)
            .limit(max(0, limit))
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        return [_score_row(row) for row in rows]

    async def player_stats(self, user_id: int, guild_id: int | None) -> PlayerStats:
        """One player's points, rank, accuracy, games and answer speed."""
        s, a = t.scores, t.quiz_answers
        totals = select(
            func.coalesce(func.sum(s.c.points), 0),
            func.coalesce(func.sum(s.c.correct), 0),
            func.coalesce(func.sum(s.c.answered), 0),
        ).where(s.c.user_id == user_id)
        async with self.engine.connect() as conn:
            all_points, all_correct, all_answered = (await conn.execute(totals)).one()
            g_points = g_correct = g_answered = 0
            rank: int | None = None
            if guild_id is not None:
                in_guild = totals.where(s.c.guild_id == guild_id)
                g_points, g_correct, g_answered = (await conn.execute(in_guild)).one()
                if g_answered:
                    per_user = (
                        select(func.sum(s.c.points).label("p"))
                        .where(s.c.guild_id == guild_id)
                        .group_by(s.c.user_id)
                        .subquery()
                    )
                    ahead = (
                        select(func.count()).select_from(per_user).where(per_user.c.p > g_points)
                    )
                    rank = int((await conn.execute(ahead)).scalar_one()) + 1
            games = (
                await conn.execute(
                    select(func.count(func.distinct(a.c.session_id))).where(a.c.user_id == user_id)
                )
            ).scalar_one()
            average = (
                await conn.execute(
                    select(func.avg(a.c.elapsed_seconds)).where(
                        a.c.user_id == user_id, a.c.correct.is_(True)
                    )
                )
            ).scalar_one()
        return PlayerStats(
            user_id=user_id,
            guild_points=int(g_points),
            guild_rank=rank,
            guild_correct=int(g_correct),
            guild_answered=int(g_answered),
            total_points=int(all_points),
            total_correct=int(all_correct),
            total_answered=int(all_answered),
            games=int(games),
            average_correct_seconds=float(average) if average is not None else None,
        )

    # -- helpers -----------------------------------------------------------------------------

    def _insert(self, table: Table) -> Any:
        """A dialect insert, which has ``on_conflict_do_nothing`` / ``on_conflict_do_update``."""
        module: Any = postgresql if self.dialect == "postgresql" else sqlite
        stmt: Insert = module.insert(table)
        return stmt


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; plain sqlite:// and postgresql:// get their async drivers."""
    try:
        parsed = async_url(url)
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        if parsed.get_backend_name() == "postgresql":
            return create_async_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StorageError(f"bad database URL {safe_url(url)}: {exc}") from exc
    raise StorageError(
        f"unsupported database URL {safe_url(url)}: use sqlite+aiosqlite:///file.sqlite3 or "
        "postgresql+asyncpg://user:password@host/db"
    )


def async_url(url: str) -> URL:
    """Parse ``url``, giving sqlite and postgresql URLs without a driver their async one."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for other databases and in-memory SQLite."""
    try:
        parsed = async_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def safe_url(url: str) -> str:
    """``url`` with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


def question_key(question: str) -> str:
    """How unanswered questions are grouped: case, spacing and edge punctuation ignored."""
    return _SPACES.sub(" ", question.casefold()).strip(_EDGE_PUNCTUATION)[:MAX_QUESTION_CHARS]


def _sqlite_engine(url: URL) -> AsyncEngine:
    path = sqlite_path(url.render_as_string(hide_password=False))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, start transactions (see _on_begin), and enforce keys.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: writers queue (busy timeout) instead of
        # failing with "database is locked" when two transactions both try to upgrade, and
        # schema migration is serialised across processes.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _score_row(row: Any) -> ScoreRow:
    return ScoreRow(
        user_id=int(row.user_id),
        points=int(row.points or 0),
        correct=int(row.correct or 0),
        answered=int(row.answered or 0),
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _daily(row: Any) -> DailySetting:
    return DailySetting(
        guild_id=int(row.guild_id),
        channel_id=int(row.channel_id),
        post_at=str(row.post_at),
        last_posted=str(row.last_posted) if row.last_posted is not None else None,
    )


def _aware(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
