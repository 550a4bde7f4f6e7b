"""Background jobs: a shutdown lets the round in flight finish instead of cutting it off."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.background import Job


async def test_cancelling_the_runner_lets_the_round_finish_and_finish_waits_for_it() -> None:
    done: list[str] = []
    started = asyncio.Event()

    async def work() -> None:
        started.set()
        await asyncio.sleep(0.05)
        done.append("stored")

    job = Job("test", work)
    runner = asyncio.create_task(job.run())
    await started.wait()
    runner.cancel()
    with pytest.raises(asyncio.CancelledError):
        await runner
    assert done == []  # still in flight
    await job.finish()
    assert done == ["stored"]


async def test_a_failed_round_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    async def work() -> None:
        raise OSError("database unreachable")

    with caplog.at_level(logging.ERROR, logger="bot.background"):
        await Job("Daily facts", work).run()
    assert "Daily facts: a round failed" in caplog.text


async def test_finish_without_a_round_returns_at_once() -> None:
    async def work() -> None:
        pass

    await Job("idle", work).finish()
