"""conversation.py: cooldowns, expiring memories, the listen-channel question test."""

from __future__ import annotations

import pytest
from fakes import Clock

from bot.conversation import Cooldowns, ExpiringMap, clean_question, looks_like_question


def test_expiring_map_forgets_after_ttl() -> None:
    clock = Clock()
    memory: ExpiringMap[str, int] = ExpiringMap(10, clock=clock)
    memory.put("a", 1)
    clock.advance(9.9)
    assert memory.get("a") == 1
    clock.advance(0.1)
    assert memory.get("a") is None
    assert len(memory) == 0


def test_expiring_map_with_zero_ttl_keeps_nothing() -> None:
    memory: ExpiringMap[str, int] = ExpiringMap(0, clock=Clock())
    memory.put("a", 1)
    assert memory.get("a") is None


def test_expiring_map_is_bounded() -> None:
    memory: ExpiringMap[int, int] = ExpiringMap(60, clock=Clock(), max_items=3)
    for key in range(5):
        memory.put(key, key)
    assert len(memory) == 3
    assert memory.get(0) is None and memory.get(4) == 4


def test_cooldowns() -> None:
    clock = Clock()
    cooldowns = Cooldowns(clock=clock)
    assert cooldowns.remaining(1, 5) == 0
    cooldowns.touch(1)
    clock.advance(2)
    assert cooldowns.remaining(1, 5) == 3
    assert cooldowns.remaining(2, 5) == 0
    assert cooldowns.remaining(1, 0) == 0
    clock.advance(3)
    assert cooldowns.remaining(1, 5) == 0


def test_cooldowns_are_bounded() -> None:
    cooldowns = Cooldowns(clock=Clock(), max_items=2)
    for user in range(4):
        cooldowns.touch(user)
    assert cooldowns.remaining(0, 5) == 0
    assert cooldowns.remaining(3, 5) == 5


@pytest.mark.parametrize(
    "text",
    [
        "who was the first person in space?",
        "When did Mir come down",
        "how long was scott kelly up there",
        "the ISS has how many modules?",
    ],
)
def test_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    ["", "lol", "nice one", "what?", "I love the ISS", "https://example.org/who-is-it?", "x" * 400],
)
def test_not_questions(text: str) -> None:
    assert not looks_like_question(text)


def test_clean_question_drops_mentions_and_emoji() -> None:
    text = "<@111> <@!111>  who <@&333> was <#444> first @everyone in <:rocket:555> space? @here"
    assert clean_question(text) == "who was first in space?"
    assert clean_question("mail@here.org") == "mail@here.org"
