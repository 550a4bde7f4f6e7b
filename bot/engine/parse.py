"""Parse one knowledge YAML file into entries, with issues that name line, entry id and field.

This is the only module that needs PyYAML and pydantic; ``loader`` imports it when it reads
files, so a command that finds its engine cached never pays for importing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.engine.errors import KnowledgeIssue
from bot.engine.models import (
    Entry,
    KeyNumber,
    PreviousHolder,
    QuizItem,
    RecordFields,
    Source,
    SubjectFields,
)
from bot.engine.normalise import raw_words
from bot.engine.publishers import Publishers
from bot.engine.schema import EntryDoc

try:  # the C loader is several times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def parse_file(path: Path, publishers: Publishers) -> tuple[list[Entry], list[KnowledgeIssue]]:
    """The entries of one knowledge file, and every problem found in it (``publishers``: the
    sourcing policy its sources must follow)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [KnowledgeIssue(path, None, None, None, f"cannot read file: {exc}")]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        return [], [KnowledgeIssue(path, line, None, None, f"invalid YAML: {problem}")]

    issues = list(_duplicate_keys(path, node))
    if not isinstance(data, dict) or "entries" not in data:
        issues.append(KnowledgeIssue(path, 1, None, None, "expected a mapping with 'entries:'"))
        return [], issues
    extra = sorted(str(k) for k in data if k != "entries")
    if extra:
        issues.append(KnowledgeIssue(path, 1, None, ", ".join(extra), "unknown top-level key"))
    raw_entries = data["entries"]
    entries_node = _child(node, "entries")
    if not isinstance(raw_entries, list):
        line = _line(entries_node)
        issues.append(KnowledgeIssue(path, line, None, "entries", "must be a list of entries"))
        return [], issues

    entries: list[Entry] = []
    for index, raw in enumerate(raw_entries):
        entry_node = _child(entries_node, index)
        entry_id = raw.get("id") if isinstance(raw, dict) else None
        entry_id = entry_id if isinstance(entry_id, str) else None
        try:
            doc = EntryDoc.model_validate(raw)
        except ValidationError as exc:
            issues.extend(_issues_from(path, entry_node, entry_id, index, exc))
            continue
        entry = _to_entry(doc, path, _line(entry_node), publishers)
        issues.extend(_source_issues(path, entry_node, doc, publishers))
        issues.extend(_quiz_issues(path, entry_node, entry))
        entries.append(entry)
    return entries, issues


LABEL_MARKER = "label:"


def _source_issues(
    path: Path, entry_node: Any, doc: EntryDoc, publishers: Publishers
) -> Iterable[KnowledgeIssue]:
    """A source on a site the policy never accepts, and a title written as a "label:"."""
    sources_node = _child(entry_node, "sources")
    for index, source in enumerate(doc.sources):
        node = _child(sources_node, index)
        rating = publishers.rate(source.url)
        if rating.tier == "not-acceptable":
            yield KnowledgeIssue(
                path,
                _line(_child(node, "url")) or _line(node),
                doc.id,
                f"sources[{index}].url",
                f"{rating.site} is a {rating.kind}, never acceptable as a source; cite a "
                "trusted publisher instead (knowledge/README.md, Sources)",
            )
        if source.title[: len(LABEL_MARKER)].casefold() == LABEL_MARKER:
            yield KnowledgeIssue(
                path,
                _line(_child(node, "title")) or _line(node),
                doc.id,
                f"sources[{index}].title",
                "starts with 'label:'; users see titles as they are: give the page's own "
                "title, or a plain description of it (publisher and subject)",
            )


def _issues_from(
    path: Path, entry_node: Any, entry_id: str | None, index: int, exc: ValidationError
) -> Iterable[KnowledgeIssue]:
    for error in exc.errors(include_url=False):
        loc = _clean_loc(error["loc"])
        node = entry_node
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        field = _format_loc(loc) or None
        message = _message(error)
        who = entry_id or f"entry #{index + 1}"
        yield KnowledgeIssue(path, _line(node) or _line(entry_node), who, field, message)


def _clean_loc(loc: Sequence[int | str]) -> list[int | str]:
    # pydantic appends validator names ("function-after[...]") to some locations; drop them
    return [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function")))]


def _format_loc(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see knowledge/README.md for the allowed keys)"
    if kind == "too_short":
        minimum = error.get("ctx", {}).get("min_length")
        return f"needs at least {minimum} item{'s' if minimum != 1 else ''}"
    if kind == "string_too_long":
        return f"is too long (at most {error['ctx']['max_length']} characters)"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} must be kebab-case (lowercase letters, digits, hyphens)"
    if kind == "literal_error":
        return f"{error['input']!r} is not one of {error['ctx']['expected']}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _quiz_issues(path: Path, entry_node: Any, entry: Entry) -> Iterable[KnowledgeIssue]:
    """An authored quiz item whose answer the entry does not state, whose prompt gives the
    answer away, or whose distractors repeat the answer, each other or what the entry states."""
    if not entry.quiz:
        return
    texts = [" ".join(raw_words(text)) for text in entry.stated_texts()]
    stated = {word for text in texts for word in text.split()}
    quiz_node = _child(entry_node, "quiz")
    for index, item in enumerate(entry.quiz):
        node = _child(quiz_node, index)

        def issue(field: str, message: str, node: Any = node, index: int = index) -> KnowledgeIssue:
            line = _line(_child(node, field)) or _line(node)
            return KnowledgeIssue(path, line, entry.id, f"quiz[{index}].{field}", message)

        answer = raw_words(item.answer)
        missing = [word for word in answer if word not in stated]
        if missing:
            yield issue(
                "answer",
                f"{item.answer!r} is not what the entry states ({', '.join(missing)}: not in "
                "its answer or fields); a quiz answer must be stated by its entry",
            )
        if answer and f" {' '.join(answer)} " in f" {' '.join(raw_words(item.prompt))} ":
            yield issue("prompt", f"gives the answer away ({item.answer!r})")
        keys = [" ".join(raw_words(d)) for d in item.distractors]
        if len(set(keys)) != len(keys) or " ".join(answer) in keys:
            yield issue("distractors", "repeat each other or the answer")
        for distractor, key in zip(item.distractors, keys, strict=True):
            if key and key != " ".join(answer) and any(f" {key} " in f" {t} " for t in texts):
                yield issue(
                    "distractors",
                    f"{distractor!r} is stated by the entry, so it may be a right answer too",
                )


def _to_entry(doc: EntryDoc, path: Path, line: int | None, publishers: Publishers) -> Entry:
    record = None
    if doc.kind == "record":
        assert doc.record and doc.holder and doc.value is not None and doc.unit and doc.set
        previous = (
            PreviousHolder(doc.previous.holder, doc.previous.value, doc.previous.note)
            if doc.previous
            else None
        )
        record = RecordFields(doc.record, doc.holder, doc.value, doc.unit, doc.set, previous)
    subject = None
    if doc.kind == "subject":
        assert doc.name and doc.type
        numbers = tuple(KeyNumber(n.label, n.value) for n in doc.numbers)
        subject = SubjectFields(doc.name, doc.type, numbers)
    return Entry(
        id=doc.id,
        kind=doc.kind,
        topic=doc.topic,
        answer=" ".join(doc.answer.split()),
        questions=tuple(doc.questions),
        aliases=tuple(doc.aliases),
        sources=_trusted_first(
            Source(s.title, s.url, s.published, publishers.is_trusted(s.url)) for s in doc.sources
        ),
        as_of=doc.as_of,
        notes=doc.notes,
        record=record,
        subjects=tuple(doc.subjects),
        subject=subject,
        quiz=tuple(
            QuizItem(q.prompt, q.answer, tuple(q.distractors), q.difficulty) for q in doc.quiz
        ),
        path=path,
        line=line,
    )


def _trusted_first(sources: Iterable[Source]) -> tuple[Source, ...]:
    """The sources in their written order, trusted ones first: what a reader sees first."""
    return tuple(sorted(sources, key=lambda source: not source.trusted))


def _duplicate_keys(path: Path, node: Any) -> Iterable[KnowledgeIssue]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                yield KnowledgeIssue(path, _line(key_node), None, key, "key appears twice")
            seen.add(key)
            yield from _duplicate_keys(path, value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(path, item)


def _child(node: Any, key: int | str) -> Any:
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        return node.value[key] if 0 <= key < len(node.value) else None
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node if not isinstance(value_node, yaml.ScalarNode) else key_node
    return None


def _line(node: Any) -> int | None:
    return node.start_mark.line + 1 if node is not None else None
