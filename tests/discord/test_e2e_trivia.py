"""Trivia end to end: the real StationBot and discord.py against the fake Discord on 127.0.0.1.

Start a quiz, answer with buttons, skip, stop, read the leaderboard, restart the bot (the
leaderboard is still there); the timer and hint with short durations; the free-text mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import ErrorLog, started
from fake_discord import EPHEMERAL, FakeDiscord

from bot.client import StationBot
from bot.exts.trivia import CUSTOM_ID_PREFIX, Trivia
from bot.quiz.bank import BASE_POINTS, DIFFICULTIES, QuestionBank
from bot.storage import Storage

JSON = dict[str, Any]
POST_MESSAGE = "POST /channels/{channel_id}/messages"


@pytest.fixture
def bot_settings(bot_settings: Any) -> Any:
    """No pause between questions: the tests advance with /trivia skip, never by waiting."""
    return bot_settings.model_copy(update={"quiz_break_seconds": 0.0})


def _embed_titled(prefix: str) -> Callable[[JSON], bool]:
    def check(body: JSON) -> bool:
        return any((e.get("title") or "").startswith(prefix) for e in body.get("embeds") or [])

    return check


def _is_question(body: JSON) -> bool:
    return any(c.startswith(CUSTOM_ID_PREFIX) for c in FakeDiscord.custom_ids(body))


async def _command(
    fake: FakeDiscord, name: str, options: dict[str, Any] | None = None, *, user: int
) -> JSON:
    payload = await fake.send_interaction(fake.command_payload(name, options, user=user))
    reply = await fake.wait_for_interaction_reply(payload)
    assert reply.message_body is not None
    return reply.message_body


async def _press(fake: FakeDiscord, message: JSON, custom_id: str, *, user: int) -> JSON:
    payload = fake.component_payload(custom_id, message=message, user=user)
    await fake.send_interaction(payload)
    reply = await fake.wait_for_interaction_reply(payload)
    assert reply.message_body is not None
    return reply.message_body


async def _question_message(fake: FakeDiscord, since: int) -> JSON:
    request = await fake.wait_for_message(fake.channel_id, _is_question, since=since)
    message: JSON = request.response
    return message


def _button_id(message: JSON, choice: int) -> str:
    ids = [c for c in FakeDiscord.custom_ids(message) if c.startswith(CUSTOM_ID_PREFIX)]
    return next(c for c in ids if c.endswith(f":{choice}"))


def _ephemeral(body: JSON) -> bool:
    return bool(int(body.get("flags") or 0) & EPHEMERAL)


def _description(body: JSON) -> str:
    return str(body["embeds"][0].get("description") or "")


def _assert_nobody_pinged(fake: FakeDiscord) -> None:
    """Every message the bot sent or edited disabled mentions."""
    for request in fake.requests:
        body = request.message_body
        if body is None or request.method not in ("POST", "PATCH") or not request.route:
            continue
        if "interactions" in request.route and request.json.get("type") not in (4, 7):
            continue
        if request.method == "POST" or "allowed_mentions" in body:
            assert body.get("allowed_mentions", {}).get("parse") == [], str(request)


def _cog(bot: StationBot) -> Any:
    """The loaded Trivia cog (load_extension imports its own copy of the module)."""
    cog = bot.get_cog(Trivia.__cog_name__)
    assert type(cog).__name__ == "Trivia"
    return cog


def _problems(fake: FakeDiscord, error_log: ErrorLog) -> list[str]:
    return fake.problems() + error_log.lines()


async def test_quiz_with_buttons_then_leaderboard_survives_a_restart(
    fake_discord: FakeDiscord,
    bot_settings: Any,
    engine: Any,
    storage: Storage,
    error_log: ErrorLog,
) -> None:
    fake = fake_discord
    astro, moderator = fake.user_id, fake.admin_id
    visitor = int(fake.add_user("visitor")["id"])
    # Long questions: nothing moves on by itself, the test skips and stops.
    await storage.set_quiz_defaults(fake.guild_id, rounds=None, seconds=120)

    bot = StationBot(settings=bot_settings, engine=engine, storage=storage)
    async with started(bot, fake.token):
        cog = _cog(bot)
        mark = fake.mark()
        start = await _command(fake, "trivia start", {"rounds": 2, "topic": "records"}, user=astro)
        assert "2 questions on Records" in _description(start)
        first = await _question_message(fake, mark)
        question = cog.running[fake.channel_id].quiz.current
        assert question is not None
        assert len(FakeDiscord.buttons(first)) == 4

        again = await _command(fake, "trivia start", user=visitor)
        assert _ephemeral(again) and "already running" in again["content"]

        locked = await _press(fake, first, _button_id(first, question.correct), user=astro)
        assert _ephemeral(locked) and "Locked in" in locked["content"]
        twice = await _press(fake, first, _button_id(first, question.hint_excluded), user=astro)
        assert _ephemeral(twice) and "already answered" in twice["content"]
        await _press(fake, first, _button_id(first, question.hint_excluded), user=moderator)

        refused = await _command(fake, "trivia skip", user=visitor)
        assert _ephemeral(refused) and "starter or a moderator" in refused["content"]

        mark = fake.mark()
        await _command(fake, "trivia skip", user=astro)  # the starter may skip
        reveal = await fake.wait_for_message(
            fake.channel_id, _embed_titled("Answer 1/2"), since=mark
        )
        embed = reveal.json["embeds"][0]
        assert question.answer in embed["title"]
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert f"({question.source.url})" in fields["Source"]  # the linked source of that answer
        assert f"<@{astro}>" in fields["Right"] and f"<@{moderator}>" not in fields["Right"]
        second = await _question_message(fake, mark)
        assert second["id"] != first["id"]

        late = await _press(fake, first, _button_id(first, 0), user=visitor)
        assert "closed" in late["content"]

        mark = fake.mark()
        stopped = await _command(fake, "trivia stop", user=moderator)  # a moderator may stop
        assert "stopped" in stopped["content"]
        final = await fake.wait_for_message(
            fake.channel_id, _embed_titled("Quiz stopped"), since=mark
        )
        lines = _description(final.json).splitlines()
        assert lines[0].startswith(f"1. <@{astro}>")
        await fake.wait_until(lambda: fake.channel_id not in cog.running, what="the quiz to end")

        nothing = await _command(fake, "trivia stop", user=astro)
        assert "No quiz is running" in nothing["content"]

        board = await _command(fake, "leaderboard", user=visitor)
        rows = _description(board).splitlines()
        assert rows[0].startswith(f"1. <@{astro}>") and "(1/1 right)" in rows[0]
        assert rows[1].startswith(f"2. <@{moderator}>") and "0 pts (0/1 right)" in rows[1]
        points = int(rows[0].split("— ")[1].split(" pts")[0])
        assert points >= BASE_POINTS

        stats = await _command(fake, "trivia stats", {"user": astro}, user=visitor)
        assert f"{points} pts (rank 1)" in str(stats["embeds"][0]["fields"])

        channel_board = await _command(fake, "leaderboard", {"scope": "channel"}, user=astro)
        assert _description(channel_board) == _description(board)
        everywhere = await _command(fake, "leaderboard", {"scope": "all-time"}, user=astro)
        assert _description(everywhere) == _description(board)
        _assert_nobody_pinged(fake)
    assert not _problems(fake, error_log), "\n".join(_problems(fake, error_log))

    # A new process: new storage connection, new client, same database file.
    reopened = await Storage.connect(bot_settings.database_url)
    try:
        bot = StationBot(settings=bot_settings, engine=engine, storage=reopened)
        async with started(bot, fake.token):
            after = await _command(fake, "leaderboard", user=astro)
            assert _description(after) == _description(board)
            # A button of the old quiz, pressed after the restart, is answered politely.
            old = await _press(fake, second, _button_id(second, 1), user=astro)
            assert _ephemeral(old) and "closed" in old["content"]
    finally:
        await reopened.close()
    assert not _problems(fake, error_log), "\n".join(_problems(fake, error_log))


async def test_quiz_defaults_are_set_by_managers_in_settings(
    fake_discord: FakeDiscord, running_bot: StationBot
) -> None:
    fake = fake_discord
    options = {"rounds": 3, "seconds": 45}
    # Discord does not even offer /settings to a member without Manage Server.
    with pytest.raises(PermissionError):
        fake.command_payload("settings quiz", options, user=fake.user_id)
    with pytest.raises(ValueError, match="no subcommand"):
        fake.command_payload("trivia config", options, user=fake.admin_id)
    done = await _command(fake, "settings quiz", options, user=fake.admin_id)
    assert "3 questions, 45 s each" in done["content"]
    settings = await running_bot.storage.guild_settings(fake.guild_id)
    assert (settings.quiz_rounds, settings.quiz_seconds) == (3, 45)
    # A quiz started with no length given uses them.
    start = await _command(fake, "trivia start", user=fake.user_id)
    assert "3 questions" in _description(start) and "45 s per question" in _description(start)
    await _command(fake, "trivia stop", user=fake.user_id)


async def test_a_quiz_about_one_subject(
    fake_discord: FakeDiscord, running_bot: StationBot, engine: Any
) -> None:
    fake = fake_discord
    typed = await fake.send_interaction(
        fake.autocomplete_payload("trivia start", {"subject": "mi"}, focused="subject")
    )
    choices = (await fake.wait_for_callback(typed)).json["data"]["choices"]
    assert "mir" in [c["value"] for c in choices] and len(choices) <= 25
    unknown = await _command(fake, "trivia start", {"subject": "Hubble"}, user=fake.user_id)
    assert _ephemeral(unknown) and "no quiz questions about" in unknown["content"]
    start = await _command(fake, "trivia start", {"subject": "mir", "rounds": 2}, user=fake.user_id)
    assert "questions on Mir" in _description(start)
    quiz = _cog(running_bot).running[fake.channel_id].quiz
    about = {e.id for e in engine.subjects.about("mir")} | {"mir"}  # with Mir's own items
    assert quiz.questions and all(q.entry_id in about for q in quiz.questions)
    await _command(fake, "trivia stop", user=fake.user_id)


async def _play_through(fake: FakeDiscord, cog: Any, options: JSON, *, user: int) -> list[str]:
    """Start a quiz, skip every question to its end; the keys of the questions asked."""
    mark = fake.mark()
    await _command(fake, "trivia start", options, user=user)
    asked: list[str] = []
    while True:
        await fake.wait_until(
            lambda: (
                fake.channel_id not in cog.running
                or cog.running[fake.channel_id].quiz.round_number > len(asked)
            ),
            what="the next question",
        )
        run = cog.running.get(fake.channel_id)
        if run is None:
            break
        question = run.quiz.current
        assert question is not None
        asked.append(question.key)
        await _question_message(fake, mark)
        mark = fake.mark()
        await _command(fake, "trivia skip", user=user)
        if not run.quiz.has_next:
            break
    await fake.wait_until(lambda: fake.channel_id not in cog.running, what="the quiz to end")
    return asked


async def test_a_server_plays_a_whole_pool_before_any_repeat_even_across_a_restart(
    fake_discord: FakeDiscord,
    bot_settings: Any,
    engine: Any,
    storage: Storage,
    error_log: ErrorLog,
) -> None:
    fake = fake_discord
    await storage.set_quiz_defaults(fake.guild_id, rounds=None, seconds=120)
    bank = QuestionBank(engine.entries)
    # The smallest pool of several questions: a subject and a difficulty.
    sizes = {
        (subject, level): len(bank.pool(subject=subject, difficulty=level))
        for subject in bank.subjects()
        for level in DIFFICULTIES
    }
    (subject, level), size = min(((k, n) for k, n in sizes.items() if n >= 3), key=lambda x: x[1])
    pool = {c.key for c in bank.pool(subject=subject, difficulty=level)}
    options = {"subject": subject, "difficulty": level, "rounds": size - 1}

    bot = StationBot(settings=bot_settings, engine=engine, storage=storage)
    async with started(bot, fake.token):
        first = await _play_through(fake, _cog(bot), options, user=fake.user_id)
    assert len(first) == size - 1 and len(set(first)) == size - 1 and set(first) <= pool
    assert await storage.played_questions(fake.guild_id) == frozenset(first)

    reopened = await Storage.connect(bot_settings.database_url)  # a new process, same database
    try:
        bot = StationBot(settings=bot_settings, engine=engine, storage=reopened)
        async with started(bot, fake.token):
            second = await _play_through(
                fake, _cog(bot), {**options, "rounds": 2}, user=fake.user_id
            )
        # The one question left comes first; then the pool starts again, without it.
        assert second[0] == (pool - set(first)).pop()
        assert second[1] != second[0] and second[1] in pool
        assert await reopened.played_questions(fake.guild_id) == frozenset(second)
    finally:
        await reopened.close()
    assert not _problems(fake, error_log), "\n".join(_problems(fake, error_log))


async def test_timer_gives_a_hint_then_the_answer(
    fake_discord: FakeDiscord, running_bot: StationBot
) -> None:
    fake = fake_discord
    await running_bot.storage.set_quiz_defaults(fake.guild_id, rounds=None, seconds=1)
    mark = fake.mark()
    await _command(fake, "trivia start", {"rounds": 1}, user=fake.user_id)
    question_message = await _question_message(fake, mark)
    question = _cog(running_bot).running[fake.channel_id].quiz.current
    assert question is not None

    def hinted(request: Any) -> bool:
        body = request.json or {}
        return request.params.get("message_id") == question_message["id"] and any(
            f["name"] == "Hint" for e in body.get("embeds") or [] for f in e.get("fields") or []
        )

    edit = await fake.wait_for_request(
        hinted, route="PATCH /channels/{channel_id}/messages/{message_id}", since=mark
    )
    disabled = [b for b in FakeDiscord.buttons(edit.json) if b.get("disabled")]
    assert [b["custom_id"] for b in disabled] == [
        _button_id(question_message, question.hint_excluded)
    ]

    reveal = await fake.wait_for_message(fake.channel_id, _embed_titled("Answer 1/1"), since=mark)
    fields = {f["name"]: f["value"] for f in reveal.json["embeds"][0]["fields"]}
    assert fields["Right"] == "Nobody answered."
    final = await fake.wait_for_message(fake.channel_id, _embed_titled("Quiz over"), since=mark)
    assert _description(final.json) == "Nobody scored."

    def closed(request: Any) -> bool:
        buttons = FakeDiscord.buttons(request.json or {})
        return bool(buttons) and all(b.get("disabled") for b in buttons)

    await fake.wait_for_request(
        closed, route="PATCH /channels/{channel_id}/messages/{message_id}", since=mark
    )
    _assert_nobody_pinged(fake)


async def test_free_text_mode_in_a_listen_channel(
    fake_discord: FakeDiscord,
    bot_settings: Any,
    engine: Any,
    storage: Storage,
    error_log: ErrorLog,
) -> None:
    fake = fake_discord
    settings = bot_settings.model_copy(update={"message_content_intent": True})
    await storage.set_quiz_defaults(fake.guild_id, rounds=None, seconds=120)
    bot = StationBot(settings=settings, engine=engine, storage=storage)
    async with started(bot, fake.token):
        options = {"rounds": 1, "topic": "records", "mode": "text"}
        refused = await _command(fake, "trivia start", options, user=fake.user_id)
        assert _ephemeral(refused) and "listen channel" in refused["content"]

        await storage.set_listen(fake.guild_id, fake.channel_id, True)
        mark = fake.mark()
        await _command(fake, "trivia start", options, user=fake.user_id)
        asked = await fake.wait_for_message(
            fake.channel_id, _embed_titled("Question 1/1"), since=mark
        )
        assert not FakeDiscord.custom_ids(asked.json)  # no buttons: type the answer
        quiz = _cog(bot).running[fake.channel_id].quiz
        question = quiz.current
        assert question is not None

        await fake.send_message(f"I'm sure it is {question.answer}", author=fake.user_id)
        await fake.send_message("no idea, pass", author=fake.admin_id)
        await fake.wait_until(lambda: len(quiz.answers) == 2, what="both answers")
        await _command(fake, "trivia skip", user=fake.user_id)
        reveal = await fake.wait_for_message(
            fake.channel_id, _embed_titled("Answer 1/1"), since=mark
        )
        fields = {f["name"]: f["value"] for f in reveal.json["embeds"][0]["fields"]}
        assert f"<@{fake.user_id}>" in fields["Right"]
        assert f"<@{fake.admin_id}>" not in fields["Right"]
        await fake.wait_until(lambda: fake.channel_id not in _cog(bot).running, what="the end")
        [row, wrong] = await storage.leaderboard(
            "channel", guild_id=fake.guild_id, channel_id=fake.channel_id
        )
        assert (row.user_id, row.correct, wrong.user_id, wrong.points) == (
            fake.user_id,
            1,
            fake.admin_id,
            0,
        )
        _assert_nobody_pinged(fake)
    assert not _problems(fake, error_log), "\n".join(_problems(fake, error_log))


async def test_a_quiz_goes_on_when_the_played_list_cannot_be_written(
    fake_discord: FakeDiscord,
    running_bot: StationBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(guild_id: int, key: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(running_bot.storage, "mark_played", broken)
    await running_bot.storage.set_quiz_defaults(fake_discord.guild_id, rounds=None, seconds=120)
    asked = await _play_through(
        fake_discord, _cog(running_bot), {"rounds": 2}, user=fake_discord.user_id
    )
    assert len(asked) == 2  # both questions asked; nothing remembered
    assert await running_bot.storage.played_questions(fake_discord.guild_id) == frozenset()
