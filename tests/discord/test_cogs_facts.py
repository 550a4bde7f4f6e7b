"""The Facts cog: /fact [topic] and /source id, with their autocompletes."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fakes import make_interaction, sent_kwargs, shipped_engine

from bot import render
from bot.cards import MAX_ABOUT_BUTTONS
from bot.client import StationBot


@pytest.fixture
def cog(bot: StationBot) -> Any:
    cog = bot.get_cog("Facts")
    cog.rng = random.Random(7)
    return cog


async def test_fact_shows_a_random_entry_of_the_topic(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.fact.callback(cog, interaction, topic="ISS")
    shown = sent_kwargs(interaction.response.send_message)
    assert shown["allowed_mentions"] is render.NO_MENTIONS
    entry_id = render.entry_id_from_embed(shown["embed"])
    entry = shipped_engine().get(entry_id or "")
    assert entry is not None and entry.topic == "iss"
    assert shown["embed"].footer.text.endswith("random fact")
    buttons = shown["view"].children  # the subjects it is about, each opening its card
    assert [b.entry_id for b in buttons] == list(entry.subjects[:MAX_ABOUT_BUTTONS])


async def test_fact_without_topic_picks_from_everything(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.fact.callback(cog, interaction, topic=None)
    assert "embed" in sent_kwargs(interaction.response.send_message)


async def test_unknown_topic_lists_the_topics(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.fact.callback(cog, interaction, topic="@everyone cooking")
    call = interaction.response.send_message.call_args
    assert call.kwargs["ephemeral"] is True
    assert "@everyone" not in call.args[0]
    assert "ISS" in call.args[0]


@pytest.mark.parametrize("typed", ["", "i", "one", "zzz"])
async def test_topic_autocomplete(cog: Any, typed: str) -> None:
    choices = await cog.topic_autocomplete(make_interaction(cog.bot), typed)
    assert len(choices) <= 25
    assert {c.value for c in choices} <= set(shipped_engine().topics)
    if typed == "":
        assert len(choices) == len(shipped_engine().topics)
    if typed == "zzz":
        assert choices == []


async def test_source_shows_every_source_of_the_entry(cog: Any) -> None:
    entry = shipped_engine().get("iss-first-module")
    assert entry is not None
    interaction = make_interaction(cog.bot)
    await cog.source.callback(cog, interaction, id="ISS-First-Module ")
    embed = sent_kwargs(interaction.response.send_message)["embed"]
    assert embed.title == "Sources for iss-first-module"
    for source in entry.sources:
        assert source.url in (embed.description or "")


async def test_unknown_source_id_suggests_close_ids(cog: Any) -> None:
    interaction = make_interaction(cog.bot)
    await cog.source.callback(cog, interaction, id="iss-first-modul")
    call = interaction.response.send_message.call_args
    assert call.kwargs["ephemeral"] is True
    assert "`iss-first-module`" in call.args[0]


@pytest.mark.parametrize("typed", ["", "iss", "landing", "x" * 100])
async def test_source_autocomplete_fits_limits(cog: Any, typed: str) -> None:
    choices = await cog.id_autocomplete(make_interaction(cog.bot), typed)
    assert len(choices) <= 25
    ids = {e.id for e in shipped_engine().entries}
    for choice in choices:
        assert choice.value in ids
        assert typed in choice.value
        assert len(choice.name) <= 100
    if typed == "iss":
        assert all(c.value.startswith("iss") for c in choices[:5])
