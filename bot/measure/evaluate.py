"""Measure the engine on a question set: JSON lines of {"q", "expect", "category", "context"}."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.engine.engine import Engine
from bot.engine.errors import StationbotError


def default_question_files() -> list[Path]:
    """The public question set shipped with the repository (tests/golden/*.jsonl)."""
    golden = Path(__file__).resolve().parent.parent.parent / "tests" / "golden"
    return sorted(golden.glob("*.jsonl"))


class QuestionSetError(StationbotError):
    """A question-set file is malformed."""


@dataclass(frozen=True, slots=True)
class GoldenQuestion:
    """One question with the entry ids that answer it (empty: the engine must refuse)."""

    q: str
    expect: tuple[str, ...]
    category: str = "uncategorised"
    context: str | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the engine did on one question."""

    question: GoldenQuestion
    answered: bool
    fact_id: str | None
    score: float

    @property
    def correct(self) -> bool:
        """Answered with an expected entry, or rightly refused."""
        if not self.question.expect:
            return not self.answered
        return self.answered and self.fact_id in self.question.expect

    @property
    def wrong_answer(self) -> bool:
        """Answered with an entry that is not expected (worse than a refusal)."""
        return self.answered and self.fact_id not in self.question.expect


@dataclass(frozen=True)
class Report:
    """Accuracy figures over a question set."""

    outcomes: tuple[Outcome, ...]
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Number of questions."""
        return len(self.outcomes)

    @property
    def accuracy(self) -> float:
        """Share answered right or rightly refused."""
        return sum(o.correct for o in self.outcomes) / self.total if self.total else 0.0

    @property
    def refusal_set(self) -> list[Outcome]:
        """Outcomes of the questions that must be refused."""
        return [o for o in self.outcomes if not o.question.expect]

    @property
    def out_of_domain_answered(self) -> float:
        """Share of must-refuse questions the engine answered anyway."""
        refusals = self.refusal_set
        return sum(o.answered for o in refusals) / len(refusals) if refusals else 0.0

    @property
    def wrong_answer_rate(self) -> float:
        """Share of in-domain questions answered with a wrong entry."""
        answerable = [o for o in self.outcomes if o.question.expect]
        return sum(o.wrong_answer for o in answerable) / len(answerable) if answerable else 0.0

    @property
    def misses(self) -> list[Outcome]:
        """Outcomes that were not correct."""
        return [o for o in self.outcomes if not o.correct]

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "out_of_domain_answered": round(self.out_of_domain_answered, 4),
            "wrong_answer_rate": round(self.wrong_answer_rate, 4),
            "by_category": {
                name: {"correct": ok, "total": n, "accuracy": round(ok / n, 4)}
                for name, (ok, n) in sorted(self.by_category.items())
            },
            "misses": [
                {
                    "q": o.question.q,
                    "expect": list(o.question.expect),
                    "got": o.fact_id,
                    "score": round(o.score, 1),
                    "category": o.question.category,
                    "origin": o.question.origin,
                }
                for o in self.misses
            ],
        }


def load_questions(paths: Iterable[Path]) -> list[GoldenQuestion]:
    """Read question-set files (JSON lines); raise QuestionSetError naming file and line."""
    questions: list[GoldenQuestion] = []
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise QuestionSetError(f"{path}: cannot read: {exc}") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                data = json.loads(line)
                q = data["q"]
                expect = data.get("expect", [])
                if not isinstance(q, str) or not isinstance(expect, list):
                    raise TypeError("'q' must be a string and 'expect' a list of ids")
                questions.append(
                    GoldenQuestion(
                        q=q,
                        expect=tuple(str(e) for e in expect),
                        category=str(data.get("category", "uncategorised")),
                        context=data.get("context"),
                        origin=f"{path.name}:{number}",
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise QuestionSetError(f"{path}:{number}: not a question line: {exc}") from None
    return questions


def after_answer(questions: Sequence[GoldenQuestion]) -> list[GoldenQuestion]:
    """The questions asked without context, each as if asked right after the answer to an
    earlier answerable question in the same file: the latest one whose entry (its first
    expected) this question does not expect, so that no question is merely asked again. A new
    question in a running conversation must not be mistaken for a follow-up. Questions with no
    such answer before them, and follow-ups with their own context, are left out."""
    asked: list[GoldenQuestion] = []
    answered: list[str] = []  # the entries answered so far in the current file, latest last
    current_file = ""
    for question in questions:
        file = question.origin.rpartition(":")[0]
        if file != current_file:
            current_file, answered = file, []
        if question.context is not None:
            continue
        previous = next((e for e in reversed(answered) if e not in question.expect), None)
        if previous is not None:
            asked.append(replace(question, context=previous))
        if question.expect:
            answered.append(question.expect[0])
    return asked


def evaluate(engine: Engine, questions: Sequence[GoldenQuestion]) -> Report:
    """Ask every question (with its context, if any) and tally the outcomes."""
    outcomes: list[Outcome] = []
    by_category: dict[str, tuple[int, int]] = {}
    for question in questions:
        answer = engine.ask(question.q, context=question.context)
        outcome = Outcome(question, answer.answered, answer.fact_id, answer.score)
        outcomes.append(outcome)
        ok, n = by_category.get(question.category, (0, 0))
        by_category[question.category] = (ok + outcome.correct, n + 1)
    return Report(tuple(outcomes), by_category)
