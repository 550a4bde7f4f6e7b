"""``stationbot run``: settings, knowledge, storage and the Discord client, wired and started.

Failures a self-hoster can fix (no token, a rejected token, bad settings or knowledge) end with
one line on stderr and a non-zero exit code, never a traceback. The token is never printed or
logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import aiohttp
import discord
from pydantic import ValidationError

from bot.client import StationBot
from bot.engine import Engine, StationbotError
from bot.settings import Settings
from bot.storage import Storage, safe_url

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def run_bot(knowledge: str | None = None) -> int:
    """Run the bot until it is stopped; return the process exit code."""
    try:
        settings = Settings()
    except ValidationError as error:
        return _fail(f"invalid settings: {_describe(error)} (see .env.example)", EXIT_CONFIG)
    if knowledge:
        settings = settings.model_copy(update={"knowledge": Path(knowledge)})
    token = settings.discord_token.get_secret_value().strip()
    if not token:
        return _fail(
            "DISCORD_TOKEN is not set: put the bot token from the Discord Developer Portal in "
            "the environment or in .env (see .env.example)",
            EXIT_CONFIG,
        )
    handler = _start_logging(settings.log_level, token)
    try:
        try:
            engine = Engine.from_path(settings.knowledge)
            engine.matcher.speller.warm()  # read the word list now, not at the first user's typo
        except StationbotError as error:
            return _fail(str(error), EXIT_FAILED)
        try:
            return asyncio.run(_serve(settings, engine, token))
        except KeyboardInterrupt:
            return EXIT_OK
    finally:
        logging.getLogger().removeHandler(handler)


async def _serve(settings: Settings, engine: Engine, token: str) -> int:
    try:
        storage = await Storage.connect(
            settings.database_url,
            quiz_rounds=settings.quiz_rounds,
            quiz_seconds=settings.quiz_seconds,
        )
    except StationbotError as error:
        return _fail(_first_line(error), EXIT_FAILED)
    except Exception as error:
        return _fail(
            f"cannot open the database {safe_url(settings.database_url)}: "
            f"{type(error).__name__}: {_first_line(error)}",
            EXIT_FAILED,
        )
    try:
        bot = StationBot(settings=settings, engine=engine, storage=storage)
        async with bot:
            _close_on_sigterm(bot.close)
            await bot.start(token)
    except discord.LoginFailure:
        return _fail(
            "Discord rejected the token (DISCORD_TOKEN): copy it again from the Developer "
            "Portal → your application → Bot → Reset Token",
            EXIT_FAILED,
        )
    except discord.PrivilegedIntentsRequired:
        return _fail(
            "Discord refused the message-content intent: enable Message Content Intent in the "
            "Developer Portal → your application → Bot, or set "
            "STATIONBOT_MESSAGE_CONTENT_INTENT=false",
            EXIT_FAILED,
        )
    except (aiohttp.ClientError, OSError) as error:  # DNS, refused connection, TLS, timeouts
        return _fail(
            f"cannot reach Discord: {type(error).__name__}: {_first_line(error)} "
            "(check the network, proxy and firewall)",
            EXIT_FAILED,
        )
    finally:
        await storage.close()
    return EXIT_OK


def _close_on_sigterm(close: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Let ``docker stop`` (SIGTERM) log out cleanly, like Ctrl-C does."""
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(close()))


def _fail(message: str, code: int) -> int:
    print(f"stationbot: {message}", file=sys.stderr)
    return code


def _describe(error: ValidationError) -> str:
    """The settings errors without the values (which may include the token)."""
    parts = []
    for item in error.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else "no details"


class _RedactToken(logging.Filter):
    """Belt and braces: replace the token wherever it would appear in a log line."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "[token]")
            record.args = None
        return True


def _start_logging(level: str, token: str) -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(_RedactToken(token))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # the bot never joins voice: discord.py's "PyNaCl/davey is not installed" lines are noise
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    return handler
