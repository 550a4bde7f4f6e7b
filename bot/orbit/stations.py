"""The stations the bot follows live, and the names people give them (no dependencies: the
question router reads it on every question)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Station:
    """A station the bot follows: its catalog number and the names people give it."""

    key: str
    name: str
    full_name: str
    catalog_number: int
    aliases: tuple[str, ...]


STATIONS: tuple[Station, ...] = (
    Station(
        "iss",
        "ISS",
        "International Space Station",
        25544,
        ("iss", "international space station", "the iss", "zarya", "space station"),
    ),
    Station(
        "tiangong",
        "Tiangong",
        "Tiangong, the China Space Station",
        48274,
        ("tiangong", "css", "tianhe", "china space station", "chinese space station", "tiangong 3"),
    ),
)


def station_named(text: str) -> Station | None:
    """The station ``text`` names ("ISS", "tiangong", "CSS", a catalog number), or None."""
    wanted = " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())
    for station in STATIONS:
        if wanted in (station.key, str(station.catalog_number), *station.aliases):
            return station
    return None


def station_by_number(catalog_number: int) -> Station | None:
    """The followed station with this catalog number, or None."""
    return next((s for s in STATIONS if s.catalog_number == catalog_number), None)
