"""Trivia from the knowledge base: question generation, answer checking, scoring, session state.

Pure: no discord, no clock, no I/O. Times are plain floats that the caller passes in, and every
random choice goes through a ``random.Random`` the caller may seed.

Questions come from two places:

- authored items (``quiz:`` in the knowledge): a prompt a quiz writer wrote and an answer its
  entry states; the kind of answer (a person, a station or other craft, a number, a year, a
  date) says where its wrong choices come from, unless the item lists its own;
- generated ones, from entries with a clear short answer: a record's holder, value and year; a
  fact's "How many / How long / ..." question whose answer holds exactly one number, or its
  "When ..." question whose answer holds exactly one date. Anything ambiguous is skipped, and
  an authored item with the same answer replaces a generated one.

Wrong choices come from the knowledge where it can give them (other holders, other stations,
other records' values and years) and are never something the question's entry states, so a
wrong choice is never another right answer. Each question has a difficulty by one rule
(``difficulty_of``), a stable key (its entry and prompt) by which a server's played questions
are remembered, and belongs to pools by topic, subject and difficulty.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from bot.engine.models import Entry, QuizItem, Source
from bot.engine.normalise import raw_words
from bot.engine.subjects import name_key

#: What an answer is: a person ("name"), a station, module, vehicle, mission or other thing
#: ("thing"), a number with its unit, a full date or a month ("date"), or a year.
QuestionKind = Literal["name", "thing", "number", "date", "year"]
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")
VerdictReason = Literal["ok", "duplicate", "closed"]

CHOICES = 4
#: Points for a correct answer by difficulty, plus up to SPEED_POINTS more the faster it came.
POINTS: dict[Difficulty, int] = {"easy": 10, "medium": 15, "hard": 20}
BASE_POINTS = POINTS["easy"]
SPEED_POINTS = 10
#: A number is "round" (medium, not hard) when it has at most this many significant digits.
ROUND_DIGITS = 2
#: Free-text numbers within this fraction of the answer count as right (years: exact).
NUMBER_TOLERANCE = 0.05
#: Distractor values differ from the answer and from each other by at least this fraction.
MIN_GAP = 0.08

MONTHS = re.findall(
    r"\S+",
    "january february march april may june july august september october november december",
)
_MONTH_RE = "|".join(m.capitalize() for m in MONTHS)
_FULL_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH_RE}) (\d{{4}})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:-\d{{1,2}})? ({_MONTH_RE})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE}) (\d{{4}})\b")
_YEAR = re.compile(r"(?<![\d,.])\b(1[89]\d\d|20\d\d)\b(?!\d|,\d)")
#: A number in prose: not part of an identifier (STS-88, TMA-16M), a range, a time or a ratio.
_NUMBER = re.compile(
    r"(?<![\w.,:/\-–@#])(\$)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w½¼¾:/\-–]|[.,]\d)"
)
_AFTER = re.compile(r"(\s*%)?(?:\s+(million|billion|thousand))?((?:\s+[a-z]+){0,2})")
#: A date that ends a range ("7 to 29 June", "28-29 June") is not a clear answer.
_RANGE_BEFORE = re.compile(r"\d\s*(?:to|and|-|–|until)\s*$")
_CAPITAL_BEFORE = re.compile(r"([A-Z][\w'-]*)\s+$")
_SENTENCE_START = re.compile(r"(^|[.!?:;]\s+)$")
_WHEN = re.compile(r"^(when|on what date|what date|in what year|in which year|what year)\b", re.I)
_HOW = re.compile(r"^how (many|much|long|far|high|fast|old|big|heavy)\b", re.I)
_PARENS = re.compile(r"\s*\([^)]*\)")
_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the of to in on at and or for with by from as is was were are be been its it that "
        "this than more about over under some each per have has had did does do",
    )
)
#: Measurement units a "How long / far / high / ..." answer must carry.
_UNITS = frozenset(
    re.findall(
        r"\S+",
        "days hours minutes seconds weeks months years km m ft miles mph kg tonnes t kw gallons "
        "litres metres orbits",
    )
)
#: What may come before the number of an answer that is a quantity ("about 16 a day").
_NUMBER_LEADS = frozenset({"", "about", "around", "more than", "over", "nearly", "almost"})
#: "7 hours 16 minutes": a duration, asked and answered in minutes, written as it is.
_DURATION = re.compile(r"(\d+) hours? (\d+) minutes?", re.IGNORECASE)
DURATION = "{h} hours {m} minutes"
_NOT_A_PERSON = re.compile(r"\b(station|crew|crews)\b", re.I)
_FIRST_FLYER = re.compile(r"first (human|woman|man|person|american|space tourist)( in space)?")
_PERSON_NOUN = re.compile(r"^first (human|woman|man|person|space tourist|american)\b", re.I)


# -- questions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One multiple-choice question, with what free text may say instead of pressing a button."""

    entry_id: str
    topic: str
    kind: QuestionKind
    prompt: str
    answer: str
    choices: tuple[str, ...]
    correct: int
    hint: str
    hint_excluded: int
    explanation: str
    source: Source | None
    names: tuple[str, ...] = ()
    value: float | None = None
    tolerance: float = 0.0
    date: tuple[int, int | None, int | None] | None = None
    key: str = ""  # stable: the entry and the prompt (what a server's played list holds)
    difficulty: Difficulty = "medium"
    authored: bool = False

    @property
    def points(self) -> int:
        """What a right answer is worth before the speed bonus."""
        return POINTS[self.difficulty]

    def is_correct_choice(self, index: int) -> bool:
        """Whether button ``index`` is the right answer."""
        return index == self.correct

    def check_text(self, guess: str) -> bool:
        """Whether a typed answer is right: names fuzzily by whole words, numbers in tolerance."""
        return check_text(self, guess)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A question an entry can give, before its distractors are drawn."""

    entry: Entry
    kind: QuestionKind
    prompt: str
    answer: str
    value: float | None = None
    unit: str = "{}"
    step: float = 1.0
    date: tuple[int, int | None, int | None] | None = None
    names: tuple[str, ...] = ()
    family: str = ""
    key: str = ""
    difficulty: Difficulty | None = None  # None until set: by the item, else by the rule
    authored: bool = False
    distractors: tuple[str, ...] = ()  # written with the item; else drawn from the knowledge
    craft_type: str | None = None  # a "thing" that is a subject: wrong choices of this type
    options: tuple[str, ...] = ()  # a numbered name's family in the knowledge ("STS-88", ...)
    about: tuple[str, ...] = ()  # ids of the subjects the question is about

    @property
    def topic(self) -> str:
        """The topic of the question's entry."""
        return self.entry.topic


@dataclass(frozen=True, slots=True)
class Draw:
    """The questions of one quiz, and the keys of the pool to play again from the start
    (every one of them had been played, so a new round of the pool began)."""

    questions: list[QuizQuestion]
    new_round: frozenset[str] = frozenset()


class QuestionBank:
    """Every question the knowledge can give; draws quizzes with plausible wrong options."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        """Find every question in ``entries``: authored items first, then the generated ones
        whose answer no authored item of the same entry already asks."""
        self.entries = tuple(entries)
        self._subjects = _subject_index(self.entries)
        self._names = _name_pool(self.entries)
        people = frozenset(_key(p) for name, _, _ in self._names for p in _persons(name))
        designations = _designations(self.entries)
        found: list[Candidate] = []
        for entry in self.entries:
            written = _authored_candidates(entry, self._subjects, people, designations)
            authored = [c for c in written if c is not None]
            for cand in authored:  # people only written questions name join the wrong choices
                if cand.kind == "name" and len(_persons(cand.answer)) == 1:
                    self._names.append((cand.answer, "", f"{entry.answer} {cand.prompt}"))
            asked = {_key(c.answer) for c in authored}
            generated = [c for c in candidates_for(entry) if _key(c.answer) not in asked]
            for cand in [*authored, *generated]:
                found.append(_finished(cand))
        self.candidates: tuple[Candidate, ...] = tuple(found)
        self._person_texts: dict[str, str] = {}  # all that is said of each person
        for name, _, text in self._names:
            key = _key(name)
            self._person_texts[key] = f"{self._person_texts.get(key, '')} {text}"
        self._stated = {entry.id: _stated_words(entry) for entry in self.entries}
        self._stated_phrases = {
            entry.id: " ".join(words_of(entry.answer)) for entry in self.entries
        }
        check = random.Random(0)
        #: The candidates with enough plausible wrong choices to be asked, each asked once:
        #: two entries that ask the same thing (same answer, mostly the same words) count once.
        self.playable: tuple[Candidate, ...] = _distinct(
            [c for c in self.candidates if self.build(c, check) is not None]
        )

    @property
    def topics(self) -> tuple[str, ...]:
        """Topics that have at least one question, sorted."""
        return tuple(sorted({c.topic for c in self.playable}))

    def subjects(self) -> frozenset[str]:
        """The ids of the subjects that at least one question is about."""
        return frozenset(s for c in self.playable for s in c.about)

    def pool(
        self,
        topic: str | None = None,
        subject: str | None = None,
        difficulty: Difficulty | None = None,
    ) -> list[Candidate]:
        """The playable questions of a topic, about a subject (its id), of a difficulty."""
        return [
            c
            for c in self.playable
            if (topic is None or c.topic == topic)
            and (subject is None or subject in c.about)
            and (difficulty is None or c.difficulty == difficulty)
        ]

    def draw(
        self,
        rounds: int,
        topic: str | None = None,
        rng: random.Random | None = None,
        subject: str | None = None,
        difficulty: Difficulty | None = None,
        played: Iterable[str] = (),
    ) -> list[QuizQuestion]:
        """Up to ``rounds`` questions of a pool (see ``pool``), none of those ``played``
        while others are left, as few from one entry as can be, in random order."""
        return self.draw_unplayed(rounds, topic, rng, subject, difficulty, played).questions

    def draw_unplayed(
        self,
        rounds: int,
        topic: str | None = None,
        rng: random.Random | None = None,
        subject: str | None = None,
        difficulty: Difficulty | None = None,
        played: Iterable[str] = (),
    ) -> Draw:
        """As ``draw``, and say when the pool ran out: then every unplayed question comes
        first, the pool starts a new round (``Draw.new_round``: forget those keys as played)
        and the rest of the quiz comes from it, never repeating a question of this quiz."""
        rng = rng or random.Random()
        pool = self.pool(topic, subject, difficulty)
        done = set(played)
        fresh = [c for c in pool if c.key not in done]
        questions = self._pick(fresh, rounds, rng)
        if len(questions) >= rounds or len(fresh) == len(pool):
            return Draw(questions)  # enough unplayed ones, or the pool is smaller than asked
        asked = {q.key for q in questions}  # the pool ran out: a new round of it begins
        questions += self._pick(
            [c for c in pool if c.key not in asked], rounds - len(questions), rng
        )
        return Draw(questions, frozenset(c.key for c in pool))

    def _pick(
        self, cands: Sequence[Candidate], rounds: int, rng: random.Random
    ) -> list[QuizQuestion]:
        """Up to ``rounds`` built questions from ``cands``: one per entry first, then more."""
        by_entry: dict[str, list[Candidate]] = {}
        for cand in cands:
            by_entry.setdefault(cand.entry.id, []).append(cand)
        for options in by_entry.values():
            rng.shuffle(options)
        ids = sorted(by_entry)
        rng.shuffle(ids)
        questions: list[QuizQuestion] = []
        while len(questions) < rounds and any(by_entry[i] for i in ids):
            for entry_id in ids:
                options = by_entry[entry_id]
                while options and len(questions) < rounds:
                    question = self.build(options.pop(), rng)
                    if question is not None:
                        questions.append(question)
                        break
        return questions

    def build(self, cand: Candidate, rng: random.Random) -> QuizQuestion | None:
        """Turn a candidate into a question with distractors; None when too few are plausible."""
        if cand.distractors:
            wrong = list(cand.distractors)
            rng.shuffle(wrong)
        elif cand.kind == "name":
            wrong = self._name_distractors(cand, rng)
        elif cand.kind == "thing":
            wrong = self._thing_distractors(cand, rng)
        elif cand.kind == "number":
            wrong = self._number_distractors(cand, rng)
        elif cand.kind == "year":
            wrong = self._year_distractors(cand, rng)
        else:
            wrong = self._date_distractors(cand, rng)
        if len(wrong) < CHOICES - 1:
            return None
        wrong = wrong[: CHOICES - 1]
        if cand.kind in ("name", "thing") or cand.distractors:
            choices = [cand.answer, *wrong]
            rng.shuffle(choices)
        else:  # numbers and dates read best in order
            choices = sorted([cand.answer, *wrong], key=_sort_key)
        correct = choices.index(cand.answer)
        excluded = rng.choice([i for i in range(len(choices)) if i != correct])
        return QuizQuestion(
            entry_id=cand.entry.id,
            topic=cand.entry.topic,
            kind=cand.kind,
            prompt=cand.prompt,
            answer=cand.answer,
            choices=tuple(choices),
            correct=correct,
            hint=_hint(cand),
            hint_excluded=excluded,
            explanation=cand.entry.answer,
            source=cand.entry.sources[0] if cand.entry.sources else None,
            names=cand.names or (cand.answer,),
            value=cand.value,
            tolerance=_tolerance(cand),
            date=cand.date,
            key=cand.key,
            difficulty=cand.difficulty or difficulty_of(cand),
            authored=cand.authored,
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """How many playable questions there are by topic, by the kind of subject they are
        about, by difficulty, and authored or generated."""
        by: dict[str, dict[str, int]] = {"topic": {}, "subject": {}, "difficulty": {}, "prompt": {}}
        types: dict[str, str] = {e.id: e.subject.type for e in self.entries if e.subject}
        for cand in self.playable:
            kinds = sorted({types[s] for s in cand.about if s in types}) or ["none"]
            rows: dict[str, list[str]] = {
                "topic": [cand.topic],
                "subject": kinds,
                "difficulty": [cand.difficulty or difficulty_of(cand)],
                "prompt": ["authored" if cand.authored else "generated"],
            }
            for name, values in rows.items():
                for value in values:
                    by[name][value] = by[name].get(value, 0) + 1
        return {name: dict(sorted(values.items())) for name, values in by.items()}

    # -- distractors -------------------------------------------------------------------------

    def _name_distractors(self, cand: Candidate, rng: random.Random) -> list[str]:
        answer_words = {w for name in cand.names for w in _surname_tokens(name)}
        answer_all = {w for name in cand.names for w in words_of(name)}
        rec = cand.entry.record
        previous = _display_name(rec.previous.holder) if rec and rec.previous else None
        size = len(_persons(cand.answer))
        stated = self._stated[cand.entry.id]
        prompt = set(words_of(cand.prompt))
        scored: list[tuple[float, str]] = []
        seen: set[str] = {_key(cand.answer)}
        for name, family, _ in self._names:
            key = _key(name)
            if key in seen or family == cand.family or _NOT_A_PERSON.search(name):
                continue
            persons = _persons(name)
            if any(len(p.split()) < 2 for p in persons):
                continue  # "Mir": not a person's full name
            if name != previous and any(all(w in stated for w in words_of(p)) for p in persons):
                continue  # the entry names them: they could be right too
            if any(_close_words(w, answer_words) for p in persons for w in _surname_tokens(p)):
                continue  # shares a person with the answer: it could be right too
            their_words = {w for p in persons for w in words_of(p)}
            if any(_close_words(w, their_words) for w in answer_words) or any(
                _close_words(w, answer_all) for p in persons for w in _surname_tokens(p)
            ):
                continue  # "Liu Yang" for "Yang Liwei": typing the answer would name it too
            if any(w in prompt for p in persons for w in _surname_tokens(p)):
                continue  # the prompt names them
            seen.add(key)
            # Plausible: as many people as the answer, described in the prompt's words (a
            # cosmonaut, a woman, an American), from a similar record, the runner-up.
            text = self._person_texts.get(key, "")
            score = 3.0 * _covered(cand.prompt, text) - 2.0 * abs(len(persons) - size)
            score += 3.0 if name == previous else 0.0
            scored.append((score + rng.random(), name))
        scored.sort(reverse=True)
        top = [name for _, name in scored[:5]]
        keep = [n for n in top if n == previous]
        rest = [n for n in top if n != previous]
        rng.shuffle(rest)
        return keep + rest

    def _thing_distractors(self, cand: Candidate, rng: random.Random) -> list[str]:
        """Other subjects of the answer's type (other stations, modules, vehicles, missions),
        never one the question's entry is about or names, nor one its prompt names."""
        stated = self._stated[cand.entry.id]
        prompt = set(words_of(cand.prompt))
        series: list[str] = []
        if cand.options:
            named = self._stated_phrases[cand.entry.id] + " " + " ".join(words_of(cand.prompt))
            series = [o for o in cand.options if f" {_key(o)} " not in f" {named} "]
            rng.shuffle(series)
            if len(series) >= CHOICES - 1 or cand.craft_type is None:
                return series
        if cand.craft_type is None:
            return []
        taken = {*cand.about, cand.entry.id}
        scored: list[tuple[float, str]] = []
        for subject in self.entries:
            info = subject.subject
            if info is None or info.type != cand.craft_type or subject.id in taken:
                continue
            words = words_of(info.name)
            if _key(info.name) == _key(cand.answer) or not words:
                continue
            if all(w in stated for w in words) or all(w in prompt for w in words):
                continue  # the entry names it: it could be right too; the prompt names it
            score = 3.0 * _covered(cand.prompt, subject.answer)  # of the same station, era
            score += 1.0 if subject.topic == cand.entry.topic else 0.0
            scored.append((score + rng.random(), info.name))
        scored.sort(reverse=True)
        top = [name for _, name in scored[:6] if _key(name) not in {_key(s) for s in series}]
        rng.shuffle(top)
        return series + top

    def _number_distractors(self, cand: Candidate, rng: random.Random) -> list[str]:
        assert cand.value is not None
        value, step = cand.value, cand.step
        cap = 100.0 if cand.unit == "{}%" else math.inf
        floor = 2.0 if value >= 2 else 0.0  # "1 toilets": keep plurals honest
        real = [
            _round_to(c.value, step)
            for c in self.candidates
            if c.kind == "number"
            and c.value is not None
            and c.unit == cand.unit
            and c.family != cand.family
            and value / 3 <= c.value <= value * 3
        ]
        rng.shuffle(real)
        made = [_round_to(value * f, step) for f in _FACTORS]
        if value / step < 20:  # small counts: neighbours are the plausible mistakes
            made += [_round_to(value + k * step, step) for k in (-2, -1, 1, 2, 3, 4)]
        rng.shuffle(made)
        stated = self._stated_numbers(cand)
        pool = [
            v
            for v in [*real[:2], *made]
            if v > 0 and floor <= v <= cap and all(abs(v - s) > 1e-9 for s in stated)
        ]
        picked: list[float] = []
        rec = cand.entry.record
        if rec and rec.previous and rec.previous.value is not None:
            runner_up = _round_to(rec.previous.value, step)  # the most tempting wrong figure
            if floor <= runner_up <= cap and _far_apart(runner_up, [value], step):
                picked.append(runner_up)
        below_wanted = rng.randint(0, CHOICES - 1)
        for want_below in (True, False, True):
            for v in pool:
                below_now = sum(1 for p in picked if p < value)
                if len(picked) >= CHOICES - 1 or (want_below and below_now >= below_wanted):
                    break
                if (v < value) == want_below and _far_apart(v, [value, *picked], step):
                    picked.append(v)
            below_wanted = CHOICES
        return [_number_text(v, step, cand.unit) for v in picked]

    def _year_distractors(self, cand: Candidate, rng: random.Random) -> list[str]:
        assert cand.date is not None
        year = cand.date[0]
        latest = max((c.date[0] for c in self.candidates if c.date is not None), default=year)
        near = sorted(
            {
                c.date[0]
                for c in self.candidates
                if c.date is not None and c.date[0] != year and abs(c.date[0] - year) <= 12
            }
        )
        rng.shuffle(near)
        offsets = [-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]
        rng.shuffle(offsets)
        stated = {d[0] for d in date_mentions(cand.entry.answer)}
        years: list[int] = []
        for y in [*near[:1], *(year + o for o in offsets)]:
            if y not in years and y != year and y not in stated and y <= max(latest, year):
                years.append(y)
        return [str(y) for y in years[: CHOICES - 1]]

    def _date_distractors(self, cand: Candidate, rng: random.Random) -> list[str]:
        assert cand.date is not None
        year, month, day = cand.date
        assert month is not None
        real = [
            c.date
            for c in self.candidates
            if c.kind == "date"
            and c.date is not None
            and c.date != cand.date
            and (c.date[2] is None) == (day is None)
            and c.entry.topic == cand.entry.topic
            and abs(c.date[0] - year) <= 6
        ]
        rng.shuffle(real)
        shifted: list[tuple[int, int | None, int | None]] = [
            (year + dy, month, day) for dy in (-2, -1, 1, 2)
        ]
        shifted += [(year, ((month - 1 + dm) % 12) + 1, day) for dm in (-3, -1, 1, 3)]
        rng.shuffle(shifted)
        stated = {_date_text(d) for d in date_mentions(cand.entry.answer) if d[0] and d[1]}
        texts: list[str] = []
        for date in [*real[:1], *shifted]:
            text = _date_text(date)
            fresh = text != cand.answer and text not in texts and text not in stated
            if fresh and _valid_date(date):
                texts.append(text)
        return texts

    def _stated_numbers(self, cand: Candidate) -> list[float]:
        """The numbers the question's entry states besides its answer: never a wrong choice."""
        stated = [q.value for q in prose_numbers(cand.entry.answer)]
        rec = cand.entry.record
        if rec is not None:
            stated.append(rec.value)
        return [v for v in stated if cand.value is None or abs(v - cand.value) > 1e-9]


def candidates_for(entry: Entry) -> list[Candidate]:
    """The questions one entry can give (none when its answer is not clear and short)."""
    if entry.record is not None:
        return _record_candidates(entry)
    return _fact_candidates(entry)


def difficulty_of(cand: Candidate) -> Difficulty:
    """The rule: a name (who or which) is easy; a year, a month or a round number (at most
    ``ROUND_DIGITS`` significant digits: 16, 340, 1,000) is medium; an exact date or a precise
    number (437.7, 5,440) is hard. An authored item may say otherwise."""
    if cand.kind in ("name", "thing"):
        return "easy"
    if cand.kind == "date":
        return "hard" if cand.date is not None and cand.date[2] is not None else "medium"
    if cand.kind == "number" and cand.value is not None:
        value = cand.value
        if not float(value).is_integer():
            return "hard"
        digits = str(int(value)).rstrip("0")
        return "medium" if len(digits) <= ROUND_DIGITS else "hard"
    return "medium"


def question_key(entry_id: str, prompt: str) -> str:
    """A question's stable key: its entry and its prompt (a changed prompt is a new question)."""
    digest = hashlib.sha1(" ".join(words_of(prompt)).encode()).hexdigest()[:10]
    return f"{entry_id}:{digest}"


def _finished(cand: Candidate) -> Candidate:
    about = cand.entry.subjects or ((cand.entry.id,) if cand.entry.subject else ())
    difficulty = cand.difficulty or difficulty_of(cand)
    return replace(
        cand, key=question_key(cand.entry.id, cand.prompt), difficulty=difficulty, about=about
    )


@dataclass(frozen=True, slots=True)
class _SubjectName:
    entry_id: str
    type: str
    name: str


def _subject_index(entries: Sequence[Entry]) -> dict[str, _SubjectName]:
    """Each subject's name and aliases, as name keys, to the subject."""
    index: dict[str, _SubjectName] = {}
    for entry in entries:
        if entry.subject is None:
            continue
        for name in (entry.subject.name, *entry.aliases):
            index.setdefault(name_key(name), _SubjectName(entry.id, entry.subject.type, name))
    return index


def _authored_candidates(
    entry: Entry,
    subjects: dict[str, _SubjectName],
    people: frozenset[str],
    designations: dict[str, tuple[str, ...]],
) -> list[Candidate | None]:
    """The entry's authored items as candidates (None for an item the quiz cannot play):
    ``people`` are the name keys of the people the knowledge holds records or subjects of,
    ``designations`` the numbered names it gives by family ("Soyuz MS": "Soyuz MS-22", ...)."""
    return [_authored(entry, item, subjects, people, designations) for item in entry.quiz]


def _authored(
    entry: Entry,
    item: QuizItem,
    subjects: dict[str, _SubjectName],
    people: frozenset[str],
    designations: dict[str, tuple[str, ...]],
) -> Candidate | None:
    answer = item.answer
    base = Candidate(
        entry,
        "thing",
        item.prompt,
        answer,
        family=entry.id,
        authored=True,
        distractors=item.distractors,
        difficulty=item.difficulty,
    )
    if item.distractors:  # the writer's own wrong choices: asked as written
        return replace(base, names=(answer,))
    full = _FULL_DATE.fullmatch(answer)
    month = _MONTH_YEAR.fullmatch(answer)
    numbers = prose_numbers(answer)
    if re.fullmatch(r"1[89]\d\d|20\d\d", answer):
        return replace(base, kind="year", date=(int(answer), None, None))
    date: tuple[int, int | None, int | None]
    if full:
        date = (int(full.group(3)), MONTHS.index(full.group(2).lower()) + 1, int(full.group(1)))
        return replace(base, kind="date", date=date)
    if month:
        date = (int(month.group(2)), MONTHS.index(month.group(1).lower()) + 1, None)
        return replace(base, kind="date", date=date)
    duration = _DURATION.fullmatch(answer)
    if duration is not None:
        minutes = int(duration.group(1)) * 60 + int(duration.group(2))
        return replace(base, kind="number", value=float(minutes), unit=DURATION, step=1.0)
    number = _NUMBER.search(answer)
    leading = answer[: number.start()].strip().casefold() if number else ""
    if len(numbers) == 1 and number is not None and leading in _NUMBER_LEADS:
        value = numbers[0].value
        template = (
            answer[: number.start()] + (number.group(1) or "") + "{}" + answer[number.end() :]
        )
        step = _step(value)
        if _number_text(value, step, template) != answer:
            step = 10.0 ** -len(number.group(3)[1:]) if number.group(3) else 1.0
        return replace(base, kind="number", value=value, unit=template, step=step)
    family = _designation_family(answer)
    if family is not None:  # "Soyuz TMA-18M": the other numbered names of its series
        others = [d for d in designations.get(family, ()) if _key(d) != _key(answer)]
        near = _neighbours(answer, designations.get(family, ()))
        others += [n for n in near if _key(n) not in {_key(o) for o in others}]
        craft = subjects.get(name_key(answer))  # a short series: its type's subjects help
        kind_of = craft.type if craft is not None and craft.type != "person" else None
        return replace(base, kind="thing", options=tuple(others), craft_type=kind_of)
    found = subjects.get(name_key(answer))
    if found is not None:
        names = (answer, *(n.name for n in subjects.values() if n.entry_id == found.entry_id))
        kind: QuestionKind = "name" if found.type == "person" else "thing"
        return replace(base, kind=kind, craft_type=found.type, names=tuple(dict.fromkeys(names)))
    persons = _persons(answer)
    known = persons and all(_key(person) in people for person in persons)
    if known or (_ASKS_PERSON.match(item.prompt) and _looks_like_names(persons)):
        return replace(base, kind="name", names=_accepted_names(entry, persons))
    return base if item.distractors else None


#: A prompt that asks for a person: "Who ...", "Which astronaut ...".
_ASKS_PERSON = re.compile(
    r"^(who\b|(which|what)\b[^?]*\b(astronaut|cosmonaut|taikonaut|woman|man|physician|"
    r"person|pilot|commander|engineer|tourist|american|russian)s?\b)",
    re.IGNORECASE,
)
#: A numbered name: "Soyuz MS-22", "STS-88", "Crew-9", "Shenzhou-11", "Progress M-34".
_DESIGNATION = re.compile(r"\b([A-Z][A-Za-z]+(?: [A-Z]{1,3})?)[ -](\d{1,3}[A-Z]?)\b")


def _looks_like_names(persons: Sequence[str]) -> bool:
    """Whether each of ``persons`` reads as a person's name: 2-4 capitalised words, no digit."""
    return bool(persons) and all(
        2 <= len(p.split()) <= 4
        and all(w[:1].isupper() for w in p.split())
        and not any(c.isdigit() for c in p)
        for p in persons
    )


def _designation_family(answer: str) -> str | None:
    """The family of a numbered name ("Soyuz MS-22" -> "Soyuz MS"), None for other answers."""
    match = _DESIGNATION.fullmatch(answer.strip())
    return match.group(1) if match else None


def _neighbours(answer: str, known: Sequence[str] = ()) -> list[str]:
    """The numbered names just before ``answer`` in its series ("Soyuz TM-32" -> "Soyuz
    TM-31", ...), and after it up to the highest of ``known`` (the knowledge's own names of the
    series), so none is made up: as plausible, and as wrong, as the knowledge's own."""
    match = _DESIGNATION.fullmatch(answer.strip())
    if match is None:
        return []
    value, suffix = _series_number(match.group(2))
    highest = max(
        [value, *(_series_number(k.rsplit(" ", 1)[-1].rsplit("-", 1)[-1])[0] for k in known)]
    )
    start, end = match.span(2)
    return [
        f"{answer[:start]}{value + step}{suffix}{answer[end:]}"
        for step in (-1, -2, -3, 1, 2)
        if 0 < value + step <= highest
    ]


def _series_number(designator: str) -> tuple[int, str]:
    """ "18M" -> (18, "M"); text with no leading number -> (0, text)."""
    number = re.match(r"\d+", designator)
    if number is None:
        return 0, designator
    return int(number.group(0)), designator[number.end() :]


def _designations(entries: Sequence[Entry]) -> dict[str, tuple[str, ...]]:
    """Every numbered name the knowledge writes, by family, as it writes them."""
    found: dict[str, dict[str, str]] = {}
    for entry in entries:
        for text in (entry.answer, *entry.aliases, entry.subject.name if entry.subject else ""):
            for match in _DESIGNATION.finditer(text):
                family = found.setdefault(match.group(1), {})
                family.setdefault(_key(match.group(0)), match.group(0))
    return {family: tuple(sorted(names.values())) for family, names in found.items()}


def _stated_words(entry: Entry) -> frozenset[str]:
    """The words of everything an entry states (its answer, a record's holders, a subject's
    names): a wrong choice made only of these could be right too."""
    parts = [entry.answer, *entry.aliases]
    rec = entry.record
    if rec is not None:
        parts += [rec.holder, rec.record]
        if rec.previous is not None:
            parts.append(rec.previous.holder)
    if entry.subject is not None:
        parts.append(entry.subject.name)
    return frozenset(w for part in parts for w in words_of(part))


def _record_candidates(entry: Entry) -> list[Candidate]:
    rec = entry.record
    assert rec is not None
    found: list[Candidate] = []
    name = rec.record
    family = _PARENS.sub("", name).strip().casefold()
    historical = re.search(r"\(\d{4}", name) is not None  # "longest spaceflight (1974)"
    holder = _display_name(rec.holder)
    persons = _persons(holder)
    phrase = _record_phrase(name)
    first = name.casefold().startswith("first ")
    if persons and not _NOT_A_PERSON.search(holder):
        if _PERSON_NOUN.match(name):
            prompt = f"Who was the {phrase}?"
        elif first:
            prompt = f"Who made the {phrase}?"
        elif historical:
            prompt = f"Who held the record for the {phrase}?"
        else:
            prompt = f"Who holds the record for the {phrase}?"
        names = _accepted_names(entry, persons)
        found.append(Candidate(entry, "name", prompt, holder, names=names, family=family))
    unit = rec.unit.strip()
    shown_in_name = any(abs(q.value - rec.value) < 1e-9 for q in prose_numbers(name))
    if (
        rec.value > 1
        and not shown_in_name
        and "(" not in unit
        and len(unit.split()) <= 2
        and unit.casefold() not in {"first", "firsts"}
    ):
        step = _step(rec.value)
        template = "{} " + unit
        found.append(
            Candidate(
                entry,
                "number",
                f"What {'was' if historical else 'is'} the record for the {phrase}?",
                _number_text(rec.value, step, template),
                value=rec.value,
                unit=template,
                step=step,
                family=family,
            )
        )
    year = _leading_year(rec.set)
    if year is not None and str(year) not in name:
        found.append(
            Candidate(
                entry,
                "year",
                (
                    f"In which year did the {phrase} fly?"
                    if _FIRST_FLYER.fullmatch(phrase)
                    else f"In which year did the {phrase} take place?"
                    if first and not _PERSON_NOUN.match(name)
                    else f"In which year was the record for the {phrase} set?"
                ),
                str(year),
                date=(year, None, None),
                family=family,
            )
        )
    return found


def _record_phrase(name: str) -> str:
    """A record's name as a prompt says it: "longest spaceflight (1974)" -> "longest
    spaceflight in 1974"; other notes in brackets go."""
    year = re.search(r"\((\d{4})\)", name)
    plain = _PARENS.sub("", name).strip()
    return f"{plain} in {year.group(1)}" if year else plain


def _fact_candidates(entry: Entry) -> list[Candidate]:
    found: list[Candidate] = []
    text = entry.answer
    dates = _date_spans(text)
    when = next((q for q in entry.questions if _WHEN.match(q)), None)
    if when is not None and len(dates) == 1:
        start, date = dates[0]
        if _RANGE_BEFORE.search(text[:start]):
            pass  # "from 7 to 29 June 1971": a range, not one date
        elif date[1] is not None and date[2] is not None and date[0]:
            found.append(Candidate(entry, "date", when, _date_text(date), date=date))
        elif date[1] is None:
            found.append(Candidate(entry, "year", when, str(date[0]), date=date))
    how = next((q for q in entry.questions if _HOW.match(q)), None)
    numbers = prose_numbers(text)
    if how is not None and len(numbers) == 1:
        quantity = numbers[0]
        template = _fact_unit(how, quantity)
        in_question = any(abs(q.value - quantity.value) < 1e-9 for q in prose_numbers(how))
        if template is not None and quantity.value >= 2 and not in_question:
            step = _step(quantity.value)
            found.append(
                Candidate(
                    entry,
                    "number",
                    how,
                    _number_text(quantity.value, step, template),
                    value=quantity.value,
                    unit=template,
                    step=step,
                    family=entry.id,
                )
            )
    return found


def _fact_unit(question: str, quantity: Quantity) -> str | None:
    """How to write a fact's number, or None when it may not answer the question."""
    kind = _HOW.match(question)
    assert kind is not None
    asks = kind.group(1).casefold()
    if quantity.currency or quantity.percent:
        return quantity.template if asks == "much" else None
    unit = next((w for w in quantity.words if w in _UNITS), None)
    if unit is not None:
        old = " old" if unit == "years" and quantity.words[-1:] == ("old",) else ""
        return "{} " + unit + old
    if asks != "many" or not quantity.words:
        return None
    # "How many toilets ..." -> "2 toilets": the word after the number must be what is asked.
    asked = {w[:5] for w in words_of(question) if w not in _STOPWORDS and len(w) > 2}
    if quantity.words[0][:5] in asked:
        return "{} " + quantity.words[0]
    return None


# -- reading prose ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in prose, with the words that follow it."""

    value: float
    words: tuple[str, ...]
    currency: bool = False
    percent: bool = False
    scale: str = ""

    @property
    def template(self) -> str:
        """How to write this quantity: "{}" stands for the number."""
        scale = f" {self.scale}" if self.scale else ""
        if self.currency:
            return "${}" + scale
        return "{}%" if self.percent else "{}" + scale


def date_mentions(text: str) -> list[tuple[int, int | None, int | None]]:
    """Every date in ``text``: full dates, day-month, month-year and bare years, in order.

    A day-month without a year gives year 0 (it still counts as a mention).
    """
    return [date for _, date in _date_spans(text)]


def _date_spans(text: str) -> list[tuple[int, tuple[int, int | None, int | None]]]:
    found: list[tuple[int, tuple[int, int | None, int | None]]] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for m in _FULL_DATE.finditer(text):
        taken.append(m.span())
        month = MONTHS.index(m.group(2).lower()) + 1
        found.append((m.start(), (int(m.group(3)), month, int(m.group(1)))))
    for m in _MONTH_YEAR.finditer(text):
        if free(m.span()):
            taken.append(m.span())
            found.append((m.start(), (int(m.group(2)), MONTHS.index(m.group(1).lower()) + 1, None)))
    for m in _DAY_MONTH.finditer(text):
        if free(m.span()):
            taken.append(m.span())
            month = MONTHS.index(m.group(2).lower()) + 1
            found.append((m.start(), (0, month, int(m.group(1)))))
    for m in _YEAR.finditer(text):
        if free(m.span()):
            taken.append(m.span())
            found.append((m.start(), (int(m.group(1)), None, None)))
    return sorted(found)


def prose_numbers(text: str) -> list[Quantity]:
    """Quantities in ``text``: dates, years and names with numbers ("Salyut 6") left out."""
    blanked = text
    for pattern in (_FULL_DATE, _MONTH_YEAR, _DAY_MONTH, _YEAR):
        blanked = pattern.sub(lambda m: "#" * len(m.group(0)), blanked)
    found: list[Quantity] = []
    for m in _NUMBER.finditer(blanked):
        before = blanked[: m.start()]
        capital = _CAPITAL_BEFORE.search(before)
        if capital and not _SENTENCE_START.search(before[: capital.start()]):
            continue  # "Expedition 47", "Salyut 6": a name, not a quantity
        value = float(m.group(2).replace(",", "") + (m.group(3) or ""))
        after = _AFTER.match(blanked, m.end())
        assert after is not None  # every group is optional
        words = tuple(after.group(3).split())
        found.append(
            Quantity(
                value,
                words,
                currency=bool(m.group(1)),
                percent=bool(after.group(1)),
                scale=after.group(2) or "",
            )
        )
    return found


def parse_numbers(text: str) -> list[float]:
    """Every number typed in ``text`` ("1,111", "437.7", "1111 days")."""
    values: list[float] = []
    for m in re.finditer(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", text):
        values.append(float(m.group(1).replace(",", "") + (m.group(2) or "")))
    return values


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """The (year, month, day) a person typed: "20 Nov 1998", "November 20, 1998", "1998-11-20"."""
    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    lowered = text.casefold()
    months = [
        i + 1
        for word in _TOKEN.findall(lowered)
        for i, name in enumerate(MONTHS)
        if len(word) >= 3 and name.startswith(word)
    ]
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    days = [
        int(d)
        for d in re.findall(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?(?!\d)", lowered)
        if 1 <= int(d) <= 31
    ]
    return (
        years[0] if len(years) == 1 else None,
        months[0] if len(set(months)) == 1 else None,
        days[0] if len(days) == 1 else None,
    )


# -- free-text answers -----------------------------------------------------------------------


def check_text(question: QuizQuestion, guess: str) -> bool:
    """Whether ``guess`` answers ``question``: whole-word fuzzy names, numbers within tolerance."""
    if question.kind == "thing":
        return _thing_said(words_of(guess), question)
    if question.kind == "name":
        words = words_of(guess)
        if not any(_name_in(words, name) for name in question.names):
            return False
        # "Gagarin or Leonov" hedges: naming a wrong choice as well makes the answer wrong.
        wrong = [c for i, c in enumerate(question.choices) if i != question.correct]
        return not any(_name_in(words, person) for c in wrong for person in _persons(c))
    if question.kind == "number" and question.value is not None:
        if _DURATION.fullmatch(question.answer):
            said = set(_all_minutes(guess))  # "7 h 16 or 9 h 6": a hedge, wrong
            return len(said) == 1 and abs(said.pop() - question.value) <= question.tolerance
        values = set(parse_numbers(guess))
        return len(values) == 1 and abs(values.pop() - question.value) <= question.tolerance
    if question.date is not None:
        year, month, day = question.date
        got = parse_date(guess)
        if question.kind == "year":
            numbers = set(parse_numbers(guess))
            return numbers == {float(year)}
        return got == (year, month, day)
    return False


def _thing_said(words: Sequence[str], question: QuizQuestion) -> bool:
    """Whether typed ``words`` name the right thing: the words that tell it from the wrong
    choices ("pacific" of "Pacific Ocean", "88" of "STS-88"), numbers exact, long words with a
    typo allowed; naming a wrong choice as well ("Salyut 1 or 7") is wrong."""
    choices = [set(words_of(c)) for c in question.choices]
    if not choices:
        return any(_name_in(words, name) for name in question.names)

    def named(index: int) -> bool:
        others = set().union(*(c for i, c in enumerate(choices) if i != index))
        telling = (choices[index] - others) or choices[index]
        return all(any(_typed(w, said) for said in words) for w in telling)

    right = named(question.correct) or any(
        all(any(_typed(w, said) for said in words) for w in words_of(name))
        for name in question.names[1:]
    )
    return right and not any(named(i) for i in range(len(choices)) if i != question.correct)


def _typed(word: str, said: str) -> bool:
    """Whether ``said`` is ``word`` as typed: exact for numbers and short words."""
    if word.isdigit() or said.isdigit() or len(word) <= 4:
        return word == said
    return fuzz.ratio(word, said) >= 85


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the engine reads them typed (case-folded, unaccented, split at
    hyphens, possessives dropped: ``normalise.raw_words``)."""
    return list(_words(text))


@lru_cache(maxsize=1 << 15)
def _words(text: str) -> tuple[str, ...]:
    """``words_of``, remembered: building the bank reads the same names and texts often."""
    return tuple(raw_words(text))


def _name_in(words: Sequence[str], name: str) -> bool:
    """Whether ``name`` (or its surname part) appears in ``words`` as whole, similar words."""
    target = words_of(name)
    if not target:
        return False
    options = [target] + [
        target[i:] for i in range(1, len(target)) if len("".join(target[i:])) >= 4
    ]
    for option in options:
        joined = "".join(option)
        for size in {max(1, len(option) - 1), len(option), len(option) + 1}:
            for i in range(len(words) - size + 1):
                if _word_close("".join(words[i : i + size]), joined):
                    return True
    return False


def _word_close(a: str, b: str) -> bool:
    if len(b) <= 4 or len(a) <= 4:
        return a == b
    return fuzz.ratio(a, b) >= 80


def _close_words(word: str, others: Iterable[str]) -> bool:
    return any(_word_close(word, o) for o in others)


# -- scoring and sessions --------------------------------------------------------------------


def points_for(
    correct: bool, elapsed: float, seconds: float, difficulty: Difficulty = "easy"
) -> int:
    """Points for an answer: nothing when wrong; the difficulty's points (``POINTS``) plus a
    bonus that shrinks with time."""
    if not correct:
        return 0
    left = 1.0 - (elapsed / seconds if seconds > 0 else 1.0)
    return POINTS[difficulty] + round(SPEED_POINTS * min(1.0, max(0.0, left)))


@dataclass(frozen=True, slots=True)
class Verdict:
    """What happened to one answer."""

    accepted: bool
    correct: bool
    points: int
    elapsed: float
    reason: VerdictReason
    choice: int | None = None


@dataclass(frozen=True, slots=True)
class RoundResult:
    """A closed question and every answer it got, by user id."""

    number: int
    question: QuizQuestion
    answers: dict[int, Verdict]

    @property
    def winners(self) -> list[int]:
        """Users who answered right, fastest first."""
        right = [(v.elapsed, uid) for uid, v in self.answers.items() if v.correct]
        return [uid for _, uid in sorted(right)]


@dataclass
class QuizSession:
    """One quiz in one channel: its questions, the open question, answers and totals."""

    questions: Sequence[QuizQuestion]
    seconds: float
    started_by: int
    topic: str | None = None
    text_mode: bool = False
    subject: str | None = None  # the name of the subject the questions are about, if one
    difficulty: Difficulty | None = None  # the difficulty the quiz was started with, if one
    index: int = -1
    opened_at: float = 0.0
    is_open: bool = False
    answers: dict[int, Verdict] = field(default_factory=dict)
    totals: dict[int, int] = field(default_factory=dict)
    correct_counts: dict[int, int] = field(default_factory=dict)
    history: list[RoundResult] = field(default_factory=list)

    @property
    def current(self) -> QuizQuestion | None:
        """The question being asked (or last asked), None before the first."""
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    @property
    def round_number(self) -> int:
        """1-based number of the current question."""
        return self.index + 1

    @property
    def has_next(self) -> bool:
        """Whether another question is left."""
        return self.index + 1 < len(self.questions)

    def next_question(self, now: float) -> QuizQuestion | None:
        """Open the next question at time ``now``; None when the quiz is over."""
        if self.is_open:
            self.close_question()
        if not self.has_next:
            return None
        self.index += 1
        self.opened_at = now
        self.is_open = True
        self.answers = {}
        return self.current

    def answer_choice(self, user_id: int, choice: int, now: float) -> Verdict:
        """A button press."""
        question = self.current
        return self._answer(
            user_id, now, question is not None and question.correct == choice, choice
        )

    def answer_text(self, user_id: int, text: str, now: float) -> Verdict:
        """A typed answer (free-text mode)."""
        question = self.current
        return self._answer(user_id, now, question is not None and question.check_text(text), None)

    def _answer(self, user_id: int, now: float, correct: bool, choice: int | None) -> Verdict:
        elapsed = max(0.0, now - self.opened_at)
        question = self.current
        if not self.is_open or question is None:
            return Verdict(False, False, 0, elapsed, "closed", choice)
        if user_id in self.answers:
            return Verdict(False, False, 0, elapsed, "duplicate", choice)
        points = points_for(correct, elapsed, self.seconds, question.difficulty)
        verdict = Verdict(True, correct, points, elapsed, "ok", choice)
        self.answers[user_id] = verdict
        self.totals[user_id] = self.totals.get(user_id, 0) + verdict.points
        if correct:
            self.correct_counts[user_id] = self.correct_counts.get(user_id, 0) + 1
        return verdict

    def forget(self, user_id: int) -> None:
        """Undo a player's answer to the open question (when it could not be stored)."""
        verdict = self.answers.pop(user_id, None)
        if verdict is None:
            return
        self.totals[user_id] = self.totals.get(user_id, 0) - verdict.points
        if verdict.correct:
            self.correct_counts[user_id] -= 1

    def close_question(self) -> RoundResult | None:
        """Stop taking answers; return the round's result (None when nothing was open)."""
        question = self.current
        if not self.is_open or question is None:
            return None
        self.is_open = False
        result = RoundResult(self.round_number, question, dict(self.answers))
        self.history.append(result)
        return result

    def standings(self) -> list[tuple[int, int]]:
        """(user id, points) for everyone who answered, best first."""
        return sorted(self.totals.items(), key=lambda item: (-item[1], item[0]))


# -- helpers ---------------------------------------------------------------------------------

_FACTORS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 1.15, 1.2, 1.25, 1.3, 1.4, 1.5, 1.75, 2.0)


def _display_name(holder: str) -> str:
    return _PARENS.sub("", holder).strip()


def _persons(name: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", _display_name(name))
    return [p.strip() for p in parts if p.strip()]


def _surname_tokens(person: str) -> list[str]:
    words = person.split()
    return words_of(words[-1]) if words else []


def _accepted_names(entry: Entry, persons: Sequence[str]) -> tuple[str, ...]:
    names = list(persons)
    tokens = {w for p in persons for w in words_of(p) if len(w) > 3}
    for alias in entry.aliases:
        alias_words = words_of(alias)
        plain = alias_words and len(alias_words) <= 3 and not any(w.isdigit() for w in alias_words)
        if plain and _close_words(alias_words[-1], tokens):
            names.append(alias)
    return tuple(dict.fromkeys(names))


def _name_pool(entries: Sequence[Entry]) -> list[tuple[str, str, str]]:
    """(display name, record family, record text) of every record holder and previous holder."""
    pool: list[tuple[str, str, str]] = []
    for entry in entries:
        if entry.subject is not None and entry.subject.type == "person":
            pool.append((entry.subject.name, "", entry.answer))
        rec = entry.record
        if rec is None:
            continue
        family = _PARENS.sub("", rec.record).strip().casefold()
        pool.append((_display_name(rec.holder), family, rec.record))
        if rec.previous is not None:
            pool.append((_display_name(rec.previous.holder), "", rec.record))
    return pool


#: Two prompts with the same answer are one question when each uses this share of the other's
#: words ("How many windows does the Cupola on the ISS have?" twice, in other words).
SAME_QUESTION = 0.6


def _distinct(cands: Sequence[Candidate]) -> tuple[Candidate, ...]:
    """``cands`` without the ones that ask what an earlier one asks."""
    kept: list[Candidate] = []
    by_answer: dict[str, list[Candidate]] = {}
    for cand in cands:
        same = by_answer.setdefault(_key(cand.answer), [])
        if any(
            min(_covered(cand.prompt, c.prompt), _covered(c.prompt, cand.prompt)) >= SAME_QUESTION
            for c in same
        ):
            continue
        same.append(cand)
        kept.append(cand)
    return tuple(kept)


def _covered(prompt: str, text: str) -> float:
    """The share of the prompt's words (past the stopwords) that ``text`` uses too."""
    asked = {w for w in words_of(prompt) if w not in _STOPWORDS}
    said = set(words_of(text))
    return len(asked & said) / len(asked) if asked else 0.0


def _key(name: str) -> str:
    return " ".join(words_of(name))


def _step(value: float) -> float:
    """The granularity of a quantity as written: 340 -> 10, 437.7 -> 0.1, 1000 -> 100."""
    if not float(value).is_integer():
        decimals = len(repr(float(value)).split(".")[1])
        return 10.0 ** -min(decimals, 3)
    n = int(value)
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    return float(10 ** max(0, min(zeros, len(str(n)) - 2)))


def _round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 6)


def _far_apart(value: float, others: Iterable[float], step: float) -> bool:
    """Whether ``value`` differs clearly from each of ``others`` (and reads differently)."""
    return all(abs(value - o) >= max(MIN_GAP * max(abs(value), abs(o)), step) for o in others)


def _number_text(value: float, step: float, template: str) -> str:
    if template == DURATION:
        hours, minutes = divmod(round(value), 60)
        hours_text = f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{hours_text} {minutes} minute{'s' if minutes != 1 else ''}"
    decimals = max(0, -round(math.log10(step))) if step < 1 else 0
    return template.format(f"{value:,.{decimals}f}")


def _date_text(date: tuple[int, int | None, int | None]) -> str:
    year, month, day = date
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1].capitalize()} {year}"
    return f"{day} {MONTHS[month - 1].capitalize()} {year}"


def _valid_date(date: tuple[int, int | None, int | None]) -> bool:
    year, month, day = date
    if month is None or day is None:
        return True
    days = (
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    )
    return 1 <= day <= days[month - 1]


def _all_minutes(text: str) -> list[float]:
    """Every duration typed as "7 hours 16 minutes", "7h 16m" or "7:16", in minutes."""
    found = re.findall(r"(\d+)\s*(?:h|hours?|:)\s*(\d+)", text, re.IGNORECASE)
    return [float(int(hours) * 60 + int(minutes)) for hours, minutes in found]


def _minutes(text: str) -> float | None:
    """The first duration in ``text``, in minutes (None when there is none)."""
    found = _all_minutes(text)
    return found[0] if found else None


def _sort_key(choice: str) -> tuple[float, float, float]:
    if _DURATION.fullmatch(choice):
        return _minutes(choice) or 0.0, 0.0, 0.0
    date = parse_date(choice)
    if date[0] is not None and date[1] is not None:
        return float(date[0]), float(date[1]), float(date[2] or 0)
    numbers = parse_numbers(choice)
    return (numbers[0] if numbers else 0.0), 0.0, 0.0


def _leading_year(value: str) -> int | None:
    m = re.match(r"(\d{4})", value or "")
    return int(m.group(1)) if m else None


def _tolerance(cand: Candidate) -> float:
    if cand.kind != "number" or cand.value is None:
        return 0.0
    return max(abs(cand.value) * NUMBER_TOLERANCE, cand.step / 2)


def _hint(cand: Candidate) -> str:
    if cand.kind == "name":
        persons = _persons(cand.answer)
        first = persons[0] if persons else cand.answer
        initials = " ".join(w[0].upper() + "." for w in first.split() if w[:1].isalpha())
        more = f" (and {len(persons) - 1} more)" if len(persons) > 1 else ""
        return f"Initials: {initials}{more}"
    if cand.kind == "thing" or (cand.value is None and cand.date is None):
        words = len(cand.answer.split())
        return f"Starts with “{cand.answer[:1]}”" + (f", {words} words" if words > 1 else "")
    if cand.kind == "number" and cand.value is not None:
        low = _round_to(math.floor(cand.value * 0.75 / cand.step) * cand.step, cand.step)
        high = _round_to(math.ceil(cand.value * 1.25 / cand.step) * cand.step, cand.step)
        if cand.unit == "{}%":
            high = min(high, 100.0)
        prefix = DURATION if cand.unit == DURATION else cand.unit.split("{}")[0] + "{}"
        return (
            f"Between {_number_text(low, cand.step, prefix)} and "
            f"{_number_text(high, cand.step, cand.unit)}"
        )
    if cand.date is not None:
        year, month, _ = cand.date
        if cand.kind == "date" and month is not None:
            return f"In {year}"
        return f"In the {year // 10 * 10}s"
    return ""
