"""Refreshing orbital elements, against a local HTTP server standing in for CelesTrak: good data,
bad data, a timeout and a server error. The bot always answers from what it has."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from sgp4.io import fix_checksum

from bot.orbit.elements import Elements, shipped_elements
from bot.orbit.feed import REFRESH_EVERY, RETRY_AFTER, ElementsKeeper, FeedError, fetch_elements

ISS = 25544


def tle(name: str, number: int, epoch: str = "26340.50000000") -> str:
    """A valid three-line set (checksums computed) of an ISS-like orbit."""
    line1 = f"1 {number:05d}U 98067A   {epoch}  .00009634  00000+0  18116-3 0  999"
    line2 = f"2 {number:05d}  51.6318 170.3464 0004691 174.6338 185.4701 15.4925863758709"
    return f"{name}\n{fix_checksum(line1)}\n{fix_checksum(line2)}\n"


FRESH = tle("ISS (ZARYA)", ISS) + tle("SOMETHING ELSE", 99999)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@dataclass
class FakeCelesTrak:
    """What the local server answers, and how often it was asked."""

    body: str = FRESH
    status: int = 200
    delay: float = 0.0
    requests: int = 0
    url: str = ""


@pytest.fixture
async def celestrak() -> AsyncIterator[FakeCelesTrak]:
    fake = FakeCelesTrak()

    async def handle(_request: web.Request) -> web.Response:
        fake.requests += 1
        if fake.delay:
            await asyncio.sleep(fake.delay)
        return web.Response(text=fake.body, status=fake.status)

    app = web.Application()
    app.router.add_get("/gp.php", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}/gp.php?GROUP=stations&FORMAT=tle"
    yield fake
    await runner.cleanup()


@dataclass
class Database:
    """Stands in for the bot's storage."""

    rows: dict[int, Elements] = field(default_factory=dict)
    broken: bool = False

    async def load(self) -> list[Elements]:
        if self.broken:
            raise OSError("database unreachable")
        return [e.as_origin("stored") for e in self.rows.values()]

    async def save(self, sets: Iterable[Elements]) -> None:
        if self.broken:
            raise OSError("database unreachable")
        self.rows.update({e.catalog_number: e for e in sets})


def keeper(fake: FakeCelesTrak, db: Database | None = None) -> ElementsKeeper:
    db = db or Database()
    return ElementsKeeper(
        url=fake.url, load_stored=db.load, save=db.save, timeout=timedelta(seconds=0.5)
    )


async def test_good_data_is_fetched_kept_and_stored(celestrak: FakeCelesTrak) -> None:
    db = Database()
    k = keeper(celestrak, db)
    assert await k.refresh_if_due(NOW)
    current = k.current(ISS)
    assert current is not None
    assert current.origin == "celestrak"
    assert current.epoch.date().isoformat() == "2026-12-06"
    assert current.fetched_at == NOW
    assert set(db.rows) == {ISS}  # only the stations followed


async def test_a_fetch_happens_at_most_once_per_interval(celestrak: FakeCelesTrak) -> None:
    k = keeper(celestrak)
    await k.refresh_if_due(NOW)
    assert not await k.refresh_if_due(NOW + timedelta(hours=1))
    assert celestrak.requests == 1
    assert await k.refresh_if_due(NOW + REFRESH_EVERY)
    assert celestrak.requests == 2


async def test_a_set_another_process_fetched_lately_is_used_without_fetching(
    celestrak: FakeCelesTrak,
) -> None:
    db = Database()
    other = keeper(celestrak, db)
    await other.refresh_if_due(NOW)
    k = keeper(celestrak, db)
    assert not await k.refresh_if_due(NOW + timedelta(minutes=5))
    assert celestrak.requests == 1
    current = k.current(ISS)
    assert current is not None
    assert current.origin == "stored"


@pytest.mark.parametrize(
    ("body", "status", "delay", "why"),
    [
        ("<html>oops</html>", 200, 0.0, "no valid"),
        ("Internal Server Error", 500, 0.0, "HTTP 500"),
        (FRESH, 200, 2.0, "did not answer within"),
        (tle("OTHER", 11111), 200, 0.0, "none for the stations"),
    ],
)
async def test_a_failed_fetch_keeps_the_shipped_set_logs_one_line_and_backs_off(
    celestrak: FakeCelesTrak,
    caplog: pytest.LogCaptureFixture,
    body: str,
    status: int,
    delay: float,
    why: str,
) -> None:
    celestrak.body, celestrak.status, celestrak.delay = body, status, delay
    k = keeper(celestrak)
    with caplog.at_level(logging.WARNING, logger="bot.orbit.feed"):
        assert not await k.refresh_if_due(NOW)
    assert k.current(ISS) == shipped_elements()[ISS]
    (record,) = [r for r in caplog.records if r.name == "bot.orbit.feed"]
    assert why in record.getMessage()
    assert "next try in" in record.getMessage()
    assert not k.is_due(NOW + RETRY_AFTER - timedelta(seconds=1))
    assert k.is_due(NOW + RETRY_AFTER)
    await k.refresh_if_due(NOW + RETRY_AFTER)
    assert not k.is_due(NOW + RETRY_AFTER + RETRY_AFTER)  # waits twice as long after two


async def test_a_refresh_on_demand_raises_a_clear_error(celestrak: FakeCelesTrak) -> None:
    celestrak.status = 503
    with pytest.raises(FeedError, match="HTTP 503"):
        await keeper(celestrak).refresh(NOW)


async def test_an_unreachable_server_is_a_feed_error() -> None:
    with pytest.raises(FeedError, match="could not be reached"):
        await fetch_elements("http://127.0.0.1:9/gp.php", timeout=timedelta(seconds=2))


async def test_a_broken_database_never_stops_the_answers(celestrak: FakeCelesTrak) -> None:
    k = keeper(celestrak, Database(broken=True))
    assert await k.refresh_if_due(NOW)
    current = k.current(ISS)
    assert current is not None
    assert current.origin == "celestrak"


async def test_an_older_set_never_replaces_a_newer_one(celestrak: FakeCelesTrak) -> None:
    k = keeper(celestrak)
    await k.refresh_if_due(NOW)
    k.adopt(shipped_elements().values())
    current = k.current(ISS)
    assert current is not None
    assert current.origin == "celestrak"
