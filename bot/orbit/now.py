"""Where a station is now: its position, what lies below it and its next orbit's ground track,
as one value the CLI prints and the Discord layer renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.orbit.elements import Elements, Station
from bot.orbit.places import Whereabouts, locate
from bot.orbit.position import Fix, ground_track, orbital_period, subsolar_point
from bot.orbit.position import locate as fix_of


@dataclass(frozen=True)
class StationNow:
    """A station's place at one moment, with what is below it and where it goes next."""

    station: Station
    fix: Fix
    below: Whereabouts
    track: tuple[tuple[float, float], ...]
    subsolar: tuple[float, float]

    @property
    def elements(self) -> Elements:
        """The element set the position was computed from."""
        return self.fix.elements


def station_now(station: Station, elements: Elements, at: datetime) -> StationNow:
    """Where ``station`` is at ``at`` by ``elements``, and its ground track for one orbit."""
    fix = fix_of(elements, at)
    return StationNow(
        station=station,
        fix=fix,
        below=locate(fix.latitude, fix.longitude),
        track=tuple(ground_track(elements, at, orbital_period(elements))),
        subsolar=subsolar_point(at),
    )
