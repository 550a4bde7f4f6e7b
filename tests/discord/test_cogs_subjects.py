"""The Subjects cog and the subject card: /subject with autocomplete, a card within Discord's
limits for every subject, a menu of the entries about it; under a fact or record, buttons that
open the cards of the subjects it is about."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import discord
import pytest
from fakes import make_interaction, sent_kwargs, shipped_engine

from bot import render
from bot.cards import (
    BUTTON_PREFIXES,
    MAX_ABOUT_BUTTONS,
    MENU_PREFIX,
    EntryButton,
    SubjectMenu,
    card,
)
from bot.client import StationBot


@pytest.fixture
def cog(bot: StationBot) -> Any:
    return bot.get_cog("Subjects")


def _select(view: discord.ui.View | None) -> discord.ui.Select[Any]:
    assert view is not None
    (item,) = view.children
    assert isinstance(item, SubjectMenu)
    return item.item


@pytest.mark.parametrize("subject", [s.id for s in shipped_engine().subjects.all])
def test_every_subject_card_fits_discord_and_cites_its_sources(subject: str) -> None:
    engine = shipped_engine()
    entry = engine.get(subject)
    assert entry is not None and entry.subject is not None
    embed, view = card(engine, entry, note="confidence 97%")
    assert len(embed) <= render.EMBED_TOTAL_LIMIT and len(embed.fields) <= 25
    assert embed.title == entry.subject.name and embed.description == entry.answer
    assert embed.author.name == render.subject_type_name(entry)
    names = [f.name for f in embed.fields]
    assert "Sources" in names
    about = engine.subjects.about(subject)
    if any(e.record for e in about):
        assert "Records" in names
    assert (embed.footer.text or "").startswith(f"{subject}{render.FOOTER_SEPARATOR}")
    select = _select(view)
    assert select.custom_id == f"{MENU_PREFIX}{subject}"
    assert 1 <= len(select.options) <= render.MENU_OPTION_LIMIT
    assert [o.value for o in select.options] == [e.id for e in about[:25]]
    for option in select.options:
        assert 1 <= len(option.label) <= 100 and len(option.description or "") <= 100


def test_a_fact_keeps_its_answer_embed_with_a_button_per_subject_it_is_about() -> None:
    engine = shipped_engine()
    entry = engine.get("stn-mir")
    assert entry is not None and entry.subjects, "precondition: a fact about subjects"
    embed, view = card(engine, entry)
    assert embed.footer.text == "stn-mir"
    assert embed.to_dict() == render.entry_embed(entry).to_dict()
    assert view is not None
    buttons = [item for item in view.children if isinstance(item, EntryButton)]
    assert len(buttons) == len(view.children)
    subjects = engine.subjects.of(entry)[:MAX_ABOUT_BUTTONS]
    assert [b.entry_id for b in buttons] == [s.id for s in subjects]
    about = BUTTON_PREFIXES["about"]
    assert [b.item.custom_id for b in buttons] == [f"{about}{s.id}" for s in subjects]
    assert [b.item.label for b in buttons] == [f"About {s.title}" for s in subjects]


def test_at_most_three_about_buttons_and_none_for_an_entry_about_no_subject() -> None:
    engine = shipped_engine()
    many = next(e for e in engine.entries if e.subject is None and len(e.subjects) > 3)
    _, view = card(engine, many)
    assert view is not None and len(view.children) == MAX_ABOUT_BUTTONS == 3
    alone = replace(many, subjects=())
    embed, view = card(engine, alone)
    assert view is None and embed.to_dict() == render.entry_embed(alone).to_dict()


def test_the_card_of_a_record_holder_lists_the_records() -> None:
    engine = shipped_engine()
    whitson = engine.get("peggy-whitson")
    assert whitson is not None
    embed, _ = card(engine, whitson)
    records = next(f for f in embed.fields if f.name == "Records")
    assert "Most cumulative time in space by an American" in (records.value or "")
    assert (records.value or "").endswith("Details: `/record`")


async def test_subject_by_name_shows_the_card_with_its_menu(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.subject.callback(cog, interaction, name="Mir")
    shown = sent_kwargs(interaction.response.send_message)
    assert shown["allowed_mentions"] is render.NO_MENTIONS
    assert shown["embed"].title == "Mir" and shown["embed"].footer.text == "mir"
    assert _select(shown["view"]).custom_id == f"{MENU_PREFIX}mir"


async def test_unknown_subject_lists_close_ones_privately(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.subject.callback(cog, interaction, name="@everyone Skylob")
    call = interaction.response.send_message.call_args
    text = call.args[0]
    assert call.kwargs["ephemeral"] is True
    assert call.kwargs["allowed_mentions"] is render.NO_MENTIONS
    assert text.startswith("I have no subject called") and "@everyone" not in text
    assert "- Skylab" in text


@pytest.mark.parametrize("typed", ["", "mir", "peggy", "x" * 300, "🚀"])
async def test_subject_autocomplete_fits_discord_limits(cog: Any, typed: str) -> None:
    choices = await cog.subject_autocomplete(make_interaction(cog.bot), typed)
    assert len(choices) <= 25
    for choice in choices:
        assert 1 <= len(choice.name) <= 100
        assert shipped_engine().subjects.get(choice.value) is not None
    if typed in ("mir", "peggy"):
        assert choices and typed in choices[0].name.casefold()
