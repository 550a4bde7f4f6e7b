"""Trivia: /trivia start|stop|skip|stats and /leaderboard (quiz defaults: /settings quiz).

Multiple choice with buttons (no message-content intent needed); optional free-text mode in a
listen channel. The quiz logic is pure (``bot.quiz.bank``); this cog runs the timers, talks to
Discord and commits every accepted answer to storage before acknowledging it.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.client import StationBot
from bot.engine import Engine
from bot.failures import report_interaction_error, send_notice
from bot.quiz.bank import (
    DIFFICULTIES,
    POINTS,
    Difficulty,
    QuestionBank,
    QuizQuestion,
    QuizSession,
    RoundResult,
    Verdict,
)
from bot.storage import MAX_QUIZ_ROUNDS, LeaderboardScope, PlayerStats, ScoreRow

log = logging.getLogger(__name__)

CUSTOM_ID_PREFIX = "stationbot:trivia:"
LETTERS = "ABCD"
LEADERBOARD_SIZE = 10
#: The hint comes when this share of the question's time has passed.
HINT_AT = 0.5
COLOUR_QUESTION = discord.Colour.blurple()
COLOUR_ANSWER = discord.Colour.green()
COLOUR_SCORES = discord.Colour.gold()

Clock = Callable[[], float]


class Mode(enum.Enum):
    """How players answer."""

    BUTTONS = "buttons"
    TEXT = "text"


@dataclass
class Running:
    """A quiz in progress in one channel."""

    session_id: int
    quiz: QuizSession
    guild_id: int
    channel_id: int
    mode: Mode
    advance: asyncio.Event = field(default_factory=asyncio.Event)
    stopped_by: int | None = None
    task: asyncio.Task[None] | None = None


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(CUSTOM_ID_PREFIX) + r"(?P<session>\d+):(?P<round>\d+):(?P<choice>\d)",
):
    """One answer of one question; presses after a restart are told the quiz is over."""

    def __init__(self, session_id: int, round_number: int, choice: int, label: str = "?") -> None:
        """The button for ``choice`` in round ``round_number`` of quiz ``session_id``."""
        super().__init__(
            discord.ui.Button(
                label=render.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"{CUSTOM_ID_PREFIX}{session_id}:{round_number}:{choice}",
            )
        )
        self.session_id = session_id
        self.round_number = round_number
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        """Rebuild the button from a pressed component."""
        return cls(int(match["session"]), int(match["round"]), int(match["choice"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the press to the Trivia cog."""
        try:
            cog = interaction.client.get_cog(Trivia.__cog_name__)
            if not isinstance(cog, Trivia):
                raise RuntimeError("the Trivia cog is not loaded")
            await cog.press(interaction, self.session_id, self.round_number, self.choice)
        except Exception as error:
            await report_interaction_error(interaction, error)


class Trivia(commands.Cog):
    """Runs one quiz per channel; scores go to storage as they are earned."""

    trivia = app_commands.Group(
        name="trivia", description="Space-station trivia quiz", guild_only=True
    )

    def __init__(
        self,
        bot: StationBot,
        *,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        """The cog for ``bot``; ``clock`` and ``rng`` are injectable for tests."""
        self.bot = bot
        self.clock = clock
        self.rng = rng or random.Random()
        self.break_seconds = bot.settings.quiz_break_seconds
        self.running: dict[int, Running] = {}

    async def cog_load(self) -> None:
        """Route answer buttons, also on messages sent before a restart; make the questions
        now (about a second, before the bot connects), so the first /trivia start answers in
        time."""
        self.bot.add_dynamic_items(AnswerButton)
        question_bank(self.bot.engine)

    async def cog_unload(self) -> None:
        """Stop every quiz (their answers are already stored)."""
        self.bot.remove_dynamic_items(AnswerButton)
        tasks = [r.task for r in self.running.values() if r.task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    @property
    def bank(self) -> QuestionBank:
        """The questions of the current knowledge (made anew after a knowledge reload)."""
        return question_bank(self.bot.engine)

    # -- commands ---------------------------------------------------------------------------

    @trivia.command(name="start")
    @app_commands.describe(
        topic="Only questions on this topic (default: all topics)",
        subject="Only questions about one station, module, vehicle, person or mission, e.g. Mir",
        rounds="How many questions (default: the server's quiz length)",
        mode="buttons (default) or text: type answers (listen channels only)",
        difficulty="easy (names), medium (years, round numbers) or hard (dates, exact figures)",
    )
    @app_commands.choices(
        difficulty=[
            app_commands.Choice(name=f"{d} ({POINTS[d]} points)", value=d) for d in DIFFICULTIES
        ],
        mode=[
            app_commands.Choice(name="buttons", value="buttons"),
            app_commands.Choice(name="text (type the answer)", value="text"),
        ],
    )
    async def start(
        self,
        interaction: discord.Interaction[StationBot],
        topic: str | None = None,
        rounds: app_commands.Range[int, 1, MAX_QUIZ_ROUNDS] | None = None,
        mode: str = "buttons",
        subject: str | None = None,
        difficulty: str | None = None,
    ) -> None:
        """Start a trivia quiz in this channel."""
        level = _difficulty(difficulty)
        guild_id, channel_id = _place(interaction)
        if channel_id in self.running:
            await send_notice(interaction, "A quiz is already running in this channel.")
            return
        if topic is not None and topic not in self.bank.topics:
            known = ", ".join(f"`{t}`" for t in self.bank.topics)
            await send_notice(
                interaction, f"There is no quiz topic “{render.quote(topic)}”. Topics: {known}."
            )
            return
        about = self.bot.engine.subjects.find(subject) if subject is not None else None
        if subject is not None and (about is None or about.id not in self.bank.subjects()):
            await send_notice(interaction, render.no_subject_quiz_text(subject))
            return
        chosen = Mode(mode)
        guild = await self.bot.storage.guild_settings(guild_id)
        if chosen is Mode.TEXT and not self._can_listen(interaction, guild.listen_channels):
            await send_notice(
                interaction,
                "Text mode needs a listen channel (`/settings listen`) and the bot's "
                "message-content intent; use buttons here.",
            )
            return
        played = await self.bot.storage.played_questions(guild_id)
        drawn = self.bank.draw_unplayed(
            rounds or guild.quiz_rounds,
            topic,
            self.rng,
            subject=about.id if about else None,
            difficulty=level,
            played=played,
        )
        questions = drawn.questions
        if not questions:
            await send_notice(interaction, "I have no quiz questions for that choice yet.")
            return
        if drawn.new_round:  # this server has played the whole pool: it starts again
            await self.bot.storage.forget_played(guild_id, drawn.new_round)
        seconds = float(guild.quiz_seconds)
        session_id = await self.bot.storage.start_session(
            guild_id=guild_id,
            channel_id=channel_id,
            started_by=interaction.user.id,
            topic=topic,
            rounds=len(questions),
        )
        quiz = QuizSession(
            questions,
            seconds=seconds,
            started_by=interaction.user.id,
            topic=topic,
            text_mode=chosen is Mode.TEXT,
            subject=about.title if about else None,
            difficulty=level,
        )
        run = Running(session_id, quiz, guild_id, channel_id, chosen)
        self.running[channel_id] = run
        await interaction.response.send_message(
            embed=_start_embed(run, interaction.user.id), allowed_mentions=render.NO_MENTIONS
        )
        channel = interaction.channel
        assert isinstance(channel, discord.abc.Messageable)
        run.task = asyncio.create_task(self._run(run, channel), name=f"trivia {channel_id}")

    @start.autocomplete("topic")
    async def _topic_autocomplete(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        wanted = current.casefold().strip()
        return [
            app_commands.Choice(name=render.topic_name(t), value=t)
            for t in self.bank.topics
            if wanted in t or wanted in render.topic_name(t).casefold()
        ][:25]

    @start.autocomplete("subject")
    async def _subject_autocomplete(
        self, interaction: discord.Interaction[StationBot], current: str
    ) -> list[app_commands.Choice[str]]:
        playable = self.bank.subjects()
        found = self.bot.engine.subjects.search(current, limit=render.CHOICE_LIMIT * 4)
        return [
            app_commands.Choice(name=render.subject_choice(e), value=e.id)
            for e in found
            if e.id in playable
        ][: render.CHOICE_LIMIT]

    @trivia.command(name="stop")
    async def stop(self, interaction: discord.Interaction[StationBot]) -> None:
        """Stop the quiz in this channel (its starter or a moderator)."""
        run = await self._controlled(interaction)
        if run is None:
            return
        run.stopped_by = interaction.user.id
        run.advance.set()
        await interaction.response.send_message(
            f"Quiz stopped by <@{interaction.user.id}>.", allowed_mentions=render.NO_MENTIONS
        )

    @trivia.command(name="skip")
    async def skip(self, interaction: discord.Interaction[StationBot]) -> None:
        """Reveal the answer now and go on (the quiz's starter or a moderator)."""
        run = await self._controlled(interaction)
        if run is None:
            return
        run.advance.set()
        await interaction.response.send_message(
            f"Question {run.quiz.round_number} skipped by <@{interaction.user.id}>.",
            allowed_mentions=render.NO_MENTIONS,
        )

    @trivia.command(name="stats")
    @app_commands.describe(user="Whose quiz record (default: yours)")
    async def stats(
        self, interaction: discord.Interaction[StationBot], user: discord.User | None = None
    ) -> None:
        """Quiz points, rank and accuracy of a player."""
        who = user or interaction.user
        stats = await self.bot.storage.player_stats(who.id, interaction.guild_id)
        await interaction.response.send_message(
            embed=_stats_embed(who, stats), allowed_mentions=render.NO_MENTIONS
        )

    @app_commands.command(name="leaderboard")
    @app_commands.describe(scope="server (default), channel, or all-time (every server)")
    @app_commands.choices(
        scope=[
            app_commands.Choice(name="server", value="server"),
            app_commands.Choice(name="channel", value="channel"),
            app_commands.Choice(name="all-time", value="all-time"),
        ]
    )
    async def leaderboard(
        self, interaction: discord.Interaction[StationBot], scope: str = "server"
    ) -> None:
        """The best trivia players."""
        chosen = LeaderboardScope(scope)
        if interaction.guild_id is None:
            chosen = LeaderboardScope.ALL_TIME
        rows = await self.bot.storage.leaderboard(
            chosen,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            limit=LEADERBOARD_SIZE,
        )
        await interaction.response.send_message(
            embed=_leaderboard_embed(chosen, rows), allowed_mentions=render.NO_MENTIONS
        )

    # -- answers ----------------------------------------------------------------------------

    async def press(
        self,
        interaction: discord.Interaction[Any],
        session_id: int,
        round_number: int,
        choice: int,
    ) -> None:
        """An answer button: accept the first press per player, store it, confirm privately."""
        run = self.running.get(interaction.channel_id or 0)
        if (
            run is None
            or run.session_id != session_id
            or run.quiz.round_number != round_number
            or not run.quiz.is_open
        ):
            await send_notice(interaction, "This question is closed.")
            return
        question = run.quiz.current
        assert question is not None
        verdict = run.quiz.answer_choice(interaction.user.id, choice, self.clock())
        if verdict.reason == "duplicate":
            await send_notice(interaction, "You already answered this question.")
            return
        if verdict.reason == "closed":
            await send_notice(interaction, "Too late: this question is closed.")
            return
        if not await self._store(run, interaction.user.id, question, verdict):
            await send_notice(interaction, "I could not save your answer; please press again.")
            return
        label = question.choices[choice] if 0 <= choice < len(question.choices) else "?"
        await send_notice(
            interaction,
            f"Locked in: **{LETTERS[choice]}. {render.quote(label)}**. The answer comes when time "
            "is up.",
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """In a text-mode quiz, a player's first message to a question is their answer."""
        run = self.running.get(message.channel.id)
        if run is None or run.mode is not Mode.TEXT or message.author.bot:
            return
        if not run.quiz.is_open or not message.content.strip():
            return
        question = run.quiz.current
        assert question is not None
        verdict = run.quiz.answer_text(message.author.id, message.content, self.clock())
        if verdict.accepted:
            await self._store(run, message.author.id, question, verdict)

    async def _store(
        self, run: Running, user_id: int, question: QuizQuestion, verdict: Verdict
    ) -> bool:
        """Commit an accepted answer; on failure forget it so the player may answer again."""
        try:
            await self.bot.storage.record_answer(
                session_id=run.session_id,
                round=run.quiz.round_number,
                guild_id=run.guild_id,
                channel_id=run.channel_id,
                user_id=user_id,
                entry_id=question.entry_id,
                correct=verdict.correct,
                points=verdict.points,
                elapsed_seconds=verdict.elapsed,
            )
        except Exception:
            log.exception("Could not store a trivia answer")
            run.quiz.forget(user_id)
            return False
        return True

    # -- the quiz loop ----------------------------------------------------------------------

    async def _run(self, run: Running, channel: discord.abc.Messageable) -> None:
        status = "finished"
        try:
            while run.stopped_by is None:
                question = run.quiz.next_question(self.clock())
                if question is None:
                    break
                await self._remember(run.guild_id, question)
                await self._ask(run, channel, question)
                if run.stopped_by is None and run.quiz.has_next and self.break_seconds > 0:
                    await self._wait(run, self.break_seconds)
            if run.stopped_by is not None:
                status = "stopped"
        except asyncio.CancelledError:
            status = "interrupted"
            raise
        except Exception:
            status = "failed"
            log.exception("Trivia quiz %d failed", run.session_id)
            with contextlib.suppress(discord.HTTPException):
                await channel.send(
                    "The quiz stopped because of an error; the points scored so far are kept.",
                    allowed_mentions=render.NO_MENTIONS,
                )
        finally:
            if self.running.get(run.channel_id) is run:
                del self.running[run.channel_id]
            run.quiz.close_question()
            with contextlib.suppress(Exception):
                await self.bot.storage.finish_session(
                    run.session_id, status=status, questions_asked=len(run.quiz.history)
                )
            if status in ("finished", "stopped"):
                with contextlib.suppress(discord.HTTPException):
                    await channel.send(embed=_final_embed(run), allowed_mentions=render.NO_MENTIONS)

    async def _remember(self, guild_id: int, question: QuizQuestion) -> None:
        """Note the question as played in this server; a storage failure costs only that."""
        try:
            await self.bot.storage.mark_played(guild_id, question.key)
        except Exception:
            log.warning(
                "Could not remember quiz question %s as played", question.key, exc_info=True
            )

    async def _ask(
        self, run: Running, channel: discord.abc.Messageable, question: QuizQuestion
    ) -> None:
        number = run.quiz.round_number
        view = _answer_view(run, question) if run.mode is Mode.BUTTONS else None
        embed = _question_embed(run, question, hint=False)
        sent = (
            await channel.send(embed=embed, view=view, allowed_mentions=render.NO_MENTIONS)
            if view is not None
            else await channel.send(embed=embed, allowed_mentions=render.NO_MENTIONS)
        )
        try:
            seconds = run.quiz.seconds
            if not await self._wait(run, seconds * HINT_AT):
                hinted = _answer_view(run, question, hint=True) if view is not None else None
                with contextlib.suppress(discord.HTTPException):
                    await sent.edit(
                        embed=_question_embed(run, question, hint=True),
                        view=hinted,
                        allowed_mentions=render.NO_MENTIONS,
                    )
                if view is not None:
                    view.stop()
                view = hinted
                await self._wait(run, seconds * (1 - HINT_AT))
        finally:
            result = run.quiz.close_question()
            if view is not None:
                view.stop()
        if run.mode is Mode.BUTTONS:  # disable the buttons, the right one in green
            done = _answer_view(run, question, closed=True)
            with contextlib.suppress(discord.HTTPException):
                await sent.edit(view=done, allowed_mentions=render.NO_MENTIONS)
            done.stop()
        if result is not None:
            await channel.send(
                embed=_reveal_embed(result, len(run.quiz.questions)),
                allowed_mentions=render.NO_MENTIONS,
            )
        log.debug("Trivia %d: question %d closed", run.session_id, number)

    async def _wait(self, run: Running, seconds: float) -> bool:
        """Sleep ``seconds`` unless skipped or stopped first; True when cut short."""
        try:
            await asyncio.wait_for(run.advance.wait(), timeout=max(0.0, seconds))
        except TimeoutError:
            return False
        if run.stopped_by is None:
            run.advance.clear()
        return True

    # -- helpers ----------------------------------------------------------------------------

    async def _controlled(self, interaction: discord.Interaction[StationBot]) -> Running | None:
        """The channel's quiz when the user may control it (starter or Manage Messages)."""
        _place(interaction)
        run = self.running.get(interaction.channel_id or 0)
        if run is None:
            await send_notice(interaction, "No quiz is running in this channel.")
            return None
        allowed = interaction.user.id == run.quiz.started_by or (
            interaction.permissions.manage_messages
        )
        if not allowed:
            await send_notice(
                interaction, "Only the quiz's starter or a moderator (Manage Messages) can do that."
            )
            return None
        return run

    def _can_listen(
        self, interaction: discord.Interaction[Any], listen_channels: frozenset[int]
    ) -> bool:
        if not self.bot.settings.message_content_intent:
            return False
        channel = interaction.channel
        ids = {interaction.channel_id, getattr(channel, "parent_id", None)}
        return not listen_channels.isdisjoint(ids)


# -- rendering ------------------------------------------------------------------------------


def _place(interaction: discord.Interaction[Any]) -> tuple[int, int]:
    if interaction.guild_id is None or interaction.channel_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id, interaction.channel_id


def _answer_view(
    run: Running, question: QuizQuestion, *, hint: bool = False, closed: bool = False
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for index, choice in enumerate(question.choices):
        label = f"{LETTERS[index]}. {choice}"
        button = AnswerButton(run.session_id, run.quiz.round_number, index, label)
        if closed:
            button.item.disabled = True
            if index == question.correct:
                button.item.style = discord.ButtonStyle.success
        elif hint and index == question.hint_excluded:
            button.item.disabled = True
        view.add_item(button)
    return view


@lru_cache(maxsize=2)
def question_bank(engine: Engine) -> QuestionBank:
    """The quiz questions of ``engine``'s knowledge, made once per engine (about a second):
    every bot of the process that shares the engine shares them."""
    return QuestionBank(engine.entries)


def _difficulty(value: str | None) -> Difficulty | None:
    """The difficulty a /trivia start option names (None: any)."""
    for level in DIFFICULTIES:
        if value == level:
            return level
    return None


def _start_embed(run: Running, user_id: int) -> discord.Embed:
    quiz = run.quiz
    topic = render.topic_name(quiz.topic) if quiz.topic else "all topics"
    if quiz.subject:
        topic = f"{quiz.subject}" + (f" ({topic})" if quiz.topic else "")
    if quiz.difficulty:
        topic += f", {quiz.difficulty}"
    how = (
        "Press a button to answer"
        if run.mode is Mode.BUTTONS
        else "Type your answer in this channel"
    )
    embed = discord.Embed(
        title="Space-station trivia",
        description=(
            f"{len(quiz.questions)} questions on {topic}, started by <@{user_id}>.\n"
            f"{how}: one answer per question each, {quiz.seconds:g} s per question. "
            "Right answers score points ("
            + ", ".join(f"{d} {POINTS[d]}" for d in DIFFICULTIES)
            + "), fast ones more."
        ),
        colour=COLOUR_QUESTION,
    )
    return render.fit_embed(embed)


def _question_embed(run: Running, question: QuizQuestion, *, hint: bool) -> discord.Embed:
    quiz = run.quiz
    embed = discord.Embed(
        title=f"Question {quiz.round_number}/{len(quiz.questions)}",
        description=question.prompt,
        colour=COLOUR_QUESTION,
    )
    if run.mode is Mode.BUTTONS:
        embed.add_field(
            name="Choices",
            value="\n".join(
                f"**{LETTERS[i]}.** {discord.utils.escape_markdown(c)}"
                for i, c in enumerate(question.choices)
            ),
            inline=False,
        )
    if hint:
        text = question.hint
        if run.mode is Mode.BUTTONS:
            wrong = question.choices[question.hint_excluded]
            text = f"{text}. Not {LETTERS[question.hint_excluded]} ({wrong})."
        embed.add_field(name="Hint", value=text, inline=False)
    embed.set_footer(
        text=f"{quiz.seconds:g} s · one answer each · {render.topic_name(question.topic)} · "
        f"{question.difficulty}, {question.points} points"
    )
    return render.fit_embed(embed)


def _reveal_embed(result: RoundResult, total: int) -> discord.Embed:
    question = result.question
    letter = f"{LETTERS[question.correct]}. " if question.choices else ""
    embed = discord.Embed(
        title=f"Answer {result.number}/{total}: {letter}{question.answer}",
        description=render.trim(question.explanation, 1000),
        colour=COLOUR_ANSWER,
    )
    if question.source is not None:
        embed.add_field(name="Source", value=render.source_link(question.source), inline=False)
    winners = result.winners
    if winners:
        lines = [f"<@{uid}> +{result.answers[uid].points}" for uid in winners]
        embed.add_field(name="Right", value=render.trim_lines(lines, 1000), inline=False)
    else:
        answered = len(result.answers)
        embed.add_field(
            name="Right",
            value="Nobody got it." if answered else "Nobody answered.",
            inline=False,
        )
    embed.set_footer(text=question.entry_id)
    return render.fit_embed(embed)


def _final_embed(run: Running) -> discord.Embed:
    standings = run.quiz.standings()
    lines = [
        f"{place}. <@{uid}> — {points} pts ({run.quiz.correct_counts.get(uid, 0)} right)"
        for place, (uid, points) in enumerate(standings[:LEADERBOARD_SIZE], start=1)
    ]
    asked = len(run.quiz.history)
    ended = "stopped" if run.stopped_by is not None else "over"
    embed = discord.Embed(
        title=f"Quiz {ended}: final scores",
        description="\n".join(lines) if lines else "Nobody scored.",
        colour=COLOUR_SCORES,
    )
    embed.set_footer(text=f"{asked} question(s) asked · /leaderboard for all-time scores")
    return render.fit_embed(embed)


def _leaderboard_embed(scope: LeaderboardScope, rows: list[ScoreRow]) -> discord.Embed:
    titles = {
        LeaderboardScope.SERVER: "Trivia leaderboard: this server",
        LeaderboardScope.CHANNEL: "Trivia leaderboard: this channel",
        LeaderboardScope.ALL_TIME: "Trivia leaderboard: all time, every server",
    }
    lines = [
        f"{place}. <@{row.user_id}> — {row.points} pts ({row.correct}/{row.answered} right)"
        for place, row in enumerate(rows, start=1)
    ]
    embed = discord.Embed(
        title=titles[scope],
        description="\n".join(lines)
        if lines
        else "No scores yet: start a quiz with /trivia start.",
        colour=COLOUR_SCORES,
    )
    return render.fit_embed(embed)


def _stats_embed(user: discord.abc.User, stats: PlayerStats) -> discord.Embed:
    embed = discord.Embed(title=f"Trivia stats: {user.display_name}", colour=COLOUR_SCORES)
    if stats.total_answered == 0:
        embed.description = f"<@{user.id}> has not answered any trivia yet."
        return render.fit_embed(embed)
    if stats.guild_answered:
        rank = f" (rank {stats.guild_rank})" if stats.guild_rank else ""
        embed.add_field(
            name="This server",
            value=(
                f"{stats.guild_points} pts{rank}, "
                f"{stats.guild_correct}/{stats.guild_answered} right"
            ),
            inline=False,
        )
    accuracy = stats.total_correct / stats.total_answered
    embed.add_field(
        name="All servers",
        value=(
            f"{stats.total_points} pts, {stats.total_correct}/{stats.total_answered} right "
            f"({accuracy:.0%}), {stats.games} quiz(zes)"
        ),
        inline=False,
    )
    if stats.average_correct_seconds is not None:
        embed.add_field(
            name="Speed",
            value=f"{stats.average_correct_seconds:.1f} s per right answer on average",
            inline=False,
        )
    return render.fit_embed(embed)


async def setup(bot: StationBot) -> None:
    """Load the cog."""
    await bot.add_cog(Trivia(bot))
