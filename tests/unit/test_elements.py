"""Orbital elements: reading TLE text, the stations followed, the shipped sets, and positions
checked against the published SGP4 verification cases."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import sgp4

from bot.orbit.elements import (
    STATIONS,
    ElementsError,
    best_of,
    parse_tle,
    shipped_elements,
    station_named,
)
from bot.orbit.position import locate, orbital_period, subsolar_point, teme_state

ISS_TLE = """ISS (ZARYA)
1 25544U 98067A   26267.14191496  .00009634  00000+0  18116-3 0  9999
2 25544  51.6318 170.3464 0004691 174.6338 185.4701 15.49258637587098
"""


def test_a_three_line_set_is_read_with_its_name_epoch_and_origin() -> None:
    (iss,) = parse_tle(ISS_TLE, "celestrak")
    assert iss.catalog_number == 25544
    assert iss.name == "ISS (ZARYA)"
    assert iss.origin == "celestrak"
    assert iss.epoch.date().isoformat() == "2026-09-24"
    assert abs((iss.epoch - datetime(2026, 9, 24, 3, 24, 21, tzinfo=UTC)).total_seconds()) < 1


def test_a_set_without_its_name_line_is_named_by_its_number() -> None:
    (iss,) = parse_tle("\n".join(ISS_TLE.splitlines()[1:]), "stored")
    assert iss.name == "25544"


def test_a_wrong_checksum_is_skipped_and_nothing_valid_raises() -> None:
    broken = ISS_TLE.replace("0  9999", "0  9998")
    with pytest.raises(ElementsError, match="checksum"):
        parse_tle(broken, "celestrak")
    (kept,) = parse_tle(broken + ISS_TLE, "celestrak")
    assert kept.catalog_number == 25544


@pytest.mark.parametrize("text", ["", "<html>Service unavailable</html>", "1 2\n2 3\n"])
def test_text_that_is_not_elements_raises_a_clear_error(text: str) -> None:
    with pytest.raises(ElementsError, match="no valid two-line element set"):
        parse_tle(text, "celestrak")


def test_the_repository_ships_a_valid_set_for_every_station_followed() -> None:
    shipped = shipped_elements()
    for station in STATIONS:
        assert shipped[station.catalog_number].origin == "shipped"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ISS", "iss"),
        ("the ISS", "iss"),
        ("International Space Station", "iss"),
        ("tiangong", "tiangong"),
        ("CSS", "tiangong"),
        ("48274", "tiangong"),
        ("Mir", None),
    ],
)
def test_stations_are_found_by_the_names_people_give_them(text: str, key: str | None) -> None:
    station = station_named(text)
    assert (station.key if station else None) == key


def test_staleness_starts_after_two_weeks_and_the_newest_set_wins() -> None:
    (iss,) = parse_tle(ISS_TLE, "celestrak")
    assert not iss.is_stale(iss.epoch + timedelta(days=13))
    assert iss.is_stale(iss.epoch + timedelta(days=15))
    older = iss.as_origin("shipped")
    newer = parse_tle(
        ISS_TLE.replace("26267.14191496", "26268.14191496").replace("0  9999", "0  9990"),
        "celestrak",
    )[0]
    assert best_of(older, None, newer) is newer
    assert best_of(None) is None


# -- positions --------------------------------------------------------------------------------


def _verification_cases() -> list[tuple[str, str, float, tuple[float, float, float]]]:
    """The SGP4 verification cases (Vallado et al., "Revisiting Spacetrack Report #3", 2006)
    that the sgp4 package ships: each element set and its TEME positions at given minutes."""
    folder = Path(sgp4.__file__).parent
    tle = (folder / "SGP4-VER.TLE").read_text().splitlines()
    sets = {
        int(a[2:7]): (a[:69], b[:69])
        for a, b in itertools.pairwise(tle)
        if a.startswith("1 ") and b.startswith("2 ")
    }
    cases, current = [], None
    for line in (folder / "tcppver.out").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] == "xx":
            current = int(parts[0])
        elif current in (5, 6251, 28057) and len(parts) >= 4:
            line1, line2 = sets[current]
            xyz = (float(parts[1]), float(parts[2]), float(parts[3]))
            cases.append((line1, line2, float(parts[0]), xyz))
    return cases


def test_positions_match_the_published_sgp4_verification_cases_within_a_kilometre() -> None:
    cases = _verification_cases()
    assert len(cases) > 30
    worst = 0.0
    for line1, line2, minutes, expected in cases:
        (elements,) = parse_tle(f"{line1}\n{line2}", "shipped")
        position, _ = teme_state(elements, minutes)
        worst = max(worst, float(np.linalg.norm(np.asarray(position) - np.asarray(expected))))
    assert worst < 1.0  # kilometres


def test_the_iss_flies_at_its_height_and_speed_within_its_inclination() -> None:
    (iss,) = parse_tle(ISS_TLE, "celestrak")
    for hours in range(0, 24, 3):
        fix = locate(iss, iss.epoch + timedelta(hours=hours))
        assert abs(fix.latitude) <= 52.0  # geodetic latitude: a little above 51.6°
        assert 380 < fix.altitude_km < 440
        assert 27_000 < fix.speed_km_h < 28_500
    assert timedelta(minutes=92) < orbital_period(iss) < timedelta(minutes=94)


def test_the_sun_is_overhead_near_the_tropics_at_the_solstice() -> None:
    latitude, longitude = subsolar_point(datetime(2026, 6, 21, 12, 0, tzinfo=UTC))
    assert abs(latitude - 23.44) < 0.1
    assert abs(longitude) < 2  # noon UTC: over the Greenwich meridian, give or take
