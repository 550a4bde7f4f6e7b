"""Match a question against the entries: an inverted index picks candidates, rapidfuzz ranks them.

Scoring, for a question with content words q (each weighted by its rarity, idf):
- coverage: the share of the question's weight that an entry's words account for. Words the
  knowledge has never seen weigh heavily, so "who won the world cup" covers almost nothing.
- specificity: the best share of one of the entry's own questions (or aliases) that the
  question accounts for, so "Kelly" alone does not pick any one of Kelly's entries.
- resemblance: rapidfuzz's token_sort_ratio between the question and the entry's closest
  canonical question.
Misspelt words are mapped to the nearest known word (rapidfuzz) before any of that.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.engine.models import Entry
from bot.engine.normalise import Analysis, analyse


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Weights and thresholds of the matcher; the defaults are tuned on tests/golden."""

    threshold: float = 60.0
    margin: float = 4.0
    suggestion_floor: float = 30.0
    candidates: int = 12
    weight_coverage: float = 0.55
    weight_specificity: float = 0.25
    weight_resemblance: float = 0.20
    answer_text_weight: float = 0.6
    unknown_word_weight: float = 0.9  # times the rarest known word's idf
    typo_cutoff: float = 80.0


@dataclass(frozen=True, slots=True)
class Scored:
    """An entry with its score (0-100) and the canonical question closest to the query."""

    index: int
    score: float
    best_question: str


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One canonical question or alias of an entry, pre-analysed."""

    text: str
    content: frozenset[str]
    content_text: str
    is_question: bool


class Matcher:
    """An index over entries that ranks them against a question."""

    def __init__(self, entries: Sequence[Entry], config: MatchConfig | None = None) -> None:
        """Index ``entries`` (words of questions, aliases, record fields and answers)."""
        self.config = config or MatchConfig()
        self.entries = tuple(entries)
        self._phrases: list[tuple[_Phrase, ...]] = []
        strong: dict[str, array[int]] = {}
        weak: dict[str, array[int]] = {}
        for i, entry in enumerate(self.entries):
            phrases = tuple(_phrases_of(entry))
            self._phrases.append(phrases)
            strong_words: set[str] = set()
            for phrase in phrases:
                strong_words.update(phrase.content)
            if entry.record is not None:
                for text in (entry.record.record, entry.record.holder, entry.record.unit):
                    strong_words.update(analyse(text).content)
            weak_words = set(analyse(entry.answer).content) - strong_words
            for word in strong_words:
                strong.setdefault(word, array("i")).append(i)
            for word in weak_words:
                weak.setdefault(word, array("i")).append(i)
        self._strong = strong
        self._weak = weak
        total = len(self.entries)
        vocabulary = set(strong) | set(weak)
        self._idf = {
            w: math.log(1.0 + total / (len(strong.get(w, ())) + len(weak.get(w, ())) * 0.5))
            for w in vocabulary
        }
        self._max_idf = math.log(1.0 + max(total, 1) / 0.5)
        self._vocabulary = sorted(vocabulary)
        self._by_length: dict[int, list[str]] = {}
        for word in self._vocabulary:
            if word.isalpha():
                self._by_length.setdefault(len(word), []).append(word)

    # -- words -------------------------------------------------------------------------------

    def idf(self, word: str) -> float:
        """How informative ``word`` is: rare words weigh more; unknown words most."""
        known = self._idf.get(word)
        return known if known is not None else self._max_idf * self.config.unknown_word_weight

    def correct(self, word: str) -> tuple[str, float]:
        """Map ``word`` to a known word: itself if known, else the closest spelling, if close.

        Returns the word and how sure the correction is (1.0 known, below 1 corrected,
        0.0 unknown).
        """
        if word in self._idf:
            return word, 1.0
        if len(word) < 4 or not word.isalpha():
            return word, 0.0
        pool: list[str] = []
        for length in range(len(word) - 2, len(word) + 3):
            pool.extend(self._by_length.get(length, ()))
        found = process.extractOne(
            word, pool, scorer=fuzz.ratio, score_cutoff=self.config.typo_cutoff
        )
        if found is None:
            return word, 0.0
        corrected = str(found[0])
        if Levenshtein.distance(word, corrected) > (1 if len(word) < 6 else 2):
            return word, 0.0
        return corrected, 0.85

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
        terms: dict[str, float] = {}
        total_weight = 0.0
        query_words: set[str] = set()
        for word, factor in [(w, 1.0) for w in analysis.content] + list(extra):
            known, sureness = self.correct(word)
            weight = self.idf(known if sureness else word) * factor
            total_weight += weight
            if sureness:
                terms[known] = max(terms.get(known, 0.0), weight * sureness)
                query_words.add(known)
        if not terms or total_weight <= 0:
            return []

        scores: dict[int, float] = {}
        answer_weight = self.config.answer_text_weight
        for word, weight in terms.items():
            for i in self._strong.get(word, ()):
                scores[i] = scores.get(i, 0.0) + weight
            weak_weight = weight * answer_weight
            for i in self._weak.get(word, ()):
                scores[i] = scores.get(i, 0.0) + weak_weight
        pool = heapq.nlargest(self.config.candidates, scores.items(), key=lambda kv: kv[1])

        query_text = " ".join(w for w in analysis.content)
        config = self.config
        ranked: list[Scored] = []
        for i, raw in pool:
            coverage = raw / total_weight
            specificity, best = self._specificity(i, query_words)
            resemblance, best_q = self._resemblance(i, query_text)
            score = 100.0 * (
                config.weight_coverage * coverage
                + config.weight_specificity * specificity
                + config.weight_resemblance * resemblance / 100.0
            )
            ranked.append(Scored(i, min(score, 100.0), best_q or best))
        ranked.sort(key=lambda s: s.score, reverse=True)
        return ranked[:limit]

    def _specificity(self, i: int, query_words: set[str]) -> tuple[float, str]:
        best, best_text = 0.0, ""
        for phrase in self._phrases[i]:
            weight = sum(self.idf(w) for w in phrase.content)
            if weight <= 0:
                continue
            share = sum(self.idf(w) for w in phrase.content & query_words) / weight
            if share > best:
                best, best_text = share, phrase.text
        return best, best_text

    def _resemblance(self, i: int, query_text: str) -> tuple[float, str]:
        best, best_text = 0.0, ""
        for phrase in self._phrases[i]:
            if not phrase.is_question:
                continue
            ratio = fuzz.token_sort_ratio(query_text, phrase.content_text)
            if ratio > best:
                best, best_text = ratio, phrase.text
        return best, best_text


def _phrases_of(entry: Entry) -> Iterable[_Phrase]:
    for question in entry.questions:
        a = analyse(question)
        yield _Phrase(question, frozenset(a.content), a.content_text, True)
    for alias in entry.aliases:
        a = analyse(alias)
        yield _Phrase(alias, frozenset(a.content), a.content_text, False)
