"""``stationbot bench --live``: what a ``/where`` and a ``/passes`` answer cost to compute.

A ``/where`` answer is a position (SGP4, the place below, the next orbit's track, the Sun) and
a map, drawn once a minute per station and reused within the minute. Each figure is the median
of ``repeats`` answers at different minutes, after one warm-up answer that loads the ephemeris,
the outlines and the base map.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import timedelta

from bot.live import LiveStation
from bot.orbit.elements import STATIONS
from bot.orbit.feed import ElementsKeeper
from bot.orbit.passes import passes

LISBON = (38.72, -9.14)


def live_figures(repeats: int = 30) -> dict[str, float]:
    """Median milliseconds of a position, a fresh map, a map reused within its minute and a
    week of passes, and the map's size in KB."""
    live = LiveStation(ElementsKeeper())
    station = STATIONS[0]
    elements = live.elements_of(station)
    start = elements.epoch
    live.map_png(live.now(station, start))  # warm-up
    positions, maps, reused, sizes = [], [], [], []
    for minute in range(1, repeats + 1):
        at = start + timedelta(minutes=minute)
        t0 = time.perf_counter()
        now = live.now(station, at)
        t1 = time.perf_counter()
        png = live.map_png(now)
        t2 = time.perf_counter()
        live.map_png(now)
        t3 = time.perf_counter()
        positions.append(t1 - t0)
        maps.append(t2 - t1)
        reused.append(t3 - t2)
        sizes.append(len(png))
    weeks = []
    for day in range(3):
        t0 = time.perf_counter()
        passes(elements, *LISBON, start + timedelta(days=day), 7)
        weeks.append(time.perf_counter() - t0)
    ms = 1000.0
    return {
        "position_ms": round(statistics.median(positions) * ms, 2),
        "map_drawn_ms": round(statistics.median(maps) * ms, 2),
        "map_reused_ms": round(statistics.median(reused) * ms, 3),
        "where_p50_ms": round(
            statistics.median(a + b for a, b in zip(positions, maps, strict=True)) * ms, 2
        ),
        "passes_week_ms": round(statistics.median(weeks) * ms, 1),
        "map_kb": round(statistics.median(sizes) / 1024, 1),
    }


def run_live_bench(as_json: bool) -> int:
    """Print the live figures; return the exit code."""
    figures = live_figures()
    if as_json:
        print(json.dumps(figures))
        return 0
    print("/where (ISS, shipped elements; median of 30 answers at different minutes):")
    print(f"  position, place below, next orbit, Sun: {figures['position_ms']} ms")
    print(f"  map drawn: {figures['map_drawn_ms']} ms ({figures['map_kb']} KB PNG)")
    print(f"  map reused within its minute: {figures['map_reused_ms']} ms")
    print(f"  answer (position + map, first in its minute): p50 {figures['where_p50_ms']} ms")
    print(f"/passes (Lisbon, 7 days, median of 3): {figures['passes_week_ms']} ms")
    return 0
