"""Test doubles for the cog tests: in-memory storage, a manual clock, spec'd Discord mocks.

The engine is never faked: ``shipped_engine()`` is the real engine over the shipped knowledge.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import AsyncIterator, Iterable
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord

from bot.client import StationBot
from bot.engine import Engine
from bot.orbit.elements import Elements
from bot.settings import Settings
from bot.storage import DailySetting, GuildSettings

BOT_ID = 900_000_000_000_000_001
APP_ID = 900_000_000_000_000_002
GUILD_ID = 800_000_000_000_000_001
CHANNEL_ID = 700_000_000_000_000_001
OTHER_CHANNEL_ID = 700_000_000_000_000_002
USER_ID = 600_000_000_000_000_001
OTHER_USER_ID = 600_000_000_000_000_002
OWNER_ID = 600_000_000_000_000_009

_ids = itertools.count(500_000_000_000_000_001)


@functools.cache
def shipped_engine() -> Engine:
    """The real engine over the shipped knowledge (built once; engines are immutable)."""
    return Engine.from_path()


class FakeStorage:
    """The Storage interface the Discord layer uses, in memory, recording what it was told."""

    def __init__(self) -> None:
        self.listen: dict[int, set[int]] = {}
        self.cooldowns: dict[int, float | None] = {}
        self.unanswered: list[tuple[str, int | None]] = []
        self.quiz: dict[int, tuple[int | None, int | None]] = {}
        self.reads = 0
        self.closed = False
        self.elements: list[Elements] = []
        self.daily: dict[int, DailySetting] = {}

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        self.reads += 1
        return GuildSettings(
            guild_id=guild_id,
            listen_channels=frozenset(self.listen.get(guild_id, ())),
            cooldown_seconds=self.cooldowns.get(guild_id),
            quiz_rounds=self.quiz.get(guild_id, (None, None))[0] or 10,
            quiz_seconds=self.quiz.get(guild_id, (None, None))[1] or 30,
        )

    async def set_listen(self, guild_id: int, channel_id: int, enabled: bool) -> GuildSettings:
        channels = self.listen.setdefault(guild_id, set())
        if enabled:
            channels.add(channel_id)
        else:
            channels.discard(channel_id)
        return await self.guild_settings(guild_id)

    async def set_cooldown(self, guild_id: int, seconds: float | None) -> GuildSettings:
        self.cooldowns[guild_id] = seconds
        return await self.guild_settings(guild_id)

    async def set_quiz_defaults(
        self, guild_id: int, *, rounds: int | None, seconds: int | None
    ) -> GuildSettings:
        self.quiz[guild_id] = (rounds, seconds)
        return await self.guild_settings(guild_id)

    async def log_unanswered(self, question: str, guild_id: int | None) -> None:
        self.unanswered.append((question, guild_id))

    async def daily_settings(self) -> list[DailySetting]:
        return list(self.daily.values())

    async def daily_setting(self, guild_id: int) -> DailySetting | None:
        return self.daily.get(guild_id)

    async def set_daily(self, guild_id: int, channel_id: int, post_at: str) -> DailySetting:
        self.daily[guild_id] = DailySetting(guild_id, channel_id, post_at, None)
        return self.daily[guild_id]

    async def daily_off(self, guild_id: int) -> bool:
        return self.daily.pop(guild_id, None) is not None

    async def stored_elements(self) -> list[Elements]:
        return list(self.elements)

    async def save_elements(self, sets: Iterable[Elements]) -> None:
        self.elements.extend(sets)

    async def close(self) -> None:
        self.closed = True


class Clock:
    """A clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_settings(**values: Any) -> Settings:
    """Settings with defaults and ``values`` (field names), never read from env or .env."""
    # Never fetch orbital elements: no test reaches the internet.
    defaults: dict[str, Any] = {"question_cooldown_seconds": 0.0, "elements_refresh": False}
    return Settings.model_construct(**(defaults | values))


@contextlib.asynccontextmanager
async def station_bot(
    *, storage: FakeStorage | None = None, settings: Settings | None = None, load: bool = True
) -> AsyncIterator[StationBot]:
    """A StationBot that never connects, with every extension loaded and a logged-in user."""
    bot = StationBot(
        settings=settings or make_settings(owner_ids=[OWNER_ID]),
        engine=shipped_engine(),
        storage=storage or FakeStorage(),  # type: ignore[arg-type]
    )
    async with bot:
        bot._connection.user = discord.ClientUser(
            state=bot._connection,
            data={
                "id": str(BOT_ID),
                "username": "stationbot",
                "discriminator": "0",
                "avatar": None,
            },
        )
        bot._connection.application_id = APP_ID
        if load:
            await bot.setup_hook()
        yield bot


def make_user(user_id: int = USER_ID, name: str = "asker", *, bot: bool = False) -> MagicMock:
    """A spec'd guild member."""
    user = MagicMock(spec_set=discord.Member)
    user.id = user_id
    user.bot = bot
    user.name = name
    user.display_name = name
    user.mention = f"<@{user_id}>"
    return user


def make_guild(guild_id: int = GUILD_ID) -> MagicMock:
    """A spec'd guild on shard 0 without a bot role."""
    guild = MagicMock(spec_set=discord.Guild)
    guild.id = guild_id
    guild.shard_id = 0
    guild.self_role = None
    return guild


def make_interaction(
    bot: StationBot,
    *,
    user_id: int = USER_ID,
    guild_id: int | None = GUILD_ID,
    channel_id: int = CHANNEL_ID,
    permissions: discord.Permissions | None = None,
) -> MagicMock:
    """A spec'd Interaction whose response/followup behave like Discord's (one response)."""
    interaction = MagicMock(spec_set=discord.Interaction)
    interaction.client = bot
    interaction.user = make_user(user_id)
    interaction.guild_id = guild_id
    interaction.guild = make_guild(guild_id) if guild_id is not None else None
    interaction.channel_id = channel_id
    interaction.permissions = permissions or discord.Permissions.none()
    interaction.command = None

    state = {"done": False}
    response = MagicMock(spec_set=discord.InteractionResponse)
    response.is_done.side_effect = lambda: state["done"]

    async def respond(*args: Any, **kwargs: Any) -> Any:
        if state["done"]:
            raise AssertionError("interaction answered twice")
        state["done"] = True
        callback = MagicMock(spec_set=discord.InteractionCallbackResponse)
        callback.message_id = next(_ids)
        return callback

    response.send_message.side_effect = respond
    response.defer.side_effect = respond
    response.edit_message.side_effect = respond
    interaction.response = response

    followup = MagicMock(spec_set=discord.Webhook)

    async def follow(*args: Any, **kwargs: Any) -> Any:
        if not state["done"]:
            raise AssertionError("followup before the response")
        message = MagicMock(spec_set=discord.WebhookMessage)
        message.jump_url = f"https://discord.com/channels/{guild_id}/{channel_id}/{next(_ids)}"
        return message

    followup.send.side_effect = follow
    interaction.followup = followup
    return interaction


def make_message(
    content: str,
    *,
    author: MagicMock | None = None,
    guild: MagicMock | None = None,
    dm: bool = False,
    channel_id: int = CHANNEL_ID,
    mentions: list[Any] | None = None,
    reference: Any = None,
) -> MagicMock:
    """A spec'd Message; ``message.channel.send`` returns a sent message with a jump URL."""
    message = MagicMock(spec_set=discord.Message)
    message.id = next(_ids)
    message.content = content
    message.author = author or make_user()
    message.guild = None if dm else (guild or make_guild())
    message.type = discord.MessageType.reply if reference else discord.MessageType.default
    message.webhook_id = None
    message.mentions = mentions or []
    message.role_mentions = []
    message.reference = reference
    message.embeds = []
    channel = MagicMock(spec_set=discord.DMChannel if dm else discord.TextChannel)
    channel.id = channel_id

    async def send(*args: Any, **kwargs: Any) -> Any:
        sent = MagicMock(spec_set=discord.Message)
        guild_part = "@me" if dm else GUILD_ID
        sent.jump_url = f"https://discord.com/channels/{guild_part}/{channel_id}/{next(_ids)}"
        return sent

    channel.send = AsyncMock(side_effect=send)
    message.channel = channel
    return message


def bot_user_mention() -> MagicMock:
    """The bot as it appears in ``message.mentions``."""
    return make_user(BOT_ID, "stationbot", bot=True)


def sent_kwargs(mock: Any) -> dict[str, Any]:
    """The keyword arguments of the last call of an AsyncMock/MagicMock (asserts one call)."""
    assert mock.await_count == 1 or mock.call_count == 1, mock.mock_calls
    return dict(mock.call_args.kwargs)
