"""StationBot: the Discord client. Dependencies come in through ``__init__``; cogs live in exts/."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.engine import Engine, KnowledgeIssue
from bot.engine.crew import Crews, load_crews
from bot.engine.loader import default_knowledge_dir
from bot.exts import extension_names
from bot.failures import report_interaction_error
from bot.live import LiveStation
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.storage import GuildSettings, Storage

log = logging.getLogger(__name__)

#: What the bot needs in a channel: see it, answer (also in threads) with embeds, read replies,
#: and attach the map of /where.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
INVITE_SCOPES = ("bot", "applications.commands")
#: How long a guild's settings are trusted before they are read again from storage.
GUILD_SETTINGS_TTL = 60.0


class StationTree(app_commands.CommandTree["StationBot"]):
    """The command tree: every slash-command error ends in the shared handler."""

    async def on_error(
        self, interaction: discord.Interaction[StationBot], error: app_commands.AppCommandError
    ) -> None:
        """Apologise to the user and log the traceback."""
        await report_interaction_error(interaction, error)


class StationBot(commands.AutoShardedBot):
    """The stationbot Discord client (auto-sharded)."""

    #: The time the bot's rounds go by (the daily fact); a test gives it a clock of its own.
    clock: Callable[[], datetime] = staticmethod(discord.utils.utcnow)

    def __init__(
        self, *, settings: Settings, engine: Engine, storage: Storage, **options: Any
    ) -> None:
        """Build the client; nothing connects until ``start``."""
        intents = discord.Intents.default()
        intents.message_content = settings.message_content_intent
        intents.typing = False
        intents.dm_typing = False
        if settings.shard_ids is not None:
            options["shard_ids"] = settings.shard_ids
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            shard_count=settings.shard_count,
            allowed_mentions=render.NO_MENTIONS,
            help_command=None,
            tree_cls=StationTree,
            owner_ids=set(settings.owner_ids),
            chunk_guilds_at_startup=False,
            **options,
        )
        self.settings = settings
        self.engine = engine
        self.storage = storage
        self.live = LiveStation.for_bot(settings, storage)
        self.crews = Crews()
        self.reload_crews()
        self.started_at = discord.utils.utcnow()
        self._guild_settings: dict[int, tuple[float, GuildSettings]] = {}

    # -- start-up -------------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        """Load every extension in bot/exts/ and sync to the development guild when set."""
        for name in extension_names():
            await self.load_extension(name)
        guild_id = self.settings.discord_guild_id
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to guild %d", len(synced), guild_id)
        if self.user is not None:
            log.info(
                "Logged in as %s (id %d); %d knowledge entries (%d records)",
                self.user,
                self.user.id,
                len(self.engine.entries),
                len(self.engine.records),
            )
        log.info("Invite URL: %s", self.invite_url() or "(known once logged in)")
        if guild_id is None:
            log.info(
                "Slash commands are global; if they are missing, an owner can mention me with "
                "'sync' or use /admin sync"
            )
        if not self.settings.message_content_intent:
            log.info("Message-content intent off: listen channels are inactive")

    async def on_ready(self) -> None:
        """Log that the gateway is ready (also after reconnects)."""
        log.info(
            "Ready on %d server(s), shards %s of %s",
            len(self.guilds),
            self.shard_ids or "all",
            self.shard_count,
        )

    def invite_url(self) -> str | None:
        """The OAuth2 link that adds the bot with the permissions it needs (None before login)."""
        if self.application_id is None:
            return None
        return discord.utils.oauth_url(
            self.application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES
        )

    def reload_crews(self) -> list[KnowledgeIssue]:
        """Read the crew list of the knowledge again; on problems keep the current one and
        return them (they are logged too)."""
        crews, issues = load_crews(self.settings.knowledge or default_knowledge_dir())
        if issues:
            log.warning("Crew list not loaded: %s", "; ".join(str(i) for i in issues))
            return issues
        self.crews = crews
        return []

    # -- guild settings (cached) ----------------------------------------------------------------

    async def is_manager(self, interaction: discord.Interaction[Any]) -> bool:
        """Whether the user may change this server's settings: Manage Server, or bot owner."""
        return interaction.permissions.manage_guild or await self.is_owner(interaction.user)

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """A guild's settings, read from storage at most once a minute."""
        cached = self._guild_settings.get(guild_id)
        if cached is not None and time.monotonic() - cached[0] < GUILD_SETTINGS_TTL:
            return cached[1]
        settings = await self.storage.guild_settings(guild_id)
        self._remember_guild(settings)
        return settings

    async def set_listen(self, guild_id: int, channel_id: int, enabled: bool) -> GuildSettings:
        """Turn listening in ``channel_id`` on or off; returns the guild's new settings."""
        settings = await self.storage.set_listen(guild_id, channel_id, enabled)
        self._remember_guild(settings)
        return settings

    def _remember_guild(self, settings: GuildSettings) -> None:
        self._guild_settings[settings.guild_id] = (time.monotonic(), settings)

    # -- errors ---------------------------------------------------------------------------------

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Log any exception escaping an event handler; the bot carries on."""
        log.exception("Unhandled error in %s", event_method)

    async def on_command_error(
        self, context: commands.Context[Any], exception: commands.CommandError, /
    ) -> None:
        """Errors of mention-prefixed commands (only ``@bot sync``): a short reply, a log line."""
        if isinstance(exception, commands.CommandNotFound):
            return
        if isinstance(exception, commands.CheckFailure):
            text = render.owner_only_text()
        else:
            original = getattr(exception, "original", exception)
            log.error("Error in command %s", context.command, exc_info=original)
            text = render.apology_text()
        try:
            await context.reply(text, allowed_mentions=render.NO_MENTIONS, mention_author=False)
        except discord.HTTPException:
            log.warning("Could not reply to a failed command")
