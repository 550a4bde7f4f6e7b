"""The daily fact end to end on the fake Discord, with a clock the test controls: its settings,
one post a day with its citation, no repeat, once even with two processes, restarts, and a
channel the bot cannot post in."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import ErrorLog, started
from fake_discord import EPHEMERAL, FakeDiscord, Perm

MORNING = datetime(2026, 12, 7, 8, 59, tzinfo=UTC)
NINE = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
NEXT_DAY = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)


async def _settings(fake: FakeDiscord, command: str, options: dict[str, Any]) -> dict[str, Any]:
    payload = await fake.send_interaction(
        fake.command_payload(command, options, user=fake.admin_id)
    )
    reply = await fake.wait_for_interaction_reply(payload)
    return reply.message_body or {}


def _daily_posts(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    return [
        r.json
        for r in fake.requests
        if r.route == "POST /channels/{channel_id}/messages"
        and r.params["channel_id"] == str(channel_id)
        and r.json["embeds"][0].get("author", {}).get("name") == "Fact of the day"
    ]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot's own once-a-minute round reads the test's clock too, set before any fact is
    due: only the test decides when a fact is posted (on the real clock, the round could post
    first on the day the tests name)."""
    from bot.client import StationBot

    monkeypatch.setattr(StationBot, "clock", staticmethod(lambda: MORNING))


def _cog(bot: Any, at: datetime) -> Any:
    cog = bot.get_cog("DailyFacts")
    cog.clock = lambda: at
    return cog


async def test_a_manager_turns_it_on_and_off_and_sees_it_in_show(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    body = await _settings(
        fake_discord,
        "settings daily on",
        {"channel": fake_discord.channel_id, "time": "9:00"},
    )
    assert "a fact a day" in body["content"] and "09:00 UTC" in body["content"]
    assert body["flags"] & EPHEMERAL
    body = await _settings(fake_discord, "settings show", {})
    assert f"Daily fact: <#{fake_discord.channel_id}> at 09:00 UTC" in body["content"]
    body = await _settings(fake_discord, "settings daily off", {})
    assert body["content"] == "No more daily facts here."
    body = await _settings(fake_discord, "settings show", {})
    assert "Daily fact: off" in body["content"]


async def test_a_time_that_is_not_one_is_refused(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    body = await _settings(
        fake_discord, "settings daily on", {"channel": fake_discord.channel_id, "time": "noon"}
    )
    assert "not a time of day" in body["content"]
    assert await running_bot.storage.daily_setting(fake_discord.guild_id) is None


async def test_one_cited_fact_a_day_and_never_the_same_twice(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    channel = fake_discord.channel_id
    await running_bot.storage.set_daily(fake_discord.guild_id, channel, "09:00")
    assert await _cog(running_bot, MORNING).post_due() == 0
    assert await _cog(running_bot, NINE).post_due() == 1
    assert await _cog(running_bot, NINE).post_due() == 0  # once a day
    assert await _cog(running_bot, NEXT_DAY).post_due() == 1
    await asyncio.sleep(0.1)
    first, second = _daily_posts(fake_discord, channel)
    assert first["embeds"][0]["footer"]["text"] != second["embeds"][0]["footer"]["text"]
    for post in (first, second):
        fields = {f["name"] for f in post["embeds"][0]["fields"]}
        assert "Sources" in fields
        assert post["allowed_mentions"]["parse"] == []
        shown = running_bot.engine.get(post["embeds"][0]["footer"]["text"].split(" ")[0])
        about = [f"stationbot:about:{s}" for s in shown.subjects[:3]]
        assert fake_discord.custom_ids(post) == about
    assert len(await running_bot.storage.daily_shown(fake_discord.guild_id)) == 2


async def test_two_processes_post_it_once(fake_discord: FakeDiscord, running_bot: Any) -> None:
    from bot.exts.daily import DailyFacts

    channel = fake_discord.channel_id
    await running_bot.storage.set_daily(fake_discord.guild_id, channel, "09:00")
    other = DailyFacts(running_bot, clock=lambda: NINE)  # a second process on the same database
    posted = await asyncio.gather(_cog(running_bot, NINE).post_due(), other.post_due())
    assert sorted(posted) == [0, 1]
    await asyncio.sleep(0.1)
    assert len(_daily_posts(fake_discord, channel)) == 1


@pytest.fixture
def muted_other_channel(fake_discord: FakeDiscord) -> int:
    """The second channel denies the bot's role Send Messages."""
    channel = fake_discord.channels[fake_discord.other_channel_id]
    channel["permission_overwrites"] = [
        {
            "id": fake_discord.bot_role["id"],
            "type": 0,
            "allow": "0",
            "deny": str(Perm.SEND_MESSAGES),
        }
    ]
    return fake_discord.other_channel_id


async def test_a_channel_it_cannot_post_in_is_skipped_quietly(
    fake_discord: FakeDiscord, muted_other_channel: int, running_bot: Any, error_log: ErrorLog
) -> None:
    body = await _settings(
        fake_discord, "settings daily on", {"channel": muted_other_channel, "time": "09:00"}
    )
    assert "I can't post there yet" in body["content"]
    assert await _cog(running_bot, NINE).post_due() == 0
    assert _daily_posts(fake_discord, muted_other_channel) == []
    assert not error_log.lines()
    setting = await running_bot.storage.daily_setting(fake_discord.guild_id)
    assert setting.last_posted is None  # not claimed: it posts once it may


async def test_a_restart_remembers_the_day_and_what_was_shown(
    fake_discord: FakeDiscord, bot_settings: Any, engine: Any, storage: Any
) -> None:
    from bot.client import StationBot

    await storage.set_daily(fake_discord.guild_id, fake_discord.channel_id, "09:00")
    bot = StationBot(settings=bot_settings, engine=engine, storage=storage)
    async with started(bot, fake_discord.token):
        assert await _cog(bot, NINE).post_due() == 1
    shown = await storage.daily_shown(fake_discord.guild_id)
    again = StationBot(settings=bot_settings, engine=engine, storage=storage)
    async with started(again, fake_discord.token):
        assert await _cog(again, NINE).post_due() == 0
        assert await _cog(again, NEXT_DAY).post_due() == 1
    later = await storage.daily_shown(fake_discord.guild_id)
    assert shown < later and len(later) == 2
