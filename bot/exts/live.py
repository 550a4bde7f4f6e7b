"""The live station: ``/where``, ``/passes``, ``/crew``, and the schedule that keeps the
orbital elements fresh."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import render
from bot.background import Job
from bot.cards import send_crew, send_where
from bot.orbit.elements import STATIONS, Station, station_named
from bot.orbit.passes import DEFAULT_DAYS
from bot.orbit.places import city_named, find_cities, place_at, place_of_city
from bot.replies import InteractionReply, Reply
from bot.wording import passes_refusal

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
        self._job = Job("Orbital elements", self.bot.live.keeper.refresh_if_due)

    async def cog_load(self) -> None:
        """Read the stored element sets, load what the first answer needs, start the schedule."""
        await self.bot.live.keeper.load()
        await asyncio.to_thread(self.bot.live.warm)
        if self.bot.settings.elements_refresh:
            self.refresh.start()

    async def cog_unload(self) -> None:
        """Stop the schedule, after the fetch in flight (if any) is stored."""
        self.refresh.cancel()
        await self._job.finish(timeout=30.0)

    @tasks.loop(minutes=CHECK_MINUTES)
    async def refresh(self) -> None:
        """Fetch fresh element sets when due (never raises: failures are logged)."""
        await self._job.run()

    @app_commands.command(name="where")
    @app_commands.describe(station="ISS or Tiangong (default: the ISS)")
    async def where(
        self, interaction: discord.Interaction[StationBot], station: str = "ISS"
    ) -> None:
        """Where a space station is now, with a map of its next orbit."""
        reply = InteractionReply(interaction)
        found = await _station_or_say(station, reply)
        if found is not None:
            await send_where(self.bot.live, found, reply)

    @app_commands.command(name="passes")
    @app_commands.describe(
        place="Your city (pick one as you type), or give latitude and longitude instead",
        station="ISS or Tiangong (default: the ISS)",
        latitude="Your latitude in degrees, north positive (with longitude)",
        longitude="Your longitude in degrees, east positive (with latitude)",
    )
    async def passes(
        self,
        interaction: discord.Interaction[StationBot],
        place: app_commands.Range[str, 1, 100] | None = None,
        station: str = "ISS",
        latitude: app_commands.Range[float, -90.0, 90.0] | None = None,
        longitude: app_commands.Range[float, -180.0, 180.0] | None = None,
    ) -> None:
        """When you can see a space station from where you are, in the next 7 days."""
        reply = InteractionReply(interaction)
        found_station = await _station_or_say(station, reply)
        if found_station is None:
            return
        if latitude is not None and longitude is not None:
            where = place_at(latitude, longitude)
        elif place:
            city = city_named(place)
            if city is None:
                close = [c.label for c in find_cities(place, 5)]
                await reply(content=render.unknown_place_text(place, close), private=True)
                return
            where = place_of_city(city)
        else:
            await reply(content=render.place_needed_text(), private=True)
            return
        elements = self.bot.live.elements_of(found_station)
        refusal = passes_refusal(elements, discord.utils.utcnow())
        if refusal:
            await reply(content=refusal, private=True)
            return
        await interaction.response.defer(thinking=True)
        elements, found = await self.bot.live.passes_over(found_station, where)
        embed = render.passes_embed(
            found_station.name, where, found, elements, discord.utils.utcnow(), DEFAULT_DAYS
        )
        await reply(embed=embed)

    @passes.autocomplete("place")
    async def _places(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        cities = await asyncio.to_thread(find_cities, current, render.CHOICE_LIMIT)
        return [
            app_commands.Choice(name=render.choice_name(c.label), value=render.city_choice(c))
            for c in cities
        ]

    @app_commands.command(name="crew")
    @app_commands.describe(station="ISS or Tiangong (default: the ISS)")
    async def crew(
        self, interaction: discord.Interaction[StationBot], station: str = "ISS"
    ) -> None:
        """Who is aboard a space station, as of the date of my crew list."""
        reply = InteractionReply(interaction)
        found = await _station_or_say(station, reply)
        if found is not None:
            await send_crew(self.bot.crews, found, reply)

    @where.autocomplete("station")
    @passes.autocomplete("station")
    @crew.autocomplete("station")
    async def _stations(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        return [
            app_commands.Choice(name=s.full_name, value=s.name)
            for s in STATIONS
            if not typed or any(typed in name for name in (s.key, s.name.lower(), *s.aliases))
        ]


async def _station_or_say(name: str, reply: Reply) -> Station | None:
    """The station ``name`` means; for one the bot does not follow, a private reply and None."""
    found = station_named(name)
    if found is None:
        text = render.unknown_station_text(name, [s.name for s in STATIONS])
        await reply(content=text, private=True)
    return found


async def setup(bot: StationBot) -> None:
    """Add the cog."""
    await bot.add_cog(Live(bot))
