"""Facts: /fact [topic] for a random fact, /source id for the sources of an entry."""

from __future__ import annotations

import difflib
import random

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.cards import about_view
from bot.client import StationBot
from bot.engine import Entry
from bot.replies import message_kwargs


class Facts(commands.Cog):
    """Random facts and the sources behind any entry."""

    def __init__(self, bot: StationBot, *, rng: random.Random | None = None) -> None:
        """Serve facts from ``bot.engine``; ``rng`` is injectable for tests."""
        self.bot = bot
        self.rng = rng or random.Random()

    @app_commands.command(name="fact")
    @app_commands.describe(topic="Only facts about this topic (default: any)")
    async def fact(
        self, interaction: discord.Interaction[StationBot], topic: str | None = None
    ) -> None:
        """Show a random fact about space stations, with its sources."""
        engine = self.bot.engine
        wanted = _topic_id(topic, engine.topics) if topic else None
        if topic and wanted is None:
            await interaction.response.send_message(
                render.unknown_topic_text(topic, engine.topics),
                ephemeral=True,
                allowed_mentions=render.NO_MENTIONS,
            )
            return
        entry = engine.random_entry(wanted, rng=self.rng)
        if entry is None:
            await interaction.response.send_message(
                render.no_facts_text(), ephemeral=True, allowed_mentions=render.NO_MENTIONS
            )
            return
        await interaction.response.send_message(
            **message_kwargs(
                embed=render.entry_embed(entry, note="random fact"),
                view=about_view(engine, entry),
            )
        )

    @fact.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """The knowledge's topics that contain what is typed."""
        typed = current.casefold().strip()
        return [
            app_commands.Choice(name=render.choice_name(render.topic_name(t)), value=t)
            for t in self.bot.engine.topics
            if typed in t or typed in render.topic_name(t).casefold()
        ][: render.CHOICE_LIMIT]

    @app_commands.command(name="source")
    @app_commands.describe(id="The entry id, shown at the bottom of every answer")
    async def source(
        self, interaction: discord.Interaction[StationBot], id: app_commands.Range[str, 1, 100]
    ) -> None:
        """Show the sources behind one answer, by its entry id."""
        engine = self.bot.engine
        entry = engine.get(id)
        if entry is None:
            ids = [e.id for e in engine.entries]
            close = difflib.get_close_matches(id.strip().lower(), ids, n=3, cutoff=0.6)
            await interaction.response.send_message(
                render.unknown_entry_text(id, close),
                ephemeral=True,
                allowed_mentions=render.NO_MENTIONS,
            )
            return
        await interaction.response.send_message(
            embed=render.sources_embed(entry), allowed_mentions=render.NO_MENTIONS
        )

    @source.autocomplete("id")
    async def id_autocomplete(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Entry ids starting with, then containing, what is typed (question as a hint)."""
        typed = current.casefold().strip()
        entries = self.bot.engine.entries
        first = [e for e in entries if e.id.startswith(typed)]
        then = [e for e in entries if typed in e.id and not e.id.startswith(typed)]
        return [
            app_commands.Choice(name=_id_choice(e), value=e.id)
            for e in (first + then)[: render.CHOICE_LIMIT]
            if len(e.id) <= render.CHOICE_VALUE_LIMIT
        ]


def _topic_id(text: str, topics: tuple[str, ...]) -> str | None:
    wanted = text.casefold().strip()
    for topic in topics:
        if wanted in (topic, render.topic_name(topic).casefold()):
            return topic
    return None


def _id_choice(entry: Entry) -> str:
    return render.choice_name(f"{entry.id} — {entry.questions[0]}")


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Facts(bot))
