"""Questions: /ask, mentions, replies, DMs and listen channels; suggestion buttons."""

from __future__ import annotations

import contextlib
import enum
import logging
import time
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.cards import (
    BUTTON_PREFIXES,
    CUSTOM_ID_LIMIT,
    EntryButton,
    card,
    send_crew,
    send_where,
)
from bot.client import StationBot
from bot.conversation import Clock, Cooldowns, ExpiringMap, clean_question, looks_like_question
from bot.engine import Answer, Entry, Suggestion
from bot.orbit.asks import crew_question, where_question
from bot.replies import InteractionReply, MessageReply, Reply

log = logging.getLogger(__name__)

MAX_QUESTION = 500


class Mode(enum.Enum):
    """How a question reached the bot."""

    ASKED = "asked"  # /ask, mention, reply or DM: always answer something
    LISTEN = "listen"  # a listen channel: answer only when confident, else stay quiet


@dataclass(frozen=True)
class Where:
    """Who asked where: keys the cooldown, the follow-up context and the repeat guard."""

    guild_id: int | None
    channel_id: int
    user_id: int

    @classmethod
    def of(cls, source: discord.Interaction[Any] | discord.Message) -> Where:
        """The place of an interaction or a message."""
        if isinstance(source, discord.Message):
            guild_id = source.guild.id if source.guild else None
            return cls(guild_id, source.channel.id, source.author.id)
        return cls(source.guild_id, source.channel_id or 0, source.user.id)


def suggestion_view(suggestions: tuple[Suggestion, ...]) -> discord.ui.View | None:
    """Up to 3 buttons, one per suggestion; None when there is nothing to suggest."""
    view = discord.ui.View(timeout=None)
    for suggestion in suggestions[:3]:
        if len(BUTTON_PREFIXES["suggest"]) + len(suggestion.entry_id) <= CUSTOM_ID_LIMIT:
            view.add_item(EntryButton(suggestion.entry_id, suggestion.question))
    return view if view.children else None


class Ask(commands.Cog):
    """Answers questions, remembers follow-up context, spaces out and de-duplicates answers."""

    def __init__(self, bot: StationBot, *, clock: Clock = time.monotonic) -> None:
        """Fresh memories for ``bot``; ``clock`` is injectable for tests."""
        self.bot = bot
        settings = bot.settings
        self.cooldowns = Cooldowns(clock=clock)
        # (channel, user) -> id of the entry last answered for them there
        self.context: ExpiringMap[tuple[int, int], str] = ExpiringMap(
            settings.context_seconds, clock=clock
        )
        # (channel, entry id) -> jump URL of the answer ("" when unknown)
        self.recent: ExpiringMap[tuple[int, str], str] = ExpiringMap(
            settings.repeat_window_seconds, clock=clock
        )

    async def cog_load(self) -> None:
        """Make the entry buttons (suggestions, "About ...") work, also on messages sent
        before a restart."""
        self.bot.add_dynamic_items(EntryButton)

    async def cog_unload(self) -> None:
        """Stop handling the entry buttons."""
        self.bot.remove_dynamic_items(EntryButton)

    # -- entry points ---------------------------------------------------------------------------

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question, e.g. who spent the longest time in space?")
    async def ask(
        self,
        interaction: discord.Interaction[StationBot],
        question: app_commands.Range[str, 1, MAX_QUESTION],
    ) -> None:
        """Ask a question about space stations; the answer cites its sources."""
        await self.respond(question, Where.of(interaction), InteractionReply(interaction))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer mentions, replies to the bot, DMs, and questions in listen channels."""
        routed = await self._route(message)
        if routed is None:
            return
        question, mode, context = routed
        reply = MessageReply(message)
        try:
            await self.respond(question, Where.of(message), reply, mode=mode, context=context)
        except Exception:
            log.exception("Error answering a message")
            if mode is Mode.ASKED:
                with contextlib.suppress(discord.HTTPException):
                    await reply(content=render.apology_text(), transient=True)

    async def answer_entry(
        self,
        interaction: discord.Interaction[Any],
        entry_id: str,
        note: str = "chosen from suggestions",
    ) -> None:
        """Answer with one entry, as chosen with a suggestion button or a subject card's menu."""
        reply = InteractionReply(interaction)
        entry = self.bot.engine.get(entry_id)
        if entry is None:
            await reply(content=render.entry_gone_text(), transient=True)
            return
        embed, view = card(self.bot.engine, entry, note=note)
        await self._deliver(entry, embed, Where.of(interaction), reply, Mode.ASKED, view)

    # -- the answer flow ------------------------------------------------------------------------

    async def respond(
        self,
        question: str,
        where: Where,
        reply: Reply,
        *,
        mode: Mode = Mode.ASKED,
        context: str | None = None,
    ) -> None:
        """Cooldown, engine, then one reply: answer, "answered above", or "not sure"."""
        question = clean_question(question)[:MAX_QUESTION]
        loud = mode is Mode.ASKED
        if not question:
            if loud:
                name = self.bot.user.display_name if self.bot.user else "stationbot"
                await reply(content=render.empty_question_text(name), transient=True)
            return
        wait = self.cooldowns.remaining(where.user_id, await self._cooldown_seconds(where))
        if wait > 0:
            if loud:
                await reply(content=render.cooldown_text(wait), transient=True)
            return
        live = where_question(question)
        if live is not None:  # where a station is now: computed, not looked up
            self.cooldowns.touch(where.user_id)
            await send_where(self.bot.live, live.station, reply)
            return
        aboard = crew_question(question)
        if aboard is not None:  # who is aboard now: the crew list, as of its date
            self.cooldowns.touch(where.user_id)
            await send_crew(self.bot.crews, aboard.station, reply)
            return
        context = context or self.context.get((where.channel_id, where.user_id))
        answer = self.bot.engine.ask(question, context=context)
        if answer.answered and answer.entry is not None:
            self.cooldowns.touch(where.user_id)
            embed, view = card(self.bot.engine, answer.entry, note=render.answer_note(answer))
            await self._deliver(answer.entry, embed, where, reply, mode, view)
        elif loud:
            self.cooldowns.touch(where.user_id)
            # Logged first, so that once the reply is out the work is done (clean shutdowns);
            # a judgement or a question about this moment is no fact the knowledge lacks, so
            # maintainers are not shown it (a missing overview is: they may add a subject).
            if answer.refusal in (None, "no-subject"):
                await self._log_unanswered(question, where.guild_id)
            await self._not_sure(answer, reply)

    async def _deliver(
        self,
        entry: Entry,
        embed: discord.Embed,
        where: Where,
        reply: Reply,
        mode: Mode,
        view: discord.ui.View | None = None,
    ) -> None:
        self.context.put((where.channel_id, where.user_id), entry.id)
        key = (where.channel_id, entry.id)
        earlier = self.recent.get(key)
        if earlier is not None:
            if mode is Mode.ASKED:
                await reply(content=render.repeat_text(earlier or None), transient=True)
            return
        url = await reply(embed=embed, view=view)
        self.recent.put(key, url or "")

    async def _not_sure(self, answer: Answer, reply: Reply) -> None:
        text = render.not_sure_text(answer, self.bot.engine.topics)
        await reply(content=text, view=suggestion_view(answer.suggestions), private=True)

    async def _cooldown_seconds(self, where: Where) -> float:
        default = self.bot.settings.question_cooldown_seconds
        if where.guild_id is None:
            return default
        try:
            settings = await self.bot.guild_settings(where.guild_id)
        except Exception:
            log.exception("Could not read guild settings; using the default cooldown")
            return default
        return default if settings.cooldown_seconds is None else settings.cooldown_seconds

    async def _log_unanswered(self, question: str, guild_id: int | None) -> None:
        try:
            await self.bot.storage.log_unanswered(question, guild_id)
        except Exception:
            log.exception("Could not log an unanswered question")

    # -- messages -------------------------------------------------------------------------------

    async def _route(self, message: discord.Message) -> tuple[str, Mode, str | None] | None:
        """(question, mode, context entry id) when the message is for us, else None."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return None
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return None
        guild = message.guild
        role = guild.self_role if guild is not None else None
        replied = _replied_bot_message(message, me.id)
        mentioned = any(user.id == me.id for user in message.mentions) or (
            role is not None and role in message.role_mentions
        )
        if guild is None or mentioned or replied is not None:
            if not (guild is None or mentioned or message.content.strip()):
                # a reply with "@ off": without the message-content intent Discord sends no
                # text, so there is nothing to answer (and no hint to give)
                return None
            if mentioned and (await self.bot.get_context(message)).valid:
                return None  # a mention-prefixed command such as "@bot sync"
            context = _entry_id_of(replied) if replied is not None else None
            if context is not None and self.bot.engine.get(context) is None:
                context = None
            return message.content, Mode.ASKED, context
        if not self.bot.settings.message_content_intent:
            return None
        channels = {message.channel.id, getattr(message.channel, "parent_id", None)}
        if not looks_like_question(message.content):
            return None
        settings = await self.bot.guild_settings(guild.id)
        if channels.isdisjoint(settings.listen_channels):
            return None
        return message.content, Mode.LISTEN, None


def _replied_bot_message(message: discord.Message, bot_id: int) -> discord.Message | None:
    reference = message.reference
    if reference is None:
        return None
    resolved = reference.resolved
    if isinstance(resolved, discord.Message) and resolved.author.id == bot_id:
        return resolved
    return None


def _entry_id_of(message: discord.Message) -> str | None:
    for embed in message.embeds:
        entry_id = render.entry_id_from_embed(embed)
        if entry_id:
            return entry_id
    return None


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Ask(bot))
