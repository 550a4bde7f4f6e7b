"""How question sets are read and replayed for ``stationbot eval``."""

from __future__ import annotations

from bot.measure.evaluate import GoldenQuestion, after_answer


def _question(
    q: str, expect: tuple[str, ...], origin: str, context: str | None = None
) -> GoldenQuestion:
    return GoldenQuestion(q=q, expect=expect, category="c", context=context, origin=origin)


def test_each_question_is_asked_after_an_answer_about_something_else() -> None:
    questions = [
        _question("what was the first space station", ("stn-salyut-1",), "a.jsonl:1"),
        _question("and when did it launch?", ("stn-salyut-1",), "a.jsonl:2", "stn-salyut-1"),
        _question("who lived on it first", ("stn-soyuz-11",), "a.jsonl:3"),
        _question("how long did the soyuz 11 crew stay", ("stn-soyuz-11",), "a.jsonl:4"),
        _question("hi bot", (), "a.jsonl:5"),
        _question("how long was the one-year mission", ("oym-duration",), "b.jsonl:1"),
        _question("when did kelly land", ("oym-landing-date",), "b.jsonl:2"),
    ]
    asked = after_answer(questions)
    contexts = {q.q: q.context for q in asked}
    # a question about the entry just answered is asked after the answer before that one, not
    # again after its own entry; follow-ups keep out, and each file starts a new conversation
    assert contexts == {
        "who lived on it first": "stn-salyut-1",
        "how long did the soyuz 11 crew stay": "stn-salyut-1",
        "hi bot": "stn-soyuz-11",
        "when did kelly land": "oym-duration",
    }
