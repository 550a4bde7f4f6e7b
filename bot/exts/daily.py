"""The daily fact: once a minute, post the fact of the day in every server whose time has come
(set with ``/settings daily on``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import discord
from discord.ext import commands, tasks

from bot import render
from bot.background import Job
from bot.cards import about_view
from bot.client import StationBot
from bot.daily import day_of, is_due, pick_entry
from bot.replies import message_kwargs
from bot.storage import DailySetting

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def can_post(channel: discord.abc.GuildChannel, me: discord.Member) -> bool:
    """Whether the bot may post an embed in ``channel``."""
    allowed = channel.permissions_for(me)
    return allowed.view_channel and allowed.send_messages and allowed.embed_links


class DailyFacts(commands.Cog):
    """Posts one fact a day in the servers that asked for it."""

    def __init__(self, bot: StationBot, *, clock: Clock | None = None) -> None:
        """The daily poster of ``bot``, going by ``clock`` (by default the bot's)."""
        self.bot = bot
        self.clock = clock or bot.clock
        self._skipped: set[tuple[int, str]] = set()  # (server, day) already logged as skipped
        self._job = Job("Daily facts", self.post_due)

    async def cog_load(self) -> None:
        """Start looking once a minute."""
        self.tick.start()

    async def cog_unload(self) -> None:
        """Stop looking, after the post in flight (if any) is made."""
        self.tick.cancel()
        await self._job.finish()

    @tasks.loop(minutes=1)
    async def tick(self) -> None:
        """Post what is due (never raises: failures are logged)."""
        await self._job.run()

    @tick.before_loop
    async def _ready(self) -> None:
        await self.bot.wait_until_ready()

    async def post_due(self) -> int:
        """Post every daily fact due now in the servers this process serves; how many."""
        now = self.clock()
        posted = 0
        for setting in await self.bot.storage.daily_settings():
            guild = self.bot.get_guild(setting.guild_id)
            if guild is None or not is_due(setting, now):
                continue  # another process's server, or not yet time
            if await self._post(guild, setting, now):
                posted += 1
        return posted

    async def _post(self, guild: discord.Guild, setting: DailySetting, now: datetime) -> bool:
        day = day_of(now)
        channel = guild.get_channel(setting.channel_id)
        if not isinstance(channel, discord.TextChannel) or not can_post(channel, guild.me):
            if (guild.id, day) not in self._skipped:
                self._skipped.add((guild.id, day))
                log.info("Daily fact for server %d skipped: cannot post in its channel", guild.id)
            return False
        if not await self.bot.storage.claim_daily(guild.id, day):
            return False  # another process posted it
        shown = await self.bot.storage.daily_shown(guild.id)
        entry, restart = pick_entry(self.bot.engine.entries, shown, guild.id, day)
        if restart:
            await self.bot.storage.forget_daily_shown(guild.id)
        try:
            await channel.send(
                **message_kwargs(
                    embed=render.daily_embed(entry), view=about_view(self.bot.engine, entry)
                )
            )
        except discord.HTTPException as error:
            log.warning("Daily fact for server %d not posted: %s", guild.id, error)
            return False
        await self.bot.storage.mark_daily_shown(guild.id, entry.id)
        return True


async def setup(bot: StationBot) -> None:
    """Add the cog."""
    await bot.add_cog(DailyFacts(bot))
