"""render.py: answers become embeds within every Discord limit, and nothing pings anyone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import discord
import pytest
from fakes import shipped_engine

from bot import render
from bot.engine import Answer, Entry, KnowledgeIssue, Source, Suggestion

EVERYONE = "@everyone <@123456789012345678> <@&123456789012345678> @here"


def _limits_ok(embed: discord.Embed) -> None:
    assert len(embed) <= render.EMBED_TOTAL_LIMIT
    assert len(embed.title or "") <= render.TITLE_LIMIT
    assert len(embed.description or "") <= render.DESCRIPTION_LIMIT
    assert len(embed.fields) <= render.FIELD_COUNT_LIMIT
    for field in embed.fields:
        assert 0 < len(field.name or "") <= render.FIELD_NAME_LIMIT
        assert 0 < len(field.value or "") <= render.FIELD_VALUE_LIMIT
    assert len(embed.footer.text or "") <= render.FOOTER_LIMIT


def _entry(entry_id: str = "iss-first-module") -> Entry:
    entry = shipped_engine().get(entry_id)
    assert entry is not None
    return entry


def _record() -> Entry:
    return shipped_engine().records[0]


# -- trimming -----------------------------------------------------------------------------------


def test_trim_keeps_short_text() -> None:
    assert render.trim("  short text ", 50) == "short text"


def test_trim_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    text = "The first piece of the ISS was Zarya, a control module built in Russia."
    cut = render.trim(text, 30)
    assert len(cut) <= 30
    assert cut.endswith("…")
    assert text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " "  # the cut fell on a word boundary
    assert cut == "The first piece of the ISS…"


def test_trim_cuts_one_huge_word_where_it_stands() -> None:
    cut = render.trim("x" * 500, 100)
    assert len(cut) == 100
    assert cut.endswith("…")


@pytest.mark.parametrize("limit", [0, 1, 2, 5, 80, 100, 1024])
def test_trim_never_exceeds_the_limit(limit: int) -> None:
    assert len(render.trim("word " * 1000, limit)) <= limit


def test_trim_lines_counts_what_it_left_out() -> None:
    lines = [f"line number {i}" for i in range(100)]
    text = render.trim_lines(lines, 200)
    assert len(text) <= 200
    kept = text.splitlines()
    assert kept[-1] == f"…and {100 - (len(kept) - 1)} more"


# -- answer embeds ------------------------------------------------------------------------------


def test_answer_embed_has_text_sources_and_footer() -> None:
    answer = shipped_engine().ask("What was the first module of the International Space Station?")
    assert answer.answered and answer.entry is not None
    embed = render.answer_embed(answer)
    assert embed.description == answer.entry.answer
    sources = next(f for f in embed.fields if f.name == "Sources")
    for source in answer.entry.sources:
        assert f"]({source.url})" in (sources.value or "")
    assert "December 2023" in (sources.value or "")  # dates as people write them
    assert answer.confidence is not None and answer.confidence > 0.9
    assert embed.footer.text == f"{answer.entry.id} · confidence {answer.confidence:.0%}"
    _limits_ok(embed)


def test_record_embed_shows_holder_value_set_previous_and_as_of() -> None:
    entry = next(e for e in shipped_engine().records if e.record and e.record.previous)
    assert entry.record is not None
    embed = render.entry_embed(entry)
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Holder"] == entry.record.holder
    assert fields["Value"] == f"{entry.record.value_text} {entry.record.unit}"
    assert "Set" in fields and "As of" in fields and "Sources" in fields
    assert entry.record.previous is not None
    assert entry.record.previous.holder in (fields["Previous"] or "")
    assert embed.title and embed.title.lower() == entry.record.record.lower()
    assert embed.footer.text == entry.id
    _limits_ok(embed)


def test_follow_up_answers_say_so_in_the_footer() -> None:
    follow = shipped_engine().ask("what rocket was it?", context="oym-launch-date")
    assert follow.used_context and follow.confidence is None  # decided by rules, not the model
    footer = render.answer_embed(follow).footer.text or ""
    assert footer == f"oym-launch-vehicle · match {follow.score:.0f}/100 · follow-up"


def test_answer_embed_refuses_a_refusal() -> None:
    with pytest.raises(ValueError):
        render.answer_embed(Answer("?", False, None, 0.0))


def test_huge_entry_is_trimmed_to_every_limit() -> None:
    big = dataclasses.replace(
        _entry(),
        answer="word " * 5000,
        questions=("Q " * 400,),
        sources=tuple(
            Source(f"Title {i} " + "t" * 300, f"https://example.org/{i}/" + "p" * 200, "2020-01-02")
            for i in range(60)
        ),
        id="x" * 3000,
    )
    embed = render.entry_embed(big, note="n" * 3000)
    _limits_ok(embed)
    assert (embed.description or "").endswith("…")
    sources = next(f for f in embed.fields if f.name == "Sources")
    assert (sources.value or "").splitlines()[-1].startswith("…and ")


def test_fit_embed_enforces_field_count_and_total() -> None:
    embed = discord.Embed(title="t" * 400, description="d " * 3000)
    for i in range(40):
        embed.add_field(name=f"name {i} " * 40, value="v " * 800)
    embed.set_footer(text="f" * 3000)
    render.fit_embed(embed)
    _limits_ok(embed)


def test_every_card_lists_trusted_sources_before_the_others() -> None:
    # iss-speed's file lists a small news site first; readers see the trusted pages first
    entry = _entry("iss-speed")
    assert not entry.sources[-1].trusted and all(s.trusted for s in entry.sources[:-1])
    sources = next(f.value for f in render.entry_embed(entry).fields if f.name == "Sources")
    lines = (sources or "").splitlines()
    assert [entry.sources[i].url in line for i, line in enumerate(lines)] == [True] * len(lines)


def test_sources_markdown_cannot_break_out_of_the_link() -> None:
    source = Source("A [bracketed] *title*", "https://example.org/a_(b)", "unknown")
    line = render.source_link(source)
    assert line.startswith("[A (bracketed) \\*title\\*](https://example.org/a_(b%29)")
    assert line.endswith("date unknown")


# -- mentions -----------------------------------------------------------------------------------


def test_quote_neutralises_mentions_and_markdown() -> None:
    quoted = render.quote(EVERYONE + " **bold**")
    assert "@everyone" not in quoted and "@here" not in quoted
    assert "<@123456789012345678>" not in quoted
    assert "<@&123456789012345678>" not in quoted
    assert "**" not in quoted


def test_texts_that_echo_user_input_are_neutralised() -> None:
    for text in (
        render.record_not_found_text(EVERYONE, []),
        render.record_not_found_text("x", [_record()]),
        render.unknown_topic_text(EVERYONE, ["iss"]),
        render.unknown_entry_text(EVERYONE, ["iss-unity"]),
        render.empty_question_text(EVERYONE),
    ):
        assert "@everyone" not in text and "@here" not in text
        assert "<@123456789012345678>" not in text
        assert "<@&123456789012345678>" not in text
        assert len(text) <= render.CONTENT_LIMIT


def test_no_mentions_blocks_every_kind_of_ping() -> None:
    allowed = render.NO_MENTIONS.to_dict()
    assert allowed == {"parse": []}  # and no replied_user: replies do not ping either


# -- other messages -----------------------------------------------------------------------------


def test_not_sure_text_depends_on_suggestions() -> None:
    topics = shipped_engine().topics
    with_suggestions = Answer("q", False, None, 40.0, (Suggestion("Q?", "iss-unity", 40.0),))
    assert "Did you mean" in render.not_sure_text(with_suggestions, topics)
    bare = render.not_sure_text(Answer("q", False, None, 0.0), topics)
    assert "ISS" in bare and "/help" in bare
    # a judgement is refused as one, with the same suggestions
    judgement = render.not_sure_text(shipped_engine().ask("was Mir better than Skylab?"), topics)
    assert "opinion" in judgement and "not sure" not in judgement
    moment = render.not_sure_text(shipped_engine().ask("who's on the ISS right now?"), topics)
    assert "live" in moment and "not sure" not in moment
    # who someone is that the knowledge only mentions: the facts mentioning him are offered
    mentioned = render.not_sure_text(shipped_engine().ask("who is Tim Peake?"), topics)
    assert "no overview" in mentioned and "Did you mean" in mentioned


def test_cooldown_text_rounds_up() -> None:
    assert render.cooldown_text(0.2) == "One moment — you can ask again in 1 second."
    assert render.cooldown_text(4.2) == "One moment — you can ask again in 5 seconds."


def test_repeat_text_links_the_earlier_answer() -> None:
    url = "https://discord.com/channels/1/2/3"
    assert url in render.repeat_text(url)
    assert render.repeat_text(None) == "I just answered that above."


def test_labels_and_choice_names_fit() -> None:
    assert len(render.button_label("why " * 100)) <= render.BUTTON_LABEL_LIMIT
    assert len(render.choice_name("name\n" * 100)) <= render.CHOICE_NAME_LIMIT
    assert "\n" not in render.choice_name("a\nb")


def test_records_pages_split_and_fit() -> None:
    records = list(shipped_engine().records)
    pages = render.records_pages(records, "Space records", per_page=8)
    assert len(pages) == -(-len(records) // 8)
    assert pages[0].footer.text and pages[0].footer.text.startswith(f"Page 1/{len(pages)}")
    for page in pages:
        _limits_ok(page)
    assert render.records_pages([], "None")[0].description == "No records here."


def test_reload_failure_lists_file_and_line_and_fits() -> None:
    issues = [
        KnowledgeIssue(
            Path(f"knowledge/bad{i}.yaml"),
            i,
            f"id-{i}",
            "answer",
            "must not be empty " * 5,
        )
        for i in range(1, 300)
    ]
    embed = render.reload_failed_embed(issues, kept=168)
    _limits_ok(embed)
    assert "knowledge/bad1.yaml:1 (id-1): answer:" in (embed.description or "")
    assert "168 entries" in (embed.description or "")
    assert "more" in (embed.description or "")
    assert embed.title == "Reload failed: 299 problems"


def test_about_and_help_fit() -> None:
    about = render.about_embed(
        version="0.1.0",
        entries=168,
        records=30,
        uptime=dt.timedelta(days=2, hours=3, minutes=4),
        shard_id=0,
        shard_count=2,
        guilds=5,
        invite_url="https://discord.com/oauth2/authorize?client_id=1",
    )
    fields = {f.name: f.value for f in about.fields}
    assert fields["Uptime"] == "2 d 3 h 4 min"
    assert fields["Shard"] == "1 of 2"
    _limits_ok(about)
    _limits_ok(render.help_embed([(f"cmd{i}", "does things " * 8) for i in range(50)]))


def test_entry_id_round_trips_through_the_footer() -> None:
    entry = _entry()
    assert render.entry_id_from_embed(render.entry_embed(entry, note="x")) == entry.id
    assert render.entry_id_from_embed(discord.Embed()) is None


def test_topic_names() -> None:
    assert render.topic_name("iss") == "ISS"
    assert render.topic_name("one-year-mission") == "One year mission"


def test_subject_texts_fit_and_echo_nothing_that_pings() -> None:
    assert len(render.menu_placeholder("x" * 500)) <= render.PLACEHOLDER_LIMIT
    text = render.subject_not_found_text("@everyone " + "y" * 3000, [])
    assert len(text) <= render.CONTENT_LIMIT and "@everyone" not in text
    assert "@here" not in render.no_subject_quiz_text("@here")
