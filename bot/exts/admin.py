"""Owner-only maintenance: /admin reload, /admin sync, and "@bot sync" before commands exist."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.client import StationBot
from bot.engine import Engine, KnowledgeError, StationbotError
from bot.failures import NotOwner

log = logging.getLogger(__name__)

SYNC_SCOPES = [
    app_commands.Choice(name="this server (instant, for testing)", value="here"),
    app_commands.Choice(name="everywhere (global)", value="global"),
    app_commands.Choice(name="remove this server's copies", value="clear-here"),
]


@app_commands.default_permissions(administrator=True)
class Admin(commands.GroupCog, group_name="admin", group_description="Bot owner tools"):
    """Reload the knowledge and sync slash commands; only for the bot's owners."""

    def __init__(self, bot: StationBot) -> None:
        """Administer ``bot``."""
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Owners only (settings.owner_ids, else the application's owner or team)."""
        if await self.bot.is_owner(interaction.user):
            return True
        raise NotOwner()

    @app_commands.command(name="reload")
    async def reload(self, interaction: discord.Interaction[StationBot]) -> None:
        """Re-read the knowledge files; on errors keep the current knowledge and list them."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        before = self.bot.engine
        path = self.bot.settings.knowledge
        try:
            engine = await asyncio.to_thread(Engine.from_path, path)
        except KnowledgeError as error:
            log.warning("Reload refused: %s", error)
            embed = render.reload_failed_embed(error.issues, len(before.entries))
            await interaction.followup.send(
                embed=embed, ephemeral=True, allowed_mentions=render.NO_MENTIONS
            )
            return
        except StationbotError as error:
            log.warning("Reload refused: %s", error)
            embed = render.reload_failed_embed([str(error)], len(before.entries))
            await interaction.followup.send(
                embed=embed, ephemeral=True, allowed_mentions=render.NO_MENTIONS
            )
            return
        self.bot.engine = engine
        await asyncio.to_thread(self.bot.reload_crews)
        log.info(
            "Reloaded knowledge: %d entries (was %d)", len(engine.entries), len(before.entries)
        )
        await interaction.followup.send(
            render.reload_ok_text(len(engine.entries), len(engine.records), len(before.entries)),
            ephemeral=True,
            allowed_mentions=render.NO_MENTIONS,
        )

    @app_commands.command(name="sync")
    @app_commands.describe(scope="Where to publish the slash commands (default: everywhere)")
    @app_commands.choices(scope=SYNC_SCOPES)
    async def sync(
        self,
        interaction: discord.Interaction[StationBot],
        scope: app_commands.Choice[str] | None = None,
    ) -> None:
        """Publish the slash commands to Discord, globally or to this server."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        text = await sync_commands(self.bot, scope.value if scope else "global", interaction.guild)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_MENTIONS)

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync_message(
        self, context: commands.Context[StationBot], scope: str = "global"
    ) -> None:
        """Owner: "@bot sync [global|here|clear-here]", for when slash commands are missing."""
        async with context.typing():
            text = await sync_commands(self.bot, scope, context.guild)
        await context.reply(text, allowed_mentions=render.NO_MENTIONS, mention_author=False)


async def sync_commands(bot: StationBot, scope: str, guild: discord.abc.Snowflake | None) -> str:
    """Sync the command tree for ``scope`` and say what happened."""
    tree = bot.tree
    if scope in ("here", "clear-here"):
        if guild is None:
            return render.guild_only_text()
        if scope == "clear-here":
            tree.clear_commands(guild=guild)
            synced = await tree.sync(guild=guild)
            return render.synced_text(len(synced), "to this server (server copies removed)")
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
        return render.synced_text(len(synced), "to this server")
    synced = await tree.sync()
    return render.synced_text(len(synced), "globally")


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Admin(bot))
