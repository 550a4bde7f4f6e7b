"""Short-lived chat memory: per-user cooldowns, follow-up context, recent answers per channel.

Pure Python (no discord import); every clock is injectable so tests never sleep.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Clock = Callable[[], float]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: How many keys each memory keeps at most (oldest forgotten first).
MAX_ITEMS = 10_000
#: The longest message the listener treats as a question.
MAX_LISTEN_LENGTH = 300

_QUESTION_WORDS = frozenset(
    {
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "which",
        "how",
        "is",
        "are",
        "was",
        "were",
        "did",
        "does",
        "do",
        "can",
        "could",
        "will",
        "would",
        "has",
        "have",
        "had",
        "should",
    }
)


class ExpiringMap(Generic[K, V]):
    """A bounded mapping whose items vanish ``ttl`` seconds after they were put."""

    def __init__(self, ttl: float, *, clock: Clock = time.monotonic, max_items: int = MAX_ITEMS):
        """Keep items for ``ttl`` seconds (0 keeps nothing) and at most ``max_items`` of them."""
        self.ttl = ttl
        self._clock = clock
        self._max_items = max_items
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The live value under ``key``, or None."""
        item = self._items.get(key)
        if item is None:
            return None
        stamp, value = item
        if self._clock() - stamp >= self.ttl:
            del self._items[key]
            return None
        return value

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` under ``key`` from now on."""
        if self.ttl <= 0:
            return
        self._items[key] = (self._clock(), value)
        self._items.move_to_end(key)
        while len(self._items) > self._max_items:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Cooldowns:
    """When each user last asked, to space out their questions."""

    def __init__(self, *, clock: Clock = time.monotonic, max_items: int = MAX_ITEMS) -> None:
        """Start with nobody on cooldown."""
        self._clock = clock
        self._max_items = max_items
        self._last: OrderedDict[int, float] = OrderedDict()

    def remaining(self, user_id: int, seconds: float) -> float:
        """Seconds ``user_id`` still has to wait under a ``seconds`` cooldown (0 = may ask)."""
        last = self._last.get(user_id)
        if last is None or seconds <= 0:
            return 0.0
        return max(0.0, seconds - (self._clock() - last))

    def touch(self, user_id: int) -> None:
        """Start ``user_id``'s cooldown now."""
        self._last[user_id] = self._clock()
        self._last.move_to_end(user_id)
        while len(self._last) > self._max_items:
            self._last.popitem(last=False)


def looks_like_question(text: str) -> bool:
    """Whether a chat line in a listen channel reads like a question worth answering."""
    text = text.strip()
    if not text or len(text) > MAX_LISTEN_LENGTH or text.startswith(("http://", "https://")):
        return False
    words = re.findall(r"[a-z']+", text.casefold())
    if len(words) < 3:
        return False
    return text.endswith("?") or words[0] in _QUESTION_WORDS


#: Mentions (users, roles, channels, @everyone/@here) and custom emoji: noise in a question.
_NOISE = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|(?<!\w)@(?:everyone|here)\b")


def clean_question(text: str) -> str:
    """``text`` without mentions and custom emoji, whitespace tidied."""
    return " ".join(_NOISE.sub(" ", text).split())
