"""The Ask cog: /ask, mentions, replies, DMs, listen channels, suggestions, cooldown, repeats."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from unittest.mock import MagicMock

import discord
import pytest
from fakes import (
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    OTHER_CHANNEL_ID,
    OTHER_USER_ID,
    Clock,
    FakeStorage,
    bot_user_mention,
    make_interaction,
    make_message,
    make_settings,
    make_user,
    sent_kwargs,
    shipped_engine,
    station_bot,
)

from bot import render
from bot.cards import BUTTON_PREFIXES, EntryButton
from bot.client import StationBot
from bot.engine import Answer
from bot.exts.ask import Ask, suggestion_view
from bot.replies import TRANSIENT_SECONDS

ANSWERED = "What was the first module of the International Space Station?"
UNSURE = "what about the weather on mars"  # refused, with suggestions
NONSENSE = "asdf qwerty zxcv"  # refused, nothing to suggest
FIRST, FOLLOW_UP = "How long were Kelly and Kornienko in space?", "where did he land?"


@pytest.fixture
def storage() -> FakeStorage:
    return FakeStorage()


@pytest.fixture
async def bot(storage: FakeStorage) -> AsyncIterator[StationBot]:
    settings = make_settings(
        question_cooldown_seconds=5.0,
        repeat_window_seconds=60.0,
        context_seconds=300.0,
        message_content_intent=True,
    )
    async with station_bot(storage=storage, settings=settings) as bot:
        yield bot


@pytest.fixture
async def cog(bot: StationBot) -> Ask:
    """A fresh Ask cog on a manual clock, replacing the loaded one."""
    await bot.remove_cog("Ask")
    cog = Ask(bot, clock=Clock())
    await bot.add_cog(cog)
    return cog


def clock_of(cog: Ask) -> Clock:
    clock = cog.cooldowns._clock
    assert isinstance(clock, Clock)
    return clock


def rest(cog: Ask) -> None:
    """Let the question cooldown pass."""
    clock_of(cog).advance(cog.bot.settings.question_cooldown_seconds)


async def ask(cog: Ask, question: str, **kwargs: Any) -> MagicMock:
    interaction = make_interaction(cog.bot, **kwargs)
    await cog.ask.callback(cog, interaction, question=question)
    return interaction


def reply_of(interaction: MagicMock) -> dict[str, Any]:
    """What the user saw: the single response (send_message) to the interaction."""
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["allowed_mentions"] is render.NO_MENTIONS
    return kwargs


# -- /ask ---------------------------------------------------------------------------------------


async def test_ask_answers_with_a_public_cited_embed(cog: Ask) -> None:
    interaction = await ask(cog, ANSWERED)
    shown = reply_of(interaction)
    expected = shipped_engine().ask(ANSWERED)
    assert expected.entry is not None
    assert shown["ephemeral"] is False
    embed: discord.Embed = shown["embed"]
    assert embed.description == expected.entry.answer
    assert any(f.name == "Sources" for f in embed.fields)
    assert embed.footer.text == f"{expected.entry.id} · confidence {expected.confidence:.0%}"


async def test_unsure_answer_offers_suggestion_buttons_and_logs_the_question(
    cog: Ask, storage: FakeStorage
) -> None:
    interaction = await ask(cog, UNSURE)
    shown = reply_of(interaction)
    assert shown["ephemeral"] is True
    assert "not sure" in shown["content"]
    view: discord.ui.View = shown["view"]
    expected = shipped_engine().ask(UNSURE).suggestions
    assert 1 <= len(view.children) == len(expected) <= 3
    for item, suggestion in zip(view.children, expected, strict=True):
        assert isinstance(item, EntryButton)
        assert item.custom_id == f"stationbot:suggest:{suggestion.entry_id}"
        assert len(item.item.label or "") <= render.BUTTON_LABEL_LIMIT
    assert storage.unanswered == [(UNSURE, GUILD_ID)]  # no user id anywhere


async def test_nonsense_gets_not_sure_without_buttons(cog: Ask, storage: FakeStorage) -> None:
    shown = reply_of(await ask(cog, NONSENSE))
    assert "view" not in shown
    assert "I know about" in shown["content"]
    assert storage.unanswered == [(NONSENSE, GUILD_ID)]


@pytest.mark.parametrize(
    ("question", "said"),
    [("was Skylab better than Mir?", "opinion"), ("who is commanding the ISS right now?", "live")],
)
async def test_a_judgement_or_a_live_question_is_refused_as_one_and_not_logged(
    cog: Ask, storage: FakeStorage, question: str, said: str
) -> None:
    shown = reply_of(await ask(cog, question))
    assert shown["ephemeral"] is True and said in shown["content"]
    assert storage.unanswered == []  # neither is a fact the knowledge lacks


async def test_who_someone_is_with_no_overview_is_refused_as_such_and_logged(
    cog: Ask, storage: FakeStorage
) -> None:
    question = "who is Tim Peake?"
    shown = reply_of(await ask(cog, question))
    assert "no overview" in shown["content"]
    assert storage.unanswered == [(question, GUILD_ID)]  # a maintainer may add a subject


async def test_unanswered_log_in_dms_has_no_guild(cog: Ask, storage: FakeStorage) -> None:
    await ask(cog, NONSENSE, guild_id=None)
    assert storage.unanswered == [(NONSENSE, None)]


@pytest.fixture
def contexts(cog: Ask, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The context each engine.ask call received (the real engine still answers)."""
    seen: list[Any] = []
    real = cog.bot.engine

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def ask(self, question: str, context: Any = None) -> Answer:
            seen.append(context)
            return real.ask(question, context=context)

    monkeypatch.setattr(cog.bot, "engine", Spy())
    return seen


def first_entry_id() -> str:
    entry = shipped_engine().ask(FIRST).entry
    assert entry is not None, "the shipped knowledge no longer answers FIRST"
    return entry.id


def assert_shows(shown: dict[str, Any], expected: Answer) -> None:
    """The reply renders ``expected``: its entry (marked follow-up when context was used)."""
    if expected.entry is None:
        assert "not sure" in shown["content"]
        return
    footer = shown["embed"].footer.text
    assert footer.startswith(f"{expected.entry.id} · ")
    assert footer.endswith("follow-up") == expected.used_context


async def test_follow_up_passes_the_previous_answer_as_context(
    cog: Ask, contexts: list[Any]
) -> None:
    await ask(cog, FIRST)
    rest(cog)
    shown = reply_of(await ask(cog, FOLLOW_UP))
    assert contexts == [None, first_entry_id()]
    assert_shows(shown, shipped_engine().ask(FOLLOW_UP, context=first_entry_id()))


async def test_context_is_per_user_and_per_channel(cog: Ask, contexts: list[Any]) -> None:
    await ask(cog, FIRST)
    rest(cog)
    await ask(cog, FOLLOW_UP, user_id=OTHER_USER_ID)
    rest(cog)
    await ask(cog, FOLLOW_UP, channel_id=OTHER_CHANNEL_ID)
    assert contexts == [None, None, None]


async def test_context_expires(cog: Ask, contexts: list[Any]) -> None:
    await ask(cog, FIRST)
    clock_of(cog).advance(cog.bot.settings.context_seconds)
    await ask(cog, FOLLOW_UP)
    assert contexts == [None, None]


async def test_cooldown_gives_a_friendly_ephemeral_reply(cog: Ask) -> None:
    await ask(cog, ANSWERED)
    clock_of(cog).advance(2)
    shown = reply_of(await ask(cog, "Which shuttle carried Unity to orbit?"))
    assert shown["ephemeral"] is True
    assert shown["content"] == render.cooldown_text(3)
    clock_of(cog).advance(3)
    shown = reply_of(await ask(cog, "Which shuttle carried Unity to orbit?"))
    assert "embed" in shown


async def test_cooldown_is_per_user(cog: Ask) -> None:
    await ask(cog, ANSWERED)
    shown = reply_of(await ask(cog, "Which shuttle carried Unity to orbit?", user_id=OTHER_USER_ID))
    assert "embed" in shown


async def test_server_cooldown_overrides_the_default(cog: Ask, storage: FakeStorage) -> None:
    await storage.set_cooldown(GUILD_ID, 0)
    await ask(cog, ANSWERED)
    shown = reply_of(await ask(cog, "Which shuttle carried Unity to orbit?"))
    assert "embed" in shown


async def test_same_answer_in_the_same_channel_points_to_the_first(cog: Ask) -> None:
    await ask(cog, ANSWERED)
    shown = reply_of(await ask(cog, ANSWERED, user_id=OTHER_USER_ID))
    assert shown["ephemeral"] is True
    assert re.fullmatch(
        rf"I just answered that above: https://discord.com/channels/{GUILD_ID}/{CHANNEL_ID}/\d+",
        shown["content"],
    )


async def test_repeat_window_is_per_channel_and_expires(cog: Ask) -> None:
    await ask(cog, ANSWERED)
    elsewhere = reply_of(
        await ask(cog, ANSWERED, user_id=OTHER_USER_ID, channel_id=OTHER_CHANNEL_ID)
    )
    assert "embed" in elsewhere
    clock_of(cog).advance(cog.bot.settings.repeat_window_seconds + 1)
    again = reply_of(await ask(cog, ANSWERED, user_id=OTHER_USER_ID))
    assert "embed" in again


# -- suggestion buttons -------------------------------------------------------------------------


async def test_suggestion_button_answers_its_entry_publicly(cog: Ask) -> None:
    entry = shipped_engine().get("iss-unity")
    assert entry is not None
    button = EntryButton("iss-unity", "When did the Unity node launch?")
    match = button.template.fullmatch(button.custom_id)
    assert match is not None
    interaction = make_interaction(cog.bot, user_id=OTHER_USER_ID)
    rebuilt = await EntryButton.from_custom_id(interaction, button.item, match)
    assert rebuilt.entry_id == "iss-unity"
    await rebuilt.callback(interaction)
    shown = reply_of(interaction)
    assert shown["ephemeral"] is False
    assert shown["embed"].description == entry.answer
    assert shown["embed"].footer.text == "iss-unity · chosen from suggestions"
    assert cog.context.get((CHANNEL_ID, OTHER_USER_ID)) == "iss-unity"


async def test_suggestion_for_a_vanished_entry_says_so(cog: Ask) -> None:
    interaction = make_interaction(cog.bot)
    await EntryButton("no-such-entry").callback(interaction)
    shown = reply_of(interaction)
    assert shown["ephemeral"] is True
    assert shown["content"] == render.entry_gone_text()


async def test_suggestion_button_without_the_cog_apologises(bot: StationBot) -> None:
    await bot.remove_cog("Ask")
    interaction = make_interaction(bot)
    await EntryButton("iss-unity").callback(interaction)
    shown = reply_of(interaction)
    assert shown["ephemeral"] is True
    assert interaction.response.send_message.call_args.args == (render.apology_text(),)


def test_suggestion_ids_are_persistent_and_too_long_ids_are_skipped() -> None:
    from bot.engine import Suggestion

    long_id = "a" * 90
    view = suggestion_view(
        (Suggestion("Q one?", "iss-unity", 50), Suggestion("Q two?", long_id, 49))
    )
    assert view is not None and view.timeout is None
    assert [c.custom_id for c in view.children] == [f"{BUTTON_PREFIXES['suggest']}iss-unity"]  # type: ignore[attr-defined]
    assert suggestion_view(()) is None


async def test_the_cog_registers_the_dynamic_button(bot: StationBot) -> None:
    def names() -> list[str]:
        return [item.__name__ for item in bot._connection._view_store._dynamic_items.values()]

    assert "EntryButton" in names()
    await bot.remove_cog("Ask")
    assert "EntryButton" not in names()


# -- messages -----------------------------------------------------------------------------------


def channel_sends(message: MagicMock) -> list[dict[str, Any]]:
    calls = [dict(c.kwargs) for c in message.channel.send.await_args_list]
    for kwargs in calls:
        assert kwargs["allowed_mentions"] is render.NO_MENTIONS
        assert kwargs["mention_author"] is False
    return calls


async def test_mention_is_answered_as_a_reply_without_pings(cog: Ask) -> None:
    message = make_message(f"<@{BOT_ID}> {ANSWERED} @everyone", mentions=[bot_user_mention()])
    await cog.on_message(message)
    (sent,) = channel_sends(message)
    assert sent["embed"].footer.text.startswith("iss-first-module")
    message.to_reference.assert_called_once_with(fail_if_not_exists=False)
    assert "content" not in sent  # the user's text is never echoed


async def test_nickname_mention_is_stripped_too(cog: Ask) -> None:
    message = make_message(f"<@!{BOT_ID}> {ANSWERED}", mentions=[bot_user_mention()])
    await cog.on_message(message)
    (sent,) = channel_sends(message)
    assert "embed" in sent


async def test_dm_is_answered_without_a_mention(cog: Ask) -> None:
    message = make_message(ANSWERED, dm=True)
    await cog.on_message(message)
    (sent,) = channel_sends(message)
    assert "embed" in sent


async def test_unsure_mention_gets_buttons_in_public(cog: Ask, storage: FakeStorage) -> None:
    message = make_message(f"<@{BOT_ID}> {UNSURE}", mentions=[bot_user_mention()])
    await cog.on_message(message)
    (sent,) = channel_sends(message)
    assert "not sure" in sent["content"] and sent["view"].children
    assert "delete_after" not in sent
    assert storage.unanswered == [(UNSURE, GUILD_ID)]


async def test_empty_mention_gets_a_short_hint(cog: Ask) -> None:
    message = make_message(f"<@{BOT_ID}>", mentions=[bot_user_mention()])
    await cog.on_message(message)
    (sent,) = channel_sends(message)
    assert "/ask" in sent["content"]
    assert sent["delete_after"] == TRANSIENT_SECONDS


async def test_cooldown_on_messages_is_a_brief_reply(cog: Ask) -> None:
    await cog.on_message(make_message(ANSWERED, dm=True))
    message = make_message("When did the Unity node launch?", dm=True)
    await cog.on_message(message)
    (sent,) = channel_sends(message)
    assert sent["content"].startswith("One moment")
    assert sent["delete_after"] == TRANSIENT_SECONDS


async def test_reply_to_the_bot_uses_that_answer_as_context(cog: Ask, contexts: list[Any]) -> None:
    first = shipped_engine().ask(FIRST)
    ours = MagicMock(spec_set=discord.Message)
    ours.author = bot_user_mention()
    ours.embeds = [render.answer_embed(first)]
    reference = MagicMock(spec_set=discord.MessageReference)
    reference.resolved = ours
    message = make_message(FOLLOW_UP, reference=reference, mentions=[bot_user_mention()])
    await cog.on_message(message)
    assert contexts == [first_entry_id()]
    (sent,) = channel_sends(message)
    assert_shows(sent, shipped_engine().ask(FOLLOW_UP, context=first_entry_id()))


async def test_reply_to_someone_else_is_ignored(cog: Ask) -> None:
    theirs = MagicMock(spec_set=discord.Message)
    theirs.author = make_user(OTHER_USER_ID)
    reference = MagicMock(spec_set=discord.MessageReference)
    reference.resolved = theirs
    message = make_message(ANSWERED, reference=reference)
    await cog.on_message(message)
    message.channel.send.assert_not_awaited()


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_message(ANSWERED),  # plain chat, not a listen channel
        lambda: make_message(ANSWERED, dm=True, author=make_user(OTHER_USER_ID, bot=True)),
    ],
    ids=["plain-guild-message", "other-bot"],
)
async def test_messages_not_for_us_are_ignored(cog: Ask, make: Any) -> None:
    message = make()
    await cog.on_message(message)
    message.channel.send.assert_not_awaited()


async def test_mention_prefixed_command_is_not_answered(cog: Ask) -> None:
    message = make_message(f"<@{BOT_ID}> sync", mentions=[bot_user_mention()])
    await cog.on_message(message)
    message.channel.send.assert_not_awaited()


async def test_listen_channel_answers_only_confident_questions(
    cog: Ask, storage: FakeStorage
) -> None:
    await cog.bot.set_listen(GUILD_ID, CHANNEL_ID, True)
    answered = make_message(ANSWERED)
    await cog.on_message(answered)
    assert "embed" in channel_sends(answered)[0]
    for text in (UNSURE + "?", "lol nice", NONSENSE):
        quiet = make_message(text, author=make_user(OTHER_USER_ID))
        await cog.on_message(quiet)
        quiet.channel.send.assert_not_awaited()
    assert storage.unanswered == []  # listening logs nothing


async def test_listen_channel_stays_quiet_on_repeats_and_cooldowns(cog: Ask) -> None:
    await cog.bot.set_listen(GUILD_ID, CHANNEL_ID, True)
    await cog.on_message(make_message(ANSWERED))
    for message in (
        make_message(ANSWERED, author=make_user(OTHER_USER_ID)),  # repeat
        make_message("When did the Unity node launch?"),  # cooldown
    ):
        await cog.on_message(message)
        message.channel.send.assert_not_awaited()


async def test_listen_needs_the_message_content_intent(storage: FakeStorage) -> None:
    async with station_bot(storage=storage, settings=make_settings()) as bot:
        await bot.set_listen(GUILD_ID, CHANNEL_ID, True)
        cog: Any = bot.get_cog("Ask")
        message = make_message(ANSWERED)
        await cog.on_message(message)
        message.channel.send.assert_not_awaited()


async def test_an_error_while_answering_a_mention_apologises(cog: Ask) -> None:
    message = make_message(ANSWERED, dm=True)
    first_send = message.channel.send.side_effect

    async def fail_once(*args: Any, **kwargs: Any) -> Any:
        message.channel.send.side_effect = first_send
        raise RuntimeError("boom")

    message.channel.send.side_effect = fail_once
    await cog.on_message(message)  # does not raise
    assert message.channel.send.await_count == 2
    assert message.channel.send.await_args.kwargs["content"] == render.apology_text()


async def test_guild_settings_are_cached(cog: Ask, storage: FakeStorage) -> None:
    await cog.on_message(make_message("is the ISS visible from earth?"))
    await cog.on_message(
        make_message("is the ISS visible from earth?", author=make_user(OTHER_USER_ID))
    )
    assert storage.reads == 1
