"""The daily fact without Discord: reading a time, when a post is due, which entry it shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.daily import is_due, parse_post_time, pick_entry
from bot.engine import Engine
from bot.storage import DailySetting


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("09:00", "09:00"),
        ("9:05", "09:05"),
        ("21h30", "21:30"),
        ("7", "07:00"),
        (" 23:59 ", "23:59"),
    ],
)
def test_times_of_day_are_read_as_hh_mm(typed: str, read: str) -> None:
    assert parse_post_time(typed) == read


@pytest.mark.parametrize("typed", ["24:00", "12:60", "noon", "", "9:5", "-1"])
def test_anything_else_is_not_a_time(typed: str) -> None:
    assert parse_post_time(typed) is None


def test_a_post_is_due_from_its_time_until_it_is_made_that_day() -> None:
    setting = DailySetting(1, 2, "09:00", None)
    assert not is_due(setting, datetime(2026, 12, 7, 8, 59, tzinfo=UTC))
    assert is_due(setting, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert is_due(setting, datetime(2026, 12, 7, 23, 0, tzinfo=UTC))  # late, but not missed
    posted = DailySetting(1, 2, "09:00", "2026-12-07")
    assert not is_due(posted, datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    assert is_due(posted, datetime(2026, 12, 8, 9, 0, tzinfo=UTC))


def test_every_fact_is_shown_once_before_any_comes_again(engine: Engine) -> None:
    shown: set[str] = set()
    candidates = {e.id for e in engine.entries if e.subject is None}
    for day in range(len(candidates)):
        entry, restart = pick_entry(engine.entries, frozenset(shown), 42, f"day-{day}")
        assert not restart
        assert entry.id not in shown
        assert entry.subject is None  # facts and records, not overviews
        shown.add(entry.id)
    assert shown == candidates
    entry, restart = pick_entry(engine.entries, frozenset(shown), 42, "one-more-day")
    assert restart


def test_the_choice_is_the_same_in_every_process_and_differs_between_servers(
    engine: Engine,
) -> None:
    first, _ = pick_entry(engine.entries, frozenset(), 1, "2026-12-07")
    again, _ = pick_entry(engine.entries, frozenset(), 1, "2026-12-07")
    assert first.id == again.id
    others = {pick_entry(engine.entries, frozenset(), g, "2026-12-07")[0].id for g in range(2, 12)}
    assert len(others) > 1
