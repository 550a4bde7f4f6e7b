"""Read ``knowledge/crew/crew.yaml`` into crew lists, with issues that name line and field
(PyYAML and pydantic, imported only when the file is read)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError

from bot.engine.crew import CrewMember, Crews, StationCrew, check_crews
from bot.engine.errors import KnowledgeIssue
from bot.engine.models import Source
from bot.engine.parse import _child, _issues_from, _line
from bot.engine.publishers import Publishers
from bot.engine.schema import SourceDoc, Text, _Strict


class MemberDoc(_Strict):
    """One person in a crew list."""

    name: Text
    agency: Text
    vehicle: Text
    arrived: dt.date
    left: dt.date | None = None


class StationCrewDoc(_Strict):
    """One station's crew list."""

    station: Literal["iss", "tiangong"]
    as_of: dt.date
    sources: list[SourceDoc]
    crew: list[MemberDoc]
    departed: list[MemberDoc] = Field(default_factory=list)


class CrewFileDoc(_Strict):
    """The crew file."""

    stations: list[StationCrewDoc]


def parse_crews(path: Path, publishers: Publishers) -> tuple[Crews, list[KnowledgeIssue]]:
    """The crew lists in ``path`` and every problem in them."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Crews(), [KnowledgeIssue(path, None, None, None, f"cannot read file: {exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return Crews(), [KnowledgeIssue(path, line, None, None, f"invalid YAML: {exc}")]
    try:
        doc = CrewFileDoc.model_validate(data)
    except ValidationError as exc:
        return Crews(), list(_issues_from(path, node, "crew", 0, exc))
    stations_node = _child(node, "stations")
    issues: list[KnowledgeIssue] = []
    lines: dict[tuple[int, str, int], int | None] = {}
    stations = []
    for s_index, station in enumerate(doc.stations):
        station_node = _child(stations_node, s_index)
        lines[(s_index, "as_of", 0)] = _line(_child(station_node, "as_of"))
        for part in ("crew", "departed"):
            for m_index in range(len(getattr(station, part))):
                lines[(s_index, part, m_index)] = _line(_child(_child(station_node, part), m_index))
        sources = []
        for k, source in enumerate(station.sources):
            rating = publishers.rate(source.url)
            if rating.tier == "not-acceptable":
                issues.append(
                    KnowledgeIssue(
                        path,
                        _line(_child(_child(station_node, "sources"), k)),
                        station.station,
                        f"stations[{s_index}].sources[{k}].url",
                        f"{rating.site} is a {rating.kind}, never acceptable as a source",
                    )
                )
            sources.append(
                Source(source.title, source.url, source.published, rating.tier == "trusted")
            )
        stations.append(
            StationCrew(
                station=station.station,
                as_of=station.as_of,
                crew=tuple(_member(m) for m in station.crew),
                departed=tuple(_member(m) for m in station.departed),
                sources=tuple(sorted(sources, key=lambda s: not s.trusted)),
            )
        )
    issues.extend(check_crews(path, stations, lines, dt.date.today()))
    return Crews(tuple(stations)), issues


def _member(doc: MemberDoc) -> CrewMember:
    return CrewMember(doc.name, doc.agency, doc.vehicle, doc.arrived, doc.left)
