"""Where errors of the Discord layer end: a short ephemeral reply, a traceback in the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot import render

log = logging.getLogger(__name__)


class NotOwner(app_commands.CheckFailure):
    """The command is for the bot's owner only."""


def user_text(error: BaseException) -> tuple[str, bool]:
    """What the user is told about ``error``, and whether it is our bug (worth a traceback)."""
    if isinstance(error, NotOwner):
        return render.owner_only_text(), False
    if isinstance(error, app_commands.NoPrivateMessage):
        return render.guild_only_text(), False
    if isinstance(error, app_commands.MissingPermissions):
        return render.missing_permissions_text(error.missing_permissions), False
    if isinstance(error, app_commands.TransformerError):
        return render.bad_option_text(), False
    if isinstance(error, app_commands.CommandOnCooldown):
        return render.cooldown_text(error.retry_after), False
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here.", False
    return render.apology_text(), True


async def report_interaction_error(
    interaction: discord.Interaction[discord.Client], error: BaseException
) -> None:
    """Tell the user briefly (ephemeral) and log the traceback when it is our fault."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    text, ours = user_text(original)
    command = interaction.command.qualified_name if interaction.command else "component"
    if ours:
        log.error("Error in %s", command, exc_info=original)
    else:
        log.debug("Refused %s: %r", command, original)
    if interaction.type is not discord.InteractionType.autocomplete:  # those cannot be answered
        await send_notice(interaction, text)


async def send_notice(interaction: discord.Interaction[discord.Client], text: str) -> None:
    """An ephemeral message to the user, whether or not the interaction was answered yet."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(
                render.clip(text), ephemeral=True, allowed_mentions=render.NO_MENTIONS
            )
        else:
            await interaction.response.send_message(
                render.clip(text), ephemeral=True, allowed_mentions=render.NO_MENTIONS
            )
    except discord.HTTPException:
        log.warning("Could not tell the user about an error (interaction expired?)")
