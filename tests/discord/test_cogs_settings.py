"""The server-settings cog: /settings listen, /settings quiz and /settings show."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from unittest.mock import MagicMock

import discord
import pytest
from discord import app_commands
from fakes import (
    CHANNEL_ID,
    GUILD_ID,
    OWNER_ID,
    FakeStorage,
    make_interaction,
    make_settings,
    sent_kwargs,
    station_bot,
)

from bot import render
from bot.client import StationBot

MANAGE = discord.Permissions(manage_guild=True)


def channel() -> MagicMock:
    chan = MagicMock(spec_set=discord.TextChannel)
    chan.id = CHANNEL_ID
    chan.mention = f"<#{CHANNEL_ID}>"
    return chan


@pytest.fixture
def storage() -> FakeStorage:
    return FakeStorage()


async def run_listen(bot: StationBot, enabled: bool, **kwargs: Any) -> MagicMock:
    cog: Any = bot.get_cog("ServerSettings")
    interaction = make_interaction(bot, permissions=MANAGE, **kwargs)
    assert await cog.interaction_check(interaction)
    await cog.listen.callback(cog, interaction, channel=channel(), enabled=enabled)
    return interaction


@pytest.fixture
async def bot(storage: FakeStorage) -> AsyncIterator[StationBot]:
    settings = make_settings(owner_ids=[OWNER_ID], message_content_intent=True)
    async with station_bot(storage=storage, settings=settings) as bot:
        yield bot


async def test_listen_on_and_off(bot: StationBot, storage: FakeStorage) -> None:
    interaction = await run_listen(bot, True)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    shown = sent_kwargs(interaction.followup.send)
    assert shown == {"ephemeral": True, "allowed_mentions": render.NO_MENTIONS}
    text = interaction.followup.send.call_args.args[0]
    assert f"<#{CHANNEL_ID}>" in text and "intent" not in text
    assert storage.listen == {GUILD_ID: {CHANNEL_ID}}
    assert CHANNEL_ID in (await bot.guild_settings(GUILD_ID)).listen_channels  # cache updated

    interaction = await run_listen(bot, False)
    assert "no longer" in interaction.followup.send.call_args.args[0]
    assert storage.listen == {GUILD_ID: set()}
    assert not (await bot.guild_settings(GUILD_ID)).listen_channels


async def test_listen_without_the_intent_explains_how_to_enable_it(storage: FakeStorage) -> None:
    async with station_bot(storage=storage, settings=make_settings()) as bot:
        interaction = await run_listen(bot, True)
    text = interaction.followup.send.call_args.args[0]
    assert "STATIONBOT_MESSAGE_CONTENT_INTENT=true" in text
    assert "Message Content Intent" in text
    assert storage.listen == {GUILD_ID: {CHANNEL_ID}}  # saved: works once the intent is on


async def test_members_without_manage_server_are_refused(bot: StationBot) -> None:
    cog: Any = bot.get_cog("ServerSettings")
    with pytest.raises(app_commands.MissingPermissions):
        await cog.interaction_check(make_interaction(bot))
    assert await cog.interaction_check(make_interaction(bot, user_id=OWNER_ID))


async def test_refusal_message_names_the_permission(bot: StationBot) -> None:
    interaction = make_interaction(bot)
    await bot.tree.on_error(interaction, app_commands.MissingPermissions(["manage_guild"]))
    assert interaction.response.send_message.call_args.args == (
        "You need the Manage Server permission to do that.",
    )


async def test_dms_are_refused(bot: StationBot) -> None:
    cog: Any = bot.get_cog("ServerSettings")
    with pytest.raises(app_commands.NoPrivateMessage):
        await cog.interaction_check(make_interaction(bot, guild_id=None))


async def test_show(bot: StationBot, storage: FakeStorage) -> None:
    await storage.set_listen(GUILD_ID, CHANNEL_ID, True)
    await storage.set_cooldown(GUILD_ID, 12.5)
    cog: Any = bot.get_cog("ServerSettings")
    interaction = make_interaction(bot, permissions=MANAGE)
    await cog.show.callback(cog, interaction)
    text = interaction.followup.send.call_args.args[0]
    assert f"<#{CHANNEL_ID}>" in text and "12.5 s" in text


async def test_quiz_defaults(bot: StationBot, storage: FakeStorage) -> None:
    cog: Any = bot.get_cog("ServerSettings")
    interaction = make_interaction(bot, permissions=MANAGE)
    await cog.quiz.callback(cog, interaction, rounds=7, seconds=None)
    assert "7 questions" in interaction.followup.send.call_args.args[0]
    assert sent_kwargs(interaction.followup.send) == {
        "ephemeral": True,
        "allowed_mentions": render.NO_MENTIONS,
    }
    current = await storage.guild_settings(GUILD_ID)
    assert current.quiz_rounds == 7
    shown = make_interaction(bot, permissions=MANAGE)
    await cog.show.callback(cog, shown)
    assert "7 questions" in shown.followup.send.call_args.args[0]


async def test_settings_group_is_guild_only_and_for_managers(bot: StationBot) -> None:
    group = bot.tree.get_command("settings")
    assert isinstance(group, app_commands.Group)
    assert group.guild_only
    assert group.default_permissions == MANAGE
