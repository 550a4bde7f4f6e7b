"""Places on Earth: what is below a point (a country or a body of water), and cities by name.

Countries come from Natural Earth's 1:110m Admin 0 map and cities from GeoNames (both in
``data/``, see its README). Coordinates are (latitude, longitude) in degrees, north and east
positive, everywhere in this module's interface.

Water is named by a few coarse rules, meant for a sentence ("over the Indian Ocean"), not for
a map: boxes for some seas, then the oceans, split by hand-drawn lines that mostly run over
land (so where they cross water they only roughly follow the usual limits):

- the Southern Ocean south of 60°S and the Arctic Ocean north of 66°N;
- Atlantic / Pacific: 67°W in the Drake Passage south of 56°S, then 70°W up to 8°N, then a
  line over Panama, Costa Rica, Nicaragua, Guatemala, the Isthmus of Tehuantepec and Mexico,
  105°W up to 52°N and 100°W up to 66°N;
- Atlantic / Indian: 20°E south of Africa, then over Africa to Suez (the Mediterranean is the
  Atlantic's, the Red Sea the Indian Ocean's) and over the Levant to the Caucasus;
- Indian / Pacific: over Asia to the Kra Isthmus, the Malay Peninsula, the Singapore Strait,
  Sumatra, Java and the Lesser Sunda Islands (the South China Sea and the Indonesian seas are
  the Pacific's, the water south of Java the Indian Ocean's), Timor, then over the Arafura
  Sea to Cape York, over Australia to Bass Strait and down 147°E.

A sea's box only names water that these rules put in the sea's ocean, so the Caribbean box
does not reach the Pacific coast of Central America.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import shapely
from rapidfuzz import fuzz, process
from shapely.geometry import MultiPolygon, Point, Polygon, shape

DATA = Path(__file__).resolve().parent / "data"
COUNTRIES_FILE = DATA / "countries.json"
CITIES_FILE = DATA / "cities.tsv"

EARTH_RADIUS_KM = 6371.0
BIG_CITY_POPULATION = 1_000_000
BIG_CITY_REACH_KM = 1_500.0
NEAR_KM = 10.0  # closer than this to a city is "over" or "near" it, with no distance
COMPASS_POINTS = (
    "north",
    "north-east",
    "east",
    "south-east",
    "south",
    "south-west",
    "west",
    "north-west",
)

SOUTHERN_OCEAN_NORTH = -60.0
ARCTIC_OCEAN_SOUTH = 66.0
PACIFIC = "Pacific Ocean"
ATLANTIC = "Atlantic Ocean"
INDIAN = "Indian Ocean"
SOUTHERN = "Southern Ocean"
ARCTIC = "Arctic Ocean"

# Ocean limits as (latitude, longitude) points. AMERICAS runs south to north with the
# Atlantic to its east; AFRICA_TO_CAUCASUS south to north with the Atlantic to its west and
# the Indian Ocean to its east; ASIA_TO_TASMANIA from the Caucasus round the Indian Ocean's
# northern and eastern shores to 60°S. Between them lie the oceans' outlines.
AMERICAS: tuple[tuple[float, float], ...] = (
    (-60.0, -67.0),
    (-56.0, -67.0),  # Drake Passage
    (-56.0, -70.0),
    (8.0, -70.0),  # down the Andes' Pacific side
    (8.0, -77.5),  # Darién
    (9.1, -79.6),  # Panama Canal
    (8.5, -81.2),
    (10.0, -84.0),  # Costa Rica
    (13.0, -85.5),  # Nicaragua
    (15.0, -89.0),  # Guatemala
    (17.0, -94.5),  # Isthmus of Tehuantepec
    (20.0, -100.0),  # Mexico
    (24.0, -105.0),
    (52.0, -105.0),
    (52.0, -100.0),
    (66.0, -100.0),
)
AFRICA_TO_CAUCASUS: tuple[tuple[float, float], ...] = (
    (-60.0, 20.0),
    (-34.8, 20.0),  # Cape Agulhas
    (29.0, 31.5),  # the Nile
    (30.5, 32.8),  # Suez
    (30.3, 34.8),  # the Negev
    (32.5, 36.5),
    (36.5, 38.5),  # Syria
    (42.0, 44.0),  # the Caucasus
)
ATLANTIC_NORTH_EAST = (66.0, 45.0)
ASIA_TO_TASMANIA: tuple[tuple[float, float], ...] = (
    (40.0, 70.0),
    (28.0, 100.0),
    (13.5, 99.0),
    (10.5, 99.0),  # Kra Isthmus
    (8.5, 99.6),
    (6.5, 100.8),  # Malay Peninsula
    (2.5, 102.5),
    (1.2, 104.0),  # Singapore Strait
    (-0.5, 102.5),  # Sumatra
    (-5.0, 105.0),
    (-6.0, 105.8),  # Sunda Strait
    (-6.9, 106.5),  # Java
    (-7.3, 110.0),
    (-7.6, 112.0),
    (-8.1, 114.0),
    (-8.4, 115.2),  # Bali
    (-8.6, 116.3),  # Lombok
    (-8.6, 118.0),  # Sumbawa
    (-8.6, 121.0),  # Flores
    (-9.8, 124.0),  # Timor
    (-8.5, 127.3),
    (-10.7, 142.4),  # Cape York
    (-38.0, 146.0),
    (-39.5, 147.0),  # Bass Strait
    (-60.0, 147.0),
)


@dataclass(frozen=True)
class SeaBox:
    """A sea named for the water inside a latitude/longitude box that lies in its ocean."""

    name: str
    south: float
    north: float
    west: float
    east: float
    ocean: str | None  # None: the sea is enclosed, any water in the box is it

    def holds(self, latitude: float, longitude: float, ocean: str) -> bool:
        """Whether the water at this point, in this ocean, is this sea."""
        inside = self.south <= latitude <= self.north and self.west <= longitude <= self.east
        return inside and self.ocean in (None, ocean)


# Checked in order, before the oceans are named.
SEA_BOXES: tuple[SeaBox, ...] = (
    SeaBox("Caspian Sea", 36.0, 47.5, 46.0, 55.5, None),
    SeaBox("Black Sea", 40.5, 47.5, 27.0, 42.0, ATLANTIC),
    SeaBox("Mediterranean Sea", 30.0, 43.5, -5.6, 37.0, ATLANTIC),
    SeaBox("Mediterranean Sea", 43.5, 46.0, 2.0, 20.0, ATLANTIC),  # Ligurian Sea, Adriatic
    SeaBox("Baltic Sea", 53.5, 66.0, 12.5, 30.5, ATLANTIC),
    SeaBox("Baltic Sea", 54.0, 57.8, 9.8, 12.5, ATLANTIC),  # Kattegat
    SeaBox("Red Sea", 12.5, 30.0, 32.0, 43.5, INDIAN),
    SeaBox("Persian Gulf", 23.5, 30.5, 47.5, 56.4, INDIAN),
    SeaBox("Gulf of Mexico", 18.0, 31.0, -98.0, -90.0, ATLANTIC),
    SeaBox("Gulf of Mexico", 21.8, 31.0, -90.0, -84.9, ATLANTIC),  # north of the Yucatán
    SeaBox("Gulf of Mexico", 22.7, 31.0, -84.9, -81.0, ATLANTIC),  # north of Cuba
    SeaBox("Caribbean Sea", 8.0, 18.0, -90.0, -61.8, ATLANTIC),
    SeaBox("Caribbean Sea", 18.0, 21.8, -90.0, -74.2, ATLANTIC),  # south of Cuba
    SeaBox("Caribbean Sea", 21.8, 22.7, -84.9, -80.5, ATLANTIC),  # Gulf of Batabanó
)

# Natural Earth's short names as they read after "over" in a sentence.
COUNTRY_IN_SENTENCE = {
    "Bahamas": "the Bahamas",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Central African Rep.": "the Central African Republic",
    "Congo": "the Republic of the Congo",
    "Dem. Rep. Congo": "the Democratic Republic of the Congo",
    "Dominican Rep.": "the Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "Falkland Is.": "the Falkland Islands",
    "Fr. S. Antarctic Lands": "the French Southern and Antarctic Lands",
    "Gambia": "the Gambia",
    "N. Cyprus": "Northern Cyprus",
    "Netherlands": "the Netherlands",
    "Philippines": "the Philippines",
    "S. Sudan": "South Sudan",
    "Solomon Is.": "the Solomon Islands",
    "United Arab Emirates": "the United Arab Emirates",
    "United Kingdom": "the United Kingdom",
    "United States of America": "the United States",
    "W. Sahara": "Western Sahara",
    "eSwatini": "Eswatini",
}

# Other ways to name a country after a city ("Paris, FR", "Austin USA"): folded text -> code.
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "uae": "AE",
    "holland": "NL",
    "czech republic": "CZ",
    "korea": "KR",
    "ivory coast": "CI",
    "drc": "CD",
}
# How a name matches the text searched for, best first.
EXACT, STARTS, WORD_STARTS, FUZZY = range(4)
FUZZY_CUTOFF = 75.0  # rapidfuzz ratio (0-100) for a typo-tolerant match
NAMED_FUZZY_CUTOFF = 80.0  # stricter, for city_named's single answer
MIN_PREFIX_FOR_NAMED = 3  # city_named takes a prefix match only from this many letters on


@dataclass(frozen=True)
class City:
    """A GeoNames city."""

    name: str
    country: str
    country_code: str
    latitude: float
    longitude: float
    population: int
    timezone: str  # IANA, e.g. "Europe/Lisbon"
    capital: bool = False  # a national capital

    @property
    def label(self) -> str:
        """The city and its country, e.g. "Lisbon, Portugal"."""
        return f"{self.name}, {self.country}"


@dataclass(frozen=True)
class Country:
    """A Natural Earth country; its shape's x is longitude and y latitude, as in GeoJSON."""

    name: str
    iso_code: str | None
    continent: str
    shape: MultiPolygon = field(compare=False, repr=False)


@dataclass(frozen=True)
class Whereabouts:
    """What lies below a point: a country or a body of water, and the nearest big city.

    The city is the nearest one of at least BIG_CITY_POPULATION people, or a national capital,
    within BIG_CITY_REACH_KM; capitals count so that a small country's own city is named.
    """

    country: str | None  # Natural Earth's name
    water: str | None
    city: City | None
    city_km: float | None
    city_direction: str | None  # from the city to the point, e.g. "north-west"

    def describe(self) -> str:
        """One short phrase, e.g. "over Brazil, 310 km north-west of Brasília, Brazil"."""
        below = self._below()
        if self.city is None or self.city_km is None:
            return f"over {below}"
        if self.city_km < NEAR_KM:
            if self.country is not None:
                return f"over {self.city.label}"
            return f"over {below}, near {self.city.label}"
        distance = f"{rounded_km(self.city_km):,} km {self.city_direction}"
        return f"over {below}, {distance} of {self.city.label}"

    def _below(self) -> str:
        """The country or water below, as it reads after "over"."""
        if self.country is not None:
            return COUNTRY_IN_SENTENCE.get(self.country, self.country)
        return f"the {self.water or PACIFIC}"


def locate(latitude: float, longitude: float) -> Whereabouts:
    """What is below a point: its country, or the water there, and the nearest big city."""
    longitude = wrapped_longitude(longitude)
    country = country_at(latitude, longitude)
    water = None if country is not None else water_at(latitude, longitude)
    city, km = nearest_big_city(latitude, longitude)
    direction = None
    if city is not None:
        direction = compass_point(bearing(city.latitude, city.longitude, latitude, longitude))
    return Whereabouts(country, water, city, km, direction)


def country_at(latitude: float, longitude: float) -> str | None:
    """The name of the country below a point, or None over water."""
    shapes, tree = _country_index()
    hits = tree.query(Point(longitude, latitude), predicate="intersects")
    if len(hits) == 0:
        return None
    return shapes[int(min(hits))].name


def water_at(latitude: float, longitude: float) -> str:
    """The coarse name of the ocean or sea at a point (assumed to be over water)."""
    longitude = wrapped_longitude(longitude)
    ocean = ocean_at(latitude, longitude)
    for sea in SEA_BOXES:
        if sea.holds(latitude, longitude, ocean):
            return sea.name
    return ocean


def ocean_at(latitude: float, longitude: float) -> str:
    """Which of the five oceans a point is in, by the module's coarse limits."""
    if latitude < SOUTHERN_OCEAN_NORTH:
        return SOUTHERN
    if latitude > ARCTIC_OCEAN_SOUTH:
        return ARCTIC
    atlantic, indian = _ocean_outlines()
    point = Point(longitude, latitude)
    if atlantic.covers(point):
        return ATLANTIC
    if indian.covers(point):
        return INDIAN
    return PACIFIC


def is_landmark(city: City) -> bool:
    """Whether a city is worth naming as a landmark: a big city or a national capital."""
    return city.population >= BIG_CITY_POPULATION or city.capital


def nearest_big_city(latitude: float, longitude: float) -> tuple[City | None, float | None]:
    """The nearest landmark city within BIG_CITY_REACH_KM, and its distance in km."""
    city, km = _nearest(_big_cities(), latitude, longitude)
    if km > BIG_CITY_REACH_KM:
        return None, None
    return city, km


def nearest_city(latitude: float, longitude: float) -> tuple[City, float]:
    """The nearest city of any size in the data (50,000 people or more), and its distance in km:
    for a place given by its coordinates, the time zone it most likely keeps."""
    return _nearest(_all_positions(), latitude, longitude)


Positioned = tuple[tuple[City, ...], npt.NDArray[np.float64], npt.NDArray[np.float64]]


def _positioned(group: tuple[City, ...]) -> Positioned:
    """Cities with their latitudes and longitudes as arrays, for distances to all at once."""
    latitudes = np.array([city.latitude for city in group], dtype=np.float64)
    longitudes = np.array([city.longitude for city in group], dtype=np.float64)
    return group, latitudes, longitudes


def _nearest(positioned: Positioned, latitude: float, longitude: float) -> tuple[City, float]:
    """The city of ``positioned`` nearest to a point, and its distance in km."""
    group, latitudes, longitudes = positioned
    distances = haversine_km(latitude, longitude, latitudes, longitudes)
    nearest = int(np.argmin(distances))
    return group[nearest], float(distances[nearest])


@cache
def _all_positions() -> Positioned:
    """Every city, with their latitudes and longitudes."""
    return _positioned(cities())


def haversine_km(
    latitude: float,
    longitude: float,
    latitudes: npt.NDArray[np.float64],
    longitudes: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Great-circle distances in km from one point to many, on a sphere of EARTH_RADIUS_KM."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = np.radians(latitudes), np.radians(longitudes)
    half_chord = (
        np.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    distances: npt.NDArray[np.float64] = (
        2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))
    )
    return distances


def distance_km(latitude1: float, longitude1: float, latitude2: float, longitude2: float) -> float:
    """The great-circle distance in km between two points."""
    one = np.array([latitude2]), np.array([longitude2])
    return float(haversine_km(latitude1, longitude1, *one)[0])


def bearing(latitude1: float, longitude1: float, latitude2: float, longitude2: float) -> float:
    """The initial bearing in degrees (0 north, 90 east) from the first point to the second."""
    lat1, lat2 = math.radians(latitude1), math.radians(latitude2)
    delta = math.radians(longitude2 - longitude1)
    east = math.sin(delta) * math.cos(lat2)
    north = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(delta)
    return math.degrees(math.atan2(east, north)) % 360.0


def compass_point(degrees: float) -> str:
    """The nearest of the eight compass points to a bearing, e.g. "north-west"."""
    return COMPASS_POINTS[round((degrees % 360.0) / 45.0) % 8]


def rounded_km(km: float) -> int:
    """A distance rounded as people say it: to 5 km under 100, 10 under 1,000, else 50."""
    step = 5 if km < 100 else 10 if km < 1000 else 50
    return max(step, round(km / step) * step)


def wrapped_longitude(longitude: float) -> float:
    """The longitude brought into [-180, 180)."""
    return (longitude + 180.0) % 360.0 - 180.0


# -- cities by name ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    """A city found for a text, with the tier and score that rank it."""

    tier: int  # EXACT, STARTS, WORD_STARTS or FUZZY
    band: int  # fuzzy only: the score's tens, higher first
    score: float
    order: int  # the city's place by population (0 the largest)
    city: City


def find_cities(text: str, limit: int = 25) -> list[City]:
    """Cities for an autocomplete: exact and prefix matches first, then near spellings."""
    if limit <= 0:
        return []
    if not fold(text):
        return list(cities()[:limit])
    return [match.city for match in _matches(text, exact_first=False)[:limit]]


def city_named(text: str) -> City | None:
    """The city a user most likely means by this text, or None when nothing is close."""
    query = fold(text)
    if not query:
        return None
    for match in _matches(text, exact_first=True):
        if match.tier == EXACT:
            return match.city
        if match.tier in (STARTS, WORD_STARTS) and len(query) >= MIN_PREFIX_FOR_NAMED:
            return match.city
        if match.tier == FUZZY and match.score >= NAMED_FUZZY_CUTOFF:
            return match.city
        return None
    return None


def fold(text: str) -> str:
    """Text for comparing names: lower case, no accents, words of letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def _matches(text: str, *, exact_first: bool) -> list[_Match]:
    """Every city that matches the text, best first, narrowed by a country if one is named.

    Exact names lead only when `exact_first`; otherwise they rank with the other names that
    start with the text, by population.
    """
    for query, codes in _readings(text):
        found = _ranked(query, codes, exact_first=exact_first)
        if found:
            return found
    return []


def _readings(text: str) -> Iterator[tuple[str, frozenset[str] | None]]:
    """Ways to read the text: a place and a country ("Paris, FR", "paris france"), or a place."""
    if "," in text:
        place, country = text.rsplit(",", 1)
        codes = _country_codes(fold(country), allow_prefix=True)
        if fold(place) and codes:
            yield fold(place), codes
        yield fold(place) or fold(country), None
        return
    words = fold(text).split()
    for size in (3, 2, 1):
        if len(words) > size:
            codes = _country_codes(" ".join(words[-size:]), allow_prefix=False)
            if codes:
                yield " ".join(words[:-size]), codes
    yield " ".join(words), None


def _country_codes(folded: str, *, allow_prefix: bool) -> frozenset[str]:
    """The codes of the countries a folded text names (a code, a name, an alias)."""
    if not folded:
        return frozenset()
    names = _country_names()
    if len(folded) == 2 and folded.upper() in names.values():
        return frozenset({folded.upper()})
    if folded in COUNTRY_ALIASES:
        return frozenset({COUNTRY_ALIASES[folded]})
    if folded in names:
        return frozenset({names[folded]})
    if allow_prefix and len(folded) >= 3:
        return frozenset(code for name, code in names.items() if name.startswith(folded))
    return frozenset()


def _ranked(query: str, codes: frozenset[str] | None, *, exact_first: bool) -> list[_Match]:
    """The cities matching a folded query (in the given countries), best first."""
    index = _name_index()
    matches: dict[int, _Match] = {}
    for order, tier in _plain_tiers(query, index):
        matches[order] = _Match(tier, 0, 100.0, order, index.cities[order])
    for _, score, position in process.extract(
        query, index.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
    ):
        order = index.city_of_key[position]
        known = matches.get(order)
        if known is None or (known.tier == FUZZY and known.score < score):
            matches[order] = _Match(FUZZY, int(score // 10), score, order, index.cities[order])
    kept = (m for m in matches.values() if codes is None or m.city.country_code in codes)
    if exact_first:
        return sorted(kept, key=lambda m: (m.tier, -m.band, m.order))
    return sorted(kept, key=lambda m: (max(m.tier, STARTS), -m.band, m.order))


def _plain_tiers(query: str, index: _NameIndex) -> Iterator[tuple[int, int]]:
    """(city, tier): a name is the query, starts with it, or has a later word that does."""
    best: dict[int, int] = {}
    word_start = " " + query
    for key, order in zip(index.keys, index.city_of_key, strict=True):
        if key.startswith(query):
            tier = EXACT if key == query else STARTS
        elif word_start in key and any(w.startswith(query) for w in key.split()[1:]):
            tier = WORD_STARTS
        else:
            continue
        best[order] = min(tier, best.get(order, tier))
    yield from best.items()


# -- data, loaded once ------------------------------------------------------------------------


@dataclass(frozen=True)
class _NameIndex:
    """The folded names of every city, for searching."""

    cities: tuple[City, ...]
    keys: tuple[str, ...]  # all keys, flat, for rapidfuzz
    city_of_key: tuple[int, ...]  # for each flat key, its city's place in `cities`


@cache
def cities() -> tuple[City, ...]:
    """All the cities of the data file, largest population first."""
    return tuple(
        City(name, country, code, float(lat), float(lon), int(population), timezone, bool(capital))
        for name, _, code, country, lat, lon, population, timezone, capital in _city_rows()
    )


@cache
def _city_rows() -> tuple[tuple[str, ...], ...]:
    """The data file's rows of fields (comments and the header row left out)."""
    lines = CITIES_FILE.read_text(encoding="utf-8").splitlines()
    rows = tuple(tuple(line.split("\t")) for line in lines if line and not line.startswith("#"))
    return rows[1:]


@cache
def _name_index() -> _NameIndex:
    """The search index over all cities."""
    all_cities = cities()
    keys_by_city = tuple(
        tuple(dict.fromkeys(fold(name) for name in (city.name, ascii_name)))
        for city, (_, ascii_name, *_) in zip(all_cities, _city_rows(), strict=True)
    )
    flat = [(key, order) for order, keys in enumerate(keys_by_city) for key in keys]
    return _NameIndex(
        all_cities,
        tuple(key for key, _ in flat),
        tuple(order for _, order in flat),
    )


@cache
def _country_names() -> dict[str, str]:
    """Folded country name -> ISO code, from the cities' countries."""
    return {fold(city.country): city.country_code for city in reversed(cities())}


@cache
def _big_cities() -> Positioned:
    """The cities worth naming as a landmark, with their latitudes and longitudes."""
    return _positioned(tuple(city for city in cities() if is_landmark(city)))


@cache
def countries() -> tuple[Country, ...]:
    """The Natural Earth countries, by name."""
    collection = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    found = []
    for feature in collection["features"]:
        properties = feature["properties"]
        geometry = shape(feature["geometry"])
        if isinstance(geometry, Polygon):
            geometry = MultiPolygon([geometry])
        assert isinstance(geometry, MultiPolygon)
        found.append(
            Country(properties["name"], properties["iso_a3"], properties["continent"], geometry)
        )
    return tuple(found)


@cache
def _country_index() -> tuple[tuple[Country, ...], shapely.STRtree]:
    """The countries and a spatial index over their shapes, for point-in-country tests."""
    all_countries = countries()
    shapes = [country.shape for country in all_countries]
    shapely.prepare(shapes)
    return all_countries, shapely.STRtree(shapes)


@cache
def _ocean_outlines() -> tuple[Polygon, Polygon]:
    """The Atlantic's and the Indian Ocean's outlines (between 60°S and 66°N)."""
    atlantic = (*AMERICAS, ATLANTIC_NORTH_EAST, *reversed(AFRICA_TO_CAUCASUS))
    indian = (*AFRICA_TO_CAUCASUS, *ASIA_TO_TASMANIA)
    outlines = tuple(Polygon([(lon, lat) for lat, lon in ring]) for ring in (atlantic, indian))
    shapely.prepare(outlines)
    return outlines[0], outlines[1]


# -- places people watch from -------------------------------------------------------------------

#: A place given by coordinates keeps the time zone of its nearest city closer than this.
TIME_ZONE_REACH_KM = 500.0


@dataclass(frozen=True)
class Place:
    """A place to watch the sky from: its name, position and time zone (IANA)."""

    label: str
    latitude: float
    longitude: float
    timezone: str


def place_of_city(city: City) -> Place:
    """The place of a city."""
    return Place(city.label, city.latitude, city.longitude, city.timezone)


def place_at(latitude: float, longitude: float) -> Place:
    """The place at these coordinates, named by them, in its nearest city's time zone (UTC far
    from any city, at sea)."""
    city, km = nearest_city(latitude, longitude)
    zone = city.timezone if km <= TIME_ZONE_REACH_KM else "UTC"
    ns = "N" if latitude >= 0 else "S"
    ew = "E" if longitude >= 0 else "W"
    label = f"{abs(latitude):.2f}° {ns}, {abs(longitude):.2f}° {ew}"
    return Place(label, latitude, longitude, zone)
