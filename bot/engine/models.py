"""Frozen data the engine works with: entries, sources, records and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

EntryKind = Literal["fact", "record", "subject"]
#: What a subject is (see ``SubjectFields``).
SubjectType = Literal["station", "module", "vehicle", "person", "mission"]
SUBJECT_TYPES: tuple[SubjectType, ...] = ("station", "module", "vehicle", "person", "mission")
#: Why a question was refused, when the question itself shows it (see ``Answer.refusal``).
Refusal = Literal["opinion", "live", "no-subject"]


def number_text(value: float) -> str:
    """A figure as a person writes it: 1,111 not 1111.0; 437.7 stays 437.7."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


@dataclass(frozen=True, slots=True)
class Source:
    """A public page an entry is based on."""

    title: str
    url: str
    published: str  # "YYYY", "YYYY-MM", "YYYY-MM-DD" or "unknown"
    trusted: bool = False  # on a trusted site (knowledge/policy/publishers.yaml)

    def to_dict(self) -> dict[str, str | bool]:
        """Return the source as a plain JSON-ready dict."""
        return {
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "trusted": self.trusted,
        }


@dataclass(frozen=True, slots=True)
class QuizItem:
    """A quiz question written by hand for an entry: the answer is what the entry states."""

    prompt: str
    answer: str
    distractors: tuple[str, ...] = ()  # none: the quiz draws them from the knowledge
    difficulty: Literal["easy", "medium", "hard"] | None = None  # None: by the quiz's rule

    def to_dict(self) -> dict[str, object]:
        """Return the item as a plain JSON-ready dict."""
        return {
            "prompt": self.prompt,
            "answer": self.answer,
            "distractors": list(self.distractors),
            "difficulty": self.difficulty,
        }


@dataclass(frozen=True, slots=True)
class PreviousHolder:
    """Who held a record before the current holder (or the runner-up, as ``note`` says)."""

    holder: str
    value: float | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the previous holder as a plain JSON-ready dict."""
        return {"holder": self.holder, "value": self.value, "note": self.note}


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Structured fields of a record entry."""

    record: str
    holder: str
    value: float
    unit: str
    set: str
    previous: PreviousHolder | None = None

    @property
    def value_text(self) -> str:
        """The value as a person would write it: no trailing ``.0``, thousands separated."""
        return number_text(self.value)

    @property
    def measure(self) -> str:
        """The value with its unit ("437.7 days"), or "" for a first, whose value says nothing."""
        return "" if self.unit == "first" else f"{self.value_text} {self.unit}"


@dataclass(frozen=True, slots=True)
class KeyNumber:
    """One figure a subject's card shows: "Launched" / "20 February 1986"."""

    label: str
    value: str

    def to_dict(self) -> dict[str, str]:
        """Return the figure as a plain JSON-ready dict."""
        return {"label": self.label, "value": self.value}


@dataclass(frozen=True, slots=True)
class SubjectFields:
    """What a subject entry adds: its name, what it is, and the figures its card shows."""

    name: str
    type: SubjectType
    numbers: tuple[KeyNumber, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One fact, record or subject of the knowledge base.

    A subject (``kind == "subject"``) is a station, module, vehicle, person or mission; its
    answer is an overview of it. Facts and records name the subjects they are about
    (``subjects``, ids of subject entries).
    """

    id: str
    kind: EntryKind
    topic: str
    answer: str
    questions: tuple[str, ...]
    aliases: tuple[str, ...]
    sources: tuple[Source, ...]
    as_of: str | None = None
    notes: str | None = None
    record: RecordFields | None = None
    subjects: tuple[str, ...] = ()
    subject: SubjectFields | None = None
    quiz: tuple[QuizItem, ...] = ()
    path: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def title(self) -> str:
        """What people call the entry: a subject's name, a record's name, else its first
        question."""
        if self.subject is not None:
            return self.subject.name
        if self.record is not None:
            return self.record.record
        return self.questions[0] if self.questions else self.id

    def stated_texts(self) -> list[str]:
        """Everything the entry states: its answer, a record's fields, a subject's names and
        figures. A quiz answer must be found in them."""
        texts = [self.answer]
        rec = self.record
        if rec is not None:
            texts += [rec.record, rec.holder, f"{number_text(rec.value)} {rec.unit}", rec.set]
            if rec.previous is not None:
                texts.append(rec.previous.holder)
                if rec.previous.value is not None:
                    texts.append(number_text(rec.previous.value))
        if self.subject is not None:
            texts += [self.subject.name, *self.aliases]
            texts += [f"{n.label} {n.value}" for n in self.subject.numbers]
        return texts

    def to_dict(self) -> dict[str, object]:
        """Return the entry as a plain JSON-ready dict (the ``facts --json`` shape)."""
        data: dict[str, object] = {
            "id": self.id,
            "kind": self.kind,
            "topic": self.topic,
            "questions": list(self.questions),
            "aliases": list(self.aliases),
            "answer": self.answer,
            "sources": [s.to_dict() for s in self.sources],
            "as_of": self.as_of,
            "subjects": list(self.subjects),
        }
        if self.subject is not None:
            data.update(
                name=self.subject.name,
                type=self.subject.type,
                numbers=[n.to_dict() for n in self.subject.numbers],
            )
        if self.record is not None:
            rec = self.record
            data.update(
                record=rec.record,
                holder=rec.holder,
                value=rec.value,
                unit=rec.unit,
                set=rec.set,
                previous=rec.previous.to_dict() if rec.previous else None,
            )
        if self.quiz:
            data["quiz"] = [item.to_dict() for item in self.quiz]
        return data


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A question the user may have meant, with the entry it leads to."""

    question: str
    entry_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """What the engine says to a question: an entry it is confident in, or suggestions.

    ``score`` is the best entry's match score (0-100); ``confidence`` the confidence model's
    probability that it is right (0-1), None for a follow-up read with the previous answer,
    which other rules decide. ``refusal``, on a refusal, says why when the question itself
    shows it: ``"opinion"`` (it asks for a judgement: "was the ISS worth the money?"),
    ``"live"`` (it asks how things stand right now: "who is on the ISS right now?") or
    ``"no-subject"`` (it asks who or what something is that the knowledge only mentions: "who
    is Tim Peake?"; the suggestions are entries that mention it).
    """

    question: str
    answered: bool
    entry: Entry | None
    score: float
    suggestions: tuple[Suggestion, ...] = ()
    used_context: bool = False
    confidence: float | None = None
    refusal: Refusal | None = None

    @property
    def text(self) -> str | None:
        """The answer text, or None when the engine refused."""
        return self.entry.answer if (self.answered and self.entry) else None

    @property
    def fact_id(self) -> str | None:
        """The id of the answering entry, or None when the engine refused."""
        return self.entry.id if (self.answered and self.entry) else None

    @property
    def citations(self) -> tuple[Source, ...]:
        """The sources of the answer (empty when refused)."""
        return self.entry.sources if (self.answered and self.entry) else ()

    def to_dict(self) -> dict[str, object]:
        """Return the CLI's JSON contract for this answer."""
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "fact_id": self.fact_id,
            "score": round(self.score, 1),
            "citations": [s.to_dict() for s in self.citations],
            "suggestions": [s.question for s in self.suggestions],
            # the ids of the subjects the answer is about (a subject's overview: none)
            "subjects": list(self.entry.subjects) if (self.answered and self.entry) else [],
        }
