"""StationBot: construction, every extension loading, the shared error handlers."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.ext.commands.view import StringView
from fakes import (
    GUILD_ID,
    OWNER_ID,
    FakeStorage,
    make_interaction,
    make_message,
    make_settings,
    station_bot,
)

from bot import render
from bot.exts import extension_names

EXPECTED = {"admin", "ask", "facts", "meta", "records", "settings"}


async def test_every_extension_loads() -> None:
    async with station_bot() as bot:
        assert sorted(bot.extensions) == extension_names()
        assert {name.rsplit(".", 1)[1] for name in bot.extensions} >= EXPECTED
        top = {c.name for c in bot.tree.get_commands()}
        assert {"ask", "record", "records", "fact", "source", "about", "help"} <= top
        assert {"admin", "settings"} <= top


async def test_every_command_is_described_within_limits() -> None:
    async with station_bot() as bot:
        for command in bot.tree.walk_commands():
            assert 1 <= len(command.description) <= 100, command.qualified_name
            if isinstance(command, app_commands.Command):
                for parameter in command.parameters:
                    assert parameter.description not in ("", "…"), (
                        command.qualified_name,
                        parameter.name,
                    )
                    assert len(parameter.description) <= 100


async def test_defaults_never_ping_and_request_no_privileged_intents() -> None:
    async with station_bot(load=False) as bot:
        assert bot.allowed_mentions is render.NO_MENTIONS
        assert not bot.intents.message_content
        assert not bot.intents.members and not bot.intents.presences
        assert bot.intents.guild_messages and bot.intents.dm_messages
        assert bot.owner_ids == {OWNER_ID}
        assert bot.shard_count is None


async def test_settings_reach_the_client() -> None:
    settings = make_settings(message_content_intent=True, shard_count=4, shard_ids=[1, 3])
    async with station_bot(settings=settings, load=False) as bot:
        assert bot.intents.message_content
        assert bot.shard_count == 4
        assert bot.shard_ids == [1, 3]


async def test_setup_hook_syncs_to_the_development_guild() -> None:
    settings = make_settings(discord_guild_id=GUILD_ID)
    async with station_bot(settings=settings, load=False) as bot:
        bot.tree.sync = AsyncMock(return_value=[])  # type: ignore[method-assign]
        await bot.setup_hook()
        bot.tree.sync.assert_awaited_once()
        guild = bot.tree.sync.await_args.kwargs["guild"]
        assert guild.id == GUILD_ID
        assert bot.tree.get_command("ask", guild=guild) is not None


async def test_invite_url_has_scopes_and_permissions() -> None:
    async with station_bot(load=False) as bot:
        url = bot.invite_url()
        assert url is not None
        assert "scope=bot+applications.commands" in url
        assert "permissions=274878024704" in url  # view, send (+threads), embed, files, history


async def test_guild_settings_are_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    storage = FakeStorage()
    now = [100.0]
    monkeypatch.setattr("bot.client.time.monotonic", lambda: now[0])
    async with station_bot(storage=storage, load=False) as bot:
        await bot.guild_settings(GUILD_ID)
        await bot.guild_settings(GUILD_ID)
        assert storage.reads == 1
        now[0] += 61
        await bot.guild_settings(GUILD_ID)
        assert storage.reads == 2


# -- errors -------------------------------------------------------------------------------------


async def test_a_crashing_command_apologises_and_logs_the_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with station_bot() as bot:
        interaction = make_interaction(bot)
        ask = bot.tree.get_command("ask")
        assert isinstance(ask, app_commands.Command)
        interaction.command = ask
        error = app_commands.CommandInvokeError(ask, ValueError("boom"))
        with caplog.at_level(logging.ERROR):
            await bot.tree.on_error(interaction, error)
        call = interaction.response.send_message.call_args
        assert call.args == (render.apology_text(),)
        assert call.kwargs == {"ephemeral": True, "allowed_mentions": render.NO_MENTIONS}
        (record,) = [r for r in caplog.records if r.name == "bot.failures"]
        assert record.exc_info and isinstance(record.exc_info[1], ValueError)


async def test_after_a_defer_the_apology_is_a_followup() -> None:
    async with station_bot() as bot:
        interaction = make_interaction(bot)
        await interaction.response.defer()
        await bot.tree.on_error(interaction, app_commands.AppCommandError("x"))
        assert interaction.followup.send.call_args.kwargs["ephemeral"] is True


async def test_an_expired_interaction_does_not_raise() -> None:
    async with station_bot() as bot:
        interaction = make_interaction(bot)
        response = MagicMock(status=404, reason="Not Found")
        interaction.response.send_message.side_effect = discord.NotFound(response, "expired")
        await bot.tree.on_error(interaction, app_commands.AppCommandError("x"))


async def test_event_errors_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    async with station_bot(load=False) as bot:
        try:
            raise RuntimeError("listener broke")
        except RuntimeError:
            with caplog.at_level(logging.ERROR):
                await bot.on_error("on_message")
    assert "Unhandled error in on_message" in caplog.text
    assert "listener broke" in caplog.text


@pytest.mark.parametrize(
    ("error", "reply"),
    [
        (commands.CommandNotFound("x"), None),
        (commands.NotOwner(), render.owner_only_text()),
        (commands.CommandInvokeError(ValueError("boom")), render.apology_text()),
    ],
)
async def test_mention_command_errors(error: commands.CommandError, reply: str | None) -> None:
    async with station_bot(load=False) as bot:
        context = commands.Context(message=make_message("x"), bot=bot, view=StringView(""))
        context.reply = AsyncMock()  # type: ignore[method-assign]
        await bot.on_command_error(context, error)
        if reply is None:
            context.reply.assert_not_awaited()
        else:
            context.reply.assert_awaited_once_with(
                reply, allowed_mentions=render.NO_MENTIONS, mention_author=False
            )


async def test_nothing_a_message_does_escapes_the_listener() -> None:
    async with station_bot() as bot:
        cog: Any = bot.get_cog("Ask")
        message = make_message("what is the ISS?", dm=True)
        message.channel.send.side_effect = discord.HTTPException(
            MagicMock(status=500, reason="boom"), "down"
        )
        await cog.on_message(message)  # logged, not raised


def test_importing_engine_and_cli_loads_no_discord() -> None:
    code = (
        "import sys, bot.engine, bot.cli, bot.conversation, bot.settings, bot.wording;"
        "sys.exit('discord' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


SENDS = {"send_message", "send", "reply", "edit_message", "edit_original_response", "edit"}


def test_every_send_in_the_discord_layer_passes_allowed_mentions() -> None:
    """Belt and braces on top of the client default: each call site says "ping nobody"."""
    root = Path(__file__).resolve().parents[2] / "bot"
    files = [*sorted((root / "exts").glob("*.py")), root / "failures.py", root / "replies.py"]
    missing = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SENDS
            ):
                keywords = {k.arg for k in node.keywords}
                if "allowed_mentions" not in keywords and None not in keywords:  # None: **kwargs
                    missing.append(f"{path.name}:{node.lineno} {node.func.attr}")
    assert not missing, missing


async def test_a_failing_autocomplete_is_logged_not_answered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with station_bot(load=False) as bot:
        interaction = make_interaction(bot)
        interaction.type = discord.InteractionType.autocomplete
        with caplog.at_level(logging.ERROR):
            await bot.tree.on_error(interaction, app_commands.AppCommandError("x"))
        interaction.response.send_message.assert_not_awaited()
    assert "Error in component" in caplog.text
