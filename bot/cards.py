"""What shows an entry in Discord: a subject's card with a menu of the entries about it, or an
answer's embed with buttons that open the cards of the subjects it is about; and where a station
is, with its map. Used by every cog that shows them."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any, Literal

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
#: What an entry button shows: a suggested question, or the card of a subject (``EntryButton``).
ButtonKind = Literal["suggest", "about"]
BUTTON_PREFIXES: dict[ButtonKind, str] = {
    "suggest": "stationbot:suggest:",
    "about": "stationbot:about:",
}
#: What the footer of the entry a button shows says after its id.
_BUTTON_NOTES: dict[ButtonKind, str] = {
    "suggest": "chosen from suggestions",
    "about": render.ABOUT_NOTE,
}
#: At most this many "About ..." buttons under a fact or record (one row, room to spare).
MAX_ABOUT_BUTTONS = 3


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


class EntryButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"stationbot:(?P<kind>suggest|about):(?P<entry_id>[a-z0-9]+(?:-[a-z0-9]+)*)",
):
    """A button that shows one entry, also after a restart: a question suggested under a
    refusal (``"suggest"``), or under a fact or record the card of a subject it is about
    (``"about"``: "About Peggy Whitson")."""

    def __init__(self, entry_id: str, label: str = "Show me", kind: ButtonKind = "suggest") -> None:
        """A button showing ``label`` that shows ``entry_id``."""
        super().__init__(
            discord.ui.Button(
                label=render.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"{BUTTON_PREFIXES[kind]}{entry_id}",
            )
        )
        self.entry_id = entry_id
        self.kind: ButtonKind = kind

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> EntryButton:
        """Rebuild the button from a pressed component."""
        kind: ButtonKind = "about" if match["kind"] == "about" else "suggest"
        return cls(match["entry_id"], getattr(item, "label", None) or "Show me", kind)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Show the entry; its footer says how it was picked."""
        await answer_with(interaction, self.entry_id, _BUTTON_NOTES[self.kind])


async def answer_with(interaction: discord.Interaction[Any], entry_id: str, note: str) -> None:
    """Answer ``interaction`` with one entry, through the Ask cog (a suggestion button, a
    card's menu, an "About ..." button); apologise and log when that fails."""
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
    """The embed and view that show ``entry``: a subject's card with its menu, or any other
    entry's answer with a button per subject it is about (None when there is nothing to
    press)."""
    if entry.subject is None:
        return render.entry_embed(entry, note=note), about_view(engine, entry)
    about = engine.subjects.about(entry.id)
    embed = render.card_embed(entry, about, note=note)
    if not about or len(MENU_PREFIX) + len(entry.id) > CUSTOM_ID_LIMIT:
        return embed, None
    view = discord.ui.View(timeout=None)
    view.add_item(SubjectMenu.build(entry, about))
    return embed, view


def about_view(engine: Engine, entry: Entry) -> discord.ui.View | None:
    """Buttons opening the cards of the first ``MAX_ABOUT_BUTTONS`` subjects ``entry`` is
    about, in the order it lists them; None when it names none (or is a subject itself)."""
    if entry.subject is not None:
        return None
    view = discord.ui.View(timeout=None)
    for subject in engine.subjects.of(entry)[:MAX_ABOUT_BUTTONS]:
        if len(BUTTON_PREFIXES["about"]) + len(subject.id) <= CUSTOM_ID_LIMIT:
            view.add_item(EntryButton(subject.id, render.about_label(subject), "about"))
    return view if view.children else None


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
