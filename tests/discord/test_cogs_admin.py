"""The Admin cog: owner-only /admin reload and /admin sync, and "@bot sync"."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord.ext import commands
from discord.ext.commands.view import StringView
from fakes import (
    BOT_ID,
    OWNER_ID,
    USER_ID,
    make_guild,
    make_interaction,
    make_message,
    make_settings,
    make_user,
    sent_kwargs,
    shipped_engine,
    station_bot,
)

from bot import render
from bot.client import StationBot
from bot.engine import default_knowledge_dir
from bot.failures import NotOwner


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge that tests may break."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for path in default_knowledge_dir().glob("*.yaml"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
async def bot(knowledge: Path) -> AsyncIterator[StationBot]:
    settings = make_settings(owner_ids=[OWNER_ID], knowledge=knowledge)
    async with station_bot(settings=settings) as bot:
        yield bot


@pytest.fixture
def cog(bot: StationBot) -> Any:
    return bot.get_cog("Admin")


def owner(bot: StationBot, **kwargs: Any) -> MagicMock:
    return make_interaction(bot, user_id=OWNER_ID, **kwargs)


async def test_only_owners_pass_the_check(cog: Any) -> None:
    assert await cog.interaction_check(owner(cog.bot))
    with pytest.raises(NotOwner):
        await cog.interaction_check(make_interaction(cog.bot, user_id=USER_ID))


async def test_non_owner_sees_a_short_ephemeral_refusal(bot: StationBot) -> None:
    interaction = make_interaction(bot, user_id=USER_ID)
    await bot.tree.on_error(interaction, NotOwner())
    call = interaction.response.send_message.call_args
    assert call.args == (render.owner_only_text(),)
    assert call.kwargs["ephemeral"] is True


async def test_reload_swaps_in_new_knowledge(cog: Any, knowledge: Path) -> None:
    before = cog.bot.engine
    interaction = owner(cog.bot)
    await cog.reload.callback(cog, interaction)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    call = interaction.followup.send.call_args
    assert call.args[0].startswith("Reloaded the knowledge:")
    assert call.kwargs["ephemeral"] is True
    assert cog.bot.engine is not before
    assert len(cog.bot.engine.entries) == len(before.entries)


async def test_invalid_knowledge_keeps_the_old_engine_and_lists_problems(
    cog: Any, knowledge: Path
) -> None:
    (knowledge / "zz-broken.yaml").write_text("entries:\n  - id: Bad_ID\n    kind: fact\n")
    before = cog.bot.engine
    interaction = owner(cog.bot)
    await cog.reload.callback(cog, interaction)
    assert cog.bot.engine is before
    shown = sent_kwargs(interaction.followup.send)
    embed: discord.Embed = shown["embed"]
    assert shown["ephemeral"] is True
    assert embed.title and embed.title.startswith("Reload failed")
    assert "zz-broken.yaml:2 (Bad_ID)" in (embed.description or "")
    assert f"kept the knowledge I had ({len(before.entries)} entries)" in (embed.description or "")
    assert len(embed) <= render.EMBED_TOTAL_LIMIT


async def test_missing_knowledge_keeps_the_old_engine(cog: Any, knowledge: Path) -> None:
    shutil.rmtree(knowledge)
    before = cog.bot.engine
    interaction = owner(cog.bot)
    await cog.reload.callback(cog, interaction)
    assert cog.bot.engine is before
    assert "does not exist" in (sent_kwargs(interaction.followup.send)["embed"].description or "")


async def test_other_cogs_use_the_reloaded_engine(cog: Any) -> None:
    await cog.reload.callback(cog, owner(cog.bot))
    assert cog.bot.get_cog("Records").bot.engine is cog.bot.engine
    assert cog.bot.engine is not shipped_engine()


@pytest.mark.parametrize(
    ("scope", "where", "guild_synced"),
    [(None, "globally", False), ("here", "to this server", True)],
)
async def test_sync(cog: Any, scope: str | None, where: str, guild_synced: bool) -> None:
    tree = cog.bot.tree
    tree.sync = AsyncMock(return_value=[object()] * 9)
    interaction = owner(cog.bot)
    choice = discord.app_commands.Choice(name=scope, value=scope) if scope else None
    await cog.sync.callback(cog, interaction, scope=choice)
    assert sent_kwargs(interaction.followup.send) == {
        "ephemeral": True,
        "allowed_mentions": render.NO_MENTIONS,
    }
    assert interaction.followup.send.call_args.args == (f"Synced 9 commands {where}.",)
    if guild_synced:
        tree.sync.assert_awaited_once_with(guild=interaction.guild)
        assert tree.get_commands(guild=interaction.guild)  # globals copied to the server
    else:
        tree.sync.assert_awaited_once_with()


async def test_sync_here_in_a_dm_is_refused(cog: Any) -> None:
    cog.bot.tree.sync = AsyncMock(return_value=[])
    interaction = owner(cog.bot, guild_id=None)
    choice = discord.app_commands.Choice(name="here", value="here")
    await cog.sync.callback(cog, interaction, scope=choice)
    assert interaction.followup.send.call_args.args == (render.guild_only_text(),)
    cog.bot.tree.sync.assert_not_awaited()


async def test_clear_here_removes_server_copies(cog: Any) -> None:
    tree = cog.bot.tree
    tree.sync = AsyncMock(return_value=[])
    guild = make_guild()
    tree.copy_global_to(guild=guild)
    interaction = owner(cog.bot)
    interaction.guild = guild
    choice = discord.app_commands.Choice(name="clear-here", value="clear-here")
    await cog.sync.callback(cog, interaction, scope=choice)
    assert tree.get_commands(guild=guild) == []
    tree.sync.assert_awaited_once_with(guild=guild)


async def test_mention_sync_is_owner_only(bot: StationBot) -> None:
    command = bot.get_command("sync")
    assert command is not None and command.hidden

    def context(user_id: int) -> commands.Context[StationBot]:
        message = make_message(f"<@{BOT_ID}> sync", author=make_user(user_id))
        return commands.Context(message=message, bot=bot, view=StringView(""))

    with pytest.raises(commands.NotOwner):
        await command.can_run(context(USER_ID))
    assert await command.can_run(context(OWNER_ID))


async def test_admin_commands_are_hidden_from_non_admins(bot: StationBot) -> None:
    group = bot.tree.get_command("admin")
    assert group is not None
    assert group.default_permissions == discord.Permissions(administrator=True)
