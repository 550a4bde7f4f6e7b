"""When a station can be seen from a place: pass times checked against a reference computation
made here by other means (sgp4 directly, Earth rotation by GMST, a WGS84 observer), and what
makes a pass visible."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sgp4.api import Satrec, jday
from skyfield.api import wgs84

from bot.orbit.elements import Elements, shipped_elements
from bot.orbit.passes import DARK_SUN_ALTITUDE, MIN_ELEVATION, passes
from bot.orbit.position import ephemeris, timescale

LISBON = (38.72, -9.14)
START = datetime(2026, 9, 24, 6, 0, tzinfo=UTC)  # the shipped ISS set's epoch day


def _iss() -> Elements:
    return shipped_elements()[25544]


def _reference_elevation(satrec: Satrec, moment: datetime, lat: float, lon: float) -> float:
    """The station's elevation (degrees) seen from a sea-level place, computed without skyfield:
    SGP4's TEME position, turned with the Earth by Greenwich mean sidereal time (IAU 1982,
    UT1 taken as UTC), against a WGS84 observer."""
    jd, fr = jday(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second + moment.microsecond / 1e6,
    )
    error, (x, y, z), _ = satrec.sgp4(jd, fr)
    assert error == 0
    centuries = (jd + fr - 2451545.0) / 36525
    seconds = (
        -6.2e-6 * centuries**3
        + 0.093104 * centuries**2
        + (876600 * 3600 + 8640184.812866) * centuries
        + 67310.54841
    )
    gmst = math.radians(seconds / 240) % (2 * math.pi)
    ex = x * math.cos(gmst) + y * math.sin(gmst)
    ey = -x * math.sin(gmst) + y * math.cos(gmst)
    phi, lam = math.radians(lat), math.radians(lon)
    a, f = 6378.137, 1 / 298.257223563
    e2 = f * (2 - f)
    n = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    ox, oy, oz = (
        n * math.cos(phi) * math.cos(lam),
        n * math.cos(phi) * math.sin(lam),
        n * (1 - e2) * math.sin(phi),
    )
    dx, dy, dz = ex - ox, ey - oy, z - oz
    up = (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
    distance = math.sqrt(dx * dx + dy * dy + dz * dz)
    return math.degrees(math.asin((dx * up[0] + dy * up[1] + dz * up[2]) / distance))


def _reference_crossings(elements: Elements, days: float) -> list[datetime]:
    """Every moment the station crosses MIN_ELEVATION over Lisbon, to a tenth of a second."""
    satrec = Satrec.twoline2rv(elements.line1, elements.line2)

    def above(moment: datetime) -> bool:
        return _reference_elevation(satrec, moment, *LISBON) > MIN_ELEVATION

    crossings: list[datetime] = []
    step = timedelta(seconds=30)
    moment = START
    while moment < START + timedelta(days=days):
        later = moment + step
        if above(moment) != above(later):
            low, high = moment, later
            while high - low > timedelta(seconds=0.1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if above(middle) == above(low) else (low, middle)
            crossings.append(low)
        moment = later
    return crossings


def test_pass_times_match_a_reference_computation_within_three_seconds() -> None:
    found = passes(_iss(), *LISBON, START, days=2, visible_only=False)
    ours = [moment for p in found for moment in (p.rise.at, p.set.at)]
    reference = _reference_crossings(_iss(), days=2)
    assert len(found) >= 6  # the ISS passes over Lisbon several times a day
    assert len(ours) == len(reference)
    worst = max(abs((a - b).total_seconds()) for a, b in zip(ours, reference, strict=True))
    assert worst < 3.0


def test_visible_passes_are_in_a_dark_sky_with_the_station_in_sunlight() -> None:
    visible = passes(_iss(), *LISBON, START, days=7)
    assert visible, "late September evenings in Lisbon see the ISS"
    ts, eph = timescale(), ephemeris()
    observer = eph["earth"] + wgs84.latlon(*LISBON)
    for one in visible:
        assert one.visible_start and one.visible_top and one.visible_end
        assert one.rise.at <= one.visible_start.at <= one.visible_top.at <= one.visible_end.at
        assert one.visible_end.at <= one.set.at
        assert one.visible_top.elevation >= MIN_ELEVATION
        t = ts.from_datetime(one.visible_top.at)
        sun, _, _ = observer.at(t).observe(eph["sun"]).apparent().altaz()
        assert sun.degrees < DARK_SUN_ALTITUDE
        local = one.visible_top.at.astimezone(ZoneInfo("Europe/Lisbon"))
        assert local.hour >= 19 or local.hour <= 7  # evening or dawn, never midday


def test_all_passes_include_the_unseen_ones_and_come_in_order() -> None:
    visible = passes(_iss(), *LISBON, START, days=3)
    every = passes(_iss(), *LISBON, START, days=3, visible_only=False)
    assert len(every) > len(visible)
    assert [p.rise.at for p in every] == sorted(p.rise.at for p in every)
    for one in every:
        assert one.rise.elevation == pytest.approx(MIN_ELEVATION, abs=0.5)
        assert one.top.elevation >= one.rise.elevation


def test_a_place_beyond_the_orbit_sees_no_pass() -> None:
    assert passes(_iss(), 80.0, 0.0, START, days=2, visible_only=False) == []
