"""``stationbot where``, ``passes`` and ``elements``: the live station from the command line.

The command line keeps the element sets it fetches in the cache folder (``elements.tle`` beside
the engine cache), so it asks CelesTrak at most once every few hours; the bot keeps its own in
its database. ``--offline`` never fetches: the cached set, else the shipped one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.engine.crew import load_crews
from bot.engine.errors import StationbotError
from bot.orbit.asks import crew_question, where_question
from bot.orbit.elements import (
    SHIPPED_FILE,
    STATIONS,
    Elements,
    ElementsError,
    Station,
    parse_tle,
    station_named,
)
from bot.orbit.feed import CELESTRAK_URL, ElementsKeeper, FeedError
from bot.orbit.now import StationNow, station_now
from bot.orbit.places import Place, city_named, place_at, place_of_city
from bot.wording import (
    crew_lines,
    elements_note,
    elements_warning,
    no_passes_text,
    pass_line,
    passes_refusal,
    position_figures,
    position_headline,
)

if TYPE_CHECKING:
    from bot.orbit.passes import Pass, SkyPoint

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
URL_ENV = "STATIONBOT_ELEMENTS_URL"
CACHE_FILE = "elements.tle"
FETCHED = "# fetched "
#: The command line waits less than the bot for CelesTrak: a person is waiting.
CLI_TIMEOUT_SECONDS = 10


def elements_url() -> str:
    """Where element sets are fetched: $STATIONBOT_ELEMENTS_URL, else CelesTrak."""
    return os.environ.get(URL_ENV, "").strip() or CELESTRAK_URL


def read_cache(path: Path | None) -> list[Elements]:
    """The element sets kept in ``path`` (none when it is missing or unreadable)."""
    if path is None or not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
        stamp = next((ln for ln in text.splitlines() if ln.startswith(FETCHED)), None)
        fetched = datetime.fromisoformat(stamp[len(FETCHED) :].strip()) if stamp else None
        return parse_tle(text, "stored", fetched)
    except (OSError, ValueError, ElementsError):
        return []


def write_elements(path: Path, sets: Iterable[Elements], header: str = "") -> None:
    """Write ``sets`` to ``path`` in the TLE format, with the time they were fetched."""
    listed = sorted(sets, key=lambda e: e.catalog_number)
    fetched = max((e.fetched_at for e in listed if e.fetched_at), default=datetime.now(UTC))
    body = "".join(e.as_text() for e in listed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{header}{FETCHED}{fetched.isoformat()}\n{body}", encoding="utf-8")


def keeper_for(cache_file: Path | None) -> ElementsKeeper:
    """A keeper that reads and writes the command line's cached sets."""

    async def load() -> list[Elements]:
        return read_cache(cache_file)

    async def save(sets: Iterable[Elements]) -> None:
        if cache_file is not None:
            kept = {e.catalog_number: e for e in read_cache(cache_file)}
            kept.update({e.catalog_number: e for e in sets})
            write_elements(cache_file, kept.values())

    return ElementsKeeper(
        url=elements_url(),
        load_stored=load,
        save=save,
        timeout=timedelta(seconds=CLI_TIMEOUT_SECONDS),
    )


def cmd_where(args: argparse.Namespace, cache_folder: Path | None) -> int:
    """Print where a station is now (or at ``--at``), and draw its map with ``--map``."""
    station = _station(args.station)
    at = _moment(args.at)
    keeper = keeper_for(cache_folder / CACHE_FILE if cache_folder else None)
    if args.offline:
        asyncio.run(keeper.load())
    else:
        asyncio.run(keeper.refresh_if_due())
    elements = keeper.current(station.catalog_number)
    if elements is None:
        raise StationbotError(f"no orbital elements for the {station.name}")
    now = station_now(station, elements, at)
    if args.map:
        from bot.live import LiveStation  # the bot's own drawing of the map

        png = LiveStation(keeper).map_png(now)
        try:
            Path(args.map).write_bytes(png)
        except OSError as error:
            raise StationbotError(f"cannot write the map to {args.map}: {error}") from error
    if args.json:
        print(json.dumps(where_json(now, datetime.now(UTC)), ensure_ascii=False))
        return EXIT_OK
    lines = where_lines(now, at)
    if args.map:
        lines.append(f"Map: {args.map}")
    print("\n".join(lines))
    return EXIT_OK


def where_lines(now: StationNow, clock: datetime) -> list[str]:
    """Where a station is, as the command line prints it: the place below, the figures, the
    elements used and, when they are old at ``clock``, a warning."""
    lines = [position_headline(now), *position_figures(now), elements_note(now.elements)]
    warning = elements_warning(now.elements, clock)
    return [*lines, warning] if warning else lines


def where_json(now: StationNow, clock: datetime) -> dict[str, Any]:
    """The JSON object ``stationbot where --json`` prints."""
    fix, e = now.fix, now.elements
    return {
        "station": now.station.name,
        "at": fix.at.isoformat(),
        "latitude": round(fix.latitude, 4),
        "longitude": round(fix.longitude, 4),
        "altitude_km": round(fix.altitude_km, 1),
        "speed_km_h": round(fix.speed_km_h),
        "sunlit": fix.sunlit,
        "over": now.below.describe(),
        "country": now.below.country,
        "water": now.below.water,
        "elements": {
            "name": e.name,
            "catalog_number": e.catalog_number,
            "epoch": e.epoch.isoformat(),
            "origin": e.origin,
            "fetched_at": e.fetched_at.isoformat() if e.fetched_at else None,
            "age_days": round(e.age(fix.at).total_seconds() / 86400, 2),
            "stale": e.is_stale(fix.at),
            "line1": e.line1,
            "line2": e.line2,
        },
        "computed_at": clock.isoformat(),
    }


def cmd_elements(args: argparse.Namespace, cache_folder: Path | None) -> int:
    """``elements show``: the sets at hand; ``elements refresh``: fetch now (``--ship``: write
    them as the shipped set, for maintainers)."""
    keeper = keeper_for(cache_folder / CACHE_FILE if cache_folder else None)
    if args.action == "refresh":
        try:
            sets = asyncio.run(keeper.refresh())
        except FeedError as error:
            print(f"stationbot: orbital elements not refreshed: {error}", file=sys.stderr)
            return EXIT_FAILED
        if args.ship:
            write_elements(SHIPPED_FILE, sets, _SHIPPED_HEADER)
            print(f"wrote {SHIPPED_FILE}")
    else:
        asyncio.run(keeper.load())
    now = datetime.now(UTC)
    for station in STATIONS:
        elements = keeper.current(station.catalog_number)
        if elements is None:
            continue
        print(f"{station.name}: {elements_note(elements)}")
        warning = elements_warning(elements, now)
        if warning:
            print(f"  {warning}")
    return EXIT_OK


_SHIPPED_HEADER = (
    "# Orbital elements shipped with stationbot: used only when no fresher set was ever "
    'fetched.\n# Two-line elements of the US Space Force, from CelesTrak\'s "stations" group '
    f"({CELESTRAK_URL}),\n# written by `stationbot elements refresh --ship`.\n"
)


def _station(text: str) -> Station:
    station = station_named(text)
    if station is None:
        names = ", ".join(s.name for s in STATIONS)
        raise StationbotError(f"I follow these stations: {names}; {text!r} is not one of them")
    return station


def _moment(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise StationbotError(
            f"--at {text!r}: give a date and time such as 2026-12-07T14:00:00+00:00"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cmd_passes(args: argparse.Namespace, cache_folder: Path | None) -> int:
    """Print the next visible passes of a station over a place."""
    from zoneinfo import ZoneInfo

    from bot.orbit.passes import passes

    station = _station(args.station)
    place = resolve_place(" ".join(args.place), args.lat, args.lon)
    start = _moment(args.at)
    keeper = keeper_for(cache_folder / CACHE_FILE if cache_folder else None)
    asyncio.run(keeper.load() if args.offline else keeper.refresh_if_due())
    elements = keeper.current(station.catalog_number)
    if elements is None:
        raise StationbotError(f"no orbital elements for the {station.name}")
    refusal = passes_refusal(elements, start)
    if refusal:
        print(refusal, file=sys.stderr)
        return EXIT_FAILED
    found = passes(elements, place.latitude, place.longitude, start, args.days)
    zone = ZoneInfo(place.timezone)
    if args.json:
        print(json.dumps(passes_json(station, place, found, elements), ensure_ascii=False))
        return EXIT_OK
    print(f"Visible passes of the {station.name} over {place.label} ({place.timezone} time):")
    lines = [pass_line(one, zone) for one in found]
    if not lines:
        lines = [no_passes_text(station.name, place.label, args.days)]
    print("\n".join(f"  {line}" for line in lines))
    print(elements_note(elements))
    warning = elements_warning(elements, start)
    if warning:
        print(warning)
    return EXIT_OK


def resolve_place(name: str, latitude: float | None, longitude: float | None) -> Place:
    """The place a user gave: coordinates (both), else a city's name; raises a usage error."""
    if (latitude is None) != (longitude is None):
        raise StationbotError("give both --lat and --lon, or a city's name")
    if latitude is not None and longitude is not None:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise StationbotError("latitude must be within ±90° and longitude within ±180°")
        return place_at(latitude, longitude)
    if not name.strip():
        raise StationbotError("give a city's name, or --lat and --lon")
    city = city_named(name)
    if city is None:
        raise StationbotError(
            f"no city called {name!r} (cities of 50,000 people or more are known; "
            "give --lat and --lon for any other place)"
        )
    return place_of_city(city)


def passes_json(
    station: Station, place: Place, found: list[Pass], elements: Elements
) -> dict[str, Any]:
    """The JSON object ``stationbot passes --json`` prints."""

    def point(p: SkyPoint | None) -> dict[str, Any] | None:
        if p is None:
            return None
        return {
            "at": p.at.isoformat(),
            "elevation": round(p.elevation, 1),
            "azimuth": round(p.azimuth, 1),
            "direction": p.direction,
        }

    return {
        "station": station.name,
        "place": {
            "name": place.label,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "timezone": place.timezone,
        },
        "passes": [
            {
                "start": point(p.visible_start),
                "top": point(p.visible_top),
                "end": point(p.visible_end),
            }
            for p in found
        ],
        "elements": {"epoch": elements.epoch.isoformat(), "origin": elements.origin},
    }


def live_reply(
    question: str, cache_folder: Path | None, knowledge_dir: Path
) -> tuple[str, dict[str, Any]] | None:
    """The answer ``ask`` gives to where a station is now or who is aboard (its text, and its
    JSON object in the shape of the other answers, with ``live``: "where" or "crew"), from the
    cached or shipped elements and the knowledge's crew list; None for any other question."""
    where, aboard = where_question(question), crew_question(question)
    if where is not None:
        keeper = keeper_for(cache_folder / CACHE_FILE if cache_folder else None)
        asyncio.run(keeper.load())
        elements = keeper.current(where.station.catalog_number)
        if elements is None:
            return None
        clock = datetime.now(UTC)
        text = "\n".join(where_lines(station_now(where.station, elements, clock), clock))
        return text, _live_json(question, text, "where", [])
    if aboard is not None:
        crews, _ = load_crews(knowledge_dir)
        crew = crews.of(aboard.station.key)
        if crew is None:
            return None
        text = "\n".join(crew_lines(crew, datetime.now(UTC).date()))
        return text, _live_json(question, text, "crew", [s.to_dict() for s in crew.sources])
    return None


def _live_json(
    question: str, text: str, kind: str, citations: list[dict[str, str | bool]]
) -> dict[str, Any]:
    return {
        "question": question,
        "answered": True,
        "answer": text,
        "fact_id": None,
        "live": kind,
        "score": None,
        "citations": citations,
        "suggestions": [],
    }
