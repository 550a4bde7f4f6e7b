"""Match a question against the entries: an inverted index picks candidates, rapidfuzz ranks them.

Each content word of the question weighs its rarity (idf); words the knowledge never uses weigh
heavily, so "who won the world cup" matches almost nothing. For the entries that share the most
weight with the question (the candidates), the score (100 for a perfect match) combines:
- coverage: the share of the question's weight found in the entry (questions, aliases and record
  fields fully, answer text partly);
- phrase coverage and specificity: the best single canonical question or alias, measured both
  ways, so "Kelly" alone does not pick any one of Kelly's entries;
- resemblance: rapidfuzz's token_sort_ratio to the closest canonical question;
- word order: the share of the question's adjacent word pairs that a phrase has too;
- minus the weight of the heaviest question word the knowledge never uses;
- minus the weight of the heaviest name in the question that the entry never mentions ("how
  high does Tiangong orbit" is not answered by the ISS's altitude), names being the words the
  knowledge's answers write only capitalised;
- minus a fixed amount when the question asks for an attribute (mass, age, birth, death, rocket,
  cost, command: ``lexicon.ATTRIBUTES``) of which the entry says nothing ("how heavy is the
  Destiny lab" is not answered by when Destiny arrived);
- minus a fixed amount when the question names one member of a numbered series ("Expedition 2",
  "Soyuz TMA-17M") and the entry names only others ("Expedition 1");
- minus a fixed amount when most of the entry's questions ask an attribute the question does not
  touch ("when did Kelly land" is not answered by his age when he landed);
- minus a little when the question asks a kind of answer (when, who, where, how many...) that
  none of the entry's questions asks;
- and, weighed only by the confidence model (weight 0 here): whether the question asks how
  many of something the entry's answer gives no number of (``counts``); whether it asks who was
  on a crew or with someone and the answer names no one else (``names.person_words``,
  ``names.people_in``); whether it asks about the future and the answer tells only the past;
  and whether it names a person the entry never mentions;
- and, for a question that asks what or who one thing is ("what was Mir?", "who is Peggy
  Whitson?", a bare "skylab"): the subjects it names join the candidates; an entry that is not
  about what it names (no title of it holds those words) is marked down, and so (less) is a
  fact, where an overview is asked for; an overview is marked down for any other question;
- and, beside the words, meaning (``meaning``: a small static embedding model): the entries
  closest in meaning to the question join the candidates, a candidate that another beats in
  meaning is marked down by how far it trails (the leader gains nothing, so no score passes a
  threshold on meaning alone), and the confidence model weighs how close the entry is, its
  lead, and whether words and meaning agree on it.
Before that, words are respelled as typed (``spelling.Speller``: "internatonal space staion" still
folds into "iss"); content words still unknown after stemming are mapped to the closest known
stem (rapidfuzz ratio, at most 1-2 edits, weighed a little less), and misspelt filler ("wich",
"dose") is dropped; a word still unknown may read as the known word closest in meaning
("restroom" as "toilet"), less surely than a typo.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import operator
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.engine.asks import tells_future
from bot.engine.counts import asked_count, counted
from bot.engine.lexicon import ATTRIBUTES
from bot.engine.meaning import MeaningIndex, Texts
from bot.engine.models import Entry
from bot.engine.names import (
    designations,
    knowledge_names,
    people_in,
    people_named,
    person_words,
    series_named,
)
from bot.engine.normalise import (
    POINTERS,
    STOPWORDS,
    Analysis,
    analyse,
    analyse_typed,
    folded_words,
    known_words,
    raw_words,
    stem,
)
from bot.engine.spelling import Speller
from bot.engine.subjects import subject_names

#: Features of a candidate, each 0..1: coverage, best phrase coverage, specificity,
#: resemblance, the weight of the heaviest question word the knowledge never uses, word order
#: (the share of the question's adjacent word pairs found adjacent in some phrase), the weight
#: of the heaviest name in the question that the entry lacks, whether the entry lacks the
#: attribute the question asks for, whether it names only other members of a numbered series
#: the question names one of, whether it is about an attribute the question does not touch,
#: whether none of its questions asks the kind of answer the question asks, whether the
#: question asks how many of something its answer gives no number of, and whether it asks who
#: was in a group or with someone and the answer names no one the question does not,
#: whether it asks about the future and the answer tells only the past, whether the
#: question names a person (as typed, not a respelling) the entry never mentions, whether it
#: asks what something is and the entry is not about it, whether it asks that and the entry is
#: a fact, not an overview, and whether the entry is an overview and it asks anything else;
#: then what the entry means beside the words it shares (``meaning``): how close it is to the
#: question, its lead over the closest other candidate (negative when another is closer), and
#: whether it is the closest.
Features = tuple[
    float, float, float, float, float, float, float, float, float, float, float, float, float,
    float, float, float, float, float, float, float, float,
]  # fmt: skip
#: The features the question's words give (all but the last three).
_Lexical = tuple[
    float, float, float, float, float, float, float, float, float, float, float, float, float,
    float, float, float, float, float,
]  # fmt: skip
#: The features' names, in order.
FEATURE_NAMES: tuple[str, ...] = (
    "coverage",
    "phrase_coverage",
    "specificity",
    "resemblance",
    "unknown",
    "in_order",
    "missing_name",
    "missing_attribute",
    "other_designation",
    "unasked_attribute",
    "other_intent",
    "uncounted",
    "unnamed_people",
    "past_only",
    "missing_person",
    "not_about",
    "not_overview",
    "overview_only",
    "meaning",
    "meaning_lead",
    "meaning_agrees",
)


#: How far a follow-up's meaning leans towards the previous answer's subject.
CONTEXT_MEANING = 0.3
#: Shortest word the matcher guesses a content word for, and a filler word for.
MIN_TYPO_LENGTH = 4
MIN_FILLER_LENGTH = 3
#: From this length on a misspelling may be 2 edits away from the word meant.
LONG_WORD = 6
#: How alike (rapidfuzz ratio, 0-100) a misspelling and the word meant must be.
TYPO_SIMILARITY = 80.0
#: Up to this many entries tied with the last candidate are candidates too (an entry must not
#: lose its own question to entries sharing as many words that happen to come first).
TIED = 8
#: How the weights a question shares are added, by how many postings it has (the same sums and
#: order every way): up to ``ONE_BY_ONE_UP_TO`` entry by entry in a dict (a few hundred, most
#: questions at 1,000 entries: numpy's calls cost more); then in one pass over all of them
#: (``np.bincount``, twice as fast at 10,000 entries); from ``DENSE_FROM`` on, one array
#: addition per posting list over every entry (as fast at 100,000 entries).
ONE_BY_ONE_UP_TO = 512
DENSE_FROM = 16384
#: How many entries keep their prepared phrases (see ``Matcher._prepared``).
PREPARED_CACHE_SIZE = 1024
#: Words that ask for an overview of what a question names, beside "what is", "who was" and
#: "tell me about" (filler already): "mir info", "give me an overview of the ISS".
OVERVIEW_WORDS = frozenset(
    "info information overview summary intro introduction background bio biography profile "
    "history deal".split()
)


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Weights and thresholds of the matcher; the defaults are tuned on tests/golden.

    A question asked on its own is answered when the confidence model says so (``confidence``);
    ``threshold`` and ``margin`` decide follow-ups read with the previous answer's subject.
    """

    threshold: float = 68.0
    margin: float = 3.0
    suggestion_floor: float = 30.0
    candidates: int = 8
    weight_coverage: float = 0.40
    weight_phrase_coverage: float = 0.10
    weight_specificity: float = 0.20
    weight_resemblance: float = 0.30
    weight_unknown: float = 0.05
    weight_order: float = 0.05
    weight_missing_name: float = 0.20
    weight_missing_attribute: float = 0.15
    weight_other_designation: float = 0.20
    weight_unasked_attribute: float = 0.10
    weight_other_intent: float = 0.03
    weight_uncounted: float = 0.0
    weight_unnamed_people: float = 0.0
    weight_past_only: float = 0.0
    weight_missing_person: float = 0.0
    weight_not_about: float = 0.20
    weight_not_overview: float = 0.15
    weight_overview_only: float = 0.10
    weight_meaning_lead: float = 0.30
    word_meaning: float = 0.70  # closeness (cosine) from which an unknown word reads as a known one
    word_meaning_sureness: float = 0.7
    semantic_candidates: int = 2
    answer_text_weight: float = 0.6
    unknown_word_weight: float = 0.9  # times the rarest known word's idf


@dataclass(frozen=True, slots=True)
class Scored:
    """An entry with its score (100 a perfect match; uncapped, see ``Matcher.combine``), the
    question's known words it was scored on, and the features the score combines."""

    index: int
    score: float
    words: frozenset[str]
    features: Features


@dataclass(frozen=True, slots=True)
class _Query:
    """The question's known words, content text and total weight."""

    words: frozenset[str]
    weights: dict[str, float]  # each known word's idf
    pairs: tuple[str, ...]  # " a b " for each pair of adjacent content words
    text: str  # its content words, sorted
    weight: float
    names: tuple[tuple[str, float], ...]  # the names the question itself gives, with their idf
    attributes: tuple[str, ...]  # the attributes it asks for (keys of ``Matcher._attributes``)
    designations: tuple[tuple[str, str], ...]  # ("expedition", "2") for "Expedition 2"
    touched: frozenset[str]  # the attributes any of its words is evidence of ("tonnes": mass)
    intents: frozenset[str]  # the kinds of answer it asks for ("?when"...)
    count: str | None  # what it asks the number of ("spacewalk"), if it asks "how many"
    # when it asks who was in a group or with someone, its own words (not the context's): an
    # entry must name someone else ("who flew with Ed White?"); None when it asks no such thing
    people_asked: frozenset[str] | None
    future: bool  # whether it asks about the future ("when will it fly again?")
    persons: tuple[str, ...]  # the people it names as typed ("kornienko", not "nite" as "nie")
    information: float  # the idf of its own known words (see ``Matcher.assess``)
    # when it asks what or who something is ("what was Mir?", "who is Peggy Whitson?", "tell
    # me about the one-year mission", a bare "skylab"), the words naming it; else None
    named: frozenset[str] | None
    overviews: frozenset[int]  # the subjects it names, when it asks what one is


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An entry's phrases ready for scoring (see ``Matcher._prepared``)."""

    questions: tuple[str, ...]  # its questions' content words, sorted (see ``features``)
    joined: str  # every phrase's " content words ", joined by "|", for word-pair look-ups
    own: tuple[float, ...]  # each phrase's weight: the sum of its words' idf
    where: dict[str, list[int]]  # word -> the phrases it appears in


class Matcher:
    """An index over entries that ranks them against a question."""

    def __init__(self, entries: Sequence[Entry], config: MatchConfig | None = None) -> None:
        """Index ``entries`` (words of questions, aliases, record fields and answers)."""
        self.config = config or MatchConfig()
        self.entries: Sequence[Entry] = tuple(entries)
        # each entry's phrases (its questions, then its aliases) as content words, one line per
        # phrase: one string per entry takes far less memory than tuples of words at 100k entries
        self._phrases: list[str] = []
        # numbered series: "expedition" -> the entries naming any member, "expedition 2" -> the
        # entries naming that one (postings, as for words, take little memory at 100k entries)
        self._series: dict[str, array[int]] = {}
        # what answers give a number of: "spacewalk" -> the entries whose answer counts them
        self._counted: dict[str, array[int]] = {}
        # attribute asked (its key after folding: "mass") -> the words that give it ("ton"...)
        self._attributes = {
            key: frozenset(analyse(evidence).content) | {key}
            for asked, evidence in ATTRIBUTES.items()
            for key in analyse(asked).content
        }
        self._about: dict[int, frozenset[str]] = {}  # entries most of whose questions ask one
        # the kinds of answer ("?when", "?who"...) each entry's questions ask for: an index into
        # the few distinct sets there are, one byte per entry
        self._intent_sets: list[frozenset[str]] = []
        self._future = bytearray()  # whether each entry's answer speaks of the future
        self._subject = bytearray()  # whether each entry is a subject (an overview)
        # what names each subject (its name and aliases) and asks what it is (its questions):
        # (subject, the words of one of them, whether it is a question)
        subject_titles: list[tuple[int, frozenset[str], bool]] = []
        # the words of each subject's overview, and the words several subjects are called by
        # ("module", "russian", "nasa", "astronaut"): a question may add to a subject's name
        # the latter, and names the former gives ("zvezda russian module", "frank rubio nasa")
        self._overview_words: dict[int, frozenset[str]] = {}
        self._descriptors: frozenset[str] = frozenset()
        self._intents = array("B")
        strong: dict[str, array[int]] = {}
        weak: dict[str, array[int]] = {}
        surfaces: set[str] = set()  # the words as written before stemming ("space", "launched")
        typed: Counter[str] = Counter()  # the knowledge's words as typed, with their uses
        meaning_texts = Texts()  # each entry's phrases and answer, for ``meaning``
        meaning_counts: list[int] = []
        for i, entry in enumerate(self.entries):
            titles = subject_names(entry) or entry.aliases  # a subject's own name is a title
            typed_phrases = [raw_words(text) for text in (*entry.questions, *titles)]
            for words_typed in typed_phrases:
                typed.update(words_typed)
            analyses = [analyse_typed(words_typed) for words_typed in typed_phrases]
            phrases = [a.content for a in analyses]
            for a in analyses:
                surfaces.update(a.words)
            self._phrases.append("\n".join(" ".join(p) for p in phrases))
            answer_typed = raw_words(entry.answer)
            self._index_questions(i, phrases[: len(entry.questions)], answer_typed)
            strong_words: set[str] = set()
            for phrase in phrases:
                strong_words.update(phrase)
            if entry.record is not None:
                for text in (entry.record.record, entry.record.holder, entry.record.unit):
                    field_typed = raw_words(text)
                    typed.update(field_typed)
                    strong_words.update(analyse_typed(field_typed).content)
            typed.update(answer_typed)
            answer_analysis = analyse_typed(answer_typed)
            for a in analyses:
                meaning_texts.add(" ".join(a.words))
            meaning_texts.add(" ".join(answer_analysis.words))
            meaning_counts.append(len(analyses) + 1)
            self._future.append(tells_future(answer_analysis.words))
            self._subject.append(entry.subject is not None)
            if entry.subject is not None:
                numbers = " ".join(f"{n.label} {n.value}" for n in entry.subject.numbers)
                self._overview_words[i] = frozenset(answer_analysis.content) | frozenset(
                    analyse(numbers).content
                )
                for k, a in enumerate(analyses):
                    words = frozenset(_named_words(a.content))
                    if words:
                        subject_titles.append((i, words, k < len(entry.questions)))
            for key in series_named(entry):
                self._series.setdefault(key, array("i")).append(i)
            things = counted(answer_analysis.words)
            if entry.record is not None and entry.record.value != 1:
                # "value: 7, unit: flights" counts flights; "1 spacewalk" marks a first
                record_typed = raw_words(f"{entry.record.value_text} {entry.record.unit}")
                things.update(counted(analyse_typed(record_typed).words))
            for a in analyses[: len(entry.questions)]:  # "how many orbits...?" it is asked
                asked = asked_count(a.words)
                if asked is not None:
                    things.add(asked)
            for thing in things:
                self._counted.setdefault(thing, array("i")).append(i)
            weak_words = set(answer_analysis.content) - strong_words
            for word in strong_words:
                strong.setdefault(word, array("i")).append(i)
            for word in weak_words:
                weak.setdefault(word, array("i")).append(i)
        self._strong = strong
        self._weak = weak
        #: what each entry means, beside the words it shares with a question
        self.meaning = MeaningIndex(meaning_texts, meaning_counts)
        del meaning_texts, meaning_counts
        self._descriptors = _descriptors(subject_titles)
        # the same, found by their words: a whole title or question, and a title by each word
        self._subject_exact: dict[frozenset[str], list[int]] = {}
        self._subject_by_word: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for i, words, question in subject_titles:
            self._subject_exact.setdefault(words, []).append(i)
            if not question:
                for word in words:
                    self._subject_by_word.setdefault(word, []).append((i, words))

        typed.update(known_words())
        self.speller = Speller(typed, filler=STOPWORDS)
        total = len(self.entries)
        vocabulary = set(strong) | set(weak)
        self._idf = {
            w: math.log(1.0 + total / (len(strong.get(w, ())) + len(weak.get(w, ())) * 0.5))
            for w in vocabulary
        }
        self._max_idf = math.log(1.0 + max(total, 1) / 0.5)
        self._vocabulary = sorted(vocabulary)
        # spellings a misspelt word may be meant as: known words, and the everyday words the
        # lexicon folds into known words ("heavey" -> "heavy" -> "mass")
        self._spellings: dict[str, str] = {w: w for w in self._vocabulary if w.isalpha()}
        for surface in sorted(surfaces):
            if stem(surface) in self._idf and surface.isalpha():
                self._spellings.setdefault(surface, stem(surface))
        for surface, canonical in folded_words().items():
            target = stem(canonical)
            if target in self._idf:
                self._spellings.setdefault(stem(surface), target)
        for filler in sorted(STOPWORDS):  # "wich", "dose", "wat": misspelt filler is still filler
            if len(filler) >= MIN_FILLER_LENGTH and filler.isalpha():
                self._spellings.setdefault(filler, "")
        # the knowledge's words as written, for ``word_meant`` (embedded on first use)
        self._meaning_words = sorted(
            w
            for w in surfaces
            if w.isalpha()
            and len(w) >= MIN_FILLER_LENGTH
            and w not in STOPWORDS
            and stem(w) in self._idf
        )
        self._word_vectors: npt.NDArray[np.float32] | None = None
        self._meant_words: dict[str, tuple[str, float]] = {}
        self._by_length: dict[int, list[str]] = {}
        self._pools: dict[tuple[str, int], list[str]] = {}
        self._prepared_cache: dict[int, _Prepared] = {}
        #: the words the knowledge treats as names ("tiangong", "kornienko"; see ``names``)
        self.names = knowledge_names(self.entries, vocabulary)
        for word in self._spellings:
            self._by_length.setdefault(len(word), []).append(word)
        # the people each entry's answer names: a word -> the entries naming someone by it,
        # and how many such words each entry has ("who flew with Ed White?" needs another)
        self._people: dict[str, array[int]] = {}
        self._people_count = array("H")
        # the names that name people ("kornienko"; not "mir"), for the person a question names
        self._persons = person_words((e.answer for e in self.entries), self.names)
        for i, entry in enumerate(self.entries):
            # the knowledge's persons, and what the answer itself writes like a name: a
            # knowledge whose names are also written in lower case elsewhere keeps its people
            people = people_named(entry.answer, self._persons) | people_in(entry.answer)
            self._people_count.append(min(len(people), 65535))
            for word in people:
                self._people.setdefault(word, array("i")).append(i)

    def _index_questions(
        self, i: int, questions: Sequence[Sequence[str]], answer: Sequence[str]
    ) -> None:
        """Note what entry ``i``'s questions ask: the kinds of answer (and those its ``answer``
        gives whatever they ask), and an attribute that at least half of them ask by name ("how
        heavy is the ISS": mass)."""
        asked = frozenset(w for q in questions for w in q if w.startswith("?"))
        intents = asked | _supplied(answer)
        if intents not in self._intent_sets:
            self._intent_sets.append(intents)
        self._intents.append(self._intent_sets.index(intents))
        about = frozenset(
            a for a in self._attributes if 2 * sum(1 for q in questions if a in q) >= len(questions)
        )
        if about:
            self._about[i] = about

    # -- words -------------------------------------------------------------------------------

    def analyse(self, question: str) -> Analysis:
        """Analyse a question, respelling mistyped words as the known words they were meant as."""
        return analyse(question, respell=self.speller.respell)

    def idf(self, word: str) -> float:
        """How informative ``word`` is: rare words weigh more; unknown words most."""
        known = self._idf.get(word)
        return known if known is not None else self._max_idf * self.config.unknown_word_weight

    def names_new(self, analysis: Analysis, i: int) -> bool:
        """Whether the question names something entry ``i`` never mentions before any pronoun
        that could point back at it: "how old was Yuri Gagarin when he died?" is about
        Gagarin whatever entry ``i`` is, where "has she ever commanded the ISS?" may lean on it."""
        for word in analysis.words:
            if word in POINTERS:
                return False
            name = stem(word)
            if name in self.names and not self._mentions(i, name):
                return True
        return False

    def correct(self, word: str) -> tuple[str, float]:
        """Map ``word`` to a known word: itself if known, else the closest spelling, if close.

        Returns the word and how sure the correction is (1.0 known, below 1 corrected,
        0.0 unknown). A misspelt filler word ("wich") comes back as "" with sureness 0.85.
        """
        if word in self._idf:
            return word, 1.0
        if word in self._attributes:  # asked of every entry, even if none gives it ("born")
            return word, 1.0
        if len(word) < MIN_FILLER_LENGTH or not word.isalpha():
            return word, 0.0
        key = (word[0], len(word))
        pool = self._pools.get(key)
        if pool is None:  # same first letter, within 2 letters of this length; built once
            pool = [
                w
                for n in range(len(word) - 2, len(word) + 3)
                for w in self._by_length.get(n, ())
                if w[0] == word[0]
            ]
            self._pools[key] = pool
        found = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
        if found is None:
            return word, 0.0
        allowed = 1 if len(word) < LONG_WORD else 2  # edits, a swap of two letters counting one
        if OSA.distance(word, str(found[0])) > allowed:
            return word, 0.0
        meant = self._spellings[str(found[0])]
        if meant and len(word) < MIN_TYPO_LENGTH:  # too short to guess a content word from
            return word, 0.0
        return meant, 0.85

    def word_meant(self, word: str) -> tuple[str, float]:
        """A word the knowledge never uses, read as the known word closest in meaning
        ("restroom" as "toilet") when the model puts one close enough: that word, and how sure
        the reading is (below a typo's). ``(word, 0.0)`` when none is close."""
        threshold = self.config.word_meaning
        if threshold <= 0 or len(word) < MIN_TYPO_LENGTH or not word.isalpha():
            return word, 0.0
        found = self._meant_words.get(word)
        if found is None:
            if self._word_vectors is None:
                self._word_vectors = self.meaning.embedder.embed(self._meaning_words)
            if len(self._meant_words) >= PREPARED_CACHE_SIZE:
                self._meant_words.clear()
            found = (word, 0.0)
            if len(self._meaning_words):
                closeness = self._word_vectors @ self.meaning.embedder.vector(word)
                best = int(closeness.argmax())
                if closeness[best] >= threshold:
                    meant = stem(self._meaning_words[best])
                    found = (meant, float(closeness[best]) * self.config.word_meaning_sureness)
            self._meant_words[word] = found
        return found

    # -- ranking -----------------------------------------------------------------------------

    def rank(
        self,
        analysis: Analysis,
        extra: Iterable[tuple[str, float]] = (),
        limit: int = 5,
    ) -> list[Scored]:
        """Return up to ``limit`` entries best matching ``analysis``, best first.

        ``extra`` adds (word, weight factor) pairs, e.g. the subject of the previous answer.
        """
        return self.assess(analysis, extra, limit)[0]

    def assess(
        self,
        analysis: Analysis,
        extra: Iterable[tuple[str, float]] = (),
        limit: int = 5,
    ) -> tuple[list[Scored], float]:
        """``rank``, and how much the question says: the idf of its known content words
        (corrected ones count as much as they are sure), leaving out the kind of answer asked
        for and ``extra``."""
        found = self.candidates(analysis, extra)
        scored = [Scored(i, self.combine(f), q.words, f) for i, f, q in found]
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored[:limit], (found[0][2].information if found else 0.0)

    def candidates(
        self, analysis: Analysis, extra: Iterable[tuple[str, float]] = ()
    ) -> list[tuple[int, Features, _Query]]:
        """The entries sharing the most weight with the question, with their features."""
        terms: dict[str, float] = {}
        names: dict[str, float] = {}  # the question's own words only, not the context's
        attributes: list[str] = []
        total_weight = unknown = 0.0  # unknown: the heaviest word the knowledge never uses
        information = 0.0  # the idf of the question's own known words (see ``assess``)
        own = len(analysis.content)
        named, overviews = self._named(analysis)
        typed = {stem(w): w for w in analysis.words}  # "pals" for "pal": what the model reads
        for k, (word, factor) in enumerate([(w, 1.0) for w in analysis.content] + list(extra)):
            known, sureness = self.correct(word)
            if not sureness and k < own:
                known, sureness = self.word_meant(typed.get(word, word))
            if sureness and not known:
                continue  # misspelt filler
            if not sureness and named is not None and word in OVERVIEW_WORDS:
                continue  # it asks for an overview: "whats the *deal* w zarya"
            if k < own and sureness and not word.startswith("?"):
                information += self.idf(known) * sureness
            weight = self.idf(known if sureness else word) * factor
            total_weight += weight
            if sureness:
                terms[known] = max(terms.get(known, 0.0), weight * sureness)
                if factor == 1.0 and sureness == 1.0 and known in self.names:
                    names[known] = weight
                if factor == 1.0 and known in self._attributes:
                    attributes.append(known)
            else:
                unknown = max(unknown, weight)
        if not terms or total_weight <= 0:
            return []
        answer_weight = self.config.answer_text_weight
        postings: list[tuple[array[int], float]] = []  # in the order the words are read
        for word, weight in terms.items():
            for found, share in (
                (self._strong.get(word), 1.0),
                (self._weak.get(word), answer_weight),
            ):
                if found is not None:
                    postings.append((found, weight * share))
        n = self.config.candidates
        shared, best = _heaviest(len(self.entries), postings, n + TIED)
        if len(best) > n:  # entries tied with the last candidate are candidates too
            last = shared(best[n - 1])
            best = best[:n] + [i for i in best[n:] if shared(i) >= last - 1e-9]
        best.extend(i for i in overviews if i not in best)  # the subjects it asks about compete
        context = " ".join(w for w, _ in extra)
        vector = self.meaning.query(" ".join(analysis.words), context, CONTEXT_MEANING)
        # the entries closest in meaning compete too ("how did skylab end" shares one word
        # with its re-entry, and as many with every other Skylab entry)
        seen = set(best)
        best.extend(
            i
            for i in self.meaning.nearest(vector, self.config.semantic_candidates)
            if i not in seen
        )
        close = self.meaning.similarities(vector, best)
        top_two = [*heapq.nlargest(2, close), 0.0, 0.0]
        words = [w for w in analysis.content if not w.startswith("?")]
        own_words = set(analysis.content)
        query = _Query(
            frozenset(terms),
            {w: self.idf(w) for w in terms},
            tuple(f" {a} {b} " for a, b in itertools.pairwise(words)),
            " ".join(sorted(words)),
            total_weight,
            tuple(names.items()),
            tuple(attributes),
            tuple(designations(analysis.words)),
            frozenset(a for a, evidence in self._attributes.items() if evidence & own_words),
            frozenset(w for w in own_words if w.startswith("?")),
            asked_count(analysis.words),
            frozenset(own_words) if analysis.asks_company else None,
            analysis.asks_future,
            tuple(w for w in names if w in self._persons and w not in analysis.respelled),
            information,
            named,
            frozenset(overviews),
        )
        return [
            (i, self.features(i, shared(i), query, unknown) + _meant(own, top_two), query)
            for i, own in zip(best, close, strict=True)
        ]

    def asks_overview(self, analysis: Analysis) -> bool:
        """Whether all ``analysis`` asks is what or who one thing the knowledge names is."""
        return self._named(analysis)[0] is not None

    def asks_of_no_subject(self, analysis: Analysis, i: int) -> bool:
        """Whether the question asks who or what something is, by a name the knowledge uses,
        no subject has that name, and entry ``i`` was not written to answer it (none of its
        questions asks it): "who is Tim Peake?" and "what is NASA?" are refused, as facts only
        mention them; "what is Canadarm2?" is answered by the fact that asks it. A question
        asks it in so many words ("who is", "what's", "tell me about"; a fragment such as
        "tim peake spacewalk" may ask anything about it) and names it: "who" and "tell me
        about" may be asked of a name with a word the knowledge never writes capitalised ("tim
        peake"), "what" of a name alone (not "what is the speed of the ISS?")."""
        if _ASKS_WHAT_IS.isdisjoint(analysis.words):
            return False
        named, subjects = self._named(analysis)
        if named is None or subjects:
            return False
        names = len(named & self.names)
        asks_freely = "?who" in analysis.intents or not _ASKS_ABOUT.isdisjoint(analysis.words)
        if not (names == len(named) or (asks_freely and 2 * names >= len(named))):
            return False
        questions = self._entry_phrases(i)[: len(self.entries[i].questions)]
        return all(frozenset(_named_words(q)) != named for q in questions)

    def _named(self, analysis: Analysis) -> tuple[frozenset[str] | None, list[int]]:
        """What the question asks an overview of, when all it asks is what or who one thing is,
        and the subjects it names; (None, []) for any other question.

        It asks what something is when it asks no kind of answer but who (not "who was on
        Soyuz 11?", which asks a crew), and its content words, less ``OVERVIEW_WORDS``, are all
        known and name one thing: they are the words of a subject's question ("what was the
        inflatable room on the station"), or part of one name the knowledge gives as a title
        (a subject's name or alias, an entry's alias) that holds a name ("who is Whitson",
        "tell me about the one-year mission", "who is Kjell Lindgren"). "kelly kornienko
        cosmodrome" names three things, and asks where they launched."""
        if analysis.asks_company or not set(analysis.intents) <= {"?who"}:
            return None, []
        named: set[str] = set()
        for word in _named_words(analysis.content):
            known, sureness = self.correct(word)
            if not sureness:
                return None, []  # a word the knowledge never uses: it asks what it lacks
            if known:
                named.add(known)
        if not named:
            return None, []
        found = frozenset(named)
        subjects = list(self._subject_exact.get(found, ()))
        for word in sorted(found):
            for i, title in self._subject_by_word.get(word, ()):
                if self._names_subject(i, title, found):
                    subjects.append(i)
        if subjects:
            return found, list(dict.fromkeys(subjects))
        if found & self.names and self._titled(found):
            return found, []
        return None, []

    def _names_subject(self, i: int, title: frozenset[str], named: frozenset[str]) -> bool:
        """Whether ``named`` names subject ``i`` by one of its ``title`` phrases: it holds
        all of the title ("one year mission"), or a name of it that is not a word several
        subjects share ("whitson" of "Peggy Whitson", not "soyuz" of "Soyuz TMA-16M"), and its
        other words are words several subjects are called by ("module", "station", "russian",
        "astronaut") or names its overview gives ("frank rubio nasa", "kelly one year
        mission")."""
        shared = title & named
        if not (title <= named or (shared & self.names) - self._descriptors):
            return False
        extra = named - title
        overview = self._overview_words.get(i, frozenset())
        return all(w in self._descriptors or (w in self.names and w in overview) for w in extra)

    def _titled(self, named: frozenset[str]) -> bool:
        """Whether some entry has an alias holding all of ``named`` ("Kjell Lindgren")."""
        postings = [self._strong.get(w) for w in named]
        if any(p is None for p in postings):
            return False
        smallest = min((p for p in postings if p is not None), key=len)
        for i in smallest:
            if all(_posted(p, i) for p in postings):
                aliases = self._entry_phrases(i)[len(self.entries[i].questions) :]
                if any(named <= set(phrase) for phrase in aliases):
                    return True
        return False

    def combine(self, features: Features) -> float:
        """Weigh the features of a candidate into one score, 100 for a perfect match.

        Not capped: when several features saturate, an entry may pass 100, and capping would hide
        the difference between two such entries from the margin (``Engine`` caps it for display).
        """
        c = self.config
        (
            coverage,
            phrase_coverage,
            specificity,
            resemblance,
            unknown,
            in_order,
            missing_name,
            missing_attribute,
            other_designation,
            unasked_attribute,
            other_intent,
            uncounted,
            unnamed_people,
            past_only,
            missing_person,
            not_about,
            not_overview,
            overview_only,
            _meaning,
            meaning_lead,
            _meaning_agrees,
        ) = features
        return 100.0 * (
            c.weight_coverage * coverage
            + c.weight_phrase_coverage * phrase_coverage
            + c.weight_specificity * specificity
            + c.weight_resemblance * resemblance
            - c.weight_unknown * unknown
            + c.weight_order * in_order
            - c.weight_missing_name * missing_name
            - c.weight_missing_attribute * missing_attribute
            - c.weight_other_designation * other_designation
            - c.weight_unasked_attribute * unasked_attribute
            - c.weight_other_intent * other_intent
            - c.weight_uncounted * uncounted
            - c.weight_unnamed_people * unnamed_people
            - c.weight_past_only * past_only
            - c.weight_missing_person * missing_person
            - c.weight_not_about * not_about
            - c.weight_not_overview * not_overview
            - c.weight_overview_only * overview_only
            # trailing another candidate in meaning costs; leading adds nothing
            + c.weight_meaning_lead * min(meaning_lead, 0.0)
        )

    def features(self, i: int, raw: float, query: _Query, unknown: float) -> _Lexical:
        """The features of entry ``i`` for ``query`` that its words give; see ``Features``
        (``_meant`` adds the rest)."""
        prepared = self._prepared(i)
        where = prepared.where
        shared = [0.0] * len(prepared.own)  # each phrase: the question's weight it holds
        for word, weight in query.weights.items():
            numbers = where.get(word)
            if numbers is not None:
                for number in numbers:
                    shared[number] += weight
        best_cover = max(shared, default=0.0)
        best_spec = max(map(operator.truediv, shared, prepared.own), default=0.0)
        pairs = query.pairs
        in_order = (
            sum(1 for pair in pairs if pair in prepared.joined) / len(pairs) if pairs else 0.0
        )
        # token_sort_ratio, with both sides sorted once: the entry's when prepared, the
        # question's in ``candidates`` (the same figures, about five times faster)
        best = process.extractOne(query.text, prepared.questions, scorer=fuzz.ratio)
        # (each test of the question's names, attributes and designations only when it has some:
        # most have none, and a generator that yields nothing still costs its making)
        missing_name = (
            max(
                (weight for word, weight in query.names if not self._mentions(i, word)),
                default=0.0,
            )
            if query.names
            else 0.0
        )
        missing_attribute = bool(query.attributes) and any(
            not any(self._mentions(i, w) for w in self._attributes[attribute])
            for attribute in query.attributes
        )
        return (
            min(raw / query.weight, 1.0),
            best_cover / query.weight,
            best_spec,
            (best[1] if best else 0.0) / 100.0,
            min(unknown / self._max_idf, 1.0),
            in_order,
            min(missing_name / self._max_idf, 1.0),
            1.0 if missing_attribute else 0.0,
            1.0 if query.designations and self._other_designation(i, query.designations) else 0.0,
            1.0 if i in self._about and not self._about[i] & query.touched else 0.0,
            1.0
            if query.intents and not query.intents & self._intent_sets[self._intents[i]]
            else 0.0,
            1.0 if query.count and not _posted(self._counted.get(query.count), i) else 0.0,
            1.0
            if query.people_asked is not None and not self._names_others(i, query.people_asked)
            else 0.0,
            1.0 if query.future and not self._future[i] else 0.0,
            1.0 if query.persons and any(not self._mentions(i, w) for w in query.persons) else 0.0,
            1.0
            if query.named is not None
            and i not in query.overviews
            and not self._about_named(i, query.named)
            else 0.0,
            1.0 if query.named is not None and not self._subject[i] else 0.0,
            1.0 if query.named is None and self._subject[i] else 0.0,
        )

    def _about_named(self, i: int, named: frozenset[str]) -> bool:
        """Whether entry ``i`` is about what ``named`` names: its title phrases (a subject's
        name, aliases, a record's holder) hold all those words."""
        entry = self.entries[i]
        phrases = self._entry_phrases(i)[len(entry.questions) :]
        words = {w for phrase in phrases for w in phrase}
        if entry.record is not None:
            words.update(analyse(entry.record.holder).content)
        return named <= words

    def _other_designation(self, i: int, asked: tuple[tuple[str, str], ...]) -> bool:
        """Whether entry ``i`` names another member of a series the question names one of."""
        return any(
            _posted(self._series.get(series), i)
            and not _posted(self._series.get(f"{series} {number}"), i)
            for series, number in asked
        )

    def _names_others(self, i: int, words: Collection[str]) -> bool:
        """Whether entry ``i``'s answer names someone by a word not among ``words``."""
        named = self._people_count[i]
        return named > sum(1 for w in words if _posted(self._people.get(w), i))

    def _mentions(self, i: int, word: str) -> bool:
        """Whether entry ``i`` uses ``word`` anywhere (postings are sorted: binary search)."""
        return _posted(self._strong.get(word), i) or _posted(self._weak.get(word), i)

    def _prepared(self, i: int) -> _Prepared:
        """Entry ``i``'s phrases prepared for scoring, cached for recently ranked entries.

        Computed on demand and kept for the most recently ranked entries only, so a large
        knowledge base does not hold them all in memory.
        """
        prepared = self._prepared_cache.get(i)
        if prepared is None:
            if len(self._prepared_cache) >= PREPARED_CACHE_SIZE:
                self._prepared_cache.clear()
            phrases = self._entry_phrases(i)
            texts = tuple(f" {' '.join(p)} " for p in phrases)
            where: dict[str, list[int]] = {}
            for number, phrase in enumerate(phrases):
                for word in phrase:
                    where.setdefault(word, []).append(number)
            prepared = _Prepared(
                questions=tuple(
                    " ".join(sorted(p)) for p in phrases[: len(self.entries[i].questions)]
                ),
                joined="|".join(texts),
                # (a phrase of no weight shares none: 0 / inf keeps it out of ``features``' max)
                own=tuple(sum(self._idf[w] for w in p) or math.inf for p in phrases),
                where=where,
            )
            self._prepared_cache[i] = prepared
        return prepared

    def _entry_phrases(self, i: int) -> list[tuple[str, ...]]:
        """Entry ``i``'s phrases (questions, then aliases), each as its content words."""
        return [tuple(line.split()) for line in self._phrases[i].split("\n")]

    def closest_question(self, scored: Scored) -> str:
        """The entry's question sharing the most words with the question scored, among those
        written as a question ("Who ...?", not "yo who ... lol") when it has any, to show as
        a suggestion."""
        i, query_words = scored.index, scored.words
        questions = self.entries[i].questions
        overlaps = [
            sum(1 for w in p if w in query_words) for p in self._entry_phrases(i)[: len(questions)]
        ]
        shown = [k for k, q in enumerate(questions) if _written_as_question(q)] or list(
            range(len(questions))
        )
        return questions[max(shown, key=lambda k: overlaps[k])] if overlaps else questions[0]


#: Words that ask about a person as readily as about a thing ("tell me about Tim Peake"), so
#: that, as "who", they may name someone by a word the knowledge never capitalises.
_ASKS_ABOUT = frozenset("tell explain describe".split())
#: Words that ask in so many words who or what something is ("what's", "who was", those above),
#: as the normaliser writes them.
_ASKS_WHAT_IS = _ASKS_ABOUT | {"what", "who"}

#: A word of the titles of this many subjects describes what a thing is, not which.
DESCRIBING = 3


def _descriptors(titles: Iterable[tuple[int, frozenset[str], bool]]) -> frozenset[str]:
    """The words that the names and aliases of ``DESCRIBING`` or more subjects hold ("Zvezda
    module", "Nauka module"; "astronaut Scott Kelly", "astronaut Frank Rubio")."""
    subjects: dict[str, set[int]] = {}
    for i, words, question in titles:
        if not question:
            for word in words:
                subjects.setdefault(word, set()).add(i)
    return frozenset(w for w, found in subjects.items() if len(found) >= DESCRIBING)


def _named_words(content: Iterable[str]) -> list[str]:
    """A question's content words that may name what it asks about: not the kind of answer it
    asks for, nor the words asking for an overview."""
    return [w for w in content if not w.startswith("?") and w not in OVERVIEW_WORDS]


def _written_as_question(text: str) -> bool:
    """Whether ``text`` reads as a question to show people: a capital first, a "?" last."""
    text = text.strip()
    return bool(text) and text[0].isupper() and text.endswith("?")


def _meant(own: float, top_two: Sequence[float]) -> tuple[float, float, float]:
    """The meaning features of a candidate as close as ``own`` in meaning, given the two
    closest of all candidates: its closeness, its lead over the closest other (negative when
    behind), and whether it leads."""
    first, second = top_two[0], top_two[1]
    lead = own - (second if own >= first else first)
    return (own, lead, 1.0 if lead > 0 else 0.0)


def _heaviest(
    size: int, postings: Sequence[tuple[array[int], float]], count: int
) -> tuple[Callable[[int], float], list[int]]:
    """The weight each of ``size`` entries shares with a question (the sum of the weights of
    the posting lists it is in, added in the order given), and the ``count`` entries sharing
    the most, heaviest first; of equal weight, the one a list gave first."""
    total = sum(len(found) for found, _ in postings)
    if total <= ONE_BY_ONE_UP_TO:
        scores: defaultdict[int, float] = defaultdict(float)
        for found, weight in postings:
            for i in found:
                scores[i] += weight
        # a dict keeps the order entries were first given; a stable sort keeps it among equals
        best = sorted(scores, key=scores.__getitem__, reverse=True)[:count]
        return (lambda i: scores.get(i, 0.0)), best
    if total <= DENSE_FROM:
        # every posting in one array, in the order given: the entries it holds (sorted), where
        # each is first given, and each one's weights added in that order (as one by one)
        listed = [np.frombuffer(found, dtype=np.intc) for found, _ in postings]
        given = np.concatenate(listed)
        weights = np.repeat([weight for _, weight in postings], [len(found) for found in listed])
        sums = np.bincount(given, weights=weights, minlength=size)
        entries, first = np.unique(given, return_index=True)
        order = np.lexsort((first, -sums[entries]))[:count]
        return (lambda i: float(sums[i])), entries[order].tolist()
    dense = np.zeros(size, dtype=np.float64)
    for found, weight in postings:  # one array addition per list, the same sums to the bit
        dense[np.frombuffer(found, dtype=np.intc)] += weight  # a list holds an entry once
    return (lambda i: float(dense[i])), _dense_heaviest(dense, postings, count)


def _dense_heaviest(
    scores: npt.NDArray[np.float64],
    postings: Sequence[tuple[array[int], float]],
    count: int,
) -> list[int]:
    """``_heaviest``'s choice from all the entries' weights in one array: the heaviest by a
    partition, then ordered by weight and, among equals, by where the lists first give them.
    Every weight is positive (an idf times a sureness), so an entry in any list scores above 0."""
    shared = np.flatnonzero(scores)
    if len(shared) > count:
        values = scores[shared]
        cut = np.partition(values, len(values) - count)[len(values) - count]
        shared = shared[values >= cut]  # the heaviest, and any tied with the lightest of them
    first = np.full(len(shared), np.iinfo(np.int64).max, dtype=np.int64)
    offset = 0
    for found, _ in postings:
        listed = np.frombuffer(found, dtype=np.intc)  # an array("i") holds C ints
        at = np.searchsorted(listed, shared)
        inside = at < len(listed)
        hit = np.zeros(len(shared), dtype=bool)
        hit[inside] = listed[at[inside]] == shared[inside]
        np.minimum(first, np.where(hit, offset + at, first), out=first)
        offset += len(listed)
    order = np.lexsort((first, -scores[shared]))[:count]
    return [int(i) for i in shared[order]]


def _posted(postings: array[int] | None, i: int) -> bool:
    """Whether entry ``i`` is in ``postings`` (sorted, as entries are indexed in order)."""
    if postings is None:
        return False
    at = bisect.bisect_left(postings, i)
    return at < len(postings) and postings[at] == i


def _supplied(answer: Sequence[str]) -> frozenset[str]:
    """The kinds of answer a text gives whatever its questions ask: a number answers "how
    many" (whether it counts the thing asked is the ``uncounted`` feature's business)."""
    return frozenset({"?count"}) if any(word.isdigit() for word in answer) else frozenset()
