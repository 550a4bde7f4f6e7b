"""About the bot: /about (version, knowledge, uptime, shard, invite) and /help."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__, render
from bot.client import StationBot


class Meta(commands.Cog):
    """What the bot is and how to use it."""

    def __init__(self, bot: StationBot) -> None:
        """Describe ``bot``."""
        self.bot = bot

    @app_commands.command(name="about")
    async def about(self, interaction: discord.Interaction[StationBot]) -> None:
        """Show the bot's version, knowledge size, uptime, shard and invite link."""
        bot = self.bot
        guild = interaction.guild
        embed = render.about_embed(
            version=__version__,
            entries=len(bot.engine.entries),
            records=len(bot.engine.records),
            uptime=discord.utils.utcnow() - bot.started_at,
            shard_id=guild.shard_id if guild is not None else None,
            shard_count=bot.shard_count,
            guilds=len(bot.guilds),
            invite_url=bot.invite_url(),
        )
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=render.NO_MENTIONS
        )

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction[StationBot]) -> None:
        """Show how to ask questions and every command."""
        listed = [
            (command.qualified_name, command.description)
            for command in self.bot.tree.walk_commands()
            if isinstance(command, app_commands.Command)
        ]
        await interaction.response.send_message(
            embed=render.help_embed(sorted(listed)),
            ephemeral=True,
            allowed_mentions=render.NO_MENTIONS,
        )


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Meta(bot))
