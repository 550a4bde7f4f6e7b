"""When a station can be seen from a place: its visible passes over the next days.

A pass is the time the station spends above ``MIN_ELEVATION`` degrees of the place's sky
(skyfield finds when it rises above that height, culminates and sets). It is *visible* for the
part of it when the station is in sunlight while the place's sky is dark (the Sun more than
``DARK_SUN_ALTITUDE`` degrees below its horizon): that is how a station is seen, as a bright
star gliding across the sky. The visible part is what people go out for, so a visible pass is
told by its first visible moment, its highest visible point and its last visible moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from skyfield.api import wgs84
from skyfield.toposlib import GeographicPosition

from bot.orbit.elements import Elements
from bot.orbit.places import compass_point
from bot.orbit.position import ephemeris, satellite, timescale

#: Lower than this, a station is lost in haze, trees and buildings.
MIN_ELEVATION = 10.0
#: Civil twilight's end: the sky is dark enough to see a bright satellite.
DARK_SUN_ALTITUDE = -6.0
#: How finely a pass is sampled to find its visible part.
SAMPLE = timedelta(seconds=10)
DEFAULT_DAYS = 7


@dataclass(frozen=True)
class SkyPoint:
    """Where the station is in a place's sky at one moment."""

    at: datetime
    elevation: float  # degrees above the horizon
    azimuth: float  # degrees from north, clockwise

    @property
    def direction(self) -> str:
        """The compass point of the azimuth, e.g. "north-west"."""
        return compass_point(self.azimuth)


@dataclass(frozen=True)
class Pass:
    """One pass: above ``MIN_ELEVATION`` from ``rise`` to ``set``, highest at ``top``; its
    visible part from ``visible_start`` to ``visible_end``, highest at ``visible_top``."""

    rise: SkyPoint
    top: SkyPoint
    set: SkyPoint
    visible_start: SkyPoint | None
    visible_top: SkyPoint | None
    visible_end: SkyPoint | None

    @property
    def visible(self) -> bool:
        """Whether any of it can be seen (sunlit station, dark sky)."""
        return self.visible_start is not None


def passes(
    elements: Elements,
    latitude: float,
    longitude: float,
    start: datetime,
    days: float = DEFAULT_DAYS,
    *,
    visible_only: bool = True,
) -> list[Pass]:
    """The passes over the place at ``latitude``, ``longitude`` from ``start`` for ``days``,
    in order (only the visible ones unless ``visible_only`` is False)."""
    ts = timescale()
    model = satellite(elements)
    place = wgs84.latlon(latitude, longitude)
    t0 = ts.from_datetime(start.astimezone(UTC))
    t1 = ts.from_datetime((start + timedelta(days=days)).astimezone(UTC))
    times, events = model.find_events(place, t0, t1, altitude_degrees=MIN_ELEVATION)
    found: list[Pass] = []
    rise_at: datetime | None = None
    for t, event in zip(times.utc_datetime(), events, strict=True):
        if event == 0:
            rise_at = t
        elif event == 2 and rise_at is not None:
            one = _pass(elements, place, rise_at, t)
            if one.visible or not visible_only:
                found.append(one)
            rise_at = None
    return found


def _pass(elements: Elements, place: GeographicPosition, rise: datetime, end: datetime) -> Pass:
    """A pass sampled every ``SAMPLE`` from ``rise`` to ``end``."""
    ts = timescale()
    eph = ephemeris()
    count = max(2, int((end - rise) / SAMPLE) + 1)
    moments = [rise + (end - rise) * i / (count - 1) for i in range(count)]
    t = ts.from_datetimes(moments)
    seen = satellite(elements).at(t)
    relative = satellite(elements) - place
    elevation, azimuth, _ = relative.at(t).altaz()
    sunlit = seen.is_sunlit(eph)
    observer = eph["earth"] + place
    sun_altitude, _, _ = observer.at(t).observe(eph["sun"]).apparent().altaz()
    elevations = elevation.degrees
    azimuths = azimuth.degrees
    visible = np.logical_and(sunlit, sun_altitude.degrees < DARK_SUN_ALTITUDE)

    def point(i: int) -> SkyPoint:
        return SkyPoint(moments[i], float(elevations[i]), float(azimuths[i]))

    top = int(np.argmax(elevations))
    if not visible.any():
        return Pass(point(0), point(top), point(count - 1), None, None, None)
    seen_at = np.flatnonzero(visible)
    highest = int(seen_at[np.argmax(elevations[seen_at])])
    return Pass(
        point(0),
        point(top),
        point(count - 1),
        point(int(seen_at[0])),
        point(highest),
        point(int(seen_at[-1])),
    )
