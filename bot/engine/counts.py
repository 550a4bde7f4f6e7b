"""What a "how many" question counts, and what a text gives a number of.

"How many spacewalks did Jerry Ross make?" asks a number of spacewalks; an entry whose answer
gives a number of spaceflights (and of no spacewalks) does not answer it, however many of its
words it shares. An entry counts what its answer gives a number of, and what its own questions ask
the number of ("how many crew...?" of an answer saying "7 people"). The matcher turns this into
a feature the confidence model weighs.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.normalise import STOPWORDS, stem

#: A number gives a count of the words up to this many places after it ("3 long spacewalks").
REACH = 4
#: Words for people all count people: "how many astronauts fit" is answered by "carries 3 people".
_PEOPLE = frozenset(
    stem(word) for word in "people crew astronaut member folks men man woman guy".split()
)
PEOPLE = stem("people")
#: Words for a trip to space all count flights: "how many spaceflights did Padalka make" is
#: answered by "over five flights", and "the most trips to space is 7" counts flights too.
_FLIGHTS = frozenset(stem(word) for word in "flight spaceflight trip".split())
FLIGHT = stem("flight")


def _thing(word: str) -> str:
    """What ``word`` counts, stemmed: any word for people counts people, any word for a
    trip to space counts flights."""
    stemmed = stem(word)
    if stemmed in _PEOPLE:
        return PEOPLE
    return FLIGHT if stemmed in _FLIGHTS else stemmed


def asked_count(words: Sequence[str]) -> str | None:
    """The thing a question asks the number of, stemmed ("how many spacewalks": "spacewalk"):
    the first content word of the two after "how many"; None when it asks no count."""
    for i in range(len(words) - 2):
        if words[i] == "how" and words[i + 1] == "many":
            for word in words[i + 2 : i + 4]:
                if word not in STOPWORDS and not word.isdigit():
                    return _thing(word)
            return None
    return None


#: Words before a number that make a four-digit number a year: "in 1998 the crew" counts no crew.
_BEFORE_YEAR = frozenset(
    """
    in since by until till from of before after during early late mid around year
    january february march april may june july august september october november december
    """.split()
)


def _year(number: str, before: str) -> bool:
    """Whether ``number`` (digits) is a year of the space age, going by the word before it."""
    return len(number) == 4 and 1950 <= int(number) <= 2100 and before in _BEFORE_YEAR


def counted(words: Sequence[str]) -> set[str]:
    """The words of a text (stemmed) that follow a number within ``REACH`` places: what it
    gives a number of ("made 3 spacewalks": "spacewalk")."""
    found: set[str] = set()
    last_number = -REACH - 1
    for i, word in enumerate(words):
        if word.isdigit():
            if not _year(word, words[i - 1] if i else ""):
                last_number = i
        elif i - last_number <= REACH and word not in STOPWORDS:
            found.add(_thing(word))
    return found
