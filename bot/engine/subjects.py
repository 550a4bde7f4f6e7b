"""Subjects: the stations, modules, vehicles, people and missions the knowledge is about.

A subject is an entry of kind ``subject`` whose answer is an overview of it; facts and records
name the subjects they are about (``Entry.subjects``). This module finds subjects by name (for
commands and their autocomplete), lists the entries about each, and checks the links: a fact
naming an unknown subject, a subject nothing is about, a name two subjects claim, and a person
or craft the knowledge names in several entries but has no subject for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine.errors import KnowledgeIssue
from bot.engine.models import Entry
from bot.engine.names import craft_named, people_named_in_full
from bot.engine.normalise import analyse

#: A person or craft named in this many entries needs a subject of its own (``stationbot
#: check``); the shipped knowledge covers those named in 2 (``named_without_subject``).
NAMED_WITHOUT_SUBJECT = 3
#: How alike (rapidfuzz WRatio, 0-100) typed text and a subject's name must be to find it.
FIND_SIMILARITY = 85.0
SEARCH_SIMILARITY = 50.0
#: At most this many choices for autocomplete (Discord's limit).
MAX_CHOICES = 25


def name_key(text: str) -> str:
    """A name as the engine reads it: "the ISS", "International Space Station" and "iss" are
    one key; "Valery" and "Valeri Polyakov" differ only by the words they hold."""
    return " ".join(analyse(text).content)


def subject_names(entry: Entry) -> tuple[str, ...]:
    """A subject's name and aliases, as written (empty for a fact or record)."""
    if entry.subject is None:
        return ()
    return (entry.subject.name, *entry.aliases)


class Subjects:
    """The knowledge's subjects, found by id, name or alias, with the entries about each."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        """Index the subjects among ``entries`` and the facts and records that link to them."""
        self.all: tuple[Entry, ...] = tuple(
            sorted((e for e in entries if e.subject is not None), key=lambda e: e.title.casefold())
        )
        self._by_id = {e.id: e for e in self.all}
        self._by_key: dict[str, Entry] = {}
        for subject in self.all:
            for name in subject_names(subject):
                self._by_key.setdefault(name_key(name), subject)
        about: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            for subject_id in entry.subjects:
                about[subject_id].append(entry)
        # records first (the card lists them apart), then facts, each in knowledge order
        self._about = {
            key: tuple(sorted(found, key=lambda e: e.record is None))
            for key, found in about.items()
        }
        self._choices = [(n, subject) for subject in self.all for n in subject_names(subject)]
        self._choice_keys = [" ".join(analyse(name).words) for name, _ in self._choices]

    def __len__(self) -> int:
        return len(self.all)

    def get(self, subject_id: str) -> Entry | None:
        """The subject with this id, or None."""
        return self._by_id.get(subject_id)

    def about(self, subject_id: str) -> tuple[Entry, ...]:
        """The facts and records about a subject: records first, then facts."""
        return self._about.get(subject_id, ())

    def of(self, entry: Entry) -> tuple[Entry, ...]:
        """The subjects an entry is about (a subject: itself)."""
        if entry.subject is not None:
            return (entry,)
        return tuple(s for s in (self._by_id.get(i) for i in entry.subjects) if s is not None)

    def find(self, text: str) -> Entry | None:
        """The subject ``text`` names: its id, its name or an alias (as the engine reads them),
        or a clearly closest name; None when none or several fit."""
        wanted = text.strip()
        if not wanted:
            return None
        found = self._by_id.get(wanted.casefold()) or self._by_key.get(name_key(wanted))
        if found is not None:
            return found
        best = self.search(wanted, limit=2, cutoff=FIND_SIMILARITY)
        return best[0] if len(best) == 1 else None

    def search(
        self, text: str, limit: int = MAX_CHOICES, cutoff: float = SEARCH_SIMILARITY
    ) -> list[Entry]:
        """Subjects whose name or an alias resembles ``text``, best first (autocomplete): all
        of them, by name, for empty text."""
        limit = max(0, min(limit, MAX_CHOICES))
        query = " ".join(analyse(text).words)
        if not query:
            return list(self.all[:limit])
        found = process.extract(
            query, self._choice_keys, scorer=fuzz.WRatio, limit=None, score_cutoff=cutoff
        )
        seen: dict[str, Entry] = {}
        for _, _, index in found:
            subject = self._choices[index][1]
            seen.setdefault(subject.id, subject)
            if len(seen) == limit:
                break
        return list(seen.values())


# -- checks -----------------------------------------------------------------------------------


def subject_issues(entries: Sequence[Entry]) -> list[KnowledgeIssue]:
    """Every problem with subjects and the links to them. A knowledge base without subjects
    (a plain list of facts) has none; once it has one, facts and records must be linked."""
    subjects = {e.id: e for e in entries if e.subject is not None}
    if not subjects:
        return []
    return [
        *_unknown_links(entries, subjects),
        *_unlinked(entries, subjects),
        *_shared_names(subjects.values()),
        *named_without_subject(entries, subjects.values()),
    ]


def _issue(entry: Entry, field: str, message: str) -> KnowledgeIssue:
    return KnowledgeIssue(entry.path or Path("?"), entry.line, entry.id, field, message)


def _unknown_links(
    entries: Sequence[Entry], subjects: dict[str, Entry]
) -> Iterator[KnowledgeIssue]:
    known = sorted(subjects)
    for entry in entries:
        for subject_id in entry.subjects:
            if subject_id in subjects:
                continue
            close = process.extractOne(subject_id, known, scorer=fuzz.ratio, score_cutoff=70)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield _issue(
                entry,
                "subjects",
                f"unknown subject {subject_id!r}{hint}: list subject ids "
                "(`stationbot subjects`), or add the subject",
            )
        if entry.subject is None and not entry.subjects:
            yield _issue(
                entry, "subjects", "names no subject: list the ids of the subjects it is about"
            )


def _unlinked(entries: Sequence[Entry], subjects: dict[str, Entry]) -> Iterator[KnowledgeIssue]:
    linked = {subject_id for entry in entries for subject_id in entry.subjects}
    for subject_id, subject in subjects.items():
        if subject_id not in linked:
            yield _issue(
                subject,
                "id",
                "no fact or record is about this subject: add its id to the subjects of "
                "the entries about it",
            )


def _shared_names(subjects: Iterable[Entry]) -> Iterator[KnowledgeIssue]:
    owner: dict[str, Entry] = {}
    for subject in subjects:
        for name in subject_names(subject):
            key = name_key(name)
            first = owner.setdefault(key, subject)
            if first is not subject:
                yield _issue(
                    subject,
                    "aliases",
                    f"{name!r} also names subject {first.id!r}: a name belongs to one subject",
                )


#: A name written as the owner of something: "JAXA's", "Boeing's".
_OWNER = re.compile(r"\b([A-Z][\w-]*)['’]s\b")


def _texts(entry: Entry) -> list[str]:
    """What an entry writes: its answer, aliases and a record's holder."""
    texts = [entry.answer, *entry.aliases]
    if entry.record is not None:
        texts.append(entry.record.holder)
    return texts


def named_without_subject(
    entries: Sequence[Entry], subjects: Iterable[Entry], at_least: int = NAMED_WITHOUT_SUBJECT
) -> Iterator[KnowledgeIssue]:
    """People and craft named in ``at_least`` or more facts and records that no subject's name
    or alias covers ("Tim Kopra" in 3 facts needs a subject). Overviews do not count: they name
    the people and craft around their subject, which need no subject of their own until facts
    are about them."""
    covered = [frozenset(name_key(n).split()) for s in subjects for n in subject_names(s)]
    facts = [e for e in entries if e.subject is None]
    texts = {e.id: _texts(e) for e in facts}
    people = {n for e in facts for t in texts[e.id] for n in people_named_in_full(t)}
    owners = {m for e in facts for t in texts[e.id] for m in _OWNER.findall(t)}
    # a name written as an owner ("JAXA's cargo ship") names an agency or a company
    craft = {n for e in facts for t in texts[e.id] for n in craft_named(t)} - owners
    # a craft once written as one ("the Kvant module") is named wherever it is written
    patterns = [(n, re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])")) for n in sorted(craft)]
    naming: dict[str, list[Entry]] = defaultdict(list)
    written: dict[str, str] = {}
    for entry in facts:
        keys: dict[str, str] = {}
        for text in texts[entry.id]:
            names = [n for n in people if n in text]
            names += [n for n, pattern in patterns if pattern.search(text)]
            for name in names:
                key = name_key(name)
                if key:
                    keys.setdefault(key, name)
        for key, name in keys.items():
            naming[key].append(entry)
            written.setdefault(key, name)
    for key, found in naming.items():
        words = frozenset(key.split())
        if len(found) < at_least or any(words <= names for names in covered):
            continue
        ids = ", ".join(e.id for e in found[:5]) + (", ..." if len(found) > 5 else "")
        yield _issue(
            found[0],
            "subjects",
            f"{written[key]!r} is named in {len(found)} entries ({ids}) but has no subject: "
            "add one (kind: subject) with it as its name or an alias",
        )
