"""Find entries that are valid but weak, so maintainers know what to improve."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.models import Entry

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


def find_gaps(entries: Iterable[Entry]) -> list[Gap]:
    """List the weaknesses of ``entries``: few questions, no as-of date, one source, no aliases."""
    gaps: list[Gap] = []
    for entry in entries:
        if len(entry.questions) < GOOD_QUESTION_COUNT:
            gaps.append(Gap(entry.id, f"only {len(entry.questions)} question(s)"))
        if entry.as_of is None and _CHANGEABLE.search(entry.answer):
            gaps.append(Gap(entry.id, "no as_of date, but the answer can change over time"))
        if len(entry.sources) == 1:
            gaps.append(Gap(entry.id, "a single source"))
        if all(s.published == "unknown" for s in entry.sources):
            gaps.append(Gap(entry.id, "no source has a published date"))
        if not entry.aliases:
            gaps.append(Gap(entry.id, "no aliases"))
    return gaps
