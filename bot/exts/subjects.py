"""Subjects: /subject name (autocomplete) shows a station's, module's, vehicle's, person's or
mission's card, with a menu of the facts and records about it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.cards import SubjectMenu, card
from bot.client import StationBot
from bot.replies import message_kwargs


class Subjects(commands.Cog):
    """Cards for the stations, modules, vehicles, people and missions the knowledge covers."""

    def __init__(self, bot: StationBot) -> None:
        """Serve subjects from ``bot.engine``."""
        self.bot = bot

    async def cog_load(self) -> None:
        """Make the cards' menus work, also on cards sent before a restart."""
        self.bot.add_dynamic_items(SubjectMenu)

    async def cog_unload(self) -> None:
        """Stop handling the cards' menus."""
        self.bot.remove_dynamic_items(SubjectMenu)

    @app_commands.command(name="subject")
    @app_commands.describe(name="A station, module, vehicle, person or mission, e.g. Mir")
    async def subject(
        self, interaction: discord.Interaction[StationBot], name: app_commands.Range[str, 1, 200]
    ) -> None:
        """What a station, module, vehicle, person or mission is, with its facts and records."""
        engine = self.bot.engine
        found = engine.subjects.find(name)
        if found is None:
            await interaction.response.send_message(
                render.subject_not_found_text(name, engine.subjects.search(name, limit=5)),
                ephemeral=True,
                allowed_mentions=render.NO_MENTIONS,
            )
            return
        embed, view = card(engine, found)
        await interaction.response.send_message(**message_kwargs(embed=embed, view=view))

    @subject.autocomplete("name")
    async def subject_autocomplete(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Subjects whose name or an alias resembles what is typed (value = subject id)."""
        found = self.bot.engine.subjects.search(current, limit=render.CHOICE_LIMIT)
        return [
            app_commands.Choice(name=render.subject_choice(e), value=e.id)
            for e in found[: render.CHOICE_LIMIT]
            if len(e.id) <= render.CHOICE_VALUE_LIMIT
        ]


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Subjects(bot))
