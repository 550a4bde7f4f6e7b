"""Quiz logic (pure): questions from the shipped knowledge, distractors, answers, scoring."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.engine.models import QuizItem, number_text
from bot.quiz.bank import (
    BASE_POINTS,
    CHOICES,
    DIFFICULTIES,
    POINTS,
    SPEED_POINTS,
    Candidate,
    QuestionBank,
    QuestionKind,
    QuizQuestion,
    QuizSession,
    _key,
    _sort_key,
    candidates_for,
    check_text,
    date_mentions,
    difficulty_of,
    parse_date,
    parse_numbers,
    points_for,
    prose_numbers,
    words_of,
)


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return QuestionBank(Engine.from_path(None).entries)


def _question(
    bank: QuestionBank, entry_id: str, kind: str, seed: int = 0, authored: bool | None = None
) -> QuizQuestion:
    """The first question of ``kind`` about ``entry_id`` (authored or generated, if said)."""
    cand = next(
        c
        for c in bank.candidates
        if c.entry.id == entry_id
        and c.kind == kind
        and (authored is None or c.authored == authored)
    )
    question = bank.build(cand, random.Random(seed))
    assert question is not None, f"{entry_id} {kind} has too few distractors"
    return question


def _all_questions(bank: QuestionBank, seed: int) -> list[QuizQuestion]:
    rng = random.Random(seed)
    built = [bank.build(c, rng) for c in bank.candidates]
    return [q for q in built if q is not None]


def _check_question(q: QuizQuestion) -> None:
    assert len(q.choices) == CHOICES
    assert q.choices[q.correct] == q.answer
    keys = [" ".join(words_of(c)) for c in q.choices]
    assert len(set(keys)) == CHOICES, f"choices not distinct: {q.choices}"
    assert q.hint_excluded != q.correct and 0 <= q.hint_excluded < CHOICES
    assert q.prompt.strip() and q.hint and q.explanation
    assert q.source is not None and q.source.url.startswith("http")
    if q.kind == "number":
        assert q.value is not None
        values = [_sort_key(c)[0] for c in q.choices]
        assert all(v > 0 for v in values)
        assert values == sorted(values)
        for a in values:
            for b in values:
                if a != b:
                    assert abs(a - b) >= 0.079 * max(a, b), f"{q.choices} too close"
        # the same words around every number: no choice stands out by its form
        forms = {re.sub(r"\d[\d,.]*", "#", c) for c in q.choices}
        assert len(forms) == 1 or all("hour" in c for c in q.choices), q.choices
    if q.kind == "year":
        years = [int(c) for c in q.choices]
        assert years == sorted(years) and len(set(years)) == CHOICES
    if q.kind == "date":
        dates = [parse_date(c) for c in q.choices]
        precision = {tuple(part is None for part in d) for d in dates}
        assert len(precision) == 1 and None not in dates[0][:2], q.choices
    if q.kind == "name" and not q.authored:
        answer_surnames = {words_of(n.split()[-1])[-1] for n in q.names}
        for index, choice in enumerate(q.choices):
            if index != q.correct:
                assert not answer_surnames & set(words_of(choice)), (q.answer, choice)


# -- generation from the shipped knowledge -------------------------------------------------------


def test_every_kind_of_question_comes_from_the_shipped_knowledge(bank: QuestionBank) -> None:
    kinds = {c.kind for c in bank.candidates}
    assert kinds == {"name", "thing", "number", "date", "year"}
    assert len({c.entry.id for c in bank.playable}) >= 200
    assert set(bank.topics) == {"records", "iss", "one-year-mission", "stations", "vehicles"}


def test_at_least_400_playable_questions_and_40_a_topic(bank: QuestionBank) -> None:
    assert len(bank.playable) >= 400
    by_topic = Counter(c.topic for c in bank.playable)
    assert min(by_topic.values()) >= 40, by_topic
    assert len({c.key for c in bank.playable}) == len(bank.playable)  # keys are unique
    # two entries asking the same thing in other words count once
    asked = Counter((_key(c.answer), frozenset(words_of(c.prompt))) for c in bank.playable)
    assert max(asked.values()) == 1
    assert all(not c.prompt.startswith("Record:") for c in bank.candidates)


@pytest.mark.parametrize("seed", range(5))
def test_every_built_question_is_well_formed(bank: QuestionBank, seed: int) -> None:
    questions = _all_questions(bank, seed)
    assert len(questions) >= 0.9 * len(bank.candidates)
    for question in questions:
        _check_question(question)


def test_every_answer_is_what_its_entry_says(bank: QuestionBank) -> None:
    for cand in bank.playable:
        stated = {word for text in cand.entry.stated_texts() for word in words_of(text)}
        missing = [w for w in words_of(cand.answer) if w not in stated]
        assert not missing, (cand.entry.id, cand.answer, missing)


@pytest.mark.parametrize("seed", range(3))
def test_no_wrong_choice_is_something_its_entry_states(bank: QuestionBank, seed: int) -> None:
    for question in _all_questions(bank, seed):
        entry = next(e for e in bank.entries if e.id == question.entry_id)
        rec = entry.record
        runner_up = {rec.previous.holder} if rec and rec.previous else set()  # wrong by design
        if rec and rec.previous and rec.previous.value is not None:
            runner_up.add(number_text(rec.previous.value))
        said = " " + " ".join(words_of(entry.answer)) + " "
        numbers = {q.value for q in prose_numbers(entry.answer)}
        years = {d[0] for d in date_mentions(entry.answer)}
        for index, choice in enumerate(question.choices):
            if index == question.correct or choice in runner_up or choice.split()[0] in runner_up:
                continue
            if question.kind in ("name", "thing"):
                assert f" {' '.join(words_of(choice))} " not in said, (entry.id, choice)
            if question.kind == "number" and question.value is not None:
                assert _sort_key(choice)[0] not in numbers or "hour" in choice, (entry.id, choice)
            if question.kind == "year":
                assert int(choice) not in years, (entry.id, choice)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 30))
def test_draws_are_well_formed_and_never_repeat_an_entry(
    bank: QuestionBank, seed: int, rounds: int
) -> None:
    questions = bank.draw(rounds, rng=random.Random(seed))
    assert len(questions) == rounds
    assert len({q.entry_id for q in questions}) == rounds
    for question in questions:
        _check_question(question)


def test_draw_by_topic_and_seed(bank: QuestionBank) -> None:
    first = bank.draw(5, topic="records", rng=random.Random(7))
    again = bank.draw(5, topic="records", rng=random.Random(7))
    assert first == again
    assert all(q.topic == "records" for q in first)
    assert bank.draw(5, topic="no-such-topic") == []
    everything = bank.draw(10_000, rng=random.Random(1))
    assert sorted(q.key for q in everything) == sorted(c.key for c in bank.playable)


def test_draw_about_a_subject(bank: QuestionBank, engine: Engine) -> None:
    about = {e.id for e in engine.subjects.about("mir")} | {"mir"}  # and its overview's items
    drawn = bank.draw(10_000, rng=random.Random(3), subject="mir")
    assert drawn and {q.entry_id for q in drawn} <= about and "mir" in {q.entry_id for q in drawn}
    assert "mir" in bank.subjects() and "no-such-subject" not in bank.subjects()
    assert bank.draw(5, subject="no-such-subject") == []


def test_record_questions_read_as_questions(engine: Engine) -> None:
    by_id = {e.id: e for e in engine.entries}
    made = {c.kind: c for c in candidates_for(by_id["rec-first-human"])}
    assert made["name"].prompt == "Who was the first human in space?"
    assert made["name"].answer == "Yuri Gagarin"  # "(USSR)" dropped
    made = {c.kind: c for c in candidates_for(by_id["rec-longest-single-flight"])}
    assert made["number"].prompt == "What is the record for the longest single spaceflight?"
    assert made["number"].answer == "437.7 days" and made["number"].value == 437.7
    made = {c.kind: c for c in candidates_for(by_id["rec-first-spacewalk"])}
    assert made["year"].prompt == "In which year did the first spacewalk take place?"
    assert made["year"].answer == "1965"
    made = {c.kind: c for c in candidates_for(by_id["rec-skylab-84-days"])}
    assert made["number"].prompt == "What was the record for the longest spaceflight in 1974?"


def test_runner_up_is_a_distractor(bank: QuestionBank) -> None:
    for seed in range(5):
        question = _question(bank, "rec-longest-single-flight", "name", seed)
        assert "Sergei Avdeyev" in question.choices
        numbers = _question(bank, "rec-longest-single-flight", "number", seed)
        assert "379.0 days" in numbers.choices


def test_no_question_gives_its_answer_away(bank: QuestionBank) -> None:
    for cand in bank.candidates:
        if cand.kind == "year":
            assert cand.answer not in words_of(cand.prompt), cand.prompt
        if cand.kind == "number":
            number = words_of(cand.answer)[0]
            assert number not in words_of(cand.prompt), cand.prompt
    ids = {(c.entry.id, c.kind) for e in bank.entries for c in candidates_for(e)}
    assert ("rec-first-1000-days", "number") not in ids  # "first person to spend 1,000 days"
    assert ("rec-skylab-84-days", "year") not in ids  # "longest spaceflight (1974)"


def test_non_person_holders_get_no_who_question(bank: QuestionBank) -> None:
    ids = {(c.entry.id, c.kind) for e in bank.entries for c in candidates_for(e)}
    assert ("rec-continuous-presence", "name") not in ids  # the ISS itself
    assert ("rec-skylab-84-days", "name") not in ids  # "Skylab's third and last crew"


def test_fact_questions_need_one_clear_number_or_date(engine: Engine) -> None:
    by_id = {e.id: e for e in engine.entries}
    kinds = {c.kind: c for c in candidates_for(by_id["iss-first-module"])}
    assert kinds["date"].answer == "20 November 1998"
    # Two dates (launch and docking) in the answer: no date question.
    assert not [c for c in candidates_for(by_id["iss-zvezda"]) if c.kind == "date"]
    # Several numbers (400 km, 250 miles): no number question.
    assert not [c for c in candidates_for(by_id["iss-altitude"]) if c.kind == "number"]


# -- reading prose ---------------------------------------------------------------------------------


def test_date_mentions() -> None:
    text = "Launched on 20 November 1998, docked in December 1998; retired around 2030."
    assert date_mentions(text) == [(1998, 11, 20), (1998, 12, None), (2030, None, None)]
    assert date_mentions("from 7 to 29 June 1971") == [(1971, 6, 29)]
    assert date_mentions("It has 2,011 parts") == []


def test_prose_numbers_skip_names_ranges_and_dates() -> None:
    text = (
        "STS-88 and Expedition 47 flew on Soyuz TMA-16M in 2015-2016 on 3 June 1965 at 11:27 pm; "
        "About 400 experiments, 6.8-6.9 m, 3½ hours and $843 million over 90% of it."
    )
    found = [(q.value, q.template, q.words[:1]) for q in prose_numbers(text)]
    assert found == [
        (400.0, "{}", ("experiments",)),
        (843.0, "${} million", ("over",)),
        (90.0, "{}%", ("of",)),
    ]


def test_parse_numbers_and_dates() -> None:
    assert parse_numbers("about 1,111 days or 437.7") == [1111.0, 437.7]
    assert parse_date("20 Nov 1998") == (1998, 11, 20)
    assert parse_date("November 20th, 1998") == (1998, 11, 20)
    assert parse_date("1998-11-20") == (1998, 11, 20)
    assert parse_date("sometime in 1998") == (1998, None, None)


# -- free-text answers -----------------------------------------------------------------------------


def _named(*names: str) -> QuizQuestion:
    return QuizQuestion(
        entry_id="x",
        topic="t",
        kind="name",
        prompt="?",
        answer=names[0],
        choices=(),
        correct=0,
        hint="",
        hint_excluded=1,
        explanation="",
        source=None,
        names=names,
    )


def test_names_match_by_whole_words_fuzzily(bank: QuestionBank) -> None:
    polyakov = _question(bank, "rec-longest-single-flight", "name")
    for guess in ("Polyakov", "valeri polyakov!", "Valery Poliakov", "it was POLYAKOV", "Polyakv"):
        assert polyakov.check_text(guess), guess
    for guess in ("Avdeyev", "Kononenko", "Valeri", "poly", ""):
        assert not polyakov.check_text(guess), guess
    koch = _question(bank, "rec-first-all-female-spacewalk", "name", authored=False)
    assert koch.check_text("Jessica Meir") and koch.check_text("koch")
    vande_hei = _question(bank, "rec-vande-hei", "name")
    assert vande_hei.check_text("Vande Hei") and vande_hei.check_text("vandehei")
    assert not vande_hei.check_text("hei")


def test_whole_words_only() -> None:
    air = _named("Air")
    assert air.check_text("air") and air.check_text("fresh air!")
    assert (
        not air.check_text("chair") and not air.check_text("airlock") and not air.check_text("hair")
    )
    tito = _named("Dennis Tito")
    assert tito.check_text("tito") and not tito.check_text("titov")


def test_numbers_within_tolerance(bank: QuestionBank) -> None:
    question = _question(bank, "rec-longest-single-flight", "number")  # 437.7 days
    for guess in ("437.7", "438", "437 days", "about 420", "455"):
        assert question.check_text(guess), guess
    for guess in ("400", "500", "between 430 and 440", "lots", "4377"):
        assert not question.check_text(guess), guess


def test_years_and_dates_are_exact(bank: QuestionBank) -> None:
    year = _question(bank, "rec-first-spacewalk", "year")
    assert year.check_text("1965") and year.check_text("in 1965!")
    assert not year.check_text("1964") and not year.check_text("1965 or 1966")
    date = _question(bank, "iss-first-module", "date")
    for guess in ("20 November 1998", "Nov 20, 1998", "1998-11-20", "20th nov 1998"):
        assert date.check_text(guess), guess
    for guess in ("21 November 1998", "November 1998", "20 November 1997"):
        assert not date.check_text(guess), guess


@given(st.text(max_size=200))
def test_checking_any_text_never_raises(guess: str) -> None:
    for question in (_named("Yuri Gagarin"), _named("Air")):
        assert check_text(question, guess) in (True, False)
    parse_numbers(guess)
    parse_date(guess)


@given(st.text(max_size=100))
def test_words_are_stable(text: str) -> None:
    words = words_of(text)
    assert words_of(" ".join(words)) == words


# -- scoring and sessions --------------------------------------------------------------------------


@given(
    seconds=st.floats(1, 300),
    a=st.floats(0, 400, allow_nan=False),
    b=st.floats(0, 400, allow_nan=False),
)
def test_faster_right_answers_score_at_least_as_much(seconds: float, a: float, b: float) -> None:
    fast, slow = sorted((a, b))
    assert points_for(True, fast, seconds) >= points_for(True, slow, seconds)
    assert BASE_POINTS <= points_for(True, slow, seconds) <= BASE_POINTS + SPEED_POINTS
    assert points_for(False, fast, seconds) == 0


def test_points_at_the_edges() -> None:
    assert points_for(True, 0, 20) == BASE_POINTS + SPEED_POINTS
    assert points_for(True, 20, 20) == BASE_POINTS
    assert points_for(True, 10, 20) == BASE_POINTS + SPEED_POINTS // 2
    assert points_for(True, 5, 0) == BASE_POINTS


def test_session_one_answer_each_and_totals(bank: QuestionBank) -> None:
    questions = bank.draw(3, rng=random.Random(3))
    quiz = QuizSession(questions, seconds=20, started_by=1)
    assert quiz.current is None and quiz.round_number == 0
    assert not quiz.answer_choice(1, 0, now=0).accepted  # nothing open yet

    first = quiz.next_question(now=100.0)
    assert first is questions[0] and quiz.round_number == 1
    right, wrong = first.correct, first.hint_excluded
    fast = quiz.answer_choice(1, right, now=100.0)
    assert fast.accepted and fast.correct and fast.points == first.points + SPEED_POINTS
    assert quiz.answer_choice(1, wrong, now=101.0).reason == "duplicate"
    miss = quiz.answer_choice(2, wrong, now=110.0)
    assert miss.accepted and not miss.correct and miss.points == 0
    slow = quiz.answer_choice(3, right, now=120.0)
    assert slow.points == first.points

    result = quiz.close_question()
    assert result is not None and result.winners == [1, 3]
    assert quiz.answer_choice(4, right, now=105.0).reason == "closed"
    assert quiz.close_question() is None

    second = quiz.next_question(now=200.0)
    assert second is questions[1]
    quiz.answer_choice(3, second.correct, now=201.0)
    quiz.answer_choice(1, second.hint_excluded, now=201.0)
    quiz.forget(3)  # could not be stored: as if never answered
    assert quiz.answer_choice(3, second.correct, now=202.0).accepted
    quiz.next_question(now=300.0)  # closes question 2 on the way
    assert [r.number for r in quiz.history] == [1, 2]
    assert quiz.standings()[0][0] == 3
    assert quiz.correct_counts == {1: 1, 3: 2}
    quiz.close_question()
    assert not quiz.has_next and quiz.next_question(now=400.0) is None


def test_text_answers_in_a_session(bank: QuestionBank) -> None:
    question = _question(bank, "rec-first-human", "name")
    quiz = QuizSession([question], seconds=10, started_by=1, text_mode=True)
    quiz.next_question(now=0.0)
    wrong = question.choices[question.hint_excluded]
    assert quiz.answer_text(7, "gargarin!", now=2.0).correct  # a typo is fine
    assert not quiz.answer_text(8, f"Gagarin or {wrong}", now=3.0).correct  # hedging is not
    assert quiz.answer_text(8, "Gagarin", now=4.0).reason == "duplicate"
    assert not quiz.answer_text(9, wrong, now=5.0).correct


def test_the_module_is_pure() -> None:
    import bot.quiz.bank as quiz

    with open(quiz.__file__, encoding="utf-8") as handle:
        source = handle.read()
    assert "import discord" not in source and "sqlalchemy" not in source


# -- pools, no repeats, difficulty -----------------------------------------------------------------


def test_a_server_gets_no_question_again_until_it_has_played_the_whole_pool(
    bank: QuestionBank,
) -> None:
    pool = {c.key for c in bank.pool(topic="vehicles", difficulty="hard")}
    assert len(pool) >= 6
    played: set[str] = set()
    rng = random.Random(5)
    while len(played) + 4 <= len(pool):
        drawn = bank.draw_unplayed(4, "vehicles", rng, difficulty="hard", played=played)
        keys = [q.key for q in drawn.questions]
        assert len(keys) == 4 and not set(keys) & played and not drawn.new_round
        played |= set(keys)
    left = pool - played
    drawn = bank.draw_unplayed(len(left) + 2, "vehicles", rng, difficulty="hard", played=played)
    keys = [q.key for q in drawn.questions]
    assert set(keys[: len(left)]) == left  # what was left comes first
    assert len(set(keys)) == len(keys) and set(keys) <= pool  # then a new round, no repeat
    assert drawn.new_round == pool


def test_every_question_of_a_pool_has_its_difficulty(bank: QuestionBank) -> None:
    for level in DIFFICULTIES:
        questions = bank.draw(10_000, rng=random.Random(2), difficulty=level)
        assert len(questions) >= 40 and {q.difficulty for q in questions} == {level}
    counts = bank.counts()
    assert sum(counts["difficulty"].values()) == len(bank.playable)
    assert counts["prompt"]["authored"] > counts["prompt"]["generated"]


@pytest.mark.parametrize(
    ("kind", "answer", "value", "date", "level"),
    [
        ("name", "Yuri Gagarin", None, None, "easy"),
        ("thing", "Mir", None, None, "easy"),
        ("year", "1971", None, (1971, None, None), "medium"),
        ("date", "June 2021", None, (2021, 6, None), "medium"),
        ("date", "20 November 1998", None, (1998, 11, 20), "hard"),
        ("number", "340 days", 340.0, None, "medium"),
        ("number", "16 a day", 16.0, None, "medium"),
        ("number", "437.7 days", 437.7, None, "hard"),
        ("number", "5,440 orbits", 5440.0, None, "hard"),
    ],
)
def test_the_difficulty_rule(
    engine: Engine,
    kind: QuestionKind,
    answer: str,
    value: float | None,
    date: tuple[int, int | None, int | None] | None,
    level: str,
) -> None:
    entry = engine.entries[0]
    cand = Candidate(entry, kind, "?", answer, value=value, date=date)
    assert difficulty_of(cand) == level


def test_harder_questions_are_worth_more() -> None:
    assert POINTS["easy"] < POINTS["medium"] < POINTS["hard"]
    assert points_for(True, 0, 20, "hard") == POINTS["hard"] + SPEED_POINTS
    assert points_for(True, 20, 20, "medium") == POINTS["medium"]
    assert points_for(False, 0, 20, "hard") == 0


def _authored_bank(engine: Engine, *items: QuizItem) -> QuestionBank:
    """The shipped knowledge, with ``items`` as Mir's only authored questions."""
    entries = [dataclasses.replace(e, quiz=items if e.id == "mir" else ()) for e in engine.entries]
    return QuestionBank(entries)


def test_authored_answers_are_read_by_kind(engine: Engine) -> None:
    items = (
        QuizItem("In which year did Mir's core module launch?", "1986"),
        QuizItem("Which Soyuz took Mir's last crew home?", "Soyuz TM-30"),
        QuizItem("Which station replaced Salyut 7 as the Soviet station?", "Mir"),
        QuizItem("Which country did Mir's space station belong to after 1991?", "Russia"),
        QuizItem("Whose station was Mir after 1991?", "Russia", ("China", "Japan", "India")),
    )
    bank = _authored_bank(engine, *items)
    mine = {c.prompt: c for c in bank.candidates if c.entry.id == "mir" and c.authored}
    assert mine[items[0].prompt].kind == "year"
    assert mine[items[1].prompt].kind == "thing" and "Soyuz TM-29" in mine[items[1].prompt].options
    assert mine[items[2].prompt].craft_type == "station"
    assert items[3].prompt not in mine  # no wrong choices anywhere: not asked
    written = bank.build(mine[items[4].prompt], random.Random(0))
    assert written is not None and set(written.choices) == {"Russia", "China", "Japan", "India"}
    assert written.check_text("russia") and not written.check_text("china")


def test_typing_the_answer_is_right_and_a_wrong_choice_or_a_hedge_is_not(
    bank: QuestionBank,
) -> None:
    for question in _all_questions(bank, 11):
        assert question.check_text(f"I'm sure it is {question.answer}"), question.answer
        assert question.check_text(question.answer.lower()), question.answer
        for index, choice in enumerate(question.choices):
            if index != question.correct:
                assert not question.check_text(choice), (question.answer, choice)
                assert not question.check_text(f"{question.answer} or {choice}"), choice
