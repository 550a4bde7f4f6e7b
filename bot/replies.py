"""One way to answer, whether the question came as a slash command, a button or a message."""

from __future__ import annotations

from typing import Any, Protocol

import discord

from bot import render

#: How long short notices (cooldown, "answered above") stay in a channel before vanishing.
TRANSIENT_SECONDS = 20.0


class Reply(Protocol):
    """Sends one reply; returns a jump URL to it when it is a public message."""

    async def __call__(
        self,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
        private: bool = False,
        transient: bool = False,
        file: discord.File | None = None,
    ) -> str | None:
        """Send; ``private`` = only the asker sees it (interactions), ``transient`` = brief;
        ``file`` is attached (an embed shows it as ``attachment://<its name>``)."""
        ...


def jump_url(guild_id: int | None, channel_id: int, message_id: int) -> str:
    """The link that opens a message in the Discord client."""
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


def message_kwargs(
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> dict[str, Any]:
    """The keyword arguments of a send: what is given (discord.py takes a missing view or
    file, not None), and no pings."""
    kwargs: dict[str, Any] = {"allowed_mentions": render.NO_MENTIONS}
    if file is not None:
        kwargs["file"] = file
    if content is not None:
        kwargs["content"] = render.clip(content)
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    return kwargs


class InteractionReply:
    """Replies to an interaction: the response first, follow-ups after (e.g. after a defer)."""

    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        """Reply to ``interaction``."""
        self.interaction = interaction

    async def __call__(
        self,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
        private: bool = False,
        transient: bool = False,
        file: discord.File | None = None,
    ) -> str | None:
        """Send the response (or a follow-up); ephemeral when private or transient."""
        interaction = self.interaction
        kwargs = message_kwargs(content, embed, view, file)
        ephemeral = private or transient
        if interaction.response.is_done():
            message = await interaction.followup.send(**kwargs, ephemeral=ephemeral, wait=True)
            return None if ephemeral else message.jump_url
        response = await interaction.response.send_message(**kwargs, ephemeral=ephemeral)
        if ephemeral or response is None or response.message_id is None:
            return None
        return jump_url(interaction.guild_id, interaction.channel_id or 0, response.message_id)


class MessageReply:
    """Replies to a chat message without pinging its author."""

    def __init__(self, message: discord.Message) -> None:
        """Reply to ``message``."""
        self.message = message

    async def __call__(
        self,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
        private: bool = False,
        transient: bool = False,
        file: discord.File | None = None,
    ) -> str | None:
        """Send a reply in the channel; transient replies delete themselves after a while. A
        file the bot may not attach there is left out (and the embed's picture of it)."""
        if file is not None and not _may_attach(self.message):
            file = None
            if embed is not None and (embed.image.url or "").startswith("attachment://"):
                embed.set_image(url=None)
        kwargs = message_kwargs(content, embed, view, file)
        if transient:
            kwargs["delete_after"] = TRANSIENT_SECONDS
        sent = await self.message.channel.send(
            **kwargs,
            reference=self.message.to_reference(fail_if_not_exists=False),
            mention_author=False,
        )
        return sent.jump_url


def _may_attach(message: discord.Message) -> bool:
    """Whether the bot may attach files where ``message`` was sent (always in DMs)."""
    guild = message.guild
    if guild is None:
        return True
    channel = message.channel
    if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
        return True
    return channel.permissions_for(guild.me).attach_files
