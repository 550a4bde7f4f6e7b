"""Plain-text wording shared by the terminal and Discord renderers."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from bot.engine.models import Answer, Entry, Source, number_text

if TYPE_CHECKING:  # the orbit modules load skyfield: not for a plain question
    from bot.engine.crew import CrewMember, StationCrew
    from bot.orbit.elements import Elements
    from bot.orbit.now import StationNow
    from bot.orbit.passes import Pass


def format_date(value: str | None) -> str:
    """Turn "2016-03-01" into "1 March 2016" ("2016-03" -> "March 2016"; "unknown" stays)."""
    if not value or value == "unknown":
        return "date unknown"
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
        if len(parts) == 2:
            return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def not_sure_line(answer: Answer) -> str:
    """The first words of a refusal: a judgement is refused as one ("was the ISS worth it?"), a
    question about this very moment as one ("who is on the ISS right now?"), who or what
    something is that the knowledge only mentions as such ("who is Tim Peake?"), anything else
    as a question the bot cannot answer with confidence."""
    if answer.refusal == "opinion":
        return "That asks for an opinion, and I only answer with facts I can cite."
    if answer.refusal == "live":
        return "I don't follow the station live: I know facts as of the dates in my sources."
    if answer.refusal == "no-subject":
        return "I have no overview of that yet, only facts that mention it."
    return "I'm not sure I know that one."


def confidence_text(answer: Answer) -> str:
    """How sure an answer is: the confidence model's probability ("confidence 93%"), or for a
    follow-up read with the previous answer, which rules decide, its match ("match 74/100")."""
    if answer.confidence is not None:
        return f"confidence {answer.confidence:.0%}"
    return f"match {answer.score:.0f}/100"


def source_line(source: Source) -> str:
    """One line naming a source: title, date and URL."""
    return f"{source.title} ({format_date(source.published)}) <{source.url}>"


def record_lines(entry: Entry) -> list[str]:
    """The structured fields of a record, one "Label: value" line each."""
    rec = entry.record
    if rec is None:
        return []
    lines = [
        f"Record: {rec.record}",
        f"Holder: {rec.holder}",
        f"Value: {rec.value_text} {rec.unit}",
        f"Set: {format_date(rec.set)}",
    ]
    if rec.previous is not None:
        prev = rec.previous
        text = prev.holder
        if prev.value is not None:
            text += f" ({number_text(prev.value)} {rec.unit})"
        if prev.note:
            text += f" — {prev.note}"
        lines.append(f"Previous: {text}")
    lines.append(f"As of: {format_date(entry.as_of)}")
    return lines


#: What each type of subject is called on its card.
SUBJECT_TYPE_NAMES = {
    "station": "Space station",
    "module": "Station module",
    "vehicle": "Vehicle",
    "person": "Person",
    "mission": "Mission",
}
#: How many of a subject's other entries its text (CLI) lists as questions to ask next.
SEE_ALSO = 3


def subject_type_name(entry: Entry) -> str:
    """What a subject is, as its card says it ("Space station"); "" for a fact or record."""
    return SUBJECT_TYPE_NAMES.get(entry.subject.type, "") if entry.subject else ""


def record_summary(entry: Entry) -> str:
    """A record in one line: "Longest single spaceflight: 437.7 days, Valeri Polyakov (Russia),
    set 22 March 1995"."""
    rec = entry.record
    if rec is None:
        return entry.title
    name = rec.record[:1].upper() + rec.record[1:]
    value = f"{rec.measure}, " if rec.measure else ""
    return f"{name}: {value}{rec.holder}, set {format_date(rec.set)}"


def subject_lines(subject: Entry, about: Sequence[Entry]) -> list[str]:
    """What a subject's text adds under its overview: what it is, its key figures, its records
    and a few of the questions its other entries answer."""
    if subject.subject is None:
        return []
    lines = [subject_type_name(subject)]
    lines += [f"{n.label}: {n.value}" for n in subject.subject.numbers]
    records = [e for e in about if e.record is not None]
    if records:
        lines.append("Records:")
        lines += [f"  - {record_summary(e)}" for e in records]
    facts = [e for e in about if e.record is None]
    if facts:
        asked = ", ".join(f'"{e.questions[0]}"' for e in facts[:SEE_ALSO])
        lines.append(f"More about {subject.subject.name} ({len(facts)} facts): ask {asked}")
    return lines


def about_line(subjects: Sequence[Entry]) -> str | None:
    """The line under a fact or record naming the subjects it is about, whose overviews "what
    is ...?" gives: "About: Mir, Valeri Polyakov"; None when it names none."""
    if not subjects:
        return None
    return "About: " + ", ".join(s.title for s in subjects)


# -- the live station ---------------------------------------------------------------------------

#: Elements older than this are too old to place the station at all, only its orbit.
LOST_AFTER_DAYS = 30
ORIGIN_WORDS = {
    "celestrak": "from CelesTrak",
    "stored": "from CelesTrak, as last fetched",
    "shipped": "shipped with stationbot (no fresher set could be fetched)",
}


def utc_text(moment: datetime) -> str:
    """A moment as "5 Dec 2026, 14:02 UTC"."""
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def elements_note(elements: Elements) -> str:
    """Which elements a position comes from, their epoch and where they came from."""
    return f"Orbital elements of {utc_text(elements.epoch)}, {ORIGIN_WORDS[elements.origin]}."


def elements_warning(elements: Elements, now: datetime) -> str | None:
    """A warning for elements too old to trust (None while they are fresh)."""
    if not elements.is_stale(now):
        return None
    days = elements.age(now).days
    if days > LOST_AFTER_DAYS:
        return (
            f"⚠ These elements are {days} days old: the station follows this orbit, but it may "
            "be anywhere along it by now. An operator can run `stationbot elements refresh`."
        )
    return f"⚠ These elements are {days} days old: the position may be hundreds of km off."


def latitude_text(value: float) -> str:
    """21.06 -> "21.06° N"."""
    return f"{abs(value):.2f}° {'N' if value >= 0 else 'S'}"


def longitude_text(value: float) -> str:
    """-176.52 -> "176.52° W"."""
    return f"{abs(value):.2f}° {'E' if value >= 0 else 'W'}"


def position_headline(now: StationNow) -> str:
    """ "The ISS is over the Pacific Ocean, 900 km south of Honolulu, United States."."""
    return f"The {now.station.name} is {now.below.describe()}."


def position_figures(now: StationNow) -> list[str]:
    """The figures of a position, one "Label: value" line each."""
    fix = now.fix
    return [
        f"Below it: {latitude_text(fix.latitude)}, {longitude_text(fix.longitude)}",
        f"Altitude: {fix.altitude_km:,.0f} km",
        f"Speed: {fix.speed_km_h:,.0f} km/h ({fix.speed_km_s:.2f} km/s)",
        f"Sunlight: {'in sunlight' if fix.sunlit else 'in the Earth’s shadow'}",
        f"At: {utc_text(fix.at)}",
    ]


def pass_line(one: Pass, zone: tzinfo) -> str:
    """One visible pass in the place's local time: "Mon 28 Sep, 20:21 – 20:27, up to 78° high
    in the south-west, from the north-west to the south-east"."""
    start, top, end = one.visible_start, one.visible_top, one.visible_end
    if start is None or top is None or end is None:
        return ""
    begins, ends = start.at.astimezone(zone), end.at.astimezone(zone)
    path = (
        f"from the {start.direction} to the {end.direction}"
        if start.direction != end.direction
        else f"only in the {start.direction}"
    )
    return (
        f"{begins:%a} {begins.day} {begins:%b}, {begins:%H:%M} – {ends:%H:%M}, "
        f"up to {top.elevation:.0f}° high in the {top.direction}, {path}"
    )


def passes_refusal(elements: Elements, now: datetime) -> str | None:
    """Why passes cannot be predicted from these elements (None when they can): past
    ``LOST_AFTER_DAYS`` a pass could be off by many minutes, or not happen at all."""
    days = elements.age(now).days
    if days <= LOST_AFTER_DAYS:
        return None
    return (
        f"The orbital elements I have are {days} days old: too old to predict passes (the "
        "station could be many minutes early or late). An operator can run "
        "`stationbot elements refresh`, or let the bot reach CelesTrak."
    )


def no_passes_text(station: str, place: str, days: int) -> str:
    """When a place sees no visible pass in the days looked at."""
    return (
        f"No visible pass of the {station} over {place} in the next {days} days: it passes "
        "in daylight or below 10° then. Passes come in runs of a few days, so try again soon."
    )


#: A crew list older than this is shown with a reminder that crews change.
CREW_FRESH_DAYS = 30


def people_text(count: int) -> str:
    """3 -> "3 people", 1 -> "1 person"."""
    return f"{count} {'person' if count == 1 else 'people'}"


def crew_member_since(member: CrewMember) -> str:
    """What follows a crew member's name: "(NASA), since 27 November 2025, Soyuz MS-28"."""
    return f"({member.agency}), since {format_date(member.arrived.isoformat())}, {member.vehicle}"


def crew_note(crew: StationCrew, today: date) -> str | None:
    """A reminder that crews change, for a list more than ``CREW_FRESH_DAYS`` old."""
    if (today - crew.as_of).days <= CREW_FRESH_DAYS:
        return None
    return (
        f"This list is as of {format_date(crew.as_of.isoformat())}: crews change every few "
        "months, so some may have come home since. I don't follow crews live."
    )


def crew_lines(crew: StationCrew, today: date) -> list[str]:
    """Who is aboard a station as of the list's date, one line each, with the date, a reminder
    when the list is old, and the sources."""
    when = format_date(crew.as_of.isoformat())
    lines = [f"Aboard the {crew.name} as of {when}: {people_text(len(crew.crew))}"]
    lines += [f"  - {m.name} {crew_member_since(m)}" for m in crew.crew]
    note = crew_note(crew, today)
    if note:
        lines.append(note)
    lines.append("Sources:")
    lines += [f"  - {source_line(s)}" for s in crew.sources]
    return lines
