"""Engine results -> what Discord users see: embeds and short messages, always within limits.

Every user-facing sentence of the Discord layer lives here. Text a user typed that we echo back
goes through :func:`quote` (mentions neutralised, Markdown escaped, short).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord

from bot.engine import Answer, Entry, KnowledgeIssue, Source
from bot.wording import (
    confidence_text,
    crew_member_since,
    crew_note,
    elements_note,
    elements_warning,
    format_date,
    no_passes_text,
    not_sure_line,
    pass_line,
    people_text,
    position_figures,
    position_headline,
    record_lines,
    subject_type_name,
)

if TYPE_CHECKING:
    from bot.engine.crew import StationCrew
    from bot.orbit.elements import Elements
    from bot.orbit.now import StationNow
    from bot.orbit.passes import Pass
    from bot.orbit.places import City, Place

#: CelesTrak's page on its element sets, linked from the live station's embed.
CELESTRAK_PAGE = "https://celestrak.org/NORAD/elements/"

#: Nobody is ever pinged by what the bot sends: not @everyone, roles, users or reply authors.
NO_MENTIONS = discord.AllowedMentions.none()

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
BUTTON_LABEL_LIMIT = 80
CHOICE_LIMIT = 25
CHOICE_NAME_LIMIT = 100
CHOICE_VALUE_LIMIT = 100
MENU_OPTION_LIMIT = 25
OPTION_LABEL_LIMIT = 100
OPTION_DESCRIPTION_LIMIT = 100
PLACEHOLDER_LIMIT = 150

ELLIPSIS = "…"
FOOTER_SEPARATOR = " · "
QUOTE_LIMIT = 100
RECORDS_PER_PAGE = 8
#: What the footer of a card opened with an "About ..." button (under a fact or record) says.
ABOUT_NOTE = "from an About button"

COLOUR_FACT = discord.Colour.blurple()
COLOUR_RECORD = discord.Colour.gold()
COLOUR_INFO = discord.Colour.dark_teal()
COLOUR_SUBJECT = discord.Colour.teal()
COLOUR_PROBLEM = discord.Colour.red()

_TRAILING = " \t\n,;:.-—–("


# -- trimming ---------------------------------------------------------------------------------


def trim(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    cut = text[: limit - len(ELLIPSIS) + 1]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    # Break at the last space unless that throws away more than half; a single huge word is
    # cut where it stands.
    cut = cut[:boundary] if boundary >= limit // 2 else cut[:-1]
    return cut.rstrip(_TRAILING) + ELLIPSIS


def trim_lines(lines: Sequence[str], limit: int, more: str = "…and {n} more") -> str:
    """Whole lines joined by newlines, as many as fit in ``limit``, then a "more" line."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        candidate = [*kept, trim(line, limit)]
        left = len(lines) - index - 1
        tail = [more.format(n=left)] if left else []
        if len("\n".join(candidate + tail)) > limit:
            dropped = len(lines) - len(kept)
            return "\n".join([*kept, more.format(n=dropped)])[:limit]
        kept = candidate
    return "\n".join(kept)


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """User text safe to echo: one line, mentions neutralised, Markdown escaped, trimmed."""
    text = " ".join(text.split())
    text = discord.utils.escape_mentions(trim(text, limit))
    return discord.utils.escape_markdown(text)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Trim ``embed`` in place to every Discord limit (fields beyond 25 or the total dropped)."""
    if embed.title:
        embed.title = trim(embed.title, TITLE_LIMIT)
    if embed.description:
        embed.description = trim(embed.description, DESCRIPTION_LIMIT)
    if embed.footer.text:
        embed.set_footer(text=trim(embed.footer.text, FOOTER_LIMIT), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(
            name=trim(embed.author.name, AUTHOR_LIMIT),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    fields = [(f.name or "", f.value or "", bool(f.inline)) for f in embed.fields]
    embed.clear_fields()
    for name, value, inline in fields[:FIELD_COUNT_LIMIT]:
        embed.add_field(
            name=trim(name, FIELD_NAME_LIMIT) or "\u200b",
            value=trim(value, FIELD_VALUE_LIMIT) or "\u200b",
            inline=inline,
        )
    while len(embed) > EMBED_TOTAL_LIMIT:
        excess = len(embed) - EMBED_TOTAL_LIMIT
        description = embed.description or ""
        if len(description) > excess + 100:
            embed.description = trim(description, len(description) - excess - 1)
        elif embed.fields:
            embed.remove_field(len(embed.fields) - 1)
        else:
            embed.description = trim(description, max(0, len(description) - excess - 1)) or None
    return embed


def clip(text: str) -> str:
    """Message content within the 2000-character limit."""
    return trim(text, CONTENT_LIMIT)


def button_label(text: str) -> str:
    """A button label within 80 characters."""
    return trim(text, BUTTON_LABEL_LIMIT) or "?"


def choice_name(text: str) -> str:
    """An autocomplete choice name within 100 characters."""
    return trim(" ".join(text.split()), CHOICE_NAME_LIMIT) or "?"


# -- answers ----------------------------------------------------------------------------------


def answer_embed(answer: Answer) -> discord.Embed:
    """The embed of a confident answer: text, record fields, sources, id and confidence."""
    if answer.entry is None:
        raise ValueError("answer_embed needs an answered Answer")
    return entry_embed(answer.entry, note=answer_note(answer))


def answer_note(answer: Answer) -> str:
    """What an answer's footer says after the entry id: its confidence, and whether it was
    read as a follow-up."""
    note = confidence_text(answer)
    if answer.used_context:
        note += f"{FOOTER_SEPARATOR}follow-up"
    return note


def entry_embed(entry: Entry, note: str | None = None) -> discord.Embed:
    """An entry as an embed: its answer, record fields, sources; footer = id (+ ``note``)."""
    record = entry.record
    embed = discord.Embed(
        title=_capitalise(record.record) if record else entry.questions[0],
        description=entry.answer,
        colour=COLOUR_RECORD if record else COLOUR_FACT,
    )
    for line in record_lines(entry):
        label, _, value = line.partition(": ")
        if label != "Record":
            embed.add_field(name=label, value=value, inline=label != "Previous")
    return _cited(embed, entry, note, as_of=record is None)


def _cited(embed: discord.Embed, entry: Entry, note: str | None, as_of: bool) -> discord.Embed:
    """``embed`` finished as every entry's is: its as-of date (when ``as_of``), its sources,
    and a footer of its id and ``note``; fitted to Discord's limits."""
    if as_of and entry.as_of:
        embed.add_field(name="As of", value=format_date(entry.as_of), inline=True)
    if entry.sources:
        embed.add_field(name="Sources", value=sources_text(entry.sources), inline=False)
    footer = entry.id if note is None else f"{entry.id}{FOOTER_SEPARATOR}{note}"
    embed.set_footer(text=footer)
    return fit_embed(embed)


def card_embed(entry: Entry, about: Sequence[Entry], note: str | None = None) -> discord.Embed:
    """A subject's card: what it is, its overview, key figures, records, how many facts the
    menu below offers, and the sources (any other entry shows as ``entry_embed``)."""
    subject = entry.subject
    if subject is None:
        raise ValueError("card_embed needs a subject")
    embed = discord.Embed(title=subject.name, description=entry.answer, colour=COLOUR_SUBJECT)
    embed.set_author(name=subject_type_name(entry))
    for number in subject.numbers:
        embed.add_field(name=number.label, value=number.value, inline=True)
    records = [e for e in about if e.record is not None]
    if records:
        lines = [_record_summary(e) for e in records]
        embed.add_field(
            name="Records",
            value=trim_lines(lines, FIELD_VALUE_LIMIT - 40) + "\nDetails: `/record`",
            inline=False,
        )
    if about:
        counts = [
            _count(len(about) - len(records), "fact"),
            _count(len(records), "record"),
        ]
        shown = min(len(about), MENU_OPTION_LIMIT)
        more = f" (the first {shown} in the menu)" if len(about) > shown else ""
        embed.add_field(
            name=f"More about {subject.name}",
            value=f"{' and '.join(c for c in counts if c)}{more}: pick one below.",
            inline=False,
        )
    return _cited(embed, entry, note, as_of=True)


def _count(n: int, thing: str) -> str:
    """ "3 facts", "1 record"; "" for none."""
    return f"{n} {thing}{'s' if n != 1 else ''}" if n else ""


def menu_options(about: Sequence[Entry]) -> list[discord.SelectOption]:
    """The entries about a subject as the options of its card's menu (at most 25): a record
    by its name and value, a fact by its first question."""
    options = []
    for entry in about[:MENU_OPTION_LIMIT]:
        rec = entry.record
        label = _capitalise(rec.record) if rec else entry.questions[0]
        description = f"{rec.value_text} {rec.unit} — {rec.holder}" if rec else entry.answer
        options.append(
            discord.SelectOption(
                label=trim(label, OPTION_LABEL_LIMIT) or entry.id,
                value=entry.id,
                description=trim(description, OPTION_DESCRIPTION_LIMIT) or None,
            )
        )
    return options


def menu_placeholder(name: str) -> str:
    """The text of a subject card's menu before anything is picked."""
    return trim(f"More about {name}…", PLACEHOLDER_LIMIT)


def subject_not_found_text(name: str, close: Sequence[Entry]) -> str:
    """Reply to /subject with a name we do not know, listing close ones."""
    return _not_found(
        f"I have no subject called “{quote(name)}”.",
        "Start typing a station, module, vehicle, person or mission to pick one.",
        [e.title for e in close],
    )


def no_subject_quiz_text(name: str) -> str:
    """Reply to /trivia start with a subject we have no quiz questions about."""
    return clip(
        f"I have no quiz questions about “{quote(name)}”. Pick a subject from the list, "
        "or leave it out for any subject."
    )


def subject_choice(entry: Entry) -> str:
    """A subject as an autocomplete choice: "Mir (space station)"."""
    kind = subject_type_name(entry).casefold()
    return choice_name(f"{entry.title} ({kind})" if kind else entry.title)


def about_label(subject: Entry) -> str:
    """The label of the button under an answer that opens ``subject``'s card: "About Mir"."""
    return button_label(f"About {subject.title}")


def entry_id_from_embed(embed: discord.Embed) -> str | None:
    """The entry id an answer embed of ours shows in its footer, or None."""
    text = embed.footer.text or ""
    entry_id = text.split(FOOTER_SEPARATOR, 1)[0].strip()
    return entry_id or None


def sources_text(sources: Iterable[Source], limit: int = FIELD_VALUE_LIMIT) -> str:
    """Linked source titles with their dates, one a line, as many as fit in ``limit``."""
    return trim_lines([source_link(s) for s in sources], limit)


def source_link(source: Source) -> str:
    """One source as a Markdown link followed by its publication date."""
    title = discord.utils.escape_markdown(source.title).replace("[", "(").replace("]", ")")
    url = source.url.replace(")", "%29").replace(" ", "%20")
    return f"[{trim(title, 200)}]({url}) — {format_date(source.published)}"


def sources_embed(entry: Entry) -> discord.Embed:
    """Every source of ``entry``, for /source."""
    embed = discord.Embed(
        title=f"Sources for {entry.id}",
        description=trim_lines([source_link(s) for s in entry.sources], DESCRIPTION_LIMIT)
        or "This entry lists no sources.",
        colour=COLOUR_INFO,
    )
    embed.add_field(name="Answer", value=entry.answer, inline=False)
    if entry.as_of:
        embed.add_field(name="As of", value=format_date(entry.as_of), inline=True)
    embed.add_field(name="Topic", value=entry.topic, inline=True)
    embed.set_footer(text=entry.id)
    return fit_embed(embed)


def not_sure_text(answer: Answer, topics: Sequence[str]) -> str:
    """What the bot says when it is not confident (buttons carry the suggestions)."""
    if answer.suggestions:
        return f"{not_sure_line(answer)} Did you mean one of these?"
    known = ", ".join(topic_name(t) for t in topics)
    return clip(f"{not_sure_line(answer)} I know about: {known}. See /help for more.")


def empty_question_text(bot_name: str) -> str:
    """The hint for a mention that holds no question."""
    return (
        f'Ask me about space stations, for example "@{quote(bot_name, 40)} who holds the record '
        'for the most spacewalks?" — or use /ask.'
    )


def cooldown_text(seconds: float) -> str:
    """The friendly reply to someone asking faster than the cooldown allows."""
    wait = max(1, round(seconds + 0.49))
    return f"One moment — you can ask again in {wait} second{'s' if wait != 1 else ''}."


def repeat_text(jump_url: str | None) -> str:
    """The brief reply when the same answer was just given in this channel."""
    if jump_url:
        return f"I just answered that above: {jump_url}"
    return "I just answered that above."


def entry_gone_text() -> str:
    """Reply to a suggestion button whose entry left the knowledge base."""
    return "That entry is no longer in my knowledge base. Try asking again."


def apology_text() -> str:
    """The short apology a user sees when something broke on our side."""
    return "Sorry, something went wrong on my side. It has been logged; please try again later."


# -- records ----------------------------------------------------------------------------------


def record_not_found_text(name: str, close: Sequence[Entry]) -> str:
    """Reply to /record with an unknown name, listing close matches."""
    return _not_found(
        f"I don't know a record called “{quote(name)}”.",
        "Try /records to browse them all.",
        [_record_name(e) for e in close],
    )


def _not_found(head: str, hint: str, close: Sequence[str]) -> str:
    """A name we do not know: ``head``, then up to 5 close names, or ``hint`` when none."""
    if not close:
        return f"{head} {hint}"
    names = "\n".join(f"- {quote(name, 90)}" for name in close[:5])
    return clip(f"{head} Did you mean:\n{names}")


def records_pages(
    records: Sequence[Entry], heading: str, per_page: int = RECORDS_PER_PAGE
) -> list[discord.Embed]:
    """``records`` as a list of page embeds, ``per_page`` a page."""
    if not records:
        return [discord.Embed(title=heading, description="No records here.", colour=COLOUR_RECORD)]
    chunks = [records[i : i + per_page] for i in range(0, len(records), per_page)]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        lines = [_record_summary(entry) for entry in chunk]
        embed = discord.Embed(
            title=heading,
            description=trim_lines(lines, DESCRIPTION_LIMIT),
            colour=COLOUR_RECORD,
        )
        embed.set_footer(
            text=f"Page {number}/{len(chunks)}{FOOTER_SEPARATOR}{len(records)} records"
            f"{FOOTER_SEPARATOR}/record name: for the details"
        )
        pages.append(fit_embed(embed))
    return pages


def pager_refused_text(owner_mention: str) -> str:
    """Reply to someone pressing another person's page buttons."""
    return f"Only {owner_mention} can turn these pages — run /records yourself."


def _record_summary(entry: Entry) -> str:
    rec = entry.record
    if rec is None:
        return entry.id
    value = f": {rec.measure}" if rec.measure else ""
    return f"**{_capitalise(rec.record)}** — {rec.holder}{value} ({format_date(rec.set)})"


def _record_name(entry: Entry) -> str:
    return entry.record.record if entry.record else entry.id


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- facts, topics, sources -------------------------------------------------------------------


def topic_name(topic: str) -> str:
    """A topic id as people read it ("one-year-mission" -> "One year mission")."""
    special = {"iss": "ISS"}
    return special.get(topic, _capitalise(topic.replace("-", " ")))


def unknown_topic_text(topic: str, topics: Sequence[str]) -> str:
    """Reply to /fact with a topic we do not have."""
    known = ", ".join(topic_name(t) for t in topics)
    return clip(f"I have no topic called “{quote(topic)}”. Topics: {known}.")


def no_facts_text() -> str:
    """Reply to /fact when the knowledge base is empty."""
    return "I have no facts loaded right now."


def unknown_entry_text(entry_id: str, close: Sequence[str]) -> str:
    """Reply to /source with an unknown id."""
    head = f"I have no entry with the id “{quote(entry_id)}”."
    if close:
        head += " Did you mean: " + ", ".join(f"`{c}`" for c in close) + "?"
    return clip(head)


# -- admin, settings, meta --------------------------------------------------------------------


def reload_ok_text(entries: int, records: int, before: int) -> str:
    """Reply to a successful /admin reload."""
    return f"Reloaded the knowledge: {entries} entries ({records} records); it had {before}."


def reload_failed_embed(issues: Sequence[KnowledgeIssue | str], kept: int) -> discord.Embed:
    """The problems that stopped a reload (file:line each), within embed limits."""
    lines = [str(issue).replace("```", "'''") for issue in issues]
    count = len(lines)
    body = trim_lines(lines, DESCRIPTION_LIMIT - 200)
    embed = discord.Embed(
        title=f"Reload failed: {count} problem{'s' if count != 1 else ''}",
        description=f"I kept the knowledge I had ({kept} entries).\n```\n{body}\n```",
        colour=COLOUR_PROBLEM,
    )
    return fit_embed(embed)


def synced_text(count: int, where: str) -> str:
    """Reply to /admin sync."""
    return f"Synced {count} command{'s' if count != 1 else ''} {where}."


def listen_text(channel_mention: str, enabled: bool, intent_on: bool) -> str:
    """Reply to /settings listen."""
    if not enabled:
        return f"I no longer answer questions in {channel_mention} unless I'm mentioned."
    text = (
        f"I'll answer questions in {channel_mention} when I'm confident, without being mentioned."
    )
    if not intent_on:
        text += "\n" + intent_needed_text()
    return text


def intent_needed_text() -> str:
    """How to enable the message-content intent that listen channels need."""
    return (
        "⚠️ Listening needs the message-content intent, which is off, so I can't read those "
        "messages yet. The bot's owner can enable it: Discord Developer Portal → the "
        "application → Bot → Privileged Gateway Intents → Message Content Intent; then set "
        "STATIONBOT_MESSAGE_CONTENT_INTENT=true and restart the bot."
    )


def guild_settings_text(
    listen_channels: Iterable[int],
    cooldown: float,
    intent_on: bool,
    quiz: tuple[int, int] | None = None,
    daily: tuple[int, str] | None = None,
) -> str:
    """Reply to /settings show; ``quiz`` is the default (questions, seconds each), ``daily``
    the daily fact's (channel id, time)."""
    channels = ", ".join(f"<#{c}>" for c in sorted(listen_channels)) or "none"
    text = f"Listen channels: {channels}\nQuestion cooldown: {cooldown:g} s per user"
    if quiz is not None:
        text += "\n" + quiz_defaults_text(*quiz)
    text += "\nDaily fact: " + (f"<#{daily[0]}> at {daily[1]} UTC" if daily else "off")
    if listen_channels and not intent_on:
        text += "\n" + intent_needed_text()
    return clip(text)


def quiz_defaults_text(rounds: int, seconds: int) -> str:
    """The server's quiz defaults, as /settings quiz and /settings show give them."""
    return f"Quizzes here: {rounds} questions, {seconds} s each."


def owner_only_text() -> str:
    """Refusal for owner-only commands."""
    return "Only the bot's owner can use this command."


def missing_permissions_text(permissions: Sequence[str]) -> str:
    """Refusal when the user lacks server permissions."""
    names = ", ".join(p.replace("_", " ").replace("guild", "server").title() for p in permissions)
    return f"You need the {names} permission to do that."


def guild_only_text() -> str:
    """Refusal for server-only commands used in DMs."""
    return "This command only works in a server."


def bad_option_text() -> str:
    """Reply when an option value could not be understood."""
    return "I couldn't understand one of the options. Please pick from the list."


def about_embed(
    *,
    version: str,
    entries: int,
    records: int,
    uptime: dt.timedelta,
    shard_id: int | None,
    shard_count: int | None,
    guilds: int,
    invite_url: str | None,
) -> discord.Embed:
    """The /about card."""
    embed = discord.Embed(
        title="stationbot",
        description=(
            "Answers questions about space stations — the ISS, Mir, Skylab, Tiangong, their "
            "crews, vehicles and records — with the sources every answer is based on."
        ),
        colour=COLOUR_INFO,
    )
    embed.add_field(name="Version", value=version, inline=True)
    embed.add_field(name="Knowledge", value=f"{entries} entries ({records} records)", inline=True)
    embed.add_field(name="Uptime", value=_duration(uptime), inline=True)
    shard = "—" if shard_id is None else f"{shard_id + 1} of {shard_count or 1}"
    embed.add_field(name="Shard", value=shard, inline=True)
    embed.add_field(name="Servers", value=str(guilds), inline=True)
    if invite_url:
        embed.add_field(name="Invite", value=f"[Add me to a server]({invite_url})", inline=False)
    return fit_embed(embed)


def help_embed(commands: Sequence[tuple[str, str]]) -> discord.Embed:
    """The /help card: how to ask, then every command with its description."""
    embed = discord.Embed(
        title="How to ask me",
        description=(
            "Mention me with a question, reply to one of my answers, send me a DM, or use "
            "`/ask`. Follow-ups like “who came back with him?” work for a few minutes after "
            "an answer. Every answer lists its sources; if I'm not sure, I suggest questions "
            "I can answer."
        ),
        colour=COLOUR_INFO,
    )
    lines = [f"`/{name}` — {description}" for name, description in commands]
    for number, chunk in enumerate(_chunks(lines, FIELD_VALUE_LIMIT)):
        embed.add_field(
            name="Commands" if number == 0 else "More commands", value=chunk, inline=False
        )
    return fit_embed(embed)


def _chunks(lines: Sequence[str], limit: int) -> list[str]:
    """``lines`` joined into as few texts of at most ``limit`` characters as they fit in (a
    line longer than ``limit`` is trimmed)."""
    chunks: list[str] = []
    current = ""
    for line in (trim(line, limit) for line in lines):
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _duration(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes = seconds // 60
    parts = [f"{days} d"] if days else []
    if days or hours:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    return " ".join(parts)


# -- the live station ---------------------------------------------------------------------------

COLOUR_LIVE = discord.Colour.dark_blue()
#: The attachment name the embed's image refers to.
MAP_FILENAME = "station-map.png"


def where_embed(now: StationNow, clock: dt.datetime) -> discord.Embed:
    """Where a station is: the place below it, its figures, the map (attached as
    ``MAP_FILENAME``) and which orbital elements it comes from, with a warning when old."""
    embed = discord.Embed(
        title=f"Where the {now.station.name} is now",
        description=position_headline(now),
        colour=COLOUR_LIVE,
        timestamp=now.fix.at,
    )
    for line in position_figures(now):
        label, _, value = line.partition(": ")
        if label != "At":
            embed.add_field(name=label, value=value, inline=True)
    elements = now.elements
    source = elements_note(elements)
    if elements.origin != "shipped":
        source += f" [CelesTrak]({CELESTRAK_PAGE})"
    warning = elements_warning(elements, clock)
    embed.add_field(
        name="Orbital elements",
        value=source if not warning else f"{source}\n{warning}",
        inline=False,
    )
    embed.set_image(url=f"attachment://{MAP_FILENAME}")
    embed.set_footer(
        text="Map: the next orbit's ground track, night shaded · Natural Earth · places: GeoNames"
    )
    return fit_embed(embed)


def unknown_station_text(name: str, stations: Sequence[str]) -> str:
    """The reply to a station the bot does not follow."""
    return f"I follow {', '.join(stations)}; {quote(name)} is not one of them."


#: How many passes a /passes reply lists (a week has up to about 20 visible ones).
PASSES_SHOWN = 10


def passes_embed(
    station: str,
    place: Place,
    found: Sequence[Pass],
    elements: Elements,
    clock: dt.datetime,
    days: int,
) -> discord.Embed:
    """The visible passes of a station over a place, in the place's local time."""
    zone = ZoneInfo(place.timezone)
    lines = [pass_line(one, zone) for one in found[:PASSES_SHOWN]]
    if len(found) > PASSES_SHOWN:
        lines.append(f"…and {len(found) - PASSES_SHOWN} more in the next {days} days")
    embed = discord.Embed(
        title=f"When to see the {station} from {place.label}",
        description="\n".join(f"• {line}" for line in lines)
        if lines
        else no_passes_text(station, place.label, days),
        colour=COLOUR_LIVE,
    )
    embed.add_field(
        name="How to read it",
        value=(
            f"Times are {place.timezone} time. The station shows as a bright, steady star "
            "gliding across the sky; it is visible while sunlit and the sky is dark, from 10° "
            "above the horizon."
        ),
        inline=False,
    )
    note = elements_note(elements)
    warning = elements_warning(elements, clock)
    embed.add_field(
        name="Orbital elements", value=note if not warning else f"{note}\n{warning}", inline=False
    )
    embed.set_footer(text="Places: GeoNames")
    return fit_embed(embed)


def unknown_place_text(name: str, close: Sequence[str]) -> str:
    """The reply to a place the bot cannot find."""
    hint = "Pick a city from the list as you type, or give `latitude` and `longitude`."
    return _not_found(f"I don't know a city called {quote(name)}.", hint, close)


def place_needed_text() -> str:
    """The reply to /passes with neither a city nor both coordinates."""
    return "Tell me where you are: a `place` (a city), or both `latitude` and `longitude`."


def city_choice(city: City) -> str:
    """A city as an autocomplete choice's value ("Paris, FR"), read back by ``city_named``."""
    return choice_name(f"{city.name}, {city.country_code}")


def crew_embed(crew: StationCrew, today: dt.date) -> discord.Embed:
    """Who is aboard a station as of the crew list's date, with its sources."""
    lines = [f"**{m.name}** {crew_member_since(m)}" for m in crew.crew]
    embed = discord.Embed(
        title=f"Aboard the {crew.name}: {people_text(len(crew.crew))}",
        description=trim_lines(lines, DESCRIPTION_LIMIT),
        colour=COLOUR_LIVE,
    )
    embed.add_field(name="As of", value=format_date(crew.as_of.isoformat()), inline=True)
    note = crew_note(crew, today)
    if note:
        embed.add_field(name="Note", value=note, inline=False)
    embed.add_field(name="Sources", value=sources_text(crew.sources), inline=False)
    embed.set_footer(text=f"crew · {crew.station}")
    return fit_embed(embed)


def no_crew_text(station: str) -> str:
    """When the knowledge has no crew list for a station."""
    return f"I have no crew list for the {station} yet."


# -- the daily fact -----------------------------------------------------------------------------


def daily_embed(entry: Entry) -> discord.Embed:
    """The fact of the day: the entry's embed, headed as such."""
    embed = entry_embed(entry, note="fact of the day")
    embed.set_author(name="Fact of the day")
    return fit_embed(embed)


def daily_on_text(channel_mention: str, post_at: str, can_post: bool) -> str:
    """Reply to /settings daily on."""
    text = (
        f"I'll post a fact a day in {channel_mention} at {post_at} UTC, with its sources, "
        "and no fact twice until I've shown them all."
    )
    if not can_post:
        text += (
            f" But I can't post there yet: give me View Channel, Send Messages and Embed "
            f"Links in {channel_mention}; until then I'll skip the day quietly."
        )
    return text


def daily_off_text(was_on: bool) -> str:
    """Reply to /settings daily off."""
    return "No more daily facts here." if was_on else "There was no daily fact here to stop."


def bad_time_text(typed: str) -> str:
    """Reply to a time of day that cannot be read."""
    return f"{quote(typed)} is not a time of day: write it as HH:MM in UTC, e.g. 09:00 or 18:30."
