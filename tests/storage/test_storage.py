"""Storage on every backend (same code): schema and migration, settings, unanswered log, scores."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sgp4.io import fix_checksum
from sqlalchemy import inspect, text

from bot.orbit.elements import Elements, parse_tle
from bot.storage import (
    LATEST_VERSION,
    GuildSettings,
    LeaderboardScope,
    Migration,
    Storage,
    StorageError,
    migrate,
    question_key,
)
from bot.storage import tables as t

GUILD, OTHER_GUILD = 111, 222
CHANNEL, OTHER_CHANNEL = 1001, 1002
ALICE, BOB, CAROL = 501, 502, 503


async def _session(storage: Storage, channel: int = CHANNEL, guild: int = GUILD) -> int:
    return await storage.start_session(
        guild_id=guild, channel_id=channel, started_by=ALICE, topic=None, rounds=5
    )


async def _answer(
    storage: Storage,
    session: int,
    user: int,
    *,
    round: int = 1,
    points: int = 10,
    correct: bool = True,
    channel: int = CHANNEL,
    guild: int = GUILD,
    elapsed: float = 2.0,
) -> bool:
    return await storage.record_answer(
        session_id=session,
        round=round,
        guild_id=guild,
        channel_id=channel,
        user_id=user,
        entry_id="rec-first-human",
        correct=correct,
        points=points if correct else 0,
        elapsed_seconds=elapsed,
    )


# -- schema and migration ----------------------------------------------------------------------


async def test_fresh_database_gets_the_latest_schema(storage: Storage) -> None:
    async with storage.engine.connect() as conn:
        version = (await conn.execute(text("SELECT version FROM schema_version"))).scalar_one()
    assert version == LATEST_VERSION


async def test_migrated_schema_matches_the_tables_module(storage: Storage) -> None:
    def shape(sync_conn: object) -> dict[str, dict[str, bool]]:
        inspector = inspect(sync_conn)
        return {
            name: {c["name"]: bool(c["nullable"]) for c in inspector.get_columns(name)}
            for name in inspector.get_table_names()
        }

    async with storage.engine.connect() as conn:
        found = await conn.run_sync(shape)
    expected = {
        table.name: {c.name: bool(c.nullable) for c in table.columns}
        for table in t.metadata.sorted_tables
    }
    assert found == expected


async def test_connecting_again_migrates_nothing(database_url: str) -> None:
    first = await Storage.connect(database_url)
    await first.set_cooldown(GUILD, 7.0)
    await first.close()
    second = await Storage.connect(database_url)
    try:
        async with second.engine.begin() as conn:
            assert await conn.run_sync(migrate) == (LATEST_VERSION, LATEST_VERSION)
        assert (await second.guild_settings(GUILD)).cooldown_seconds == 7.0
    finally:
        await second.close()


async def test_several_processes_starting_at_once_migrate_once(database_url: str) -> None:
    stores = await asyncio.gather(*(Storage.connect(database_url) for _ in range(4)))
    try:
        async with stores[0].engine.connect() as conn:
            rows = (await conn.execute(text("SELECT version FROM schema_version"))).all()
        assert [r[0] for r in rows] == [LATEST_VERSION]
    finally:
        for store in stores:
            await store.close()


async def test_a_newer_schema_is_refused(database_url: str) -> None:
    store = await Storage.connect(database_url)
    async with store.engine.begin() as conn:
        await conn.execute(text("UPDATE schema_version SET version = 999"))
    await store.close()
    with pytest.raises(StorageError, match="newer than this stationbot"):
        await Storage.connect(database_url)


async def test_a_failing_migration_step_changes_nothing(storage: Storage) -> None:
    broken = Migration(
        LATEST_VERSION + 1,
        "adds a table, then fails",
        ("CREATE TABLE half_done (id INTEGER)", "THIS IS NOT SQL"),
    )
    from bot.storage import MIGRATIONS

    with pytest.raises(Exception, match=r"(?i)syntax"):
        async with storage.engine.begin() as conn:
            await conn.run_sync(migrate, (*MIGRATIONS, broken))

    def tables(sync_conn: object) -> list[str]:
        return inspect(sync_conn).get_table_names()

    async with storage.engine.connect() as conn:
        assert "half_done" not in await conn.run_sync(tables)
        version = (await conn.execute(text("SELECT version FROM schema_version"))).scalar_one()
    assert version == LATEST_VERSION


async def test_a_later_step_upgrades_an_existing_database(storage: Storage) -> None:
    from bot.storage import MIGRATIONS

    step = Migration(
        LATEST_VERSION + 1, "a test column", ("ALTER TABLE guild_settings ADD COLUMN note TEXT",)
    )
    async with storage.engine.begin() as conn:
        before, after = await conn.run_sync(migrate, (*MIGRATIONS, step))
    assert (before, after) == (LATEST_VERSION, LATEST_VERSION + 1)
    await storage.set_cooldown(GUILD, 3.0)  # existing data and queries still work
    assert (await storage.guild_settings(GUILD)).cooldown_seconds == 3.0


async def test_bad_urls_are_storage_errors() -> None:
    with pytest.raises(StorageError, match="unsupported database"):
        await Storage.connect("mysql+aiomysql://u:secret@localhost/db")
    with pytest.raises(StorageError, match="bad database URL"):
        await Storage.connect("not a url")


async def test_an_unreachable_server_is_a_storage_error_without_the_password() -> None:
    with pytest.raises(StorageError) as caught:
        await Storage.connect("postgresql+asyncpg://bot:hunter2@127.0.0.1:1/stationbot")
    assert "hunter2" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


async def test_sqlite_file_and_folders_are_created_on_first_run(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "bot.sqlite3"
    store = await Storage.connect(f"sqlite:///{path}")  # no driver given: aiosqlite is used
    try:
        assert path.exists()
        assert store.dialect == "sqlite"
    finally:
        await store.close()


async def test_in_memory_sqlite_works() -> None:
    store = await Storage.connect("sqlite+aiosqlite://")
    try:
        await store.set_listen(GUILD, CHANNEL, True)
        assert (await store.guild_settings(GUILD)).listen_channels == {CHANNEL}
    finally:
        await store.close()


# -- guild settings ----------------------------------------------------------------------------


async def test_unknown_guild_has_the_defaults(storage: Storage) -> None:
    assert await storage.guild_settings(GUILD) == GuildSettings(
        guild_id=GUILD,
        listen_channels=frozenset(),
        cooldown_seconds=None,
        quiz_rounds=storage.quiz_rounds,
        quiz_seconds=storage.quiz_seconds,
    )


async def test_listen_channels_are_added_and_removed_idempotently(storage: Storage) -> None:
    await storage.set_listen(GUILD, CHANNEL, True)
    await storage.set_listen(GUILD, CHANNEL, True)
    settings = await storage.set_listen(GUILD, OTHER_CHANNEL, True)
    assert settings.listen_channels == {CHANNEL, OTHER_CHANNEL}
    await storage.set_listen(OTHER_GUILD, 9, True)
    settings = await storage.set_listen(GUILD, CHANNEL, False)
    assert settings.listen_channels == {OTHER_CHANNEL}
    assert (await storage.set_listen(GUILD, CHANNEL, False)).listen_channels == {OTHER_CHANNEL}
    assert (await storage.guild_settings(OTHER_GUILD)).listen_channels == {9}


async def test_cooldown_and_quiz_defaults_are_kept_apart(storage: Storage) -> None:
    await storage.set_cooldown(GUILD, 12.5)
    settings = await storage.set_quiz_defaults(GUILD, rounds=8, seconds=30)
    assert (settings.cooldown_seconds, settings.quiz_rounds, settings.quiz_seconds) == (12.5, 8, 30)
    settings = await storage.set_cooldown(GUILD, None)
    assert settings.cooldown_seconds is None and settings.quiz_rounds == 8
    settings = await storage.set_quiz_defaults(GUILD, rounds=None, seconds=None)
    assert (settings.quiz_rounds, settings.quiz_seconds) == (
        storage.quiz_rounds,
        storage.quiz_seconds,
    )
    with pytest.raises(ValueError):
        await storage.set_cooldown(GUILD, -1)
    with pytest.raises(ValueError):
        await storage.set_quiz_defaults(GUILD, rounds=0, seconds=None)


async def test_bot_wide_quiz_defaults_come_from_connect(database_url: str) -> None:
    store = await Storage.connect(database_url, quiz_rounds=3, quiz_seconds=45)
    try:
        settings = await store.guild_settings(GUILD)
        assert (settings.quiz_rounds, settings.quiz_seconds) == (3, 45)
    finally:
        await store.close()


async def test_discord_sized_ids_round_trip(storage: Storage) -> None:
    big_guild, big_channel = 1_300_000_000_000_000_000, 1_299_999_999_999_999_999
    settings = await storage.set_listen(big_guild, big_channel, True)
    assert settings.listen_channels == {big_channel}


# -- unanswered questions ------------------------------------------------------------------------


async def test_unanswered_questions_are_grouped_and_counted(storage: Storage) -> None:
    for text_ in ("How tall is Mir?", "how tall is  MIR", "How tall is Mir"):
        await storage.log_unanswered(text_, GUILD)
    await storage.log_unanswered("Who cleans the ISS?", GUILD)
    await storage.log_unanswered("Who cleans the ISS?", OTHER_GUILD)
    await storage.log_unanswered("What is a bolt?", None)
    rows = await storage.unanswered()
    assert [(r.count, question_key(r.question)) for r in rows] == [
        (3, "how tall is mir"),
        (2, "who cleans the iss"),
        (1, "what is a bolt"),
    ]
    assert rows[0].guild_id == GUILD
    assert rows[1].guild_id is None  # asked in two servers
    assert rows[2].guild_id is None
    assert all(r.asked_at.tzinfo is not None for r in rows)
    assert abs(rows[0].asked_at - datetime.now(UTC)) < timedelta(minutes=5)
    assert [r.count for r in await storage.unanswered(limit=1)] == [3]


async def test_unanswered_log_keeps_no_user_and_skips_empty_text(storage: Storage) -> None:
    await storage.log_unanswered("   ?? ", GUILD)
    await storage.log_unanswered("x" * 5000, GUILD)
    rows = await storage.unanswered()
    assert len(rows) == 1 and len(rows[0].question) == 500
    assert set(t.unanswered.c.keys()) == {"id", "question", "question_key", "guild_id", "asked_at"}


# -- quiz scores -------------------------------------------------------------------------------


async def test_one_answer_per_player_per_question(storage: Storage) -> None:
    session = await _session(storage)
    assert await _answer(storage, session, ALICE, points=15)
    assert not await _answer(storage, session, ALICE, points=15)
    assert not await _answer(storage, session, ALICE, correct=False)
    assert await _answer(storage, session, ALICE, round=2, points=12)
    [row] = await storage.leaderboard(LeaderboardScope.SERVER, guild_id=GUILD)
    assert (row.user_id, row.points, row.correct, row.answered) == (ALICE, 27, 2, 2)


async def test_leaderboard_scopes(storage: Storage) -> None:
    here = await _session(storage, CHANNEL)
    there = await _session(storage, OTHER_CHANNEL)
    elsewhere = await _session(storage, 7, OTHER_GUILD)
    await _answer(storage, here, ALICE, points=10)
    await _answer(storage, here, BOB, points=20)
    await _answer(storage, there, ALICE, points=15, channel=OTHER_CHANNEL)
    await _answer(storage, elsewhere, CAROL, points=100, channel=7, guild=OTHER_GUILD)
    await _answer(storage, elsewhere, BOB, correct=False, channel=7, guild=OTHER_GUILD)

    server = await storage.leaderboard("server", guild_id=GUILD)
    assert [(r.user_id, r.points) for r in server] == [(ALICE, 25), (BOB, 20)]
    channel = await storage.leaderboard("channel", guild_id=GUILD, channel_id=CHANNEL)
    assert [(r.user_id, r.points) for r in channel] == [(BOB, 20), (ALICE, 10)]
    everywhere = await storage.leaderboard("all-time")
    assert [(r.user_id, r.points, r.answered) for r in everywhere] == [
        (CAROL, 100, 1),
        (ALICE, 25, 2),
        (BOB, 20, 2),
    ]
    assert len(await storage.leaderboard("all-time", limit=2)) == 2
    with pytest.raises(ValueError):
        await storage.leaderboard("server")
    with pytest.raises(ValueError):
        await storage.leaderboard("nonsense", guild_id=GUILD)


async def test_player_stats(storage: Storage) -> None:
    first = await _session(storage)
    second = await _session(storage)
    await _answer(storage, first, ALICE, points=20, elapsed=1.0)
    await _answer(storage, first, ALICE, round=2, correct=False, elapsed=9.0)
    await _answer(storage, second, ALICE, points=10, elapsed=3.0)
    await _answer(storage, first, BOB, points=50)
    elsewhere = await _session(storage, 7, OTHER_GUILD)
    await _answer(storage, elsewhere, ALICE, points=5, channel=7, guild=OTHER_GUILD, elapsed=5.0)

    stats = await storage.player_stats(ALICE, GUILD)
    assert (stats.guild_points, stats.guild_rank, stats.guild_correct, stats.guild_answered) == (
        30,
        2,
        2,
        3,
    )
    assert (stats.total_points, stats.total_correct, stats.total_answered) == (35, 3, 4)
    assert stats.games == 3
    assert stats.average_correct_seconds == pytest.approx(3.0)
    assert (await storage.player_stats(BOB, GUILD)).guild_rank == 1
    nobody = await storage.player_stats(CAROL, GUILD)
    assert (nobody.total_answered, nobody.guild_rank, nobody.average_correct_seconds) == (
        0,
        None,
        None,
    )


async def test_concurrent_quizzes_lose_no_points(storage: Storage) -> None:
    """Many channels answering at once, and one player's row bumped from many sessions."""
    channels = [CHANNEL + i for i in range(4)]
    sessions = {c: await _session(storage, c) for c in channels}
    shared = [await _session(storage, CHANNEL) for _ in range(10)]
    calls = [
        _answer(storage, sessions[c], user, round=r, points=r, channel=c)
        for c in channels
        for user in (ALICE, BOB, CAROL)
        for r in range(1, 6)
    ]
    # The same (guild, channel, user) row from 10 sessions at once: a read-modify-write would
    # lose some of these.
    calls += [_answer(storage, s, 999, points=7) for s in shared]
    results = await asyncio.gather(*calls)
    assert all(results)
    board = {r.user_id: r for r in await storage.leaderboard("all-time", limit=10)}
    for user in (ALICE, BOB, CAROL):
        assert board[user].points == len(channels) * sum(range(1, 6))
        assert board[user].answered == len(channels) * 5
    assert (board[999].points, board[999].answered) == (70, 10)


async def test_concurrent_duplicate_presses_count_once(storage: Storage) -> None:
    session = await _session(storage)
    results = await asyncio.gather(*(_answer(storage, session, ALICE) for _ in range(8)))
    assert sorted(results) == [False] * 7 + [True]
    [row] = await storage.leaderboard("server", guild_id=GUILD)
    assert (row.points, row.answered) == (10, 1)


async def test_answers_survive_a_kill_mid_quiz(database_url: str) -> None:
    """Each answer is committed when recorded: nothing is lost without a clean shutdown."""
    store = await Storage.connect(database_url)
    session = await _session(store)
    await _answer(store, session, ALICE, points=17)
    await store.engine.dispose()  # connections gone; the session was never finished
    again = await Storage.connect(database_url)
    try:
        [row] = await again.leaderboard("server", guild_id=GUILD)
        assert (row.user_id, row.points) == (ALICE, 17)
        async with again.engine.connect() as conn:
            status = (
                await conn.execute(
                    text("SELECT status FROM quiz_sessions WHERE id = :i"), {"i": session}
                )
            ).scalar_one()
        assert status == "running"
    finally:
        await again.close()


async def test_played_questions_are_kept_per_server_until_a_new_round(storage: Storage) -> None:
    guild, other = 10**18 + 1, 10**18 + 2
    assert await storage.played_questions(guild) == frozenset()
    await storage.mark_played(guild, "iss-speed:abc")
    await storage.mark_played(guild, "iss-speed:abc")  # asked twice in a round: kept once
    await storage.mark_played(guild, "mir:def")
    await storage.mark_played(other, "mir:def")
    assert await storage.played_questions(guild) == {"iss-speed:abc", "mir:def"}
    keys = [f"k{i}" for i in range(1200)]  # a pool larger than one IN (...) list
    await storage.forget_played(guild, ["mir:def", *keys])
    assert await storage.played_questions(guild) == {"iss-speed:abc"}
    assert await storage.played_questions(other) == {"mir:def"}  # another server's: untouched
    await storage.forget_played(guild, [])


async def test_finished_sessions_are_recorded(storage: Storage) -> None:
    session = await _session(storage)
    await storage.finish_session(session, status="stopped", questions_asked=3)
    async with storage.engine.connect() as conn:
        row = (
            await conn.execute(
                text("SELECT status, questions_asked FROM quiz_sessions WHERE id = :i"),
                {"i": session},
            )
        ).one()
    assert tuple(row) == ("stopped", 3)


# -- orbital elements -----------------------------------------------------------------------------


def _iss(epoch_day: str, fetched: datetime) -> Elements:
    line1 = fix_checksum(f"1 25544U 98067A   26{epoch_day}  .00009634  00000+0  18116-3 0  999")
    line2 = fix_checksum("2 25544  51.6318 170.3464 0004691 174.6338 185.4701 15.4925863758709")
    (elements,) = parse_tle(f"ISS (ZARYA)\n{line1}\n{line2}", "celestrak", fetched)
    return elements


async def test_fetched_elements_are_kept_one_per_station_newest_first(storage: Storage) -> None:
    assert await storage.stored_elements() == []
    fetched = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    await storage.save_elements([_iss("340.50000000", fetched)])
    await storage.save_elements([_iss("339.50000000", fetched + timedelta(hours=6))])  # older
    (kept,) = await storage.stored_elements()
    assert kept.origin == "stored"
    assert kept.epoch.date().isoformat() == "2026-12-06"
    assert kept.fetched_at == fetched
    later = fetched + timedelta(hours=12)
    await storage.save_elements([_iss("341.50000000", later)])
    (kept,) = await storage.stored_elements()
    assert kept.epoch.date().isoformat() == "2026-12-07"
    assert kept.fetched_at == later


# -- the daily fact -------------------------------------------------------------------------------


async def test_a_daily_fact_is_claimed_once_a_day_however_many_ask(storage: Storage) -> None:
    setting = await storage.set_daily(GUILD, CHANNEL, "09:00")
    assert setting.last_posted is None
    claims = await asyncio.gather(*(storage.claim_daily(GUILD, "2026-12-07") for _ in range(5)))
    assert sorted(claims) == [False] * 4 + [True]
    assert not await storage.claim_daily(GUILD, "2026-12-07")
    assert not await storage.claim_daily(GUILD, "2026-12-06")  # an earlier day: never again
    assert await storage.claim_daily(GUILD, "2026-12-08")
    assert not await storage.claim_daily(GUILD + 1, "2026-12-08")  # no daily fact there


async def test_daily_settings_change_and_stop(storage: Storage) -> None:
    await storage.set_daily(GUILD, CHANNEL, "09:00")
    await storage.claim_daily(GUILD, "2026-12-07")
    moved = await storage.set_daily(GUILD, CHANNEL + 1, "18:30")
    assert (moved.channel_id, moved.post_at, moved.last_posted) == (
        CHANNEL + 1,
        "18:30",
        "2026-12-07",
    )  # the day's post stands
    assert [s.guild_id for s in await storage.daily_settings()] == [GUILD]
    await storage.mark_daily_shown(GUILD, "iss-speed")
    await storage.mark_daily_shown(GUILD, "iss-speed")
    assert await storage.daily_shown(GUILD) == frozenset({"iss-speed"})
    assert await storage.daily_off(GUILD)
    assert not await storage.daily_off(GUILD)
    assert await storage.daily_setting(GUILD) is None
    assert await storage.daily_shown(GUILD) == frozenset()


async def test_the_shown_list_starts_again(storage: Storage) -> None:
    await storage.mark_daily_shown(GUILD, "a")
    await storage.mark_daily_shown(GUILD + 1, "b")
    await storage.forget_daily_shown(GUILD)
    assert await storage.daily_shown(GUILD) == frozenset()
    assert await storage.daily_shown(GUILD + 1) == frozenset({"b"})
