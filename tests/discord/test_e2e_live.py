"""The live station end to end: ``/where`` and "where is the ISS now?" on the fake Discord, and
the orbital elements refreshed from a local stand-in for CelesTrak."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from conftest import ErrorLog, started
from fake_discord import EPHEMERAL, FakeDiscord
from sgp4.io import fix_checksum

from bot import render

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


def _elements_field(embed: dict[str, Any]) -> str:
    (field,) = [f for f in embed["fields"] if f["name"] == "Orbital elements"]
    return str(field["value"])


def _assert_where_embed(body: dict[str, Any], files: list[str], station: str) -> dict[str, Any]:
    (embed,) = body["embeds"]
    assert embed["title"] == f"Where the {station} is now"
    assert embed["image"]["url"] == f"attachment://{render.MAP_FILENAME}"
    assert files == [render.MAP_FILENAME]
    assert body["allowed_mentions"]["parse"] == []
    return dict(embed)


async def test_where_shows_the_iss_with_its_map_and_its_elements(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    payload = await fake_discord.send_interaction(fake_discord.command_payload("where", {}))
    reply = await fake_discord.wait_for_interaction_reply(payload)
    embed = _assert_where_embed(reply.message_body or {}, reply.files, "ISS")
    assert embed["description"].startswith("The ISS is ")
    elements = _elements_field(embed)
    assert "shipped with stationbot" in elements  # nothing was ever fetched
    assert "days old" in elements  # and the shipped set is older than two weeks


async def test_where_tiangong_chosen_by_autocomplete(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    typed = await fake_discord.send_interaction(
        fake_discord.autocomplete_payload("where", {"station": "tian"}, focused="station")
    )
    (choice,) = (await fake_discord.wait_for_callback(typed)).json["data"]["choices"]
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("where", {"station": choice["value"]})
    )
    reply = await fake_discord.wait_for_interaction_reply(payload)
    _assert_where_embed(reply.message_body or {}, reply.files, "Tiangong")


async def test_a_station_not_followed_is_told_privately(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("where", {"station": "Mir @everyone"})
    )
    reply = await fake_discord.wait_for_interaction_reply(payload)
    body = reply.message_body or {}
    assert "ISS, Tiangong" in body["content"]
    assert body["flags"] & EPHEMERAL
    assert "@everyone" not in body["content"].replace("@\u200beveryone", "")


async def test_where_is_the_iss_now_by_mention_gets_the_map(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    await fake_discord.send_message(f"{fake_discord.mention()} where is the ISS right now?")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    _assert_where_embed(request.json, request.files, "ISS")


# -- elements from a stand-in for CelesTrak --------------------------------------------------


def _fresh_iss() -> str:
    """An ISS element set with today's epoch and valid checksums."""
    today = dt.datetime.now(dt.UTC)
    epoch = f"{today:%y}{today.timetuple().tm_yday:03d}.50000000"
    line1 = fix_checksum(f"1 25544U 98067A   {epoch}  .00009634  00000+0  18116-3 0  999")
    line2 = fix_checksum("2 25544  51.6318 170.3464 0004691 174.6338 185.4701 15.4925863758709")
    return f"ISS (ZARYA)\n{line1}\n{line2}\n"


@pytest.fixture
async def celestrak() -> AsyncIterator[str]:
    async def handle(_request: web.Request) -> web.Response:
        return web.Response(text=_fresh_iss())

    app = web.Application()
    app.router.add_get("/gp.php", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/gp.php?GROUP=stations&FORMAT=tle"
    await runner.cleanup()


async def test_the_bot_fetches_fresh_elements_at_start_and_stores_them(
    fake_discord: FakeDiscord,
    bot_settings: Any,
    engine: Any,
    storage: Any,
    error_log: ErrorLog,
    celestrak: str,
) -> None:
    from bot.client import StationBot

    settings = bot_settings.model_copy(update={"elements_refresh": True, "elements_url": celestrak})
    bot = StationBot(settings=settings, engine=engine, storage=storage)
    async with started(bot, fake_discord.token):
        for _ in range(100):  # the schedule's first look runs as the cog loads
            if await storage.stored_elements():
                break
            await asyncio.sleep(0.05)
        payload = await fake_discord.send_interaction(fake_discord.command_payload("where", {}))
        reply = await fake_discord.wait_for_interaction_reply(payload)
    embed = _assert_where_embed(reply.message_body or {}, reply.files, "ISS")
    elements = _elements_field(embed)
    assert "from CelesTrak" in elements
    assert "days old" not in elements
    (stored,) = await storage.stored_elements()
    assert stored.catalog_number == 25544
    assert not error_log.lines()


# -- /passes ----------------------------------------------------------------------------------


async def test_passes_refuses_politely_when_the_elements_are_too_old(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    payload = await fake_discord.send_interaction(
        fake_discord.command_payload("passes", {"place": "Lisbon"})
    )
    reply = await fake_discord.wait_for_interaction_reply(payload)
    body = reply.message_body or {}
    assert "too old to predict passes" in body["content"]
    assert body["flags"] & EPHEMERAL


@pytest.fixture
async def fresh_storage(storage: Any) -> Any:
    """The bot's database holding an ISS element set of today, as if fetched this morning."""
    from bot.orbit.elements import parse_tle

    await storage.save_elements(parse_tle(_fresh_iss(), "celestrak", dt.datetime.now(dt.UTC)))
    return storage


async def test_passes_for_a_city_chosen_by_autocomplete(
    fake_discord: FakeDiscord,
    bot_settings: Any,
    engine: Any,
    fresh_storage: Any,
    error_log: ErrorLog,
) -> None:
    from bot.client import StationBot

    bot = StationBot(settings=bot_settings, engine=engine, storage=fresh_storage)
    async with started(bot, fake_discord.token):
        typed = await fake_discord.send_interaction(
            fake_discord.autocomplete_payload("passes", {"place": "lisbn"}, focused="place")
        )
        choices = (await fake_discord.wait_for_callback(typed)).json["data"]["choices"]
        assert 0 < len(choices) <= 25
        assert choices[0]["name"] == "Lisbon, Portugal"
        payload = await fake_discord.send_interaction(
            fake_discord.command_payload("passes", {"place": choices[0]["value"]})
        )
        reply = await fake_discord.wait_for_interaction_reply(payload)
        by_coordinates = await fake_discord.send_interaction(
            fake_discord.command_payload("passes", {"latitude": 51.5, "longitude": -0.12})
        )
        london = await fake_discord.wait_for_interaction_reply(by_coordinates)
    (embed,) = (reply.message_body or {})["embeds"]
    assert embed["title"] == "When to see the ISS from Lisbon, Portugal"
    assert "Europe/Lisbon time" in embed["fields"][0]["value"]
    assert "days old" not in _elements_field(embed)
    (embed,) = (london.message_body or {})["embeds"]
    assert embed["title"] == "When to see the ISS from 51.50° N, 0.12° W"
    assert "Europe/London time" in embed["fields"][0]["value"]
    assert not error_log.lines()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"place": "Xqzzyville"}, "I don't know a city called"),
        ({}, "Tell me where you are"),
        ({"latitude": 10.0}, "Tell me where you are"),
        ({"place": "Lisbon", "station": "Skylab"}, "ISS, Tiangong"),
    ],
)
async def test_passes_explains_what_it_needs(
    fake_discord: FakeDiscord, running_bot: Any, options: dict[str, Any], expected: str
) -> None:
    payload = await fake_discord.send_interaction(fake_discord.command_payload("passes", options))
    reply = await fake_discord.wait_for_interaction_reply(payload)
    body = reply.message_body or {}
    assert expected in body["content"]
    assert body["flags"] & EPHEMERAL


# -- /crew --------------------------------------------------------------------------------------


async def test_crew_lists_who_is_aboard_with_its_date_and_sources(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    crew = running_bot.crews.of("iss")
    payload = await fake_discord.send_interaction(fake_discord.command_payload("crew", {}))
    reply = await fake_discord.wait_for_interaction_reply(payload)
    (embed,) = (reply.message_body or {})["embeds"]
    assert embed["title"] == f"Aboard the ISS: {len(crew.crew)} people"
    for member in crew.crew:
        assert member.name in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["As of"] == render.format_date(crew.as_of.isoformat())
    assert "I don't follow crews live" in fields["Note"]  # the shipped list is months old
    assert "https://" in fields["Sources"]


async def test_who_is_on_tiangong_right_now_by_mention_gets_the_crew_list(
    fake_discord: FakeDiscord, running_bot: Any
) -> None:
    await fake_discord.send_message(f"{fake_discord.mention()} who is on tiangong right now?")
    request = await fake_discord.wait_for_message(fake_discord.channel_id)
    (embed,) = request.json["embeds"]
    assert embed["title"].startswith("Aboard the Tiangong: ")
    assert request.json["allowed_mentions"]["parse"] == []


@pytest.fixture
def no_files_in_other_channel(fake_discord: FakeDiscord) -> int:
    """The second channel denies the bot's role the right to attach files."""
    from fake_discord import Perm

    channel = fake_discord.channels[fake_discord.other_channel_id]
    channel["permission_overwrites"] = [
        {"id": fake_discord.bot_role["id"], "type": 0, "allow": "0", "deny": str(Perm.ATTACH_FILES)}
    ]
    return fake_discord.other_channel_id


async def test_where_without_the_right_to_attach_answers_without_the_map(
    fake_discord: FakeDiscord, no_files_in_other_channel: int, running_bot: Any
) -> None:
    channel = no_files_in_other_channel
    await fake_discord.send_message(
        f"{fake_discord.mention()} where is the ISS now?", channel_id=channel
    )
    request = await fake_discord.wait_for_message(channel)
    (embed,) = request.json["embeds"]
    assert embed["title"] == "Where the ISS is now"
    assert "image" not in embed
    assert request.files == []
