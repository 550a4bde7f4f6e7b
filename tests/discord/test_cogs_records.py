"""The Records cog: /record with autocomplete, /records with an invoker-only pager."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from fakes import OTHER_USER_ID, USER_ID, make_interaction, sent_kwargs, shipped_engine

from bot import render
from bot.cards import MAX_ABOUT_BUTTONS
from bot.client import StationBot
from bot.exts.records import CATEGORIES, RecordsPager, records_in


@pytest.fixture
def cog(bot: StationBot) -> Any:
    return bot.get_cog("Records")


async def test_record_by_id_shows_every_record_field(cog: Any) -> None:
    entry = next(e for e in shipped_engine().records if e.record and e.record.previous)
    interaction = make_interaction(cog.bot)
    await cog.record.callback(cog, interaction, name=entry.id)
    shown = sent_kwargs(interaction.response.send_message)
    assert shown["allowed_mentions"] is render.NO_MENTIONS
    names = [f.name for f in shown["embed"].fields]
    assert names[:4] == ["Holder", "Value", "Set", "Previous"]
    assert {"As of", "Sources"} <= set(names)
    assert shown["embed"].footer.text == entry.id
    buttons = shown["view"].children  # the holder's card and the others it is about
    assert [b.entry_id for b in buttons] == list(entry.subjects[:MAX_ABOUT_BUTTONS])


async def test_record_by_exact_name(cog: Any) -> None:
    entry = shipped_engine().records[0]
    assert entry.record is not None
    interaction = make_interaction(cog.bot)
    await cog.record.callback(cog, interaction, name=entry.record.record.upper())
    assert sent_kwargs(interaction.response.send_message)["embed"].footer.text == entry.id


async def test_unknown_record_lists_close_matches_privately(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.record.callback(cog, interaction, name="longest @everyone flight by a dog")
    call = interaction.response.send_message.call_args
    text = call.args[0]
    assert call.kwargs["ephemeral"] is True
    assert call.kwargs["allowed_mentions"] is render.NO_MENTIONS
    assert text.startswith("I don't know a record called")
    assert "@everyone" not in text
    assert "Did you mean:" in text and "\n- " in text


@pytest.mark.parametrize("typed", ["", "long", "spacewalk", "x" * 300, "🚀"])
async def test_record_autocomplete_fits_discord_limits(cog: Any, typed: str) -> None:
    choices = await cog.record_autocomplete(make_interaction(cog.bot), typed)
    assert len(choices) <= 25
    ids = {e.id for e in shipped_engine().records}
    for choice in choices:
        assert 1 <= len(choice.name) <= 100
        assert choice.value in ids


async def test_record_autocomplete_finds_what_is_typed(cog: Any) -> None:
    choices = await cog.record_autocomplete(make_interaction(cog.bot), "longest spacewalk")
    assert choices and "spacewalk" in choices[0].name.lower()


def test_categories_pick_sensible_records() -> None:
    records = shipped_engine().records
    for value in CATEGORIES:
        chosen = records_in(records, value)
        assert chosen, value
        assert len(chosen) < len(records)
    assert records_in(records, None) == list(records)
    spacewalks = records_in(records, "spacewalks")
    assert all(e.record and "spacewalk" in f"{e.record.record} {e.record.unit}" for e in spacewalks)


async def test_records_pages_with_buttons_for_the_invoker(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.records.callback(cog, interaction, category=None)
    shown = sent_kwargs(interaction.response.send_message)
    pager: RecordsPager = shown["view"]
    assert shown["embed"] is pager.pages[0]
    assert len(pager.pages) > 1
    assert pager.previous.disabled and not pager.next.disabled

    press = make_interaction(cog.bot, user_id=USER_ID)
    assert await pager.interaction_check(press)
    await pager.next.callback(press)
    edit = sent_kwargs(press.response.edit_message)
    assert edit["embed"] is pager.pages[1]
    assert pager.page == 1 and not pager.previous.disabled


async def test_only_the_invoker_may_turn_pages(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.records.callback(cog, interaction, category=None)
    pager: RecordsPager = sent_kwargs(interaction.response.send_message)["view"]
    stranger = make_interaction(cog.bot, user_id=OTHER_USER_ID)
    assert not await pager.interaction_check(stranger)
    refusal = stranger.response.send_message.call_args
    assert refusal.kwargs["ephemeral"] is True
    assert refusal.kwargs["allowed_mentions"] is render.NO_MENTIONS
    assert "Only" in refusal.args[0]
    assert pager.page == 0


async def test_pager_stops_at_the_last_page(cog: Any) -> None:
    pages = [discord.Embed(title=str(i)) for i in range(2)]
    pager = RecordsPager(pages, USER_ID)
    for _ in range(3):
        await pager.next.callback(make_interaction(cog.bot))
    assert pager.page == 1 and pager.next.disabled


async def test_pager_timeout_disables_buttons(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.records.callback(cog, interaction, category=None)
    pager: RecordsPager = sent_kwargs(interaction.response.send_message)["view"]
    await pager.on_timeout()
    assert all(getattr(item, "disabled", False) for item in pager.children)
    interaction.edit_original_response.assert_awaited_once_with(
        view=pager, allowed_mentions=render.NO_MENTIONS
    )


async def test_pager_timeout_survives_a_deleted_message(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.records.callback(cog, interaction, category=None)
    pager: RecordsPager = sent_kwargs(interaction.response.send_message)["view"]
    response = type("R", (), {"status": 404, "reason": "Not Found"})()
    interaction.edit_original_response.side_effect = discord.NotFound(response, "gone")
    await pager.on_timeout()  # no exception


async def test_one_page_category_has_no_buttons(cog: Any) -> None:
    small = min(CATEGORIES, key=lambda v: len(records_in(shipped_engine().records, v)))
    assert len(records_in(shipped_engine().records, small)) <= render.RECORDS_PER_PAGE
    interaction = make_interaction(cog.bot)
    choice = discord.app_commands.Choice(name=CATEGORIES[small][0], value=small)
    await cog.records.callback(cog, interaction, category=choice)
    shown = sent_kwargs(interaction.response.send_message)
    assert "view" not in shown
    assert shown["embed"].title == f"Space records — {CATEGORIES[small][0]}"
