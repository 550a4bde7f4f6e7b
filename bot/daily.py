"""The daily fact, without Discord: when a server's post is due, and which entry it gets.

A server gets one fact or record a day, at its chosen time (UTC), and sees no entry twice until
it has seen them all. The choice is the same in every process (seeded by server and day), so a
post claimed by one process (``Storage.claim_daily``) is the post any other would have made.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import datetime

from bot.engine import Entry
from bot.storage.models import DailySetting

_TIME = re.compile(r"^\s*([01]?\d|2[0-3])(?:[:h.]([0-5]\d))?\s*$")


def parse_post_time(text: str) -> str | None:
    """A time of day as ``HH:MM`` ("9:05", "09:05", "21h30", "7" -> "07:00"), or None."""
    match = _TIME.match(text)
    if match is None:
        return None
    hours, minutes = match.groups()
    return f"{int(hours):02d}:{int(minutes or 0):02d}"


def day_of(now: datetime) -> str:
    """The UTC day of ``now`` as ``YYYY-MM-DD``."""
    return now.date().isoformat()


def is_due(setting: DailySetting, now: datetime) -> bool:
    """Whether the server's fact of today (UTC) is due at ``now`` and not yet posted."""
    today = day_of(now)
    if setting.last_posted is not None and setting.last_posted >= today:
        return False
    return f"{now:%H:%M}" >= setting.post_at


def pick_entry(
    entries: Sequence[Entry], shown: frozenset[str], guild_id: int, day: str
) -> tuple[Entry, bool]:
    """The fact or record to show ``guild_id`` on ``day``, and whether the server has now seen
    every one (its shown list starts again). Raises ValueError when there is none at all."""
    candidates = sorted((e for e in entries if e.subject is None), key=lambda e: e.id)
    if not candidates:
        raise ValueError("the knowledge has no fact or record to show")
    unseen = [e for e in candidates if e.id not in shown]
    chooser = random.Random(f"{guild_id}:{day}")
    if unseen:
        return chooser.choice(unseen), False
    return chooser.choice(candidates), True
