"""What a question asks for beyond its words: the kind of answer (when, where, who...), and
whether it asks for a judgement or about this very moment, which no cited fact answers.

Everything here reads a question's canonical words (``normalise``) and nothing else.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

#: Nouns after "what" or "which" that ask a date, a place or a person ("which year", "what
#: town", "which astronaut").
TIME_NOUNS = frozenset(["day", "date", "year", "month", "time"])
PLACE_NOUNS = frozenset("place country city town site spaceport cosmodrome location".split())
PERSON_NOUNS = frozenset(
    "astronaut person man woman guy people crew name names commander pilot".split()
)


#: Words that may open a question before its wh-word ("and when it landed?", "ok where they
#: went?"): after one of these a wh-word still asks.
_OPENERS = frozenset("and so then but ok okay wait also cool yo hey um well oh now right".split())
#: The subject of a clause: a wh-word between a word of the sentence and one of these opens a
#: clause inside the sentence ("how old was Tito *when he* launched", "the twin study *where
#: his* brother stayed home"), it does not ask when or where.
_SUBJECTS = frozenset("he she they it we i his her their its the a an".split())
_CLAUSE_OPENERS = frozenset("when where who whom whose why".split())


#: Every marker ``intents`` gives starts at one of these words.
_ASKING = frozenset("when date what which where who whom whose why how number".split())


def intents(words: Sequence[str]) -> list[str]:
    """Markers of the kind of answer asked for ("?when", "?where", "?who", "?why", "?count",
    "?long"), from wh-words and their common stand-ins, in the canonical ``words``."""
    found: list[str] = []
    if _ASKING.isdisjoint(words):  # most of an index's phrases: nothing to look at
        return found
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if word in _CLAUSE_OPENERS and i and after in _SUBJECTS and words[i - 1] not in _OPENERS:
            continue  # a clause inside the sentence, not its question
        if word == "when" or word == "date" or (word in ("what", "which") and after in TIME_NOUNS):
            found.append("?when")
        elif word == "where" and "get" in words[i + 1 :] and words[-1] == "from":
            continue  # "where does it get its power from": a source, not a place
        elif word == "where" or (word in ("what", "which") and after in PLACE_NOUNS):
            found.append("?where")
        elif _asks_who(word, after):
            found.append("?who")
        elif word == "why":
            found.append("?why")
        elif (word == "how" and after in ("many", "much")) or (word == "number" and after == "of"):
            found.append("?count")
        elif word == "how" and after == "long":
            found.append("?long")
    return found


#: Words that, in a question asking who, ask who was in a group or with someone: "who flew
#: *with* Ed White", "who was *on* that crew", "who *else* stayed", "who was *aboard*".
_COMPANY = frozenset("with alongside along else crew crewmate name names aboard on".split())


def company(words: Sequence[str]) -> bool:
    """Whether the canonical ``words`` ask who was in a group or with someone: a word of
    company after the words asking who ("who flew *with* him"; not "was the spacewalk *on*
    Gemini 4, and who was it?", nor "on what day", which asks a date)."""
    if "?who" not in intents(words):
        return False
    asking = _asks_who_at(words)
    return any(
        word in _COMPANY and not (word == "on" and after in ("what", "which"))
        for word, after in itertools.pairwise([*words[asking + 1 :], ""])
    )


def _asks_who(word: str, after: str) -> bool:
    """Whether ``word`` (and the word ``after`` it) ask who: "who", or "which astronaut"."""
    return word in ("who", "whom", "whose") or (word in ("what", "which") and after in PERSON_NOUNS)


def _asks_who_at(words: Sequence[str]) -> int:
    """Where the words asking who begin (0 when none do)."""
    pairs = itertools.pairwise([*words, ""])
    return next((i for i, (word, after) in enumerate(pairs) if _asks_who(word, after)), 0)


#: Words and word pairs that ask for a judgement: a bot that answers with sources has none.
_OPINION_WORDS = frozenset(
    "opinion opinions better worse coolest overrated underrated blame".split()
)
_OPINION_PAIRS = frozenset(
    [
        ("you", "think"),
        ("you", "reckon"),
        ("should", "have"),
        ("shouldnt", "have"),
        ("whose", "fault"),  # blame; "what fault caused the leak" is a defect
        ("at", "fault"),
    ]
)
_WORTH_WHAT = frozenset("it the all that".split())
#: "the greatest astronaut" is praise; "the greatest number of spacewalks" is a record.
_PRAISE = frozenset("greatest best worst".split())
_PRAISED = frozenset("astronaut station module mission spacecraft rocket people".split())


#: Words and word pairs that ask about this very moment.
_LIVE_WORDS = frozenset("currently tonight today".split())
_LIVE_PAIRS = frozenset([("right", "now"), ("this", "week"), ("these", "days")])


def opinion(words: Sequence[str]) -> bool:
    """Whether ``words`` ask for a judgement, not a fact ("was the ISS worth the money?",
    "which was better, Mir or Skylab?", "whose fault was it?", "the greatest astronaut")."""
    if any(w in _OPINION_WORDS for w in words) or words[:1] == ("should",):
        return True
    if words[-1:] == ("fault",):  # "was it Russia's fault?"
        return True
    for a, b in itertools.pairwise(words):
        if (a, b) in _OPINION_PAIRS or (a in _PRAISE and b in _PRAISED):
            return True
        if a == "worth" and b in _WORTH_WHAT:  # "worth it", "worth the money", not a price
            return True
    return False


def live(words: Sequence[str]) -> bool:
    """Whether ``words`` ask how things stand at this very moment ("right now", "currently",
    "tonight", "at the moment"), not at a moment in the past ("the moment Nauka docked")."""
    return (
        not _LIVE_WORDS.isdisjoint(words)
        or any(pair in _LIVE_PAIRS for pair in itertools.pairwise(words))
        or any(tuple(words[k : k + 3]) == ("at", "the", "moment") for k in range(len(words) - 2))
    )


#: Words that ask about what is still to come: "when *will* Starliner fly again?", "is it
#: *gonna* crash?" ("next" is not one: "the next record" after Skylab's was set in 1978).
_FUTURE_WORDS = frozenset("will wont gonna".split())
#: Words of a text that speak of what is still to come, or was when it was written.
_FUTURE_TOLD = frozenset(
    "will would plan plans planned planning scheduled expected due upcoming future slipped".split()
)


def future(words: Sequence[str]) -> bool:
    """Whether ``words`` ask about the future, which only a text that speaks of it answers."""
    return not _FUTURE_WORDS.isdisjoint(words)


def tells_future(words: Sequence[str]) -> bool:
    """Whether a text (its canonical ``words``) speaks of the future ("will be deorbited",
    "is planned for 2030", "is to be launched")."""
    return not _FUTURE_TOLD.isdisjoint(words) or ("to", "be") in itertools.pairwise(words)
