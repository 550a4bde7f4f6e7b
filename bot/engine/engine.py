"""The answer engine: question in, confident cited answer or polite refusal out."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine.confidence import (
    DECISION_FEATURES,
    ConfidenceModel,
    decision_figures,
    default_model,
)
from bot.engine.loader import Knowledge, default_knowledge_dir, load_knowledge
from bot.engine.matcher import MatchConfig, Matcher, Scored
from bot.engine.models import Answer, Entry, Suggestion
from bot.engine.normalise import Analysis, analyse
from bot.engine.store import EntryStore
from bot.engine.subjects import Subjects

MAX_SUGGESTIONS = 3
#: Where a message divides into parts a refused whole may be answered by: its sentences and
#: the clauses a comma sets apart.
_PARTS = re.compile(r"[?!.;,]+(?:\s+|$)")
_WH_WORDS = frozenset("what when where who whom whose why how which".split())
#: A message of more parts than this is not a question with a few words beside it.
MAX_PARTS = 4
#: Where a clause describing what a question names begins ("what is the dragon spaceship *that*
#: carries astronauts", "the cupola thing *w* all the windows"): a relative word or "with".
_RELATIVE = re.compile(r"\s+(?:that|which|where|who|whose|with|w)\s+", re.IGNORECASE)
#: Where the question's information (the idf of its own known words) sits in the figures.
_INFORMATION = DECISION_FEATURES.index("information")
#: Weight of the previous answer's subject words when a follow-up leans on it.
CONTEXT_WEIGHT = 0.3
#: A follow-up usually asks for something new: the previous entry itself is marked down, and
#: when it still leads the next entry by less than this, it gives way to it ("who was with him
#: in the capsule?" after the landing is the landing crew, not the landing again).
CONTEXT_SELF_PENALTY = 20.0
CONTEXT_SELF_LEAD = 5.0
#: Two entries whose answers share this much of their words are twins: either is a fine answer,
#: so the margin is measured against the best entry that is not a twin of the top one.
TWIN_OVERLAP = 0.3
#: A follow-up asks about what the previous answer is about: entries about its subjects are
#: marked up by this much (and the overviews of those subjects marked down as the previous
#: entry is: "when did it come down?" after Mir's fire is not Mir's overview).
CONTEXT_SUBJECT_BONUS = 5.0
#: A question read with the previous answer's subject is trusted at a lower score (the context
#: is evidence too) but needs a clearer lead over the runner-up; so is any question the model
#: would refuse on its own ("which module was breached?" after the Mir collision).
CONTEXT_THRESHOLD = 45.0
CONTEXT_MARGIN = 8.0
#: A follow-up whose pronoun points back ("who was with *him*?") is read with the previous
#: answer's subject even when the question alone matches something else confidently.
POINTED_THRESHOLD = 50.0
POINTED_MARGIN = 3.0
#: How many entries keep their analysed answer for the twin test.
ANSWER_CACHE_SIZE = 4096


class Engine:
    """Answers questions from a loaded knowledge base; never raises on user text."""

    def __init__(
        self,
        knowledge: Knowledge,
        config: MatchConfig | None = None,
        confidence: ConfidenceModel | None = None,
    ) -> None:
        """Build the engine (and its index) over ``knowledge``; ``confidence`` decides whether
        the best match of a question asked on its own answers it (default: the shipped model)."""
        self._files = knowledge.files
        self.confidence = confidence or default_model()
        #: every entry, in the knowledge's order (an ``EntryStore`` once saved and read back)
        self.entries: Sequence[Entry] = knowledge.entries
        self._index = {e.id: i for i, e in enumerate(self.entries)}  # id -> position
        self.matcher = Matcher(self.entries, config)
        self.records: tuple[Entry, ...] = tuple(
            sorted(
                (e for e in self.entries if e.record),
                key=lambda e: e.record.record if e.record else "",
            )
        )
        self._record_keys = [_record_key(e) for e in self.records]
        #: the stations, modules, vehicles, people and missions, and the entries about each
        self.subjects = Subjects(self.entries)
        self._answer_cache: dict[int, frozenset[str]] = {}

    @classmethod
    def from_path(
        cls,
        path: Path | str | None = None,
        config: MatchConfig | None = None,
        confidence: ConfidenceModel | None = None,
    ) -> Engine:
        """Load the knowledge at ``path`` (default: the shipped knowledge) and build an engine."""
        knowledge = load_knowledge(Path(path) if path else default_knowledge_dir())
        return cls(knowledge, config, confidence)

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge the engine was built from."""
        return Knowledge(entries=tuple(self.entries), files=self._files)

    def __getstate__(self) -> dict[str, object]:
        """Pickled with its entries as one ``EntryStore`` (see ``bot.engine.store``), which the
        matcher shares: an engine read back from the cache reads an entry only when asked."""
        state = dict(self.__dict__)
        store = EntryStore.of(self.entries)
        matcher = copy.copy(self.matcher)
        matcher.entries = store
        state["entries"], state["matcher"] = store, matcher
        return state

    # -- asking ------------------------------------------------------------------------------

    def ask(self, question: str, context: str | Entry | None = None) -> Answer:
        """Answer ``question``; ``context`` is the previously answered entry (or its id)."""
        if not isinstance(question, str):
            question = str(question)
        analysis = self.matcher.analyse(question)
        plain, figures = self._assess(analysis)
        previous = self._resolve(context)
        probability = self.confidence.probability(figures) if figures is not None else 0.0
        plain_confident = probability >= self.confidence.threshold
        if analysis.asks_opinion:  # a judgement: no fact answers it, before or after an answer
            refused = self._answer(question, plain, confident=False, probability=probability)
            return replace(refused, refusal="opinion")
        if previous is not None:
            # "hi bot" and "tell me a joke" use no word of the knowledge: they say nothing
            informative = figures is not None and figures[_INFORMATION] > 0
            followed = self._follow_up(
                question, analysis, plain, plain_confident, informative, previous
            )
            if followed is not None:
                return followed
        if self._no_subject(analysis, plain):  # "who is Tim Peake?": no entry says who he is
            refused = self._answer(question, plain, confident=False, probability=probability)
            return replace(refused, refusal="no-subject")
        answer = self._answer(question, plain, confident=plain_confident, probability=probability)
        if not answer.answered and analysis.asks_live:
            return replace(answer, refusal="live")
        if not answer.answered:
            return self._answer_a_part(question) or answer
        return answer

    def _no_subject(self, analysis: Analysis, ranked: Sequence[Scored]) -> bool:
        """Whether the question asks who or what something named is and the knowledge has no
        subject of that name, nor a fact written to answer it: the best entry only mentions
        it (``Matcher.asks_of_no_subject``)."""
        return bool(ranked) and self.matcher.asks_of_no_subject(analysis, ranked[0].index)

    def _answer_a_part(self, question: str) -> Answer | None:
        """The overview that one part of ``question`` asks for, when the whole is refused.

        A part is a sentence or a comma-set clause, when no other part asks a question of its
        own: "who was Yuri Gagarin? my son is asking", "ok so what was Mir, the Russian one".
        Or it is the words before a clause that describes what they name: "what was the space
        shuttle that looked like a plane?". None when no such part gets an overview the model
        is sure of."""
        parts = [p for p in _PARTS.split(question) if p.strip()]
        if 2 <= len(parts) <= MAX_PARTS:
            found = self._overview_of_a_part(question, parts)
            if found is not None:
                return found
        for clause in _RELATIVE.finditer(question):
            head = question[: clause.start()]
            if len(head.split()) >= 2:  # "what's *that* cupola thing w ...": not yet
                return self._overview_of_a_part(question, [head])
        return None

    def _overview_of_a_part(self, question: str, parts: Sequence[str]) -> Answer | None:
        """``question`` answered with the overview one of its ``parts`` asks for, if the model
        is sure of it and no other part asks a question of its own (a wh-word)."""
        analyses = [self.matcher.analyse(part) for part in parts]
        asking = [not _WH_WORDS.isdisjoint(a.words) for a in analyses]
        best: tuple[float, list[Scored]] | None = None
        for k, analysis in enumerate(analyses):
            if analysis.asks_opinion or any(asking[:k] + asking[k + 1 :]):
                continue  # another part asks a question of its own: an overview misses it
            if not self.matcher.asks_overview(analysis):
                continue  # it does not ask what one thing is
            plain, figures = self._assess(analysis)
            if figures is None:
                continue
            probability = self.confidence.probability(figures)
            overview = self.entries[plain[0].index].subject is not None
            if (
                overview
                and probability >= self.confidence.threshold
                and (best is None or probability > best[0])
            ):
                best = (probability, list(plain))
        if best is None:
            return None
        return self._answer(question, best[1], confident=True, probability=best[0])

    def _follow_up(
        self,
        question: str,
        analysis: Analysis,
        plain: Sequence[Scored],
        plain_confident: bool,
        informative: bool,
        previous: Entry,
    ) -> Answer | None:
        """The answer read with the previous answer's subject, or None to answer ``question``
        as asked alone. A question that says little or points back ("when did *it* launch?")
        leans on the previous answer even when it matches something else on its own; any other
        question only when the model would refuse it on its own."""
        elliptic = analysis.has_anaphor or len(analysis.content) <= 2
        if (plain_confident and not elliptic) or not self._may_lean(
            analysis, plain, plain_confident, informative, previous
        ):
            return None
        subject = [(w, CONTEXT_WEIGHT) for w in _subject_words(previous)]
        leaned = self.matcher.rank(analysis, extra=subject, limit=MAX_SUGGESTIONS + 2)
        leaned = _mark_down(leaned, self.entries, previous.id)
        leaned = self._lean_on_subjects(leaned, previous)
        if leaned and self.confidence.rules_out(leaned[0]):
            return None
        # after an overview, a question that neither points back nor is short is a new one:
        # everything about the subject would otherwise match its name ("how do astronauts
        # vote from space?" after Chris Hadfield's card is not his first spacewalk)
        unpointed = previous.subject is None and not plain_confident
        if (unpointed and self._confident(leaned, CONTEXT_THRESHOLD, CONTEXT_MARGIN)) or (
            elliptic
            and (
                self._confident(leaned)
                or (
                    analysis.points_back
                    and self._confident(leaned, POINTED_THRESHOLD, POINTED_MARGIN)
                )
            )
        ):
            return self._answer(question, leaned, confident=True, used_context=True)
        return None

    def _lean_on_subjects(self, ranked: list[Scored], previous: Entry) -> list[Scored]:
        """``ranked`` with the overviews of the previous fact's subjects marked down as the
        previous entry is, then in the order of their scores with the entries about the
        previous answer's subjects (or about the previous subject itself) marked up by
        ``CONTEXT_SUBJECT_BONUS``. The mark-up orders; it does not raise the score the
        thresholds read, so a weak match is no surer for being about the same thing."""
        about = {s.id for s in self.subjects.of(previous)}
        if not about:
            return ranked
        lowered = [
            Scored(s.index, s.score - CONTEXT_SELF_PENALTY, s.words, s.features)
            if self.entries[s.index].id in about and previous.subject is None
            else s
            for s in ranked
        ]

        def lifted(scored: Scored) -> float:
            linked = about.intersection(self.entries[scored.index].subjects)
            return scored.score + (CONTEXT_SUBJECT_BONUS if linked else 0.0)

        return sorted(lowered, key=lifted, reverse=True)

    def _may_lean(
        self,
        analysis: Analysis,
        plain: Sequence[Scored],
        plain_confident: bool,
        informative: bool,
        previous: Entry,
    ) -> bool:
        """Whether ``analysis`` may be read with the previous answer's subject. Not a message
        that asks nothing the knowledge knows ("hi bot", "tell me a joke"); not one that speaks
        to the bot and points at nothing said before ("who are you?"); not a question that
        names, before any pronoun, something the previous answer never mentions ("how old was
        Gagarin when he died?"); and not a question that, on its own, confidently asks for the
        previous entry again (a re-ask gets the same answer, where a follow-up would mark it
        down)."""
        if not analysis.intents and not informative:
            return False
        if analysis.speaks_to_listener and not analysis.points_back:
            return False  # "who are you?", "what's your name?": about the bot, not the answer
        index = self._index.get(previous.id)
        if index is not None and self.matcher.names_new(analysis, index):
            return False
        return not (plain_confident and plain and self.entries[plain[0].index].id == previous.id)

    def assess(self, question: str) -> tuple[list[Scored], list[float] | None]:
        """The entries best matching ``question`` on its own, best first, and the figures the
        confidence model decides on (None when nothing matches)."""
        return self._assess(self.matcher.analyse(question))

    def _assess(self, analysis: Analysis) -> tuple[list[Scored], list[float] | None]:
        ranked, information = self.matcher.assess(analysis, limit=self.matcher.config.candidates)
        if not ranked:
            return ranked, None
        lead = ranked[0].score - self._runner_up(ranked)
        return ranked, decision_figures(ranked, lead, information)

    def _confident(
        self, ranked: Sequence[Scored], threshold: float | None = None, margin: float | None = None
    ) -> bool:
        """Top score over the threshold and a margin over the best entry that is not its twin
        (for follow-ups read with the previous answer's subject)."""
        if not ranked:
            return False
        config = self.matcher.config
        threshold = config.threshold if threshold is None else threshold
        margin = config.margin if margin is None else margin
        return ranked[0].score >= threshold and ranked[0].score - self._runner_up(ranked) >= margin

    def _runner_up(self, ranked: Sequence[Scored]) -> float:
        """The best score of an entry that is not the top entry's twin (0 when there is none)."""
        top = ranked[0]
        return next((s.score for s in ranked[1:] if not self._twins(top.index, s.index)), 0.0)

    def _twins(self, a: int, b: int) -> bool:
        """Whether two entries tell much the same thing (their answers share most words)."""
        words_a, words_b = self._answer_words(a), self._answer_words(b)
        union = len(words_a | words_b)
        return bool(union) and len(words_a & words_b) / union >= TWIN_OVERLAP

    def _answer_words(self, index: int) -> frozenset[str]:
        words = self._answer_cache.get(index)
        if words is None:
            if len(self._answer_cache) >= ANSWER_CACHE_SIZE:  # bounded for huge knowledge
                self._answer_cache.clear()
            words = frozenset(analyse(self.entries[index].answer).content)
            self._answer_cache[index] = words
        return words

    def _answer(
        self,
        question: str,
        ranked: Sequence[Scored],
        confident: bool,
        used_context: bool = False,
        probability: float | None = None,
    ) -> Answer:
        if confident:
            best = ranked[0]
            entry = self.entries[best.index]
            return Answer(question, True, entry, _shown(best.score), (), used_context, probability)
        floor = self.matcher.config.suggestion_floor
        suggestions = tuple(
            Suggestion(
                self.matcher.closest_question(s),
                self.entries[s.index].id,
                _shown(s.score),
            )
            for s in ranked[:MAX_SUGGESTIONS]
            if s.score >= floor
        )
        score = _shown(ranked[0].score) if ranked else 0.0
        return Answer(question, False, None, score, suggestions, used_context, probability)

    def _resolve(self, context: str | Entry | None) -> Entry | None:
        if isinstance(context, Entry):  # this engine's own entry of that id, if any
            own = self._entry(context.id)
            return own if own == context else None
        if isinstance(context, str):
            return self._entry(context)
        return None

    # -- lookups -----------------------------------------------------------------------------

    def get(self, entry_id: str) -> Entry | None:
        """Return the entry with ``entry_id``, or None."""
        return self._entry(entry_id.strip().lower())

    def _entry(self, entry_id: str) -> Entry | None:
        index = self._index.get(entry_id)
        return None if index is None else self.entries[index]

    @property
    def topics(self) -> tuple[str, ...]:
        """The topics present in the knowledge, sorted."""
        return tuple(sorted({e.topic for e in self.entries}))

    def random_entry(
        self, topic: str | None = None, rng: random.Random | None = None
    ) -> Entry | None:
        """Return a random fact or record (of ``topic`` when given), or None when there is
        none (a subject is an overview, not a fact)."""
        pool = [
            e for e in self.entries if e.subject is None and (topic is None or e.topic == topic)
        ]
        return (rng or random).choice(pool) if pool else None

    def search_records(self, text: str, limit: int = 25) -> list[Entry]:
        """Records whose name, holder or aliases resemble ``text`` (autocomplete), best first."""
        limit = max(0, min(limit, 25))
        query = " ".join(analyse(text).words)
        if not query:
            return list(self.records[:limit])
        found = process.extract(
            query, self._record_keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=50
        )
        return [self.records[index] for _, _, index in found]

    def find_record(self, text: str) -> Entry | None:
        """The record that ``text`` names: by id, exact name, or a clear fuzzy match."""
        entry = self.get(text)
        if entry is not None and entry.record is not None:
            return entry
        wanted = text.strip().casefold()
        for record in self.records:
            if record.record and record.record.record.casefold() == wanted:
                return record
        query = " ".join(analyse(text).words)
        if not query:
            return None
        found = process.extract(
            query, self._record_keys, scorer=fuzz.WRatio, limit=2, score_cutoff=75
        )
        if found and (len(found) == 1 or found[0][1] - found[1][1] >= 3):
            return self.records[found[0][2]]
        return None


def _shown(score: float) -> float:
    """A ranking score as shown to people: 0 to 100."""
    return max(0.0, min(score, 100.0))


def _record_key(entry: Entry) -> str:
    assert entry.record is not None
    parts = [entry.record.record, entry.record.holder, *entry.aliases]
    return " ".join(analyse(" ".join(parts)).words)


def _subject_words(entry: Entry) -> list[str]:
    words: dict[str, None] = {}
    # a subject by its name alone: its aliases hold full names and titles ("Commander Chris
    # Hadfield") whose other words would pull in anything about commanders
    texts = [entry.subject.name] if entry.subject is not None else list(entry.aliases)
    if entry.record is not None:
        texts.append(entry.record.holder)
    for text in texts:
        for word in analyse(text).content:
            words.setdefault(word, None)
    return list(words)[:8]


def _mark_down(ranked: list[Scored], entries: Sequence[Entry], entry_id: str) -> list[Scored]:
    """``ranked`` with the previous entry marked down, and left out if it still leads the next
    entry by less than ``CONTEXT_SELF_LEAD``."""
    adjusted = [
        Scored(s.index, s.score - CONTEXT_SELF_PENALTY, s.words, s.features)
        if entries[s.index].id == entry_id
        else s
        for s in ranked
    ]
    adjusted.sort(key=lambda s: s.score, reverse=True)
    if (
        len(adjusted) > 1
        and entries[adjusted[0].index].id == entry_id
        and adjusted[0].score - adjusted[1].score < CONTEXT_SELF_LEAD
    ):
        return adjusted[1:]
    return adjusted
