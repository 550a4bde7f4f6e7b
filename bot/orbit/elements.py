"""Orbital elements: the stations the bot follows, and the two-line element sets (TLE) that place
them.

A TLE is two 69-character lines published for each tracked object; SGP4 turns one into a
position at any moment near its epoch. Its accuracy fades with age (a station's orbit decays and
is reboosted), so every set carries its epoch and where it came from, and an answer says both.
Sets come, best first, from CelesTrak (``feed.py``), from the database (the last fetch), or from
``data/elements.tle``, which the repository ships for a machine that has never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from sgp4.io import compute_checksum

from bot.engine.errors import StationbotError
from bot.orbit.stations import STATIONS, Station, station_by_number, station_named

#: Elements older than this are shown with a warning: a station's predicted position drifts by
#: tens to hundreds of kilometres a week, more after a reboost.
STALE_AFTER = timedelta(days=14)
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "elements.tle"

Origin = Literal["celestrak", "stored", "shipped"]
__all__ = [
    "SHIPPED_FILE",
    "STALE_AFTER",
    "STATIONS",
    "Elements",
    "ElementsError",
    "Origin",
    "Station",
    "best_of",
    "parse_tle",
    "shipped_elements",
    "station_by_number",
    "station_named",
]


class ElementsError(StationbotError):
    """Text that holds no valid element set, or a station the bot does not follow."""


@dataclass(frozen=True)
class Elements:
    """One element set of one object, with its epoch and where the bot got it."""

    catalog_number: int
    name: str
    line1: str
    line2: str
    epoch: datetime
    origin: Origin
    fetched_at: datetime | None = None

    def age(self, now: datetime) -> timedelta:
        """How old the set is at ``now``."""
        return now - self.epoch

    def is_stale(self, now: datetime) -> bool:
        """Whether the set is too old to trust without a warning."""
        return self.age(now) > STALE_AFTER

    def as_origin(self, origin: Origin) -> Elements:
        """The same set, marked as coming from ``origin``."""
        return replace(self, origin=origin)

    def as_text(self) -> str:
        """The set as the three lines of the TLE format."""
        return f"{self.name}\n{self.line1}\n{self.line2}\n"


def parse_tle(text: str, origin: Origin, fetched_at: datetime | None = None) -> list[Elements]:
    """Every valid element set in ``text`` (the three-line format, name line optional, as
    CelesTrak serves it). Lines starting with ``#`` are comments. A block with a wrong length,
    checksum or catalog number is skipped; raises ``ElementsError`` when nothing is valid."""
    lines = [
        line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    found: list[Elements] = []
    problems: list[str] = []
    for i, line in enumerate(lines):
        if not line.startswith("1 ") or i + 1 >= len(lines) or not lines[i + 1].startswith("2 "):
            continue
        name = lines[i - 1].strip() if i and not lines[i - 1].startswith(("1 ", "2 ")) else ""
        try:
            found.append(_element_set(name, line, lines[i + 1], origin, fetched_at))
        except ElementsError as error:
            problems.append(str(error))
    if not found:
        why = "; ".join(problems[:3]) or "no pair of lines starting with '1 ' and '2 '"
        raise ElementsError(f"no valid two-line element set: {why}")
    return found


def _element_set(
    name: str, line1: str, line2: str, origin: Origin, fetched_at: datetime | None
) -> Elements:
    for number, line in ((1, line1), (2, line2)):
        if len(line) != 69:
            raise ElementsError(f"line {number} has {len(line)} characters, not 69: {line!r}")
        if not line[68].isdigit() or int(line[68]) != compute_checksum(line):
            raise ElementsError(f"line {number} fails its checksum: {line!r}")
    try:
        catalog_number = int(line1[2:7])
        if int(line2[2:7]) != catalog_number:
            raise ElementsError(f"the two lines name different objects: {line1!r}")
        epoch = _epoch(line1[18:32])
    except ValueError as error:
        raise ElementsError(f"unreadable element set ({error}): {line1!r}") from error
    return Elements(
        catalog_number, name or str(catalog_number), line1, line2, epoch, origin, fetched_at
    )


def _epoch(field: str) -> datetime:
    """The epoch field "YYDDD.DDDDDDDD" (two-digit year: 57-99 are 1900s) as a UTC datetime."""
    year = int(field[:2])
    year += 1900 if year >= 57 else 2000
    day = float(field[2:])
    if not 1 <= day < 367:
        raise ValueError(f"day of year {day}")
    return datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=day - 1)


@cache
def shipped_elements() -> dict[int, Elements]:
    """The element sets the repository ships, by catalog number (read once)."""
    sets = parse_tle(SHIPPED_FILE.read_text(encoding="utf-8"), "shipped")
    return {e.catalog_number: e for e in sets}


def best_of(*candidates: Elements | None) -> Elements | None:
    """The newest of several sets of one object (by epoch; the first given wins a tie)."""
    present = [c for c in candidates if c is not None]
    if not present:
        return None
    return max(present, key=lambda e: e.epoch)
