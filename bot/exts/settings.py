"""Server settings: /settings listen (answer questions in a channel unprompted), /settings quiz
(default quiz length and time), /settings daily on|off (a fact a day), /settings show."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.client import StationBot
from bot.daily import parse_post_time
from bot.exts.daily import can_post
from bot.storage import MAX_QUIZ_ROUNDS, MAX_QUIZ_SECONDS, MIN_QUIZ_SECONDS


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ServerSettings(
    commands.GroupCog, group_name="settings", group_description="Server settings for stationbot"
):
    """Per-server settings; needs Manage Server (or being the bot's owner)."""

    def __init__(self, bot: StationBot) -> None:
        """Change settings through ``bot`` (which caches them)."""
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Manage Server in this server, or the bot's owner."""
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        if await self.bot.is_manager(interaction):
            return True
        raise app_commands.MissingPermissions(["manage_guild"])

    @app_commands.command(name="listen")
    @app_commands.describe(
        channel="The channel to listen in",
        enabled="True: answer questions there without a mention; False: stop",
    )
    async def listen(
        self,
        interaction: discord.Interaction[StationBot],
        channel: discord.TextChannel,
        enabled: bool,
    ) -> None:
        """Answer confident questions in a channel without being mentioned (or stop)."""
        guild_id = _guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.bot.set_listen(guild_id, channel.id, enabled)
        text = render.listen_text(
            channel.mention, enabled, self.bot.settings.message_content_intent
        )
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_MENTIONS)

    @app_commands.command(name="quiz")
    @app_commands.describe(
        rounds="Default number of questions (empty: the bot's default)",
        seconds="Seconds to answer each question (empty: the bot's default)",
    )
    async def quiz(
        self,
        interaction: discord.Interaction[StationBot],
        rounds: app_commands.Range[int, 1, MAX_QUIZ_ROUNDS] | None = None,
        seconds: app_commands.Range[int, MIN_QUIZ_SECONDS, MAX_QUIZ_SECONDS] | None = None,
    ) -> None:
        """Set this server's quiz defaults (/trivia start can still ask for another length)."""
        guild_id = _guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        current = await self.bot.storage.set_quiz_defaults(guild_id, rounds=rounds, seconds=seconds)
        text = render.quiz_defaults_text(current.quiz_rounds, current.quiz_seconds)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_MENTIONS)

    daily = app_commands.Group(name="daily", description="A fact a day in a channel")

    @daily.command(name="on")
    @app_commands.describe(
        channel="Where to post the fact of the day",
        time="When, in UTC, as HH:MM (default 09:00)",
    )
    async def daily_on(
        self,
        interaction: discord.Interaction[StationBot],
        channel: discord.TextChannel,
        time: app_commands.Range[str, 1, 10] = "09:00",
    ) -> None:
        """Post one fact a day, with its sources, in a channel at a time you choose (UTC)."""
        guild_id = _guild_id(interaction)
        post_at = parse_post_time(time)
        if post_at is None:
            await interaction.response.send_message(
                render.bad_time_text(time), ephemeral=True, allowed_mentions=render.NO_MENTIONS
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.bot.storage.set_daily(guild_id, channel.id, post_at)
        me = channel.guild.me
        text = render.daily_on_text(channel.mention, post_at, can_post(channel, me))
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_MENTIONS)

    @daily.command(name="off")
    async def daily_off(self, interaction: discord.Interaction[StationBot]) -> None:
        """Stop the fact of the day in this server."""
        guild_id = _guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        was_on = await self.bot.storage.daily_off(guild_id)
        await interaction.followup.send(
            render.daily_off_text(was_on), ephemeral=True, allowed_mentions=render.NO_MENTIONS
        )

    @app_commands.command(name="show")
    async def show(self, interaction: discord.Interaction[StationBot]) -> None:
        """Show this server's stationbot settings."""
        guild_id = _guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        current = await self.bot.storage.guild_settings(guild_id)
        daily = await self.bot.storage.daily_setting(guild_id)
        cooldown = current.cooldown_seconds
        if cooldown is None:
            cooldown = self.bot.settings.question_cooldown_seconds
        text = render.guild_settings_text(
            current.listen_channels,
            cooldown,
            self.bot.settings.message_content_intent,
            quiz=(current.quiz_rounds, current.quiz_seconds),
            daily=(daily.channel_id, daily.post_at) if daily else None,
        )
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_MENTIONS)


def _guild_id(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(ServerSettings(bot))
