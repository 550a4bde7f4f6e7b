"""The Meta cog: /about and /help."""

from __future__ import annotations

from typing import Any

from discord import app_commands
from fakes import APP_ID, make_interaction, sent_kwargs, shipped_engine

from bot import __version__, render
from bot.client import StationBot


async def test_about(bot: StationBot) -> None:
    cog: Any = bot.get_cog("Meta")
    interaction = make_interaction(bot)
    await cog.about.callback(cog, interaction)
    shown = sent_kwargs(interaction.response.send_message)
    assert shown["ephemeral"] is True
    fields = {f.name: f.value for f in shown["embed"].fields}
    assert fields["Version"] == __version__
    assert fields["Knowledge"].startswith(f"{len(shipped_engine().entries)} entries")
    assert fields["Shard"] == "1 of 1"
    assert "min" in fields["Uptime"]
    assert f"client_id={APP_ID}" in fields["Invite"]
    assert "scope=bot+applications.commands" in fields["Invite"]


async def test_about_in_a_dm_has_no_shard(bot: StationBot) -> None:
    cog: Any = bot.get_cog("Meta")
    interaction = make_interaction(bot, guild_id=None)
    await cog.about.callback(cog, interaction)
    fields = {
        f.name: f.value for f in sent_kwargs(interaction.response.send_message)["embed"].fields
    }
    assert fields["Shard"] == "—"


async def test_help_lists_every_command(bot: StationBot) -> None:
    cog: Any = bot.get_cog("Meta")
    interaction = make_interaction(bot)
    await cog.help.callback(cog, interaction)
    shown = sent_kwargs(interaction.response.send_message)
    assert shown["ephemeral"] is True
    assert shown["allowed_mentions"] is render.NO_MENTIONS
    listing = "\n".join(field.value for field in shown["embed"].fields)
    names = [
        command.qualified_name
        for command in bot.tree.walk_commands()
        if isinstance(command, app_commands.Command)
    ]
    assert len(names) > 20
    for name in names:  # every one, however many fields they take
        assert f"`/{name}`" in listing
    assert "…and" not in listing
    assert "Mention me" in shown["embed"].description
