"""Entries must not contradict each other: the same figure or date reads the same everywhere."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from bot.engine import Engine, Entry

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"


def _sentences(entry: Entry) -> list[str]:
    return re.split(r"(?<=[.;!?])\s+", entry.answer)


def _figures_near(subject: str, unit: str, sentence: str) -> set[float]:
    """Figures given near ``subject``: within 90 characters of its name, in the same clause."""
    found: set[float] = set()
    for match in re.finditer(subject, sentence):
        start = max([0] + [m.end() for m in re.finditer(r"[:;]", sentence[: match.start()])])
        after = match.end() + 2  # "Padalka's: 878 days" gives the figure right after a colon
        stop = min([len(sentence)] + [after + m.start() for m in
                                       re.finditer(r"[:;]", sentence[after:])])  # fmt: skip
        clause = sentence[max(start, match.start() - 90) : min(stop, match.end() + 90)]
        found |= {float(n.replace(",", "")) for n in re.findall(_NUMBER + r"\s+" + unit, clause)}
    return found


def _value_forms(value: float) -> set[str]:
    forms = {f"{value:g}", f"{value:,g}"}
    if value.is_integer():
        forms |= {str(int(value)), f"{int(value):,}"}
    else:
        forms |= {str(int(value)), f"{value:.1f}"}
    return forms


def test_every_record_states_its_value_and_holder_in_its_answer(engine: Engine) -> None:
    for entry in engine.records:
        record = entry.record
        assert record is not None
        assert any(form in entry.answer for form in _value_forms(record.value)), entry.id
        first = re.split(r"[,(]| and ", record.holder)[0].split()
        acronym = "".join(word[0] for word in first if word[0].isupper())
        assert first[-1] in entry.answer or (len(acronym) > 1 and acronym in entry.answer), (
            f"{entry.id}: holder {record.holder!r} not named in the answer"
        )


def test_a_record_name_is_used_once(engine: Engine) -> None:
    seen: dict[str, str] = {}
    for entry in engine.records:
        assert entry.record is not None
        name = entry.record.record.casefold()
        assert name not in seen, f"{entry.id} and {seen[name]} both hold {name!r}"
        seen[name] = entry.id


def test_a_previous_holder_value_matches_that_holders_own_record(engine: Engine) -> None:
    """Where a record names the one it beat, and that one is a record here too, they agree."""
    by_record: dict[tuple[str, str], set[float]] = defaultdict(set)
    for entry in engine.records:
        assert entry.record is not None
        by_record[(entry.record.holder.split(" (")[0], entry.record.unit)].add(entry.record.value)
    for entry in engine.records:
        record = entry.record
        assert record is not None
        previous = record.previous
        if previous is None or previous.value is None:
            continue
        known = by_record.get((previous.holder, record.unit))
        if known and not previous.note:
            assert previous.value in known, f"{entry.id}: {previous.holder} {previous.value}"


#: (what, sentences that speak of it, unit, every value those sentences may give)
SAME_FIGURE_EVERYWHERE = [
    ("Polyakov's single flight", r"Polyakov", "days", {437, 437.7, 438, 379}),
    ("the one-year mission", r"one-year mission|year in space", "consecutive days", {340}),
    ("Kelly's time in space", r"\bKelly\b", "days", {340, 520, 355, 382, 371, 1}),
    ("Kononenko's total", r"Kononenko", "days", {1111, 1110, 1000, 878, 879, 374, 238}),
    ("Padalka's total", r"Padalka('s)?", "days", {878, 879, 803, 1111, 1000}),
    ("Rubio's flight", r"Rubio", "days", {371, 355, 180}),
    ("Koch's flight", r"Christina Koch|Koch's", "days", {328, 289}),
    ("Whitson's total", r"Whitson", "days", {665, 675, 289, 534, 328, 382, 8}),
]


@pytest.mark.parametrize(("what", "subject", "unit", "allowed"), SAME_FIGURE_EVERYWHERE)
def test_a_figure_reads_the_same_in_every_entry(
    engine: Engine, what: str, subject: str, unit: str, allowed: set[float]
) -> None:
    seen = 0
    for entry in engine.entries:
        for sentence in _sentences(entry):
            found = _figures_near(subject, unit, sentence)
            if found:
                seen += 1
                assert found <= allowed, f"{entry.id} gives {what} as {found - allowed}: {sentence}"
    assert seen >= 1, f"no entry states {what} at all"


#: The overviews that tell the one-year crew's own launch and landing.
THE_ONE_YEAR_CREW = {"one-year-mission", "scott-kelly", "mikhail-kornienko"}


@pytest.mark.parametrize(
    ("what", "subject", "dates"),
    [
        ("the one-year crew's landing", r"(land|touch|came back|returned).*2016|2016.*(land|touch)",
         {"1 March 2016", "2 March 2016"}),
        ("the one-year crew's launch", r"(launch|lift|blast).*2015|2015.*launch",
         {"27 March 2015", "28 March 2015", "2 September 2015", "4 September 2015", "March 2015"}),
    ],
)  # fmt: skip
def test_an_event_has_one_date_everywhere(
    engine: Engine, what: str, subject: str, dates: set[str]
) -> None:
    day_month_year = (
        r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
        r"October|November|December) 20(?:15|16)\b"
    )
    for entry in engine.entries:
        if entry.topic != "one-year-mission":
            continue
        if entry.subject is not None and entry.id not in THE_ONE_YEAR_CREW:
            continue  # another crew's overview ("Expedition 47 ended when ... landed")
        for sentence in _sentences(entry):
            if re.search(subject, sentence):
                for date in re.findall(day_month_year, sentence):
                    year = date[-4:]
                    assert date in dates or year not in "".join(dates), (
                        f"{entry.id} dates {what} {date}: {sentence}"
                    )
