"""Background jobs that a shutdown lets finish instead of cutting them off mid-call.

Cancelling a task in the middle of a database call can leave SQLAlchemy waiting, shielded, for
a connection that the closing storage no longer serves: the process then hangs on exit. A
``Job`` runs each round shielded from the loop's cancellation, and ``finish`` waits for the
round in flight before the storage closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)


class Job:
    """One round of background work at a time; ``finish`` waits for the round in flight."""

    def __init__(self, name: str, work: Callable[[], Awaitable[Any]]) -> None:
        """``work`` is one round (it should not raise: anything it raises is logged)."""
        self.name = name
        self.work = work
        self._round: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """Run one round; if the caller is cancelled meanwhile, the round still completes."""
        self._round = asyncio.ensure_future(self._guarded())
        await asyncio.shield(self._round)

    async def finish(self, timeout: float = 10.0) -> None:
        """Wait (up to ``timeout`` seconds) for the round in flight, if any."""
        if self._round is not None and not self._round.done():
            await asyncio.wait({self._round}, timeout=timeout)

    async def _guarded(self) -> None:
        try:
            await self.work()
        except Exception:
            log.exception("%s: a round failed; the next one will try again", self.name)
