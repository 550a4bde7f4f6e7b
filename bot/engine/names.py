"""Names and numbered series, as the knowledge writes them and as a question gives them.

The matcher marks down an entry that never mentions a name the question gives ("Tiangong"), or
that names another member of a numbered series than the one asked ("Expedition 1" for
"Expedition 2"). This module finds those names and series; it only reads text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence

from bot.engine.models import Entry
from bot.engine.normalise import STOPWORDS, analyse_typed, stem

#: A capitalised word that does not start a sentence, and a word written in lower case.
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][A-Za-z]+)\b")
_CAPITAL = re.compile(r"\b([A-Z][A-Za-z]+)\b")
_LOWER = re.compile(r"\b([a-z][a-z]+)\b")


def knowledge_names(entries: Sequence[Entry], vocabulary: Collection[str]) -> frozenset[str]:
    """The known words that the knowledge writes capitalised and its answers never in lower case.

    Capitalised means inside a sentence of an answer or a record holder (a sentence's first
    word is capitalised anyway), or anywhere in an alias. "Tiangong", "Kornienko" and "Soviet"
    are names; "Station" is not, as answers also write "station".
    """
    capitalised: set[str] = set()
    lower: set[str] = set()
    for entry in entries:
        capitalised.update(_CAPITALISED.findall(entry.answer))
        for alias in entry.aliases:
            capitalised.update(_CAPITAL.findall(alias))
        if entry.record is not None:
            capitalised.update(_CAPITALISED.findall(f" {entry.record.holder}"))
        lower.update(_LOWER.findall(entry.answer))
    names = {w for word in capitalised for w in analyse_typed([word.casefold()]).content}
    names -= {w for word in lower for w in analyse_typed([word]).content}
    return frozenset(w for w in names if w in vocabulary and w.isalpha())


#: A run of capitalised words ("Tim Kopra", "Mark Vande Hei", "Franklin Chang-Diaz").
_RUN = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+")
#: In how many texts a word must be written in lower case to be a common word, not a name.
LOWER_USES = 2
#: Capitalised words that describe or open rather than name: "Russian Zvezda", "Before Oleg
#: Kononenko", "In August".
_DESCRIBERS = frozenset(
    """
    russian soviet american chinese japanese european canadian indian the in on at when before
    after among by unlike
    """.split()
)


def _runs(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each run of capitalised words in ``text``, with its words (case-folded) after any
    describing word that opens it ("Before Oleg Kononenko": oleg, kononenko)."""
    for run in _RUN.findall(text):
        words = [w.casefold() for w in re.split(r"[- ]", run)]
        while words and words[0] in _DESCRIBERS:
            words = words[1:]
        yield run, words


def _content(word: str) -> tuple[str, ...]:
    """The content words of one case-folded word ("kelly's": kelly), as the matcher reads it."""
    return analyse_typed([word]).content


def person_words(texts: Iterable[str], names: Collection[str]) -> frozenset[str]:
    """The names (see ``knowledge_names``) that name people in ``texts``, as content words:
    those in a run of capitalised words that are all names ("Yuri Malenchenko"), or in a run
    of two whose other word fewer than ``LOWER_USES`` texts write in lower case ("Tim Kopra",
    "Ed White" though one text says "white stork"; not "Axiom Space" or "New Zealand"). A place
    written like a person ("Western Australia") is taken for one, which only ever lets an entry
    pass for one that names someone."""
    texts = list(texts)
    uses = Counter(word for text in texts for word in set(_LOWER.findall(text)))
    lower = {word for word, count in uses.items() if count >= LOWER_USES}
    found: set[str] = set()
    for text in texts:
        for run, words in _runs(text):
            content = [_content(w) for w in words]
            if len(words) < 2 or not all(content):
                continue
            named = [all(c in names for c in parts) for parts in content]
            if all(named) or (
                len(words) == 2
                and " " in run  # "Shuttle-Mir" is one compound, not a given name and a surname
                and any(named)
                and not any(w in lower for w, n in zip(words, named, strict=True) if not n)
            ):
                found.update(c for parts, n in zip(content, named, strict=True) if n for c in parts)
    return frozenset(found)


#: Words that make a run of capitalised words a place, craft or body, not a person.
_NOT_PEOPLE = frozenset(
    """
    space station stations center centre ocean sea agency module vehicle unit states union
    study field shuttle shuttles dragon time march pacific origin reef zealand australia
    cosmodrome program programme mission expedition
    """.split()
)


def people_in(text: str) -> frozenset[str]:
    """The words (as content words) of what ``text`` writes like a person's name, judged from
    the text alone: a run of 2 or 3 capitalised words, not opened by a describing word
    ("Russian Zvezda") nor holding a word of places and craft ("Kennedy Space Center")."""
    return frozenset(c for _, words in _people_runs(text) for w in words for c in _content(w))


def _people_runs(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each run of ``text`` that reads like a person's name (see ``people_in``): the name as
    written without a describing opener ("Before Oleg Kononenko": "Oleg Kononenko"), and its
    words, case-folded."""
    for run, words in _runs(text):
        if 2 <= len(words) <= 3 and " " in run and _NOT_PEOPLE.isdisjoint(words):
            parts = re.split(r"([- ])", run)  # words and the separators between them
            yield "".join(parts[2 * (len(parts) // 2 + 1 - len(words)) :]), words


def people_named(text: str, persons: Collection[str]) -> frozenset[str]:
    """The ``persons`` words (see ``person_words``) that ``text`` writes capitalised: "Kelly
    and Kornienko" names 2 people once the knowledge has written "Scott Kelly" somewhere."""
    return frozenset(
        c for word in _CAPITAL.findall(text) for c in _content(word.casefold())
    ).intersection(persons)


#: A capitalised word and the number that follows it: "Expedition 1", "Ax-1", "Canadarm2".
_NUMBERED = re.compile(r"\b([A-Z][A-Za-z]*)[ -]?(\d+)")


def series_named(entry: Entry) -> set[str]:
    """The numbered series the entry's answer and aliases name: "expedition", "expedition 1"."""
    keys: set[str] = set()
    for text in (entry.answer, *entry.aliases):
        for word, number in _NUMBERED.findall(text):
            folded = analyse_typed([word.casefold()]).words
            if len(folded) == 1 and _is_designation(folded[0], number):
                name = stem(folded[0])
                keys.update((name, f"{name} {number.lstrip('0') or '0'}"))
    return keys


_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def designations(words: Sequence[str]) -> list[tuple[str, str]]:
    """(series, number) for each word followed by a number: "expedition 2", "salyut 6"."""
    return [
        (stem(word), number.lstrip("0") or "0")
        for word, number in itertools.pairwise(words)
        if number.isdigit() and word.isalpha() and _is_designation(word, number)
    ]


def _is_designation(word: str, number: str) -> bool:
    """Whether a word and the number after it name a member of a series, not a date."""
    is_year = len(number) == 4 and number[:2] in ("19", "20")
    return not is_year and word not in STOPWORDS and word not in _MONTHS


def people_named_in_full(text: str) -> list[str]:
    """The names ``text`` writes like a person's full name (see ``people_in``), as written
    after any describing word: "Before Oleg Kononenko" gives "Oleg Kononenko"."""
    return [name for name, _ in _people_runs(text)]


#: Nouns that say the capitalised words before them name a craft: "the Zvezda service module",
#: "the Mir space station", "a Soyuz capsule", "the Destiny lab".
_CRAFT = re.compile(
    r"((?:\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\s){1,3})"
    r"(?:(?:service|core|cargo|crew|space|docking|research|control|pressuri[sz]ed)\s)?"
    r"(?:module|node|lab|laboratory|station|spacecraft|capsule|ship|freighter|orbiter)\b"
)
#: A craft or mission named with its number: "Soyuz TMA-18M", "Salyut 7", "Ax-2", "STS-88".
_DESIGNATED = re.compile(r"\b([A-Z][A-Za-z]*(?:[ -][A-Z][A-Za-z]*)?)[ -](\d+[A-Z]?)\b")


def craft_named(text: str) -> list[str]:
    """The craft and missions ``text`` names: capitalised words before a craft noun, less any
    describing word ("the Russian Zvezda module": "Zvezda"), and names with a number that is
    not a year ("Soyuz TMA-18M", "Expedition 47"; not "March 2016")."""
    found: list[str] = []
    for match in _CRAFT.finditer(text):
        words = match.group(1).split()
        while words and words[0].casefold() in _DESCRIBERS:
            words = words[1:]
        if words:
            found.append(" ".join(words))
    for match in _DESIGNATED.finditer(text):
        name, number = match.groups()
        last = re.split(r"[ -]", name)[-1].casefold()
        if _is_designation(last, number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")):
            found.append(match.group(0))
    return found
