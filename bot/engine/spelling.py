"""Respell a mistyped word as the known word it was meant to be ("staion" -> "station").

Known words are the words of the knowledge as written (questions, aliases, answers, record
fields) and the words the normaliser knows (filler, number words, spellings it folds). A word is
respelled only when a known word
- is at most one edit away (two from six letters on; swapping two neighbouring letters counts
  as one edit), alike overall (rapidfuzz ratio) and starts with the same letter, or, when no
  such word exists, is exactly one edit away with another first letter ("eklly", "hirst"), and
- the word typed is not itself a common English word: "tall", "plant" and "weather" are meant
  as typed, not as "tell", "planet" and "water" (wordfreq's list of common words decides).
Among words equally many edits away one with the same letters wins ("firts" is "first", two
letters swapped, not "fits"), then the most alike ("vistor" is "visitor", not "viktor"), then the
one the knowledge uses most. Three-letter words are respelled only as filler ("whn" ->
"when"): three letters are too few to guess a content word from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

#: Shortest word respelled as a content word, and as a filler word.
MIN_CONTENT_LENGTH = 4
MIN_FILLER_LENGTH = 3
#: From this length on a misspelling may be two edits away from the word meant.
LONG_WORD = 6
#: How alike (rapidfuzz ratio, 0-100) a misspelling and the word meant must be, unless the
#: misspelling only swaps two letters ("fsat"). 75 lets one letter of four differ ("hixh");
#: real words such as "tall" are kept from becoming "tell" by the common-word test instead.
SIMILARITY = 75.0
#: How many respellings are remembered (the same typos come back).
CACHE_SIZE = 8192


class Speller:
    """Maps words as typed to known words; a word with no close known word stays as typed."""

    def __init__(
        self,
        known: Mapping[str, int] | Iterable[str],
        filler: Iterable[str] = (),
        is_common: Callable[[str], bool] | None = None,
    ) -> None:
        """``known``: the known words with how often the knowledge uses them (more often wins
        a tie), or just the words, once per use; ``filler`` are known words too.

        ``is_common`` tells a real word from a typo (default: wordfreq's common English words).
        """
        self._filler = frozenset(filler)
        self._is_common = is_common
        self._common_english: frozenset[str] | None = None  # read on first need, or by warm()
        counts = Counter(known)  # a mapping's counts are taken as they are
        counts.update(w for w in self._filler if w not in counts)
        self._counts = {w: n for w, n in counts.items() if w.isalpha()}
        self._pools: dict[tuple[str, int], list[str]] = {}
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(self._counts):  # pools by first letter and length, in a stable order
            self._pools.setdefault((word[0], len(word)), []).append(word)
            self._by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str] = {}

    def respell(self, word: str) -> str:
        """The known word ``word`` was meant to be, or ``word`` itself."""
        if word in self._counts or len(word) < MIN_FILLER_LENGTH or not word.isalpha():
            return word
        found = self._cache.get(word)
        if found is None:
            found = self._closest(word)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[word] = found
        return found

    def _closest(self, word: str) -> str:
        allowed = 1 if len(word) < LONG_WORD else 2
        pool = [
            w
            for n in range(len(word) - allowed, len(word) + allowed + 1)
            for w in self._pools.get((word[0], n), ())
        ]
        near = self._near(word, pool, allowed)
        if not near and len(word) >= MIN_CONTENT_LENGTH:  # the first letter mistyped: one edit
            pool = [
                w
                for n in range(len(word) - 1, len(word) + 2)
                for w in self._by_length.get(n, ())
                if w[0] != word[0]
            ]
            near = self._near(word, pool, 1)
        if len(word) < MIN_CONTENT_LENGTH:  # "whn" may be "when", but "dog" is not "do"
            near = [n for n in near if n[0] in self._filler and len(n[0]) >= len(word)]
        if not near or self._common(word):  # asked only when there is a word it could be
            return word
        best = min(
            near,
            key=lambda n: (
                n[1],
                sorted(n[0]) != sorted(word),  # two letters swapped: the commonest slip
                -fuzz.ratio(word, n[0]),
                -self._counts[n[0]],
                n[0],
            ),
        )
        return best[0]

    def warm(self) -> None:
        """Read the common English words now (about 0.2 s) rather than at the first typo; a
        pickled speller then carries them (``cache``)."""
        if self._is_common is None and self._common_english is None:
            self._common_english = _common_english_words()

    def _common(self, word: str) -> bool:
        if self._is_common is not None:
            return self._is_common(word)
        self.warm()
        return word in (self._common_english or ())

    def _near(self, word: str, pool: list[str], allowed: int) -> list[tuple[str, float]]:
        """The words of ``pool`` at most ``allowed`` edits from ``word`` and alike overall."""
        if not pool:
            return []
        near = process.extract(word, pool, scorer=OSA.distance, score_cutoff=allowed, limit=None)
        return [(str(w), float(d)) for w, d, _ in near if _alike(word, str(w))]


@cache
def _common_english_words() -> frozenset[str]:
    # imported and read on first use only (about 0.25 s), so most questions never pay for it
    from wordfreq import get_frequency_dict

    return frozenset(get_frequency_dict("en", wordlist="small"))


def _alike(typed: str, known: str) -> bool:
    """Close enough to be a typo: similar overall, or the same letters with two swapped."""
    if fuzz.ratio(typed, known) >= SIMILARITY:
        return True
    return len(typed) == len(known) and sorted(typed) == sorted(known)
