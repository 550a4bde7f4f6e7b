"""Accuracy floor on the public question set (tests/golden/*.jsonl).

The figures themselves are printed by ``stationbot eval``; this test only holds the line so a
change that makes the engine worse fails. It never special-cases a question.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.measure.evaluate import Report, after_answer, evaluate, load_questions

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
#: Share of questions answered right or rightly refused. The engine measures 0.906 on the whole
#: set (stationbot eval). The confidence model was fitted on this set, so the figure is partly
#: in-sample: fitted on four fifths and measured on the rest, its decisions are right 92.0 % of
#: the time (stationbot train --dry-run). Written blind and measured on their first run:
#: voices-*.jsonl (325 questions) 0.825, followups-*.jsonl (160 follow-ups) 0.700.
ACCURACY_FLOOR = 0.90
#: The subjects' own public questions ("what was Mir?", "who is peggy whitson", "skylab").
SUBJECTS = GOLDEN / "subjects.jsonl"
SUBJECTS_FLOOR = 0.85
#: Share of plainly out-of-domain questions ("who won the world cup") answered anyway.
OUT_OF_DOMAIN_CEILING = 0.03
#: Share of all must-refuse questions (near-misses included) answered anyway: measured 0.101
#: (near-misses.jsonl, voices-*.jsonl and followups-*.jsonl hold 194 harder ones written blind
#: to the engine).
MUST_REFUSE_CEILING = 0.15
#: Share of answerable questions answered with a wrong entry (measured 0.042; 0.030 without
#: subjects.jsonl, whose overview questions a fact often answers instead).
WRONG_ANSWER_CEILING = 0.05


#: tests/validation/*.jsonl: 448 questions written blind to the engine and never fitted on (the
#: confidence model learns from tests/golden only); measured 0.904, 0.830 on their first run.
VALIDATION = GOLDEN.parent / "validation"
VALIDATION_FLOOR = 0.90
#: tests/blind/subjects.jsonl: 200 questions asking what a subject is, written from the
#: overviews alone before the engine saw them, never fitted on: 0.600 on their first run, 0.735
#: before a refused message could be answered by the part of it that asks for an overview,
#: 0.770 now.
BLIND_SUBJECTS = GOLDEN.parent / "blind" / "subjects.jsonl"
BLIND_SUBJECTS_FLOOR = 0.75
#: tests/blind/meaning.jsonl: 200 questions written from the knowledge's answers alone, in
#: other words than its own (long quiz questions, the subject only implied, everyday words),
#: committed before any engine saw them, never fitted on: 0.735 on their first run (the engine
#: before the meaning signal), 0.740 now. Of its 30 out-of-domain questions, 1 is answered.
BLIND_MEANING = GOLDEN.parent / "blind" / "meaning.jsonl"
BLIND_MEANING_FLOOR = 0.72
BLIND_MEANING_OUT_OF_DOMAIN_ANSWERED = 2
#: A new question asked right after another answer (``stationbot eval --after-answer``) must do
#: about as well as asked alone: measured 0.932 after an answer about something else, 0.929 alone.
AFTER_ANSWER_SLACK = 0.01


@pytest.fixture(scope="module")
def report(engine: Engine) -> Report:
    return evaluate(engine, load_questions(sorted(GOLDEN.glob("*.jsonl"))))


def test_question_set_is_large_and_varied(engine: Engine) -> None:
    questions = load_questions(sorted(GOLDEN.glob("*.jsonl")))
    assert len(questions) >= 250
    must_refuse = sum(1 for q in questions if not q.expect)
    assert must_refuse / len(questions) >= 0.20
    categories = Counter(q.category for q in questions)
    for category in (
        "paraphrase",
        "fragment",
        "typo",
        "slang",
        "followup",
        "near-miss",
        "out-of-domain",
    ):
        assert categories[category] >= 10, category
    known = {e.id for e in engine.entries}
    unknown = {i for q in questions for i in q.expect if i not in known}
    assert not unknown, f"question set expects ids the knowledge lacks: {sorted(unknown)}"
    per_entry = Counter(i for q in questions for i in q.expect[:1])
    thin = [e.id for e in engine.entries if per_entry[e.id] < (3 if e.subject else 4)]
    assert not thin, f"entries with fewer golden questions than 4 (3 for a subject): {thin}"


def test_accuracy_floor(report: Report) -> None:
    assert report.accuracy >= ACCURACY_FLOOR, (
        f"accuracy {report.accuracy:.1%} < {ACCURACY_FLOOR:.0%}; run `stationbot eval` for misses"
    )


def test_out_of_domain_is_refused(report: Report) -> None:
    correct, total = report.by_category["out-of-domain"]
    assert 1 - correct / total <= OUT_OF_DOMAIN_CEILING


def test_near_misses_are_mostly_refused(report: Report) -> None:
    assert report.out_of_domain_answered <= MUST_REFUSE_CEILING, (
        f"{report.out_of_domain_answered:.1%} of must-refuse questions answered"
    )


def test_wrong_answers_are_rare(report: Report) -> None:
    assert report.wrong_answer_rate <= WRONG_ANSWER_CEILING


def test_a_new_question_after_an_answer_is_not_mistaken_for_a_follow_up(engine: Engine) -> None:
    asked_after = after_answer(load_questions(sorted(GOLDEN.glob("*.jsonl"))))
    assert len(asked_after) >= 1000 and all(q.context for q in asked_after)
    after = evaluate(engine, asked_after).accuracy
    alone = evaluate(engine, [replace(q, context=None) for q in asked_after]).accuracy
    assert after >= alone - AFTER_ANSWER_SLACK, (
        f"{after:.1%} right after another answer, {alone:.1%} alone; "
        "run `stationbot eval --after-answer` for misses"
    )


def test_questions_never_fitted_on_hold_their_level(engine: Engine) -> None:
    questions = load_questions(sorted(VALIDATION.glob("*.jsonl")))
    assert len(questions) >= 400
    report = evaluate(engine, questions)
    assert report.accuracy >= VALIDATION_FLOOR, (
        f"accuracy {report.accuracy:.1%} on tests/validation; run `stationbot eval "
        "tests/validation/*.jsonl` for misses"
    )


@pytest.mark.parametrize(
    ("path", "floor"), [(SUBJECTS, SUBJECTS_FLOOR), (BLIND_SUBJECTS, BLIND_SUBJECTS_FLOOR)]
)
def test_what_a_subject_is_gets_its_overview(engine: Engine, path: Path, floor: float) -> None:
    questions = load_questions([path])
    subjects = {s.id for s in engine.subjects.all}
    overviews = [q for q in questions if q.expect and q.expect[0] in subjects]
    assert len(overviews) >= 150 and any(not q.expect for q in questions)
    report = evaluate(engine, questions)
    assert report.accuracy >= floor, (
        f"accuracy {report.accuracy:.1%} on {path.name}; run `stationbot eval {path}` for misses"
    )


def test_questions_in_other_words_hold_their_level(engine: Engine) -> None:
    questions = load_questions([BLIND_MEANING])
    categories = Counter(q.category for q in questions)
    assert len(questions) == 200 and min(categories.values()) >= 30
    report = evaluate(engine, questions)
    assert report.accuracy >= BLIND_MEANING_FLOOR, (
        f"accuracy {report.accuracy:.1%} on {BLIND_MEANING.name}; run `stationbot eval "
        f"{BLIND_MEANING}` for its totals"
    )
    answered = sum(1 for o in report.outcomes if not o.question.expect and o.answered)
    assert answered <= BLIND_MEANING_OUT_OF_DOMAIN_ANSWERED
