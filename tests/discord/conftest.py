"""Fixtures for driving the real discord.py client against the fake Discord in fake_discord.py."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yarl

with warnings.catch_warnings():
    # discord.py imports audioop (voice), deprecated since Python 3.11; we never use voice.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord
    import discord.http
    from discord.ext import commands
    from discord.gateway import DiscordWebSocket

from fake_discord import GOOD_TOKEN, FakeDiscord
from fakes import station_bot

from bot.client import StationBot

START_TIMEOUT = 20.0
BotT = TypeVar("BotT", commands.Bot, commands.AutoShardedBot)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse to resolve any host but 127.0.0.1, so a stray real-Discord call fails fast."""
    refused: list[str] = []
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOCAL_HOSTS:
            refused.append(str(name))
            raise OSError(f"tests/discord: no network except 127.0.0.1 (tried {name})")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return refused


@pytest.fixture
async def fake_discord(no_internet: list[str]) -> AsyncIterator[FakeDiscord]:
    """A started fake Discord with discord.py's REST base and default gateway pointed at it."""
    fake = FakeDiscord()
    await fake.start()
    old_base, old_gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        discord.http.Route.BASE = old_base
        DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
        await fake.close()
    assert not fake.server_errors, "\n".join(fake.server_errors)
    assert not no_internet, f"something tried to reach {no_internet}"


class ErrorLog(logging.Handler):
    """Collects ERROR records from discord.py and the bot: exceptions they log and swallow."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [
            f"{r.name}: {r.getMessage()}"
            + (f"\n{logging.Formatter().formatException(r.exc_info)}" if r.exc_info else "")
            for r in self.records
        ]


@pytest.fixture
def error_log() -> Iterator[ErrorLog]:
    """ERROR log records from discord.py and the bot during the test."""
    handler = ErrorLog()
    loggers = [logging.getLogger(name) for name in ("discord", "bot", "stationbot")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@contextlib.asynccontextmanager
async def started(
    bot: BotT, token: str = GOOD_TOKEN, *, timeout: float = START_TIMEOUT
) -> AsyncIterator[BotT]:
    """Run ``bot.start(token)`` in a task until on_ready, yield, then close it cleanly."""
    # discord.py waits guild_ready_timeout (2 s) after the last GUILD_CREATE before READY;
    # the fake sends every GUILD_CREATE at once, so waiting is only lost time.
    bot._connection.guild_ready_timeout = 0.05
    ready = asyncio.Event()

    async def on_ready() -> None:
        ready.set()

    bot.add_listener(on_ready, "on_ready")
    task = asyncio.create_task(bot.start(token), name="bot.start")
    waiter = asyncio.create_task(ready.wait(), name="bot ready")
    try:
        done, _ = await asyncio.wait({task, waiter}, timeout=timeout, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()  # raises what start raised
            raise AssertionError("bot.start() returned before the bot was ready")
        if waiter not in done:
            raise AssertionError(f"the bot was not ready within {timeout}s")
        yield bot
    finally:
        waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiter
        bot.remove_listener(on_ready, "on_ready")
        await asyncio.wait_for(bot.close(), timeout=timeout)
        if not task.done():
            try:
                await asyncio.wait_for(task, timeout=timeout)
            except TimeoutError:
                task.cancel()
                raise


# ---------------------------------------------------------------- StationBot


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Any]:
    """The real SQLite storage in tmp_path."""
    from bot.storage import Storage

    store = await Storage.connect(f"sqlite+aiosqlite:///{tmp_path / 'stationbot.sqlite3'}")
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def bot_settings(fake_discord: FakeDiscord, tmp_path: Path) -> Any:
    """Settings for a StationBot on the fake; no .env (tests/conftest.py clears the env)."""
    from bot.settings import Settings

    return Settings(
        _env_file=None,
        DISCORD_TOKEN=fake_discord.token,
        DISCORD_GUILD_ID=fake_discord.guild_id,
        STATIONBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'stationbot.sqlite3'}",
        STATIONBOT_OWNER_IDS=str(fake_discord.owner_id),  # the guild owner runs the bot
        # Tests ask several questions in a row as one user; the cooldown would eat them.
        STATIONBOT_QUESTION_COOLDOWN=0,
        STATIONBOT_REPEAT_WINDOW=0,
        STATIONBOT_ELEMENTS_REFRESH=False,  # never CelesTrak: a test serves its own
    )


@pytest.fixture
async def running_bot(
    fake_discord: FakeDiscord, bot_settings: Any, engine: Any, storage: Any, error_log: ErrorLog
) -> AsyncIterator[Any]:
    """A StationBot connected to the fake (READY seen, commands synced); closed afterwards.

    On teardown it fails the test if the bot hit an unknown route, had a body rejected, or
    logged an error (discord.py swallows exceptions in event handlers and only logs them);
    a test that provokes one on purpose clears ``fake_discord.requests`` / ``error_log.records``.
    """
    from bot.client import StationBot

    bot = StationBot(settings=bot_settings, engine=engine, storage=storage)
    async with started(bot, fake_discord.token):
        yield bot
    problems = fake_discord.problems() + error_log.lines()
    assert not problems, "\n".join(problems)


@pytest.fixture
async def bot() -> AsyncIterator[StationBot]:
    """A StationBot that never connects, with every extension loaded (``fakes.station_bot``);
    a module whose cogs need other storage or knowledge defines its own."""
    async with station_bot() as bot:
        yield bot
