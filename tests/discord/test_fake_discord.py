"""The fake Discord's own tests, with a minimal discord.py bot of our own (not StationBot)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
from conftest import started
from discord import app_commands
from discord.ext import commands
from fake_discord import BAD_TOKEN, FakeDiscord

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


class Buttons(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Press", custom_id="mini:press")
    async def press(self, interaction: discord.Interaction, _: discord.ui.Button[Buttons]) -> None:
        await interaction.response.send_message("pressed")


class MiniBot(commands.AutoShardedBot):
    """Answers mentions and DMs with an embed reply, and has /echo and /slow."""

    def __init__(self, guild_id: int, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.guild_id = guild_id
        self.seen: list[discord.Message] = []

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s pause before re-identifying (discord.py's default)."""

    async def setup_hook(self) -> None:
        guild = discord.Object(self.guild_id)
        self.tree.add_command(echo, guild=guild)
        self.tree.add_command(slow, guild=guild)
        await self.tree.sync(guild=guild)

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)
        if message.author.bot:
            return
        if message.guild is None or self.user in message.mentions:
            embed = discord.Embed(title="Answer", description=message.content or "(empty)")
            await message.reply(embed=embed, view=Buttons())


@app_commands.command(description="Echo the text back")
@app_commands.describe(text="What to echo")
async def echo(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(embed=discord.Embed(title=text), view=Buttons())


@echo.autocomplete("text")
async def echo_complete(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    count = int(current) if current.isdigit() else 25  # "30" asks for too many, on purpose
    return [app_commands.Choice(name=f"{current}{i}", value=f"{current}{i}") for i in range(count)]


@app_commands.command(description="Defer, then answer with a followup")
async def slow(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.followup.send("done slowly")


@pytest.fixture
async def mini(fake_discord: FakeDiscord) -> AsyncIterator[MiniBot]:
    bot = MiniBot(fake_discord.guild_id)
    async with started(bot, fake_discord.token):
        yield bot


async def test_connects_identifies_and_sees_the_guild(
    fake_discord: FakeDiscord, mini: MiniBot
) -> None:
    assert fake_discord.identify_count == 1
    assert mini.user is not None and mini.user.id == fake_discord.bot_user_id
    assert mini.application_id == fake_discord.application_id
    guild = mini.get_guild(fake_discord.guild_id)
    assert guild is not None and not guild.unavailable
    assert guild.get_channel(fake_discord.channel_id) is not None
    assert guild.me is not None and guild.member_count == len(fake_discord.members)
    routes = {r.route for r in fake_discord.requests}
    assert {"GET /users/@me", "GET /gateway/bot", "GET /oauth2/applications/@me"} <= routes
    synced = fake_discord.guild_commands[fake_discord.guild_id]
    assert {name for _, name in synced} == {"echo", "slow"}
    assert fake_discord.problems() == []


async def test_mention_roundtrip_reply_and_echo(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    question = await fake_discord.send_message(f"{fake_discord.mention()} hello")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    body = request.json
    assert body["embeds"][0]["description"] == f"<@{fake_discord.bot_user_id}> hello"
    assert str(body["message_reference"]["message_id"]) == question["id"]
    assert body["allowed_mentions"]["parse"] == []
    assert fake_discord.custom_ids(request.response) == ["mini:press"]
    # Discord echoes the bot's own message back over the gateway; the bot sees and skips it.
    await fake_discord.wait_until(lambda: any(m.author == mini.user for m in mini.seen))
    assert request.response["type"] == 19  # a reply


async def test_dm_roundtrip(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    await fake_discord.send_message("hi in private", dm=True)
    dm = fake_discord.dm_channel(fake_discord.user_id)
    request = await fake_discord.wait_for_message(int(dm["id"]))
    assert request.json["embeds"][0]["description"] == "hi in private"


async def test_message_content_intent_is_enforced(fake_discord: FakeDiscord) -> None:
    bot = MiniBot(fake_discord.guild_id, message_content=False)
    async with started(bot, fake_discord.token):
        plain = await fake_discord.send_message("not for the bot")
        mention = await fake_discord.send_message(f"{fake_discord.mention()} for the bot")
        await fake_discord.wait_for_message(fake_discord.channel_id)
        by_id = {str(m.id): m for m in bot.seen}
        assert by_id[plain["id"]].content == ""
        assert by_id[mention["id"]].content.endswith("for the bot")


async def test_slash_command_then_button(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    command = await fake_discord.send_interaction(
        fake_discord.command_payload("echo", {"text": "hi"})
    )
    callback = await fake_discord.wait_for_callback(command)
    assert callback.json["type"] == 4
    assert callback.json["data"]["embeds"][0]["title"] == "hi"
    message = callback.response["resource"]["message"]
    press = fake_discord.component_payload("mini:press", message=message)
    await fake_discord.send_interaction(press)
    pressed = await fake_discord.wait_for_interaction_reply(press)
    assert pressed.message_body["content"] == "pressed"


async def test_autocomplete_choices(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    payload = fake_discord.autocomplete_payload("echo", {"text": "ab"}, focused="text")
    await fake_discord.send_interaction(payload)
    callback = await fake_discord.wait_for_callback(payload)
    assert callback.json["type"] == 8
    assert callback.status == 204
    assert [c["value"] for c in callback.json["data"]["choices"]][:2] == ["ab0", "ab1"]


async def test_too_many_autocomplete_choices_are_rejected(
    fake_discord: FakeDiscord, mini: MiniBot
) -> None:
    payload = fake_discord.autocomplete_payload("echo", {"text": "30"}, focused="text")
    await fake_discord.send_interaction(payload)
    callback = await fake_discord.wait_for_callback(payload)
    assert callback.status == 400
    assert "data.choices" in callback.response["errors"]
    assert fake_discord.problems()
    fake_discord.requests.clear()


async def test_defer_then_followup(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    payload = await fake_discord.send_interaction(fake_discord.command_payload("slow"))
    reply = await fake_discord.wait_for_interaction_reply(payload)
    assert reply.route == "POST /webhooks/{application_id}/{token}"
    assert reply.json["content"] == "done slowly"
    callback = await fake_discord.wait_for_callback(payload)
    assert callback.json["type"] == 5


async def test_builders_refuse_what_the_bot_never_registered(
    fake_discord: FakeDiscord, mini: MiniBot
) -> None:
    with pytest.raises(LookupError, match="no command 'nope'"):
        fake_discord.command_payload("nope")
    with pytest.raises(ValueError, match="unknown options"):
        fake_discord.command_payload("echo", {"text": "x", "extra": 1})
    with pytest.raises(ValueError, match="required options missing"):
        fake_discord.command_payload("echo")


async def test_discord_limits_are_enforced(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    channel = mini.get_channel(fake_discord.channel_id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as error:
        await channel.send(embed=discord.Embed(title="x" * 257))
    assert error.value.status == 400 and error.value.code == 50035
    assert "embeds.0.title" in str(error.value)
    fake_discord.requests.clear()


async def test_double_interaction_response_is_rejected(
    fake_discord: FakeDiscord, mini: MiniBot
) -> None:
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("echo", {"text": "a"})
    )
    await fake_discord.wait_for_callback(payload)
    interaction = fake_discord.interactions[int(payload["id"])]
    assert interaction.response_type == 4
    webhook = discord.Webhook.partial(fake_discord.application_id, payload["token"], client=mini)
    assert (await webhook.fetch_message(interaction.original_message_id or 0)).embeds[
        0
    ].title == "a"


async def test_unknown_routes_are_recorded(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    with pytest.raises(discord.NotFound):
        await mini.http.request(discord.http.Route("GET", "/no/such/route"))
    assert [r.path for r in fake_discord.unknown_requests] == ["/no/such/route"]
    fake_discord.requests.clear()


@pytest.mark.parametrize("code", [4000, 1001])
async def test_gateway_drop_resumes_and_replays(
    fake_discord: FakeDiscord, mini: MiniBot, code: int
) -> None:
    mark = len(fake_discord.gateway_received)
    await fake_discord.close_gateway(code)
    # Dispatched while the socket is down: Discord replays it after RESUME.
    await fake_discord.send_message(f"{fake_discord.mention()} are you there?")
    await fake_discord.wait_for_gateway(lambda f: f["op"] == 6, since=mark)
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    assert request.json["embeds"][0]["description"].endswith("are you there?")
    assert (fake_discord.identify_count, fake_discord.resume_count) == (1, 1)


async def test_reconnect_opcode_resumes(fake_discord: FakeDiscord, mini: MiniBot) -> None:
    await fake_discord.send_reconnect()
    await fake_discord.wait_for_gateway(lambda f: f["op"] == 6)
    await fake_discord.send_message(f"{fake_discord.mention()} still there?")
    await fake_discord.wait_for_message(fake_discord.channel_id)
    assert fake_discord.resume_count == 1


async def test_invalid_session_makes_the_client_identify_again(
    fake_discord: FakeDiscord, mini: MiniBot
) -> None:
    fake_discord.invalidate_resumes = True
    await fake_discord.close_gateway(4000)
    await fake_discord.wait_for_gateway(lambda f: f["op"] == 2 and fake_discord.identify_count == 2)
    await fake_discord.wait_until_connected()
    await fake_discord.send_message(f"{fake_discord.mention()} after a new session")
    await fake_discord.wait_for_message(fake_discord.channel_id)
    assert fake_discord.resume_count == 1


async def test_two_shards_route_guild_events_to_the_owning_shard(
    fake_discord: FakeDiscord,
) -> None:
    fake_discord.shard_count = 2
    bot = MiniBot(fake_discord.guild_id)
    async with started(bot, fake_discord.token):
        assert fake_discord.identify_count == 2
        guild = bot.get_guild(fake_discord.guild_id)
        assert guild is not None and guild.shard_id == (fake_discord.guild_id >> 22) % 2
        delivered = await fake_discord.dispatch(
            "MESSAGE_CREATE", fake_discord.message_payload(f"{fake_discord.mention()} shard?")
        )
        assert delivered == 1
        await fake_discord.wait_for_message(fake_discord.channel_id)


@pytest.mark.parametrize("compress", [True, False])
async def test_with_and_without_zlib_stream(fake_discord: FakeDiscord, compress: bool) -> None:
    fake_discord.honour_compression = compress
    bot = MiniBot(fake_discord.guild_id)
    async with started(bot, fake_discord.token):
        await fake_discord.send_message(f"{fake_discord.mention()} compressed?")
        await fake_discord.wait_for_message(fake_discord.channel_id)


async def test_bad_token_is_a_login_failure(fake_discord: FakeDiscord) -> None:
    bot = MiniBot(fake_discord.guild_id)
    async with bot:
        with pytest.raises(discord.LoginFailure):
            await bot.start(BAD_TOKEN)
    assert fake_discord.requests[-1].status == 401
    assert fake_discord.identify_count == 0


async def test_disallowed_privileged_intents(fake_discord: FakeDiscord) -> None:
    fake_discord.privileged_intents_allowed = False
    bot = MiniBot(fake_discord.guild_id)
    async with bot:
        with pytest.raises(discord.PrivilegedIntentsRequired):
            await bot.start(fake_discord.token)
