"""Which questions ask where a station is right now, and which are left to the knowledge."""

from __future__ import annotations

import pytest

from bot.orbit.asks import crew_question, where_question


@pytest.mark.parametrize(
    ("question", "station"),
    [
        ("where is the ISS now?", "iss"),
        ("wheres the iss rn", "iss"),
        ("Where's the ISS right now?", "iss"),
        ("ISS location", "iss"),
        ("current position of the iss", "iss"),
        ("what is the iss currently flying over", "iss"),
        ("where is the space station", "iss"),
        ("iss coordinates", "iss"),
        ("where is tiangong", "tiangong"),
        ("Where is the Chinese space station right now?", "tiangong"),
        ("CSS position", "tiangong"),
    ],
)
def test_questions_about_the_position_now_name_their_station(question: str, station: str) -> None:
    found = where_question(question)
    assert found is not None
    assert found.station.key == station


@pytest.mark.parametrize(
    "question",
    [
        "where was the ISS built?",
        "where is the ISS toilet",
        "where did Mir fall?",
        "where is Zvezda",  # a module, not a station the bot follows
        "where is it now",  # no station named
        "can I see the ISS tonight?",  # when to see it: another question
        "who is on the ISS right now?",
        "how high is the ISS",
        "ISS",
        "",
    ],
)
def test_other_questions_are_left_to_the_knowledge(question: str) -> None:
    assert where_question(question) is None


@pytest.mark.parametrize(
    ("question", "station"),
    [
        ("who is on the ISS right now?", "iss"),
        ("whos on the iss", "iss"),
        ("ISS crew", "iss"),
        ("current ISS crew", "iss"),
        ("how many people are on the ISS right now", "iss"),
        ("who is aboard Tiangong?", "tiangong"),
        ("who lives on the space station", "iss"),
    ],
)
def test_questions_about_the_crew_now_name_their_station(question: str, station: str) -> None:
    found = crew_question(question)
    assert found is not None
    assert found.station.key == station


@pytest.mark.parametrize(
    "question",
    [
        "who was on the first ISS crew?",
        "how many people have visited the ISS?",
        "who built the ISS?",
        "who is the commander of the ISS",
        "what is the crew of the ISS doing",
        "where is the ISS now",
    ],
)
def test_other_crew_questions_are_left_to_the_knowledge(question: str) -> None:
    assert crew_question(question) is None
