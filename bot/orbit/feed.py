"""Fresh element sets from CelesTrak's public GP data, and the choice of the best set at hand.

The bot asks CelesTrak at most once every ``REFRESH_EVERY`` (its data changes a few times a day
and it asks clients not to poll more often), waits ``TIMEOUT`` at most, and after a failure
waits longer each time (``RETRY_AFTER``, doubling up to the refresh interval). A failure is one
log line; answers go on from the last stored set, then from the shipped one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiohttp

from bot.orbit.elements import (
    STATIONS,
    Elements,
    ElementsError,
    best_of,
    parse_tle,
    shipped_elements,
)

log = logging.getLogger(__name__)

#: CelesTrak's "space stations" group in the TLE format: the ISS and Tiangong's core module are
#: both in it, so one request serves every station the bot follows.
CELESTRAK_URL = "https://celestrak.org/NORAD/elements/gp.php?GROUP=stations&FORMAT=tle"
REFRESH_EVERY = timedelta(hours=6)
RETRY_AFTER = timedelta(minutes=15)
TIMEOUT = timedelta(seconds=20)
#: Larger answers are not element sets (the stations group is about 10 KB).
MAX_BYTES = 2_000_000
USER_AGENT = "stationbot (self-hosted Discord bot; https://celestrak.org usage: every 6 h)"


class FeedError(Exception):
    """A fetch that gave no usable element set: the message says why, for one log line."""


async def fetch_elements(
    url: str = CELESTRAK_URL, *, timeout: timedelta = TIMEOUT, now: datetime | None = None
) -> list[Elements]:
    """The element sets at ``url`` of the stations the bot follows; raises ``FeedError`` on a
    timeout, a network error, an HTTP error, or an answer with none of them."""
    fetched_at = now or datetime.now(UTC)
    wanted = {s.catalog_number for s in STATIONS}
    try:
        client_timeout = aiohttp.ClientTimeout(total=timeout.total_seconds())
        async with (
            aiohttp.ClientSession(timeout=client_timeout) as session,
            session.get(url, headers={"User-Agent": USER_AGENT}) as response,
        ):
            if response.status != 200:
                raise FeedError(f"{url} answered HTTP {response.status}")
            body = await response.content.read(MAX_BYTES + 1)
    except TimeoutError as error:
        raise FeedError(f"{url} did not answer within {timeout.total_seconds():g} s") from error
    except aiohttp.ClientError as error:
        raise FeedError(f"{url} could not be reached: {error}") from error
    if len(body) > MAX_BYTES:
        raise FeedError(f"{url} sent more than {MAX_BYTES:,} bytes: not element sets")
    try:
        sets = parse_tle(body.decode("utf-8", errors="replace"), "celestrak", fetched_at)
    except ElementsError as error:
        raise FeedError(f"{url} sent no valid element set ({error})") from error
    ours = [e for e in sets if e.catalog_number in wanted]
    if not ours:
        raise FeedError(f"{url} sent element sets, but none for the stations followed")
    return ours


Load = Callable[[], Awaitable[Iterable[Elements]]]
Save = Callable[[Iterable[Elements]], Awaitable[None]]


@dataclass
class ElementsKeeper:
    """The best element set of each station, kept fresh: ``current`` answers at once from what
    is at hand; ``refresh_if_due`` fetches when the schedule says so and never raises."""

    url: str = CELESTRAK_URL
    load_stored: Load | None = None
    save: Save | None = None
    timeout: timedelta = TIMEOUT
    _sets: dict[int, Elements] = field(default_factory=dict)
    _next_try: datetime | None = None
    _failures: int = 0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self._sets = dict(shipped_elements())

    def current(self, catalog_number: int) -> Elements | None:
        """The best set at hand for this object (None only for an object never seen)."""
        return self._sets.get(catalog_number)

    def adopt(self, sets: Iterable[Elements]) -> None:
        """Keep each set that is newer than the one at hand."""
        for new in sets:
            best = best_of(self._sets.get(new.catalog_number), new)
            if best is not None:
                self._sets[new.catalog_number] = best

    async def load(self) -> None:
        """Adopt what the database holds (never raises: a database error is logged)."""
        if self.load_stored is None:
            return
        try:
            self.adopt(await self.load_stored())
        except Exception:
            log.exception("could not read stored orbital elements; using what is at hand")

    def is_due(self, now: datetime) -> bool:
        """Whether a fetch is due at ``now``."""
        return self._next_try is None or now >= self._next_try

    def _last_fetch(self) -> datetime | None:
        times = [e.fetched_at for e in self._sets.values() if e.fetched_at is not None]
        return max(times) if times else None

    async def refresh_if_due(self, now: datetime | None = None) -> bool:
        """Fetch when due (reading first what another process may have stored); True when a
        fetch succeeded. Never raises: a failure is one log line and a later retry."""
        now = now or datetime.now(UTC)
        async with self._lock:
            if not self.is_due(now):
                return False
            await self.load()
            last = self._last_fetch()
            if last is not None and now - last < REFRESH_EVERY:
                self._next_try = last + REFRESH_EVERY  # fetched lately, here or by another
                return False
            return await self._fetch(now)

    async def refresh(self, now: datetime | None = None) -> list[Elements]:
        """Fetch now, whatever the schedule, and return the sets fetched; raises ``FeedError``
        on failure."""
        now = now or datetime.now(UTC)
        async with self._lock:
            sets = await fetch_elements(self.url, timeout=self.timeout, now=now)
            await self._keep(sets, now)
            return sets

    async def _fetch(self, now: datetime) -> bool:
        try:
            sets = await fetch_elements(self.url, timeout=self.timeout, now=now)
        except FeedError as error:
            self._failures += 1
            wait = min(RETRY_AFTER * 2 ** (self._failures - 1), REFRESH_EVERY)
            self._next_try = now + wait
            log.warning(
                "orbital elements not refreshed: %s; answering from %s; next try in %s",
                error,
                self._describe_at_hand(),
                wait,
            )
            return False
        await self._keep(sets, now)
        return True

    async def _keep(self, sets: list[Elements], now: datetime) -> None:
        self._failures = 0
        self._next_try = now + REFRESH_EVERY
        self.adopt(sets)
        if self.save is not None:
            try:
                await self.save(sets)
            except Exception:
                log.exception("could not store the fetched orbital elements")
        log.info("orbital elements refreshed from CelesTrak: %s", self._describe_at_hand())

    def _describe_at_hand(self) -> str:
        return ", ".join(
            f"{e.name} of {e.epoch:%Y-%m-%d %H:%M} UTC ({e.origin})"
            for e in sorted(self._sets.values(), key=lambda e: e.catalog_number)
        )
