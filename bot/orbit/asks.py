"""Questions about where a station is right now ("where is the ISS now?", "tiangong position"),
told apart from questions the knowledge answers ("where was the ISS built?").

A question is about the station's present position when it names a station the bot follows,
asks where (where, location, position, coordinates, "what is it over") and says nothing else:
every other word must be one of a small set of fillers ("right now", "currently", "exactly").
Anything more ("where is the ISS's toilet?", "where did Mir fall?") is left to the knowledge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.orbit.stations import STATIONS, Station

#: Words that ask where something is.
_WHERE = frozenset(
    "where wheres location located position whereabouts coordinates coords over above".split()
)
#: Words that may come with them and change nothing.
_FILLER = frozenset(
    """is are the a now right currently current at moment today tonight of what whats exactly
    rn it its live real time realtime in sky on earth map flying orbiting going passing
    latitude longitude lat lon which country ocean place find show me tell us please pls
    hey hi bot stationbot can you do know u""".split()
)


@dataclass(frozen=True)
class LiveQuestion:
    """A question about a followed station's position now."""

    station: Station


def where_question(text: str) -> LiveQuestion | None:
    """The station ``text`` asks the present position of, or None when it asks anything else."""
    words = _words(text)
    station, rest = _station_in(words)
    if station is None or not rest or _WHERE.isdisjoint(rest):
        return None
    if any(w not in _WHERE and w not in _FILLER for w in rest):
        return None
    return LiveQuestion(station)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"['’]s\b", " is", folded)
    return re.sub(r"[^a-z0-9 ]+", " ", folded).split()


def _station_in(words: list[str]) -> tuple[Station | None, list[str]]:
    """The station the words name (its longest alias first) and the words left around it."""
    aliases = sorted(
        ((alias.split(), s) for s in STATIONS for alias in (*s.aliases, s.key)),
        key=lambda pair: -len(pair[0]),
    )
    for alias, station in aliases:
        n = len(alias)
        for k in range(len(words) - n + 1):
            if words[k : k + n] == alias:
                return station, words[:k] + words[k + n :]
    return None, words


#: Words that ask who is aboard.
_CREW = frozenset(
    "who whos crew crews aboard onboard board people astronauts cosmonauts taikonauts".split()
)
#: Words that may come with them and change nothing (tense included: "is", "are", never "was").
_CREW_FILLER = frozenset(
    """is are the a now right currently current at moment today tonight of on in up there
    how many who what whats living lives live staying station members member names list
    tell me us please pls hey hi bot stationbot can you do know u""".split()
)


def crew_question(text: str) -> LiveQuestion | None:
    """The station ``text`` asks the present crew of ("who is on the ISS right now?", "ISS
    crew", "how many people are on Tiangong?"), or None."""
    words = _words(text)
    station, rest = _station_in(words)
    if station is None or not rest or _CREW.isdisjoint(rest):
        return None
    if any(w not in _CREW and w not in _CREW_FILLER for w in rest):
        return None
    return LiveQuestion(station)
