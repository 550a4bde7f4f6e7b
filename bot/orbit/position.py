"""Where a station is at a moment: the point below it, its height, speed and whether the Sun
lights it, computed offline from an element set with skyfield (SGP4 inside).

Skyfield's timescale is its built-in one and the ephemeris (for the Sun) is the one the
``skyfield-data`` package ships: nothing is downloaded.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import numpy as np
from skyfield.api import EarthSatellite, Loader, Timescale, load, wgs84
from skyfield.jpllib import SpiceKernel
from skyfield.sgp4lib import TEME

from bot.orbit.elements import Elements

#: The ephemeris shipped by skyfield-data (1900-2050), for the Sun's position.
EPHEMERIS = "de421.bsp"
#: How finely the ground track is drawn.
TRACK_STEP = timedelta(minutes=1)


@dataclass(frozen=True)
class Fix:
    """A station's place at one moment."""

    at: datetime
    latitude: float
    longitude: float
    altitude_km: float
    speed_km_s: float
    sunlit: bool
    elements: Elements

    @property
    def speed_km_h(self) -> float:
        """The speed in kilometres an hour."""
        return self.speed_km_s * 3600


@cache
def timescale() -> Timescale:
    """Skyfield's built-in timescale (no download)."""
    return load.timescale(builtin=True)


@cache
def ephemeris() -> SpiceKernel:
    """The planets' ephemeris that skyfield-data ships (read once)."""
    folder = importlib.resources.files("skyfield_data") / "data"
    kernel: SpiceKernel = Loader(str(folder), expire=False, verbose=False)(EPHEMERIS)
    return kernel


@cache
def satellite(elements: Elements) -> EarthSatellite:
    """The SGP4 model of one element set (kept: building it costs more than a position)."""
    return EarthSatellite(elements.line1, elements.line2, elements.name, timescale())


def locate(elements: Elements, at: datetime) -> Fix:
    """Where the object of ``elements`` is at ``at`` (an aware datetime)."""
    t = timescale().from_datetime(at.astimezone(UTC))
    seen = satellite(elements).at(t)
    below = wgs84.geographic_position_of(seen)
    sunlit = bool(seen.is_sunlit(ephemeris()))
    return Fix(
        at=at,
        latitude=float(below.latitude.degrees),
        longitude=float(below.longitude.degrees),
        altitude_km=float(below.elevation.km),
        speed_km_s=float(np.linalg.norm(seen.velocity.km_per_s)),
        sunlit=sunlit,
        elements=elements,
    )


def ground_track(
    elements: Elements, start: datetime, duration: timedelta, step: timedelta = TRACK_STEP
) -> list[tuple[float, float]]:
    """The points (latitude, longitude) below the object from ``start`` for ``duration``."""
    count = max(2, int(duration / step) + 1)
    moments = [start.astimezone(UTC) + i * step for i in range(count)]
    t = timescale().from_datetimes(moments)
    below = wgs84.geographic_position_of(satellite(elements).at(t))
    lats: Sequence[float] = below.latitude.degrees.tolist()
    lons: Sequence[float] = below.longitude.degrees.tolist()
    return list(zip(lats, lons, strict=True))


def orbital_period(elements: Elements) -> timedelta:
    """How long one orbit takes, from the mean motion (revolutions a day) on line 2."""
    revolutions_per_day = float(elements.line2[52:63])
    return timedelta(days=1 / revolutions_per_day)


def subsolar_point(at: datetime) -> tuple[float, float]:
    """The point (latitude, longitude) where the Sun is overhead at ``at``."""
    eph = ephemeris()
    t = timescale().from_datetime(at.astimezone(UTC))
    below = wgs84.subpoint_of((eph["sun"] - eph["earth"]).at(t))
    return float(below.latitude.degrees), float(below.longitude.degrees)


def teme_state(elements: Elements, minutes_since_epoch: float) -> tuple[Any, Any]:
    """Position (km) and velocity (km/s) in the TEME frame SGP4 works in, ``minutes_since_epoch``
    after the set's epoch: what the published SGP4 verification cases give, so the propagation
    can be checked against them."""
    model = satellite(elements)
    t = model.epoch + minutes_since_epoch / 1440
    position, velocity = model.at(t).frame_xyz_and_velocity(TEME)
    return position.km, velocity.km_per_s
