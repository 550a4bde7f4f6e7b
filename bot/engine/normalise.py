"""Turn free text into canonical tokens: the same question typed any way gives the same tokens."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.engine import asks, lexicon

#: Longer input is cut before analysis: no real question is this long, and it bounds the work.
MAX_INPUT_CHARS = 600

_DISCORD_MARKUP = re.compile(r"<a?:(\w+):\d+>|<(?:@[!&]?|#)\d+>|<t:\d+(?::\w)?>")
_US = re.compile(r"\bU\.?S\.?(?:A\.?)?(?=\W|$)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_POSSESSIVE = re.compile(r"(\w)'s\b")
_APOSTROPHE = re.compile(r"(\w)'(\w)")
_THOUSANDS = re.compile(r"(?<=\d)[,_](?=\d{3}\b)")
#: A word as typed: letters and digits, with a dot only between digits ("3.5"); anything else
#: ("_", "-", "'", a full stop) parts words. (Finding them is a third faster than splitting.)
_WORD = re.compile(r"[^\W_]+(?:(?<=\d)\.(?=\d)[^\W_]+)*")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORDS = frozenset(_UNITS.keys() | _TENS.keys() | _SCALES.keys())
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third"}

#: Multi-word phrases folded into one canonical token before single words are mapped.
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("international", "space", "station"): ("iss",),
    ("space", "walk"): ("spacewalk",),
    ("space", "walks"): ("spacewalk",),
    ("spacewalking",): ("spacewalk",),
    ("extra", "vehicular", "activity"): ("spacewalk",),
    ("extravehicular", "activity"): ("spacewalk",),
    ("eva",): ("spacewalk",),
    ("evas",): ("spacewalk",),
    ("walk", "in", "space"): ("spacewalk",),
    # number words are digits by the time phrases are read: "zero g" is ("0", "g")
    ("0", "g"): ("microgravity",),
    ("0", "gravity"): ("microgravity",),
    ("weightlessness",): ("microgravity",),
    ("weightless",): ("microgravity",),
    ("mission", "control"): ("missioncontrol",),
    ("u", "s"): ("usa",),
    ("united", "states"): ("usa",),
    ("america",): ("usa",),
    ("american",): ("usa",),
    ("americans",): ("usa",),
    ("soviet", "union"): ("soviet",),
    ("ussr",): ("soviet",),
    ("russian",): ("russia",),
    ("russians",): ("russia",),
    ("chinese",): ("china",),
    ("japanese",): ("japan",),
    ("european",): ("europe",),
    ("twin", "brother"): ("twin",),
    ("tiangong", "space", "station"): ("tiangong",),
}

#: Single-word spellings, slang and synonyms mapped to one canonical word.
_WORDS: dict[str, str] = {
    # people: transliterations and common misspellings
    "korniyenko": "kornienko", "kornienco": "kornienko", "korniyenco": "kornienko",
    "poliakov": "polyakov", "polyakow": "polyakov", "valery": "valeri", "valeriy": "valeri",
    "avdeev": "avdeyev", "sergei": "sergey", "sergej": "sergey", "gennadi": "gennady",
    "gennadiy": "gennady", "mikhael": "mikhail", "michail": "mikhail", "yury": "yuri",
    "yuriy": "yuri", "aleksei": "alexei", "alexey": "alexei", "aleksey": "alexei",
    "oleg": "oleg", "kononenko": "kononenko", "fyodor": "fyodor", "salut": "salyut",
    "saljut": "salyut", "zaria": "zarya", "anatoli": "anatoly", "nikolay": "nikolai",
    # roles
    "cosmonaut": "astronaut", "cosmonauts": "astronaut", "taikonaut": "astronaut",
    "taikonauts": "astronaut", "spaceman": "astronaut", "spacemen": "astronaut",
    "spacewoman": "astronaut", "astronauts": "astronaut", "crewmember": "crew",
    "crewmembers": "crew", "crewmates": "crew", "crewmate": "crew",
    # units and abbreviations
    "h": "hour", "min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour", "yr": "year",
    "yrs": "year", "km": "kilometre", "kms": "kilometre", "kilometer": "kilometre",
    "kilometers": "kilometre", "kilometres": "kilometre", "mi": "mile", "meter": "metre",
    "meters": "metre", "metres": "metre", "kg": "kilogram", "kgs": "kilogram",
    "lbs": "pound", "lb": "pound", "mph": "mile", "kph": "kilometre", "centre": "center",
    "programme": "program", "programmes": "program", "favourite": "favorite",
    "colour": "color", "travelled": "traveled", "travelling": "traveling",
    "orbitting": "orbiting", "bday": "birthday",
    # chat spellings
    "u": "you", "ur": "your", "r": "are", "wat": "what", "wut": "what", "whats": "what",
    "wats": "what", "whos": "who", "hows": "how", "wheres": "where", "whens": "when",
    "ppl": "people", "peeps": "people", "tho": "though", "thx": "thanks", "bc": "because",
    "cuz": "because", "coz": "because", "abt": "about", "w": "with", "govt": "government",
    "dudes": "dude", "guys": "guy", "us": "us", "usa": "usa", "whered": "where",
    "whend": "when", "whod": "who", "whatd": "what", "wen": "when",
    "whys": "why", "ships": "spacecraft", "ship": "spacecraft", "vehicle": "spacecraft",
    "vehicles": "spacecraft", "spaceflights": "spaceflight", "flights": "flight",
    # irregular forms the stemmer cannot strip
    "flew": "fly", "flown": "fly", "flies": "fly", "went": "go", "gone": "go", "goes": "go",
    "held": "hold", "holds": "hold", "holder": "hold", "holders": "hold",
    "beaten": "beat", "beats": "beat", "broke": "break", "broken": "break", "breaks": "break",
    "took": "take", "taken": "take", "takes": "take", "made": "make", "makes": "make",
    "built": "build", "builds": "build", "won": "win", "wins": "win", "fell": "fall",
    "fallen": "fall", "falls": "fall", "began": "begin", "begun": "begin", "begins": "begin",
    "grew": "grow", "grown": "grow", "kept": "keep", "keeps": "keep", "got": "get",
    "gotten": "get", "gets": "get", "led": "lead", "leads": "lead", "spent": "spend",
}  # fmt: skip

#: Both tables in one, each word mapped to its final form ("orbitting" -> "orbiting" -> "orbit").
_FOLD_WORDS: dict[str, str] = {
    **{word: lexicon.WORDS.get(meant, meant) for word, meant in _WORDS.items()},
    **lexicon.WORDS,
}
#: "man", "guy" and "dude" are chat filler ("man, how fast is it"), but after "first", "last",
#: "oldest" or "youngest" they are the person asked about ("the first man in space").
_PERSON_AFTER: dict[tuple[str, ...], tuple[str, ...]] = {
    (rank, word): (rank, "people")
    for rank in ("first", "last", "oldest", "youngest")
    for word in ("man", "men", "guy", "guys", "dude", "dudes")
}
_FOLD_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    **_PHRASES,
    **_PERSON_AFTER,
    **lexicon.PHRASES,
}
_PHRASE_STARTS: frozenset[str] = frozenset(phrase[0] for phrase in _FOLD_PHRASES)

#: Words that carry no meaning for matching (kept in the canonical text, left out of content).
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if of in on at to for from by with without about into onto over
    under as is are was were be been being am do does did done doing have has had having
    will would shall should can could may might must it its it's this that these those there
    here then than so such very too also just only even still yet again ever i me my mine we
    us our ours you your yours he him his she her hers they them their theirs what who whom
    whose which when where why how whats tell know knew say said says please pls plz thanks
    thank thx hi hey hello yo sup hiya lol lmao lmfao rofl omg ok okay um uh uhh hmm bro
    bruh dude guy guys man mate fam tho though anyone someone somebody something anything
    anybody everybody everyone nobody thing things stuff kind sort bit lot lots really actually
    basically literally exactly
    quite pretty wanna gonna gotta let lets let's want wondering wonder curious question
    questions asking ask bot stationbot remind explain describe give show out up down off
    back onto via per vs versus didnt doesnt dont isnt wasnt werent cant wont aint havent
    hasnt im ive id youre theyre thats theres heres whats whos
    like rn even wait yeah yep nah idk tbh ngl btw imo kinda sorta anyway anyways haha hahaha xd
    fr tf
    one some any else itself themselves himself herself myself own finally anywhere somewhere
    alongside during through throughout within upon toward towards among across
    """.split()
)

#: Words that make a question lean on the previous answer ("when did it launch?").
#: Pronouns among them point back at it for sure ("who was with *him*?").
POINTERS: frozenset[str] = frozenset(
    "he him his she her hers it its they them their theirs that this there those these".split()
)
ANAPHORS: frozenset[str] = POINTERS | frozenset("and also then".split())
#: Words that speak to the bot itself ("who are *you*?"): chat, not a question about the last
#: answer, unless a pronoun also points back at it ("can you tell me when *it* launched?").
LISTENER: frozenset[str] = frozenset("you your yours yourself ya ur youre".split())


@dataclass(frozen=True, slots=True)
class Analysis:
    """A question taken apart: every canonical word, and the content words that carry meaning."""

    words: tuple[str, ...]
    content: tuple[str, ...]
    #: content words that are a respelling of what was typed ("nite" read as the name "nie")
    respelled: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The canonical text: all words, space-separated."""
        return " ".join(self.words)

    @property
    def content_text(self) -> str:
        """The content words, space-separated (what fuzzy ratios compare)."""
        return " ".join(self.content)

    @property
    def intents(self) -> tuple[str, ...]:
        """The kinds of answer the question asks for ("?when", "?who"...), if any."""
        return tuple(w for w in self.content if w.startswith("?"))

    @property
    def has_anaphor(self) -> bool:
        """Whether the question leans on something said before ("it", "he", "and ...", "what
        about ..."); a question that merely starts with "what" does not."""
        words = self.words
        return any(w in ANAPHORS for w in words) or ("what", "about") in itertools.pairwise(words)

    @property
    def asks_opinion(self) -> bool:
        """Whether the question asks for a judgement, not a fact ("was the ISS worth the
        money?", "which was better, Mir or the ISS?", "who's the greatest astronaut?")."""
        return asks.opinion(self.words)

    @property
    def asks_live(self) -> bool:
        """Whether the question asks how things stand at this moment ("who is on the ISS right
        now?", "when does it pass over London tonight?"): the knowledge holds facts as of a
        date, not live data."""
        return asks.live(self.words)

    @property
    def asks_future(self) -> bool:
        """Whether the question asks about the future ("when will Starliner fly again?"): an
        answer telling only the past does not answer it."""
        return asks.future(self.words)

    @property
    def asks_company(self) -> bool:
        """Whether the question asks who was in a group or with someone ("who was on the last
        Skylab crew?", "who flew with Ed White?"): only an answer naming people answers it."""
        return asks.company(self.words)

    @property
    def speaks_to_listener(self) -> bool:
        """Whether the question speaks to the bot ("who are you?", "what's your name?")."""
        return any(w in LISTENER for w in self.words)

    @property
    def points_back(self) -> bool:
        """Whether a pronoun in the question points at something said before ("it", "him")."""
        return any(w in POINTERS for w in self.words)


def analyse(text: str, respell: Callable[[str], str] | None = None) -> Analysis:
    """Normalise ``text`` and split it into canonical words and content words.

    Content words include an intent marker ("?when", "?who"...) for what kind of answer the
    question wants, so "when did they land" and "where did they land" can tell two entries apart.
    ``respell`` maps each word as typed (see ``raw_words``) to the word meant, before numbers,
    phrases and synonyms are folded, so "internatonal space staion" still becomes "iss".
    """
    typed = raw_words(text)
    if respell is None:
        return analyse_typed(typed)
    meant = [respell(w) for w in typed]
    analysis = analyse_typed(meant)
    changed = [m for w, m in zip(typed, meant, strict=True) if m != w]
    if not changed:
        return analysis
    return Analysis(analysis.words, analysis.content, frozenset(analyse_typed(changed).content))


def analyse_typed(typed: Sequence[str]) -> Analysis:
    """``analyse`` for words already split as typed (the output of ``raw_words``)."""
    words = tuple(_fold(typed))
    content = [stem(w) for w in words if w not in STOPWORDS]
    content.extend(asks.intents(words))
    return Analysis(words, tuple(dict.fromkeys(content)))


def normalise(text: str) -> str:
    """Return the canonical form of ``text``: case-folded, unaccented, numbers as digits."""
    return " ".join(_fold(raw_words(text)))


def raw_words(text: str) -> list[str]:
    """The words of ``text`` as typed: case-folded and unaccented, before any folding."""
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT_CHARS])
    if "U" in text:  # "US" in capitals is the country, "us" is us
        text = _US.sub(" usa ", text)
    text = _strip_accents(text.casefold())
    if "<" in text:
        text = _DISCORD_MARKUP.sub(lambda m: f" {m.group(1) or ''} ", text)
    if "http" in text or "www." in text:
        text = _URL.sub(" ", text)
    text = text.replace("\u2019", "'").replace("`", "'")
    if "'" in text:
        text = _POSSESSIVE.sub(r"\1", text)
        text = _APOSTROPHE.sub(r"\1\2", text)
    if "," in text or "_" in text:
        text = _THOUSANDS.sub("", text)
    words: list[str] = []
    for word in _WORD.findall(text):
        if word.isalpha() or word.isdigit():  # most words: no ordinal, no letters-digits split
            words.append(word)
            continue
        words.extend(part for part in _LETTER_DIGIT.split(_ordinal(word)) if part)
    if "us" in words:
        _read_us(words)
    return words


#: Words after which a lower-case "us" is the pronoun: "tell us", "for us", "take us".
_US_GOVERNORS = frozenset(
    """
    tell told give gave show showed let lets help teach remind send sent bring take took get got
    make made call ask asked to for with of about from among between against like before
    after behind above below near than all both and or
    """.split()
)


def _read_us(words: list[str]) -> None:
    """Read a lower-case "us" before a meaningful word as the country: "first us woman"."""
    for k, word in enumerate(words):
        if (
            word == "us"
            and k + 1 < len(words)
            and words[k + 1] not in STOPWORDS
            and (k == 0 or words[k - 1] not in _US_GOVERNORS)
        ):
            words[k] = "usa"


#: Words after which a two-digit number is a year: "back in 98" is 1998, "since 09" 2009.
_BEFORE_SHORT_YEAR = frozenset("in since until till from".split())


def _short_years(words: list[str]) -> list[str]:
    """Write a year given in two digits ("the fire in 97") in full, as the knowledge does; not
    a count or a measure ("in 90 minutes": a word that is not filler follows it)."""
    for k, word in enumerate(words):
        if (
            len(word) == 2
            and word.isdigit()
            and k
            and words[k - 1] in _BEFORE_SHORT_YEAR
            and (k + 1 == len(words) or words[k + 1] in STOPWORDS)
        ):
            words[k] = f"19{word}" if int(word) >= 57 else f"20{word}"
    return words


def _fold(typed: Sequence[str]) -> list[str]:
    """Numbers to digits, then phrases and single words folded to their canonical forms."""
    words = _short_years(_numbers_to_digits(list(typed)))
    if not lexicon.SPEND.isdisjoint(words) and not _spends_time(words):
        words = ["cost" if w in lexicon.SPEND else w for w in words]
    return [_FOLD_WORDS.get(w, w) for w in _fold_phrases(_carried_back(words))]


def _carried_back(words: list[str]) -> list[str]:
    """Read "back" after a verb of carrying as a return ("can Dragon bring cargo back?"),
    unless it opens a phrase of its own ("brought Salyut 7 back to life"); any other "back" is
    left to the phrases ("came back") or is filler."""
    reach = lexicon.CARRY_REACH + 1
    for k, word in enumerate(words):
        if (
            word == "back"
            and not lexicon.CARRY.isdisjoint(words[max(0, k - reach) : k])
            and not any(tuple(words[k : k + n]) in _FOLD_PHRASES for n in (2, 3))
        ):
            words[k] = "return"
    return words


def _spends_time(words: Sequence[str]) -> bool:
    """Whether "spend" in ``words`` is time spent ("days spent in orbit"), not money."""
    return not lexicon.SPENT_TIME.isdisjoint(words) or any(
        pair in lexicon.SPENT_WHERE for pair in itertools.pairwise(words)
    )


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _ordinal(word: str) -> str:
    match = _ORDINAL.match(word)
    if not match:
        return word
    number = int(match.group(1))
    return _ORDINAL_WORDS.get(number, str(number))


def _numbers_to_digits(words: list[str]) -> list[str]:
    """Replace runs of number words ("three hundred and forty") with digits ("340")."""
    if _NUMBER_WORDS.isdisjoint(words):  # most phrases: every run starts at a number word
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _UNITS and words[i] not in _TENS and words[i] not in _SCALES:
            out.append(words[i])
            i += 1
            continue
        if words[i] == "one" and (i + 1 == len(words) or words[i + 1] in STOPWORDS):
            out.append("one")  # the pronoun: "the first one", "which one is bigger"
            i += 1
            continue
        total, current, j = 0, 0, i
        while j < len(words):
            word = words[j]
            if word in _TENS or (word in _UNITS and _UNITS[word] >= 10):
                if 10 <= current < 100 and total == 0:  # "nineteen seventy one" is a year
                    current *= 100
                current += _TENS.get(word) or _UNITS[word]
            elif word in _UNITS:
                current += _UNITS[word]
            elif word in _SCALES:
                scale = _SCALES[word]
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
            elif (
                word == "and"
                and j + 1 < len(words)
                and j > i
                and (words[j + 1] in _UNITS or words[j + 1] in _TENS)
            ):
                pass
            else:
                break
            j += 1
        out.append(str(total + current))
        i = j
    return out


def _fold_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _PHRASE_STARTS:  # most words start no phrase
            out.append(words[i])
            i += 1
            continue
        for length in (3, 2, 1):
            key = tuple(words[i : i + length])
            if len(key) != length:
                continue
            folded = _FOLD_PHRASES.get(key)
            if folded:
                out.extend(folded)
                i += length
                break
        else:
            out.append(words[i])
            i += 1
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English endings so "landed", "landing" and "lands" meet at "land"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:  # "carries", "carried": "carry"
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def known_words() -> frozenset[str]:
    """Every word the normaliser itself knows: filler, number words, words it folds."""
    phrase_words = {w for phrase in _FOLD_PHRASES for w in phrase}
    return frozenset(
        {*STOPWORDS, *ANAPHORS, *_UNITS, *_TENS, *_SCALES, *_FOLD_WORDS, *phrase_words}
        | asks.TIME_NOUNS
        | asks.PLACE_NOUNS
        | asks.PERSON_NOUNS
    )


def folded_words() -> dict[str, str]:
    """Every single word the normaliser folds into another (spellings, slang, synonyms)."""
    return dict(_FOLD_WORDS)
