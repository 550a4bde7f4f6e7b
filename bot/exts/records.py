"""Records: /record name (autocomplete) and /records [category] with page buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.cards import about_view
from bot.client import StationBot
from bot.engine import Entry, RecordFields
from bot.failures import report_interaction_error
from bot.replies import message_kwargs

log = logging.getLogger(__name__)

PAGER_TIMEOUT = 180.0


def _words(rec: RecordFields) -> str:
    return f"{rec.record} {rec.unit}".casefold()


#: /records categories: value -> (heading, test on a record's fields)
CATEGORIES: dict[str, tuple[str, Callable[[RecordFields], bool]]] = {
    "firsts": ("Firsts", lambda r: r.record.casefold().startswith("first")),
    "longest": ("Longest", lambda r: r.record.casefold().startswith("longest")),
    "most": ("Most", lambda r: r.record.casefold().startswith("most")),
    "spacewalks": ("Spacewalks", lambda r: "spacewalk" in _words(r)),
    "women": (
        "Women in space",
        lambda r: any(w in r.record.casefold() for w in ("woman", "women", "female")),
    ),
}


def records_in(records: Sequence[Entry], category: str | None) -> list[Entry]:
    """The records of ``category`` (all when None), in knowledge order."""
    if category is None or category not in CATEGORIES:
        return list(records)
    test = CATEGORIES[category][1]
    return [e for e in records if e.record is not None and test(e.record)]


class RecordsPager(discord.ui.View):
    """Prev/Next over pre-rendered pages; only the invoker may turn them."""

    def __init__(
        self, pages: list[discord.Embed], owner_id: int, *, timeout: float = PAGER_TIMEOUT
    ) -> None:
        """Page through ``pages`` for the user ``owner_id``."""
        super().__init__(timeout=timeout)
        self.pages = pages
        self.owner_id = owner_id
        self.page = 0
        self.interaction: discord.Interaction[Any] | None = None
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Refuse, ephemerally, anyone but the invoker."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            render.pager_refused_text(f"<@{self.owner_id}>"),
            ephemeral=True,
            allowed_mentions=render.NO_MENTIONS,
        )
        return False

    @discord.ui.button(label="Prev", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[RecordsPager]
    ) -> None:
        """Show the previous page."""
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[RecordsPager]
    ) -> None:
        """Show the next page."""
        await self._turn(interaction, 1)

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = max(0, min(len(self.pages) - 1, self.page + step))
        self._sync_buttons()
        await interaction.response.edit_message(
            embed=self.pages[self.page], view=self, allowed_mentions=render.NO_MENTIONS
        )

    async def on_timeout(self) -> None:
        """Disable the buttons once nobody can use them any more."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.interaction is not None:
            try:
                await self.interaction.edit_original_response(
                    view=self, allowed_mentions=render.NO_MENTIONS
                )
            except discord.HTTPException:
                log.debug("Could not disable the records pager (message gone?)")

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        """Apologise and log."""
        await report_interaction_error(interaction, error)


class Records(commands.Cog):
    """Look up single records or browse them all."""

    def __init__(self, bot: StationBot) -> None:
        """Serve records from ``bot.engine``."""
        self.bot = bot

    @app_commands.command(name="record")
    @app_commands.describe(name="The record, e.g. longest single spaceflight (pick from the list)")
    async def record(
        self, interaction: discord.Interaction[StationBot], name: app_commands.Range[str, 1, 200]
    ) -> None:
        """Show one spaceflight record: holder, value, date set, previous holder and sources."""
        engine = self.bot.engine
        entry = engine.find_record(name)
        if entry is None:
            close = engine.search_records(name, limit=5)
            await interaction.response.send_message(
                render.record_not_found_text(name, close),
                ephemeral=True,
                allowed_mentions=render.NO_MENTIONS,
            )
            return
        await interaction.response.send_message(
            **message_kwargs(embed=render.entry_embed(entry), view=about_view(engine, entry))
        )

    @record.autocomplete("name")
    async def record_autocomplete(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Records whose name or holder resembles what is typed (value = entry id)."""
        found = self.bot.engine.search_records(current, limit=render.CHOICE_LIMIT)
        return [
            app_commands.Choice(name=render.choice_name(_record_choice(e)), value=e.id)
            for e in found[: render.CHOICE_LIMIT]
            if len(e.id) <= render.CHOICE_VALUE_LIMIT
        ]

    @app_commands.command(name="records")
    @app_commands.describe(category="Only records of one kind (default: all of them)")
    @app_commands.choices(
        category=[
            app_commands.Choice(name=heading, value=value)
            for value, (heading, _) in CATEGORIES.items()
        ]
    )
    async def records(
        self,
        interaction: discord.Interaction[StationBot],
        category: app_commands.Choice[str] | None = None,
    ) -> None:
        """Browse spaceflight records, a page at a time."""
        value = category.value if category else None
        heading = "Space records" + (f" — {CATEGORIES[value][0]}" if value in CATEGORIES else "")
        pages = render.records_pages(records_in(self.bot.engine.records, value), heading)
        if len(pages) == 1:
            await interaction.response.send_message(
                embed=pages[0], allowed_mentions=render.NO_MENTIONS
            )
            return
        pager = RecordsPager(pages, interaction.user.id)
        pager.interaction = interaction
        await interaction.response.send_message(
            embed=pages[0], view=pager, allowed_mentions=render.NO_MENTIONS
        )


def _record_choice(entry: Entry) -> str:
    rec = entry.record
    return f"{rec.record} — {rec.holder}" if rec else entry.id


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Records(bot))
