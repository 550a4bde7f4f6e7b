"""Who is aboard each station: ``knowledge/crew/crew.yaml``, a list kept by hand, as of a date.

The bot does not follow crews live: it says who was aboard on the file's ``as_of`` date, with
the sources that confirm it. Each station lists its ``crew`` (aboard on that date: when each
arrived and on which vehicle) and its recent ``departed`` (who left, and when), so that a
maintainer who moves someone out cannot leave them listed as aboard: ``stationbot check``
refuses a crew member that ``departed`` says has left, a departure or arrival after the as-of
date, a name listed twice, and a source the policy does not accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine.errors import KnowledgeIssue
from bot.engine.models import Source
from bot.engine.publishers import publishers_for

CREW_FOLDER = "crew"
CREW_FILE = "crew.yaml"
STATION_NAMES = {"iss": "ISS", "tiangong": "Tiangong"}


@dataclass(frozen=True)
class CrewMember:
    """Someone aboard a station (or who was, in ``departed``)."""

    name: str
    agency: str
    vehicle: str
    arrived: dt.date
    left: dt.date | None = None


@dataclass(frozen=True)
class StationCrew:
    """Who was aboard one station on ``as_of``, and the sources that say so."""

    station: str  # "iss" or "tiangong"
    as_of: dt.date
    crew: tuple[CrewMember, ...]
    departed: tuple[CrewMember, ...]
    sources: tuple[Source, ...]

    @property
    def name(self) -> str:
        """The station's name as users read it."""
        return STATION_NAMES.get(self.station, self.station)


@dataclass(frozen=True)
class Crews:
    """Every station's crew list."""

    stations: tuple[StationCrew, ...] = ()

    def of(self, station: str) -> StationCrew | None:
        """The crew list of ``station`` ("iss", "tiangong"), or None when the file has none."""
        return next((s for s in self.stations if s.station == station), None)


def crew_file(knowledge_dir: Path) -> Path:
    """Where a knowledge folder keeps its crew list."""
    return knowledge_dir / CREW_FOLDER / CREW_FILE


def load_crews(knowledge_dir: Path) -> tuple[Crews, list[KnowledgeIssue]]:
    """The crew lists of a knowledge folder (none when it has no crew file) and every problem
    in them, each naming file, line and field."""
    path = crew_file(knowledge_dir)
    if knowledge_dir.is_file() or not path.is_file():
        return Crews(), []
    from bot.engine.crew_parse import parse_crews  # PyYAML and pydantic: only when read

    return parse_crews(path, publishers_for(knowledge_dir))


def check_crews(
    path: Path,
    stations: Sequence[StationCrew],
    lines: dict[tuple[int, str, int], int | None],
    today: dt.date,
) -> Iterable[KnowledgeIssue]:
    """The rules a crew list must follow, beyond its shape; ``lines`` locates (station index,
    "crew" or "departed", member index) in the file."""
    seen: set[str] = set()
    for s_index, station in enumerate(stations):
        where = f"stations[{s_index}]"
        if station.station in seen:
            yield KnowledgeIssue(path, None, station.station, where, "station listed twice")
        seen.add(station.station)
        if station.as_of > today:
            yield KnowledgeIssue(
                path,
                lines.get((s_index, "as_of", 0)),
                station.station,
                f"{where}.as_of",
                f"{station.as_of} is in the future: a crew list says who was aboard on a past date",
            )
        names: dict[str, int] = {}
        for m_index, member in enumerate(station.crew):
            field = f"{where}.crew[{m_index}]"
            line = lines.get((s_index, "crew", m_index))
            key = member.name.casefold()
            if key in names:
                yield KnowledgeIssue(
                    path, line, station.station, field, f"{member.name} is listed twice"
                )
            names[key] = m_index
            if member.left is not None:
                yield KnowledgeIssue(
                    path,
                    line,
                    station.station,
                    f"{field}.left",
                    f"{member.name} left on {member.left}: someone who left is not aboard; "
                    "move them to departed",
                )
            if member.arrived > station.as_of:
                yield KnowledgeIssue(
                    path,
                    line,
                    station.station,
                    f"{field}.arrived",
                    f"{member.name} arrived on {member.arrived}, after the as-of date "
                    f"{station.as_of}: update as_of, or list them later",
                )
        for m_index, gone in enumerate(station.departed):
            field = f"{where}.departed[{m_index}]"
            line = lines.get((s_index, "departed", m_index))
            if gone.left is None:
                yield KnowledgeIssue(
                    path,
                    line,
                    station.station,
                    f"{field}.left",
                    "is required: when did they leave?",
                )
                continue
            if gone.left < gone.arrived:
                yield KnowledgeIssue(
                    path,
                    line,
                    station.station,
                    f"{field}.left",
                    f"{gone.left} is before they arrived ({gone.arrived})",
                )
            if gone.left > station.as_of:
                yield KnowledgeIssue(
                    path,
                    line,
                    station.station,
                    f"{field}.left",
                    f"{gone.left} is after the as-of date {station.as_of}: on that date they "
                    "were still aboard",
                )
            aboard = names.get(gone.name.casefold())
            if aboard is not None and gone.left >= station.crew[aboard].arrived:
                yield KnowledgeIssue(
                    path,
                    lines.get((s_index, "crew", aboard)),
                    station.station,
                    f"{where}.crew[{aboard}]",
                    f"{gone.name} is listed as aboard, but departed[{m_index}] says they left "
                    f"on {gone.left}",
                )


def crew_summary(crews: Crews) -> str:
    """One line for ``stationbot check``: how many people each list has aboard, as of when."""
    parts = [f"{s.name} {len(s.crew)} aboard as of {s.as_of}" for s in crews.stations]
    return "crew: " + ("; ".join(parts) if parts else "no crew list")
