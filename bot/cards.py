"""What shows an entry in Discord: a subject's card with a menu of the entries about it, or an
answer's embed; and where a station is, with its map. Used by every cog that shows them."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import discord

from bot import render
from bot.engine import Engine, Entry
from bot.failures import report_interaction_error
from bot.orbit.elements import Station
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.engine.crew import Crews
    from bot.live import LiveStation

MENU_PREFIX = "stationbot:subject:"
CUSTOM_ID_LIMIT = 100


class SubjectMenu(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=re.escape(MENU_PREFIX) + r"(?P<subject_id>[a-z0-9]+(?:-[a-z0-9]+)*)",
):
    """A subject card's menu of the entries about it; picking one answers it (works across
    restarts: the options travel with the message)."""

    def __init__(self, subject_id: str, select: discord.ui.Select[discord.ui.View]) -> None:
        """The menu of ``subject_id`` built on ``select``."""
        super().__init__(select)
        self.subject_id = subject_id

    @classmethod
    def build(cls, subject: Entry, about: tuple[Entry, ...]) -> SubjectMenu:
        """A menu offering ``about`` (the entries about ``subject``)."""
        name = subject.subject.name if subject.subject else subject.id
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
            custom_id=f"{MENU_PREFIX}{subject.id}",
            placeholder=render.menu_placeholder(name),
            options=render.menu_options(about),
        )
        return cls(subject.id, select)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SubjectMenu:
        """Rebuild the menu from a used component."""
        if not isinstance(item, discord.ui.Select):
            raise TypeError("a subject menu is a select menu")
        return cls(match["subject_id"], item)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer the picked entry, as a suggestion button does."""
        if self.item.values:
            await answer_with(interaction, self.item.values[0], f"from the {self.subject_id} card")


async def answer_with(interaction: discord.Interaction[Any], entry_id: str, note: str) -> None:
    """Answer ``interaction`` with one entry, through the Ask cog (a suggestion button, a
    card's menu); apologise and log when that fails."""
    try:
        # Duck-typed: a reloaded extension brings a new Ask class.
        answer_entry = getattr(interaction.client.get_cog("Ask"), "answer_entry", None)
        if answer_entry is None:
            raise RuntimeError("the Ask cog is not loaded")
        await answer_entry(interaction, entry_id, note=note)
    except Exception as error:
        await report_interaction_error(interaction, error)


def card(
    engine: Engine, entry: Entry, note: str | None = None
) -> tuple[discord.Embed, discord.ui.View | None]:
    """The embed (and, for a subject, the menu) that shows ``entry``: a subject's card, or any
    other entry's answer."""
    about = engine.subjects.about(entry.id) if entry.subject is not None else ()
    embed = render.card_embed(entry, about, note=note)
    if not about or len(MENU_PREFIX) + len(entry.id) > CUSTOM_ID_LIMIT:
        return embed, None
    view = discord.ui.View(timeout=None)
    view.add_item(SubjectMenu.build(entry, about))
    return embed, view


async def send_where(live: LiveStation, station: Station, reply: Reply) -> None:
    """Reply with where ``station`` is now: the embed and its map."""
    now, png = await live.now_with_map(station)
    embed = render.where_embed(now, discord.utils.utcnow())
    await reply(embed=embed, file=discord.File(io.BytesIO(png), filename=render.MAP_FILENAME))


async def send_crew(crews: Crews, station: Station, reply: Reply) -> None:
    """Reply with who is aboard ``station`` as of the crew list's date."""
    crew = crews.of(station.key)
    if crew is None:
        await reply(content=render.no_crew_text(station.name), private=True)
        return
    await reply(embed=render.crew_embed(crew, discord.utils.utcnow().date()))
