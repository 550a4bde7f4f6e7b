"""The live station for the Discord layer: the element sets kept fresh, positions, and maps
drawn at most once a minute per station.

Pure of Discord: ``exts/live.py`` and ``exts/ask.py`` call it and render what it returns.
Computing a position and drawing a map are CPU work (tens of milliseconds), run in a thread so
the event loop keeps serving other users.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.orbit.elements import STATIONS, Elements, Station
from bot.orbit.feed import ElementsKeeper
from bot.orbit.now import StationNow, station_now
from bot.orbit.passes import DEFAULT_DAYS, Pass, passes
from bot.orbit.places import Place
from bot.orbit.worldmap import draw_map

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.storage import Storage

#: How many maps are kept (one a minute per station: a few minutes' worth).
MAPS_KEPT = 8


class LiveStation:
    """Where the followed stations are, from the best element sets at hand."""

    def __init__(self, keeper: ElementsKeeper) -> None:
        """Answer from ``keeper``'s element sets."""
        self.keeper = keeper
        self._maps: OrderedDict[tuple[str, str, datetime], bytes] = OrderedDict()

    @classmethod
    def for_bot(cls, settings: Settings, storage: Storage) -> LiveStation:
        """The bot's: sets fetched from ``settings.elements_url`` and kept in ``storage``."""
        return cls(
            ElementsKeeper(
                url=settings.elements_url,
                load_stored=storage.stored_elements,
                save=storage.save_elements,
            )
        )

    def now(self, station: Station, at: datetime | None = None) -> StationNow:
        """Where ``station`` is at ``at`` (default: now). Always answers: the shipped set is
        the last resort."""
        return station_now(station, self.elements_of(station), at or datetime.now(UTC))

    def map_png(self, now: StationNow) -> bytes:
        """The map of ``now`` (its position and next orbit), drawn once per station, element
        set and minute."""
        minute = now.fix.at.astimezone(UTC).replace(second=0, microsecond=0)
        key = (now.station.key, now.elements.line1, minute)
        found = self._maps.get(key)
        if found is None:
            title = f"{now.station.name} · {minute:%d %b %Y %H:%M} UTC"
            found = draw_map(
                list(now.track),
                (now.fix.latitude, now.fix.longitude),
                title=title,
                subsolar=now.subsolar,
            )
            self._maps[key] = found
            while len(self._maps) > MAPS_KEPT:
                self._maps.popitem(last=False)
        return found

    async def now_with_map(self, station: Station) -> tuple[StationNow, bytes]:
        """Where ``station`` is now and its map, computed off the event loop."""
        return await asyncio.to_thread(self._now_with_map, station)

    def _now_with_map(self, station: Station) -> tuple[StationNow, bytes]:
        now = self.now(station)
        return now, self.map_png(now)

    def elements_of(self, station: Station) -> Elements:
        """The best element set at hand for ``station``."""
        elements = self.keeper.current(station.catalog_number)
        if elements is None:  # only for a station with no shipped set: a packaging error
            raise LookupError(f"no orbital elements for {station.name}")
        return elements

    async def passes_over(
        self, station: Station, place: Place, days: int = DEFAULT_DAYS
    ) -> tuple[Elements, list[Pass]]:
        """The element set used and the visible passes of ``station`` over ``place`` from now,
        computed off the event loop."""
        elements = self.elements_of(station)
        start = datetime.now(UTC)
        found = await asyncio.to_thread(
            passes, elements, place.latitude, place.longitude, start, days
        )
        return elements, found

    def warm(self) -> None:
        """Load what the first answer would (ephemeris, map data, models): call in a thread."""
        for station in STATIONS:
            if self.keeper.current(station.catalog_number) is not None:
                self.map_png(self.now(station))
