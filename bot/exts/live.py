"""The live station: ``/where``, and the schedule that keeps the orbital elements fresh."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import render
from bot.cards import send_where
from bot.orbit.elements import STATIONS, station_named
from bot.replies import InteractionReply

if TYPE_CHECKING:
    from bot.client import StationBot

log = logging.getLogger(__name__)

#: How often the schedule looks whether a fetch is due (the keeper fetches every few hours).
CHECK_MINUTES = 10.0


class Live(commands.Cog):
    """Where the ISS and Tiangong are now."""

    def __init__(self, bot: StationBot) -> None:
        """The cog of ``bot``, whose ``live`` holds the element sets."""
        self.bot = bot

    async def cog_load(self) -> None:
        """Read the stored element sets, load what the first answer needs, start the schedule."""
        await self.bot.live.keeper.load()
        await asyncio.to_thread(self.bot.live.warm)
        if self.bot.settings.elements_refresh:
            self.refresh.start()

    async def cog_unload(self) -> None:
        """Stop the schedule."""
        self.refresh.cancel()

    @tasks.loop(minutes=CHECK_MINUTES)
    async def refresh(self) -> None:
        """Fetch fresh element sets when due (never raises: failures are logged)."""
        await self.bot.live.keeper.refresh_if_due()

    @app_commands.command(name="where")
    @app_commands.describe(station="ISS or Tiangong (default: the ISS)")
    async def where(
        self, interaction: discord.Interaction[StationBot], station: str = "ISS"
    ) -> None:
        """Where a space station is now, with a map of its next orbit."""
        found = station_named(station)
        reply = InteractionReply(interaction)
        if found is None:
            text = render.unknown_station_text(station, [s.name for s in STATIONS])
            await reply(content=text, private=True)
            return
        await send_where(self.bot.live, found, reply)

    @where.autocomplete("station")
    async def _stations(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        return [
            app_commands.Choice(name=s.full_name, value=s.name)
            for s in STATIONS
            if not typed or any(typed in name for name in (s.key, s.name.lower(), *s.aliases))
        ]


async def setup(bot: StationBot) -> None:
    """Add the cog."""
    await bot.add_cog(Live(bot))
