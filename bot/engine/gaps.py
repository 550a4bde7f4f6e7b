"""Find entries that are valid but weak, so maintainers know what to improve."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.models import Entry
from bot.engine.publishers import site_of

GOOD_QUESTION_COUNT = 3
_CHANGEABLE = re.compile(
    r"\b(current(ly)?|now|today|so far|still|to date|record|most|longest|total|as of|active)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Gap:
    """One weakness of one entry."""

    entry_id: str
    problem: str


@dataclass(frozen=True, slots=True)
class SourceTotals:
    """How well the knowledge is sourced, as the sourcing policy measures it."""

    entries: int
    trusted_entries: int  # entries citing at least one trusted source
    sources: int
    dated_sources: int

    def lines(self) -> list[str]:
        """The totals as a person reads them."""
        return [
            f"entries with a trusted source: {self.trusted_entries} of {self.entries} "
            f"({_percent(self.trusted_entries, self.entries)})",
            f"sources with a date: {self.dated_sources} of {self.sources} "
            f"({_percent(self.dated_sources, self.sources)})",
        ]


def source_totals(entries: Iterable[Entry]) -> SourceTotals:
    """Count the entries with a trusted source, and the sources with a date."""
    listed = list(entries)
    sources = [source for entry in listed for source in entry.sources]
    return SourceTotals(
        entries=len(listed),
        trusted_entries=sum(any(s.trusted for s in entry.sources) for entry in listed),
        sources=len(sources),
        dated_sources=sum(source.published != "unknown" for source in sources),
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def find_gaps(entries: Iterable[Entry]) -> list[Gap]:
    """List the weaknesses of ``entries``: no trusted source, an undated source, few questions,
    no as-of date, one source, no aliases."""
    gaps: list[Gap] = []
    for entry in entries:
        if not any(source.trusted for source in entry.sources):
            sites = ", ".join(sorted({site_of(source.url) for source in entry.sources}))
            gaps.append(Gap(entry.id, f"no trusted source (cites {sites})"))
        for source in entry.sources:
            if source.published == "unknown":
                gaps.append(Gap(entry.id, f"source without a date: {source.url}"))
        if len(entry.questions) < GOOD_QUESTION_COUNT:
            gaps.append(Gap(entry.id, f"only {len(entry.questions)} question(s)"))
        if entry.as_of is None and _CHANGEABLE.search(entry.answer):
            gaps.append(Gap(entry.id, "no as_of date, but the answer can change over time"))
        if len(entry.sources) == 1:
            gaps.append(Gap(entry.id, "a single source"))
        if not entry.aliases:
            gaps.append(Gap(entry.id, "no aliases"))
    return gaps
