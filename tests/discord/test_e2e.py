"""StationBot end to end: the real discord.py client against the fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
import pytest
from conftest import ErrorLog, started
from fake_discord import BAD_TOKEN, EPHEMERAL, FakeDiscord

from bot import render

REFUSED = "station"  # too vague: the engine offers suggestions
URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def answerable(engine: Any) -> str:
    """A question the engine answers: a record's own first phrasing (robust to matcher tuning)."""
    for entry in engine.records:
        for question in entry.questions[:1]:
            answer = engine.ask(question)
            if answer.answered and answer.entry.id == entry.id:
                return str(question)
    raise AssertionError("the engine answers none of the records' own questions")


def _asked(engine: Any, question: str) -> Any:
    """The engine's own answer, so these tests check the Discord layer, not matching."""
    return engine.ask(question)


def _assert_cited(embed: dict[str, Any]) -> None:
    sources = [f for f in embed.get("fields", []) if f["name"].startswith("Sources")]
    assert sources, f"no Sources field in {embed}"
    assert URL.search(sources[0]["value"]), sources[0]["value"]


def _assert_pings_nobody(body: dict[str, Any]) -> None:
    allowed = body["allowed_mentions"]
    assert allowed["parse"] == []
    assert not allowed.get("users") and not allowed.get("roles")


def _entry_id(embed: dict[str, Any]) -> str | None:
    return render.entry_id_from_embed(discord.Embed.from_dict(embed))


async def test_commands_are_synced_to_the_guild(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    names = {name for _, name in fake_discord.guild_commands[fake_discord.guild_id]}
    assert {
        "ask",
        "record",
        "records",
        "subject",
        "fact",
        "source",
        "about",
        "help",
        "where",
    } <= names


@pytest.mark.parametrize(
    ("command", "options", "who"),
    [
        ("about", {}, "user"),
        ("help", {}, "user"),
        ("fact", {}, "user"),
        ("fact", {"topic": "iss"}, "user"),
        ("source", {"id": "iss-first-module"}, "user"),
        ("records", {"category": "spacewalks"}, "user"),
        ("subject", {"name": "iss"}, "user"),
        ("subject", {"name": "no such thing"}, "user"),
        ("where", {}, "user"),
        ("where", {"station": "tiangong"}, "user"),
        ("passes", {"place": "Lisbon"}, "user"),
        ("settings show", {}, "admin"),
        ("admin sync", {}, "owner"),
        ("admin reload", {}, "owner"),
    ],
)
async def test_every_command_replies_within_discord_limits(
    fake_discord: FakeDiscord, running_bot: Any, command: str, options: dict[str, Any], who: str
) -> None:
    user = {"user": fake_discord.user_id, "admin": fake_discord.admin_id}.get(who)
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload(command, options, user=user or fake_discord.owner_id)
    )
    reply = await fake_discord.wait_for_interaction_reply(payload)
    body = reply.message_body
    assert body.get("content") or body.get("embeds")
    _assert_pings_nobody(body)
    # running_bot's teardown fails on any body Discord would have rejected.


async def test_owner_can_sync_by_mention(fake_discord: FakeDiscord, running_bot: Any) -> None:
    mark = fake_discord.mark()
    await fake_discord.send_message(f"{fake_discord.mention()} sync", author=fake_discord.owner_id)
    await fake_discord.wait_for_request(lambda r: r.method == "PUT", since=mark)
    await fake_discord.wait_for_message(fake_discord.channel_id, since=mark)


async def test_mention_gets_a_cited_embed(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any, answerable: str
) -> None:
    expected = _asked(engine, answerable)
    assert expected.answered, "precondition: the engine answers this question"
    question = await fake_discord.send_message(f"{fake_discord.mention()} {answerable}")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    body = request.json
    assert len(body["embeds"]) == 1
    _assert_cited(body["embeds"][0])
    assert _entry_id(body["embeds"][0]) == expected.entry.id
    _assert_pings_nobody(body)
    assert str(body["message_reference"]["message_id"]) == question["id"]


async def test_dm_gets_an_answer(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any, answerable: str
) -> None:
    await fake_discord.send_message(answerable, dm=True)
    dm = fake_discord.dm_channel(fake_discord.user_id)
    request = await fake_discord.wait_for_message(int(dm["id"]))
    _assert_cited(request.json["embeds"][0])
    assert _entry_id(request.json["embeds"][0]) == _asked(engine, answerable).entry.id


async def test_plain_channel_chatter_is_ignored(
    fake_discord: FakeDiscord, running_bot: Any, answerable: str
) -> None:
    await fake_discord.send_message(answerable)  # no mention, not a listen channel
    # A mention afterwards is answered; nothing was sent for the chatter before it.
    await fake_discord.send_message(f"{fake_discord.mention()} {answerable}")
    await fake_discord.wait_for_message(fake_discord.channel_id)
    sent = [r for r in fake_discord.requests if r.route == "POST /channels/{channel_id}/messages"]
    assert len(sent) == 1


async def test_ask_command_answers_with_an_embed(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any, answerable: str
) -> None:
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("ask", {"question": answerable})
    )
    callback = await fake_discord.wait_for_callback(payload)
    assert callback.status == 200
    assert callback.json["type"] == 4
    data = callback.json["data"]
    _assert_cited(data["embeds"][0])
    assert _entry_id(data["embeds"][0]) == _asked(engine, answerable).entry.id
    _assert_pings_nobody(data)


async def test_reply_to_an_answer_is_a_follow_up(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any, answerable: str
) -> None:
    await fake_discord.send_message(f"{fake_discord.mention()} {answerable}")
    answer = (await fake_discord.wait_for_message(fake_discord.channel_id)).response
    context = _entry_id(answer["embeds"][0])
    candidates = ["when was it set?", "who held it before?", "when did that happen?",
                  "how long was that?", "who was it?", "and where?"]  # fmt: skip
    answers = [(q, engine.ask(q, context=context)) for q in candidates]
    usable = [(q, a) for q, a in answers if a.answered and a.used_context]
    assert usable, "precondition: one of the follow-ups is answered from context"
    follow_up, expected = usable[0]
    mark = fake_discord.mark()
    # A reply (with Discord's default "@ on") mentions the bot, so its content is delivered
    # even without the message-content intent.
    asked = await fake_discord.send_message(follow_up, referenced_message=answer)
    request = await fake_discord.wait_for_message(fake_discord.channel_id, since=mark)
    assert str(request.json["message_reference"]["message_id"]) == asked["id"]
    assert _entry_id(request.json["embeds"][0]) == expected.entry.id


async def test_listen_channel_needs_the_message_content_intent(
    fake_discord: FakeDiscord,
    bot_settings: Any,
    engine: Any,
    storage: Any,
    error_log: ErrorLog,
    answerable: str,
) -> None:
    from bot.client import StationBot

    settings = bot_settings.model_copy(update={"message_content_intent": True})
    bot = StationBot(settings=settings, engine=engine, storage=storage)
    listen = fake_discord.other_channel_id
    async with started(bot, fake_discord.token):
        with pytest.raises(PermissionError):  # Discord hides /settings from plain members
            fake_discord.command_payload("settings listen", {"channel": listen, "enabled": True})
        turn_on = await fake_discord.send_interaction(
            fake_discord.command_payload(
                "settings listen",
                {"channel": listen, "enabled": True},
                user=fake_discord.admin_id,
            )
        )
        await fake_discord.wait_for_interaction_reply(turn_on)
        assert listen in (await storage.guild_settings(fake_discord.guild_id)).listen_channels

        await fake_discord.send_message(answerable, channel_id=fake_discord.channel_id)
        await fake_discord.send_message(answerable, channel_id=listen)
        answered = await fake_discord.wait_for_message(listen)
        _assert_cited(answered.json["embeds"][0])
    replies = [
        r for r in fake_discord.requests if r.route == "POST /channels/{channel_id}/messages"
    ]
    assert [r.params["channel_id"] for r in replies] == [str(listen)]
    problems = fake_discord.problems() + error_log.lines()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("typed", ["", "long", "zzzz-nothing-like-it"])
async def test_record_autocomplete(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any, typed: str
) -> None:
    payload = await fake_discord.send_interaction(
        fake_discord.autocomplete_payload("record", {"name": typed}, focused="name")
    )
    callback = await fake_discord.wait_for_callback(payload)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert len(choices) <= 25
    for choice in choices:
        entry = engine.get(choice["value"])
        assert entry is not None and entry.kind == "record"
    if typed == "long":
        assert choices, "something should match 'long'"


async def test_record_from_an_autocompleted_choice(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    typed = await fake_discord.send_interaction(
        fake_discord.autocomplete_payload("record", {"name": "longest"}, focused="name")
    )
    choice = (await fake_discord.wait_for_callback(typed)).json["data"]["choices"][0]
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("record", {"name": choice["value"]})
    )
    reply = await fake_discord.wait_for_interaction_reply(payload)
    embed = reply.message_body["embeds"][0]
    assert _entry_id(embed) == choice["value"]
    _assert_cited(embed)


async def test_refused_question_offers_buttons_that_answer(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any
) -> None:
    refused = _asked(engine, REFUSED)
    assert not refused.answered and refused.suggestions, "precondition: a refusal with ideas"
    await fake_discord.send_message(f"{fake_discord.mention()} {REFUSED}")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    sent = request.response  # the message as stored by Discord
    buttons = fake_discord.buttons(sent)
    assert 1 <= len(buttons) <= 3
    assert all(b["custom_id"].startswith("stationbot:suggest:") for b in buttons)
    _assert_pings_nobody(request.json)

    first = refused.suggestions[0].entry_id
    press = fake_discord.component_payload(f"stationbot:suggest:{first}", message=sent)
    await fake_discord.send_interaction(press)
    reply = await fake_discord.wait_for_interaction_reply(press)
    embed = reply.message_body["embeds"][0]
    assert _entry_id(embed) == first
    _assert_cited(embed)


async def test_who_someone_is_with_no_overview_offers_the_facts_that_mention_them(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any
) -> None:
    question = "who is Tim Peake?"
    refused = _asked(engine, question)
    assert refused.refusal == "no-subject", "precondition: no subject for Tim Peake"
    await fake_discord.send_message(f"{fake_discord.mention()} {question}")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    assert "no overview" in request.json["content"]
    buttons = fake_discord.buttons(request.response)
    first = refused.suggestions[0].entry_id
    assert f"stationbot:suggest:{first}" in [b["custom_id"] for b in buttons]
    _assert_pings_nobody(request.json)


async def test_refused_ask_is_private_and_its_buttons_work(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any
) -> None:
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("ask", {"question": REFUSED})
    )
    callback = await fake_discord.wait_for_callback(payload)
    assert callback.json["data"]["flags"] & EPHEMERAL
    message = callback.response["resource"]["message"]
    custom_id = fake_discord.buttons(message)[0]["custom_id"]
    press = await fake_discord.send_interaction(
        fake_discord.component_payload(custom_id, message=message)
    )
    reply = await fake_discord.wait_for_interaction_reply(press)
    assert _entry_id(reply.message_body["embeds"][0]) == custom_id.rsplit(":", 1)[1]


async def test_records_pager_turns_pages_for_the_invoker_only(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    payload = await fake_discord.send_interaction(fake_discord.command_payload("records"))
    callback = await fake_discord.wait_for_callback(payload)
    first = callback.response["resource"]["message"]
    buttons = {b["label"]: b for b in fake_discord.buttons(first)}
    assert buttons["Prev"].get("disabled") and not buttons["Next"].get("disabled")

    stranger = await fake_discord.send_interaction(
        fake_discord.component_payload(
            buttons["Next"]["custom_id"], message=first, user=fake_discord.admin_id
        )
    )
    refusal = await fake_discord.wait_for_callback(stranger)
    assert refusal.json["type"] == 4 and refusal.json["data"]["flags"] & EPHEMERAL

    turn = await fake_discord.send_interaction(
        fake_discord.component_payload(buttons["Next"]["custom_id"], message=first)
    )
    update = await fake_discord.wait_for_callback(turn)
    assert update.json["type"] == 7  # the pager edits its own message
    second = fake_discord.messages[int(first["id"])]
    assert second["embeds"][0] != callback.json["data"]["embeds"][0]
    assert not {b["label"]: b for b in fake_discord.buttons(second)}["Prev"].get("disabled")


@pytest.mark.parametrize("ping", ["@everyone", "@here", "<@&{role}>"])
async def test_mass_mentions_in_a_question_ping_nobody(
    fake_discord: FakeDiscord, running_bot: Any, ping: str, answerable: str
) -> None:
    ping = ping.format(role=fake_discord.mod_role_id)
    text = f"{fake_discord.mention()} {ping} {answerable} {ping}"
    await fake_discord.send_message(text)
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    _assert_pings_nobody(request.json)
    assert request.json["allowed_mentions"].get("replied_user") is False

    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("ask", {"question": f"{ping} when did the ISS launch?"})
    )
    _assert_pings_nobody((await fake_discord.wait_for_callback(payload)).json["data"])


@pytest.mark.parametrize("code", [4000, 1001])
async def test_still_answers_after_a_gateway_drop(
    fake_discord: FakeDiscord, running_bot: Any, code: int, answerable: str
) -> None:
    mark = len(fake_discord.gateway_received)
    await fake_discord.close_gateway(code)
    # Asked while the socket is down: Discord replays it once the bot resumes.
    await fake_discord.send_message(f"{fake_discord.mention()} {answerable}")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    _assert_cited(request.json["embeds"][0])
    reconnects = [f for f in fake_discord.gateway_received[mark:] if f["op"] in (2, 6)]
    assert reconnects, "the bot neither resumed nor identified again"
    assert fake_discord.resume_count + fake_discord.identify_count >= 2


async def test_bad_token_is_a_login_failure(
    fake_discord: FakeDiscord, bot_settings: Any, engine: Any, storage: Any
) -> None:
    from bot.client import StationBot

    bot = StationBot(settings=bot_settings, engine=engine, storage=storage)
    async with bot:
        with pytest.raises(discord.LoginFailure):
            await asyncio.wait_for(bot.start(BAD_TOKEN), timeout=20)
    assert fake_discord.identify_count == 0


async def test_launcher_reports_a_rejected_token(
    fake_discord: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.launcher import run_bot

    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DISCORD_TOKEN", BAD_TOKEN)
    monkeypatch.setenv("DISCORD_GUILD_ID", str(fake_discord.guild_id))
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    root_level = logging.getLogger().level  # run_bot sets the root logger's level
    # run_bot owns its event loop (asyncio.run), so it runs in a thread while this loop serves
    # the fake.
    try:
        code = await asyncio.wait_for(asyncio.to_thread(run_bot, None), timeout=30)
    finally:
        logging.getLogger().setLevel(root_level)
    err = capsys.readouterr().err
    assert code != 0
    assert "rejected the token" in err
    assert BAD_TOKEN not in err
    assert "Traceback" not in err
    assert fake_discord.requests[-1].route == "GET /users/@me"
    assert fake_discord.requests[-1].status == 401


async def test_reply_without_ping_is_not_answered_with_an_empty_hint(
    fake_discord: FakeDiscord, running_bot: Any, answerable: str
) -> None:
    await fake_discord.send_message(f"{fake_discord.mention()} {answerable}")
    answer = (await fake_discord.wait_for_message(fake_discord.channel_id)).response
    mark = fake_discord.mark()
    # "@ off": no mention, so without the message-content intent Discord delivers no text
    await fake_discord.send_message(answerable, referenced_message=answer, ping_reply=False)
    await fake_discord.send_message(f"{fake_discord.mention()} {answerable}")
    await fake_discord.wait_for_message(fake_discord.channel_id, since=mark)
    sent = [
        r for r in fake_discord.requests[mark:] if r.route == "POST /channels/{channel_id}/messages"
    ]
    assert len(sent) == 1
    assert "Ask me" not in (sent[0].json.get("content") or "")


async def test_what_is_a_subject_gets_its_card_and_its_menu_answers(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any
) -> None:
    assert _asked(engine, "what was mir?").fact_id == "mir", "precondition: the overview"
    await fake_discord.send_message(f"{fake_discord.mention()} what was mir?")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    (embed,) = request.json["embeds"]
    assert embed["title"] == "Mir" and embed["author"]["name"] == "Space station"
    assert _entry_id(embed) == "mir"
    _assert_cited(embed)
    _assert_pings_nobody(request.json)
    card = request.response
    (custom_id,) = fake_discord.custom_ids(card)
    assert custom_id == "stationbot:subject:mir"

    pick = fake_discord.component_payload(
        custom_id, message=card, component_type=3, values=["stn-mir-fire"]
    )
    await fake_discord.send_interaction(pick)
    reply = await fake_discord.wait_for_interaction_reply(pick)
    picked = reply.message_body["embeds"][0]
    assert _entry_id(picked) == "stn-mir-fire"
    assert "from the mir card" in picked["footer"]["text"]
    _assert_cited(picked)


async def test_a_fact_offers_the_cards_of_its_subjects(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any
) -> None:
    question = "how long was the one year mission?"
    answer = _asked(engine, question)
    assert answer.fact_id == "oym-duration", "precondition: a fact, not an overview"
    subjects = [s.id for s in engine.subjects.of(answer.entry)][:3]
    assert "scott-kelly" in subjects, "precondition: the fact is about Scott Kelly"
    await fake_discord.send_message(f"{fake_discord.mention()} {question}")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    _assert_pings_nobody(request.json)
    buttons = fake_discord.buttons(request.response)
    assert [b["custom_id"] for b in buttons] == [f"stationbot:about:{s}" for s in subjects]
    label = {b["custom_id"]: b["label"] for b in buttons}["stationbot:about:scott-kelly"]
    assert label == "About Scott Kelly"

    press = fake_discord.component_payload("stationbot:about:scott-kelly", message=request.response)
    await fake_discord.send_interaction(press)
    reply = await fake_discord.wait_for_interaction_reply(press)
    (card,) = reply.message_body["embeds"]
    assert card["title"] == "Scott Kelly" and _entry_id(card) == "scott-kelly"
    assert render.ABOUT_NOTE in card["footer"]["text"]
    _assert_cited(card)
    assert fake_discord.custom_ids(reply.message_body) == ["stationbot:subject:scott-kelly"]


async def test_a_follow_up_leans_on_the_subject_just_shown(
    fake_discord: FakeDiscord, running_bot: Any, engine: Any
) -> None:
    expected = engine.ask("when did it come down?", context="mir")
    assert expected.fact_id == "stn-mir", "precondition: the engine leans on Mir"
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("ask", {"question": "tell me about mir"})
    )
    await fake_discord.wait_for_interaction_reply(payload)
    follow = await fake_discord.send_interaction(
        fake_discord.command_payload("ask", {"question": "when did it come down?"})
    )
    reply = await fake_discord.wait_for_interaction_reply(follow)
    assert _entry_id(reply.message_body["embeds"][0]) == "stn-mir"


async def test_subject_from_an_autocompleted_choice(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    typed = await fake_discord.send_interaction(
        fake_discord.autocomplete_payload("subject", {"name": "whitson"}, focused="name")
    )
    choices = (await fake_discord.wait_for_callback(typed)).json["data"]["choices"]
    assert 1 <= len(choices) <= 25 and choices[0]["value"] == "peggy-whitson"
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("subject", {"name": choices[0]["value"]})
    )
    reply = await fake_discord.wait_for_interaction_reply(payload)
    embed = reply.message_body["embeds"][0]
    assert _entry_id(embed) == "peggy-whitson" and embed["author"]["name"] == "Person"
    _assert_cited(embed)
