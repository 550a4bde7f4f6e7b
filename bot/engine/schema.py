"""Pydantic models of the YAML knowledge format: the boundary where files become data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_ANSWER_CHARS = 1000
MIN_QUESTIONS = 3
#: A subject's name, and the label and value of one of its card's figures (embed field sizes).
MAX_NAME_CHARS = 80
MAX_LABEL_CHARS = 40
MAX_NUMBER_CHARS = 100
MAX_NUMBERS = 8
#: An authored quiz item: its prompt and answer (a Discord button holds 80 characters).
MAX_PROMPT_CHARS = 200
MAX_QUIZ_ANSWER_CHARS = 60
QUIZ_CHOICES = 4


def _date_to_text(value: Any) -> Any:
    """Turn what YAML may parse a date into (date, int year) back into text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None
    return value


def _check_published(value: str) -> str:
    return value if value == "unknown" else _check_partial_date(value)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


Text = Annotated[str, AfterValidator(_check_text)]
PartialDate = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_partial_date)]
Published = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_published)]
Url = Annotated[str, AfterValidator(_check_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class SourceDoc(_Strict):
    """A cited public page."""

    title: Text
    url: Url
    published: Published = Field(description="YYYY-MM-DD, YYYY-MM, YYYY or 'unknown'")


class PreviousDoc(_Strict):
    """The previous holder of a record (or, as ``note`` says, the runner-up)."""

    holder: Text
    value: float | None = None
    note: Text | None = None


class KeyNumberDoc(_Strict):
    """A figure a subject's card shows."""

    label: Annotated[Text, Field(max_length=MAX_LABEL_CHARS)]
    value: Annotated[Text, Field(max_length=MAX_NUMBER_CHARS)]


class QuizItemDoc(_Strict):
    """A quiz question written by hand for an entry (see knowledge/README.md, Quiz)."""

    prompt: Annotated[Text, Field(max_length=MAX_PROMPT_CHARS)]
    answer: Annotated[Text, Field(max_length=MAX_QUIZ_ANSWER_CHARS)]
    distractors: list[Annotated[Text, Field(max_length=MAX_QUIZ_ANSWER_CHARS)]] = Field(
        default_factory=list, description="3 wrong answers, or none to draw them from the knowledge"
    )
    difficulty: Literal["easy", "medium", "hard"] | None = None

    @model_validator(mode="after")
    def _well_formed(self) -> QuizItemDoc:
        if not self.prompt.endswith("?"):
            raise ValueError("a quiz prompt is a question: end it with '?'")
        if self.distractors and len(self.distractors) != QUIZ_CHOICES - 1:
            raise ValueError(f"give exactly {QUIZ_CHOICES - 1} distractors, or none")
        return self


SubjectId = Annotated[str, Field(pattern=ID_PATTERN.pattern)]


class EntryDoc(_Strict):
    """One entry as written in YAML."""

    id: Annotated[str, Field(pattern=ID_PATTERN.pattern, description="unique, kebab-case")]
    kind: Literal["fact", "record", "subject"]
    topic: Annotated[str, Field(pattern=ID_PATTERN.pattern)]
    answer: Annotated[Text, Field(max_length=MAX_ANSWER_CHARS)]
    questions: Annotated[list[Text], Field(min_length=MIN_QUESTIONS)]
    aliases: list[Text] = Field(default_factory=list)
    sources: Annotated[list[SourceDoc], Field(min_length=1)]
    as_of: PartialDate | None = None
    notes: str | None = None
    record: Text | None = None
    holder: Text | None = None
    value: float | None = None
    unit: Text | None = None
    set: PartialDate | None = None
    previous: PreviousDoc | None = None
    subjects: list[SubjectId] = Field(
        default_factory=list, description="ids of the subjects a fact or record is about"
    )
    name: Annotated[Text, Field(max_length=MAX_NAME_CHARS)] | None = None
    type: Literal["station", "module", "vehicle", "person", "mission"] | None = None
    numbers: Annotated[list[KeyNumberDoc], Field(max_length=MAX_NUMBERS)] = Field(
        default_factory=list
    )
    quiz: list[QuizItemDoc] = Field(
        default_factory=list, description="quiz questions written by hand for this entry"
    )

    @model_validator(mode="after")
    def _subject_fields(self) -> EntryDoc:
        subject_fields = ("name", "type")
        if self.kind == "subject":
            missing = [name for name in subject_fields if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a subject needs {', '.join(missing)}")
            if self.subjects:
                raise ValueError(
                    "subjects only belong on facts and records (the subjects they are about)"
                )
        else:
            present = [n for n in subject_fields if getattr(self, n) is not None]
            if self.numbers:
                present.append("numbers")
            if present:
                raise ValueError(
                    f"{', '.join(present)} only belong on kind: subject (this is kind: {self.kind})"
                )
        if len(set(self.subjects)) != len(self.subjects):
            raise ValueError("a subject is listed twice in subjects")
        return self

    @model_validator(mode="after")
    def _record_fields(self) -> EntryDoc:
        record_fields = ("record", "holder", "value", "unit", "set")
        if self.kind == "record":
            missing = [name for name in record_fields if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a record needs {', '.join(missing)}")
            if self.as_of is None:
                raise ValueError("a record needs as_of (the date it was true at)")
        else:
            present = [n for n in (*record_fields, "previous") if getattr(self, n) is not None]
            if present:
                raise ValueError(
                    f"{', '.join(present)} only belong on kind: record (this is kind: {self.kind})"
                )
        seen: set[str] = set()
        for question in self.questions:
            key = question.casefold()
            if key in seen:
                raise ValueError(f"question {question!r} is listed twice")
            seen.add(key)
        return self


class KnowledgeFileDoc(_Strict):
    """A knowledge YAML file: a list of entries."""

    entries: list[EntryDoc]


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a knowledge file, for editors."""
    schema = KnowledgeFileDoc.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "stationbot knowledge file"
    return schema
