"""Places: the country or water below a point, the nearest big city, and cities by name."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.orbit.places import (
    City,
    Whereabouts,
    bearing,
    cities,
    city_named,
    compass_point,
    countries,
    distance_km,
    find_cities,
    fold,
    locate,
    rounded_km,
    water_at,
)

BRASILIA = City("Brasília", "Brazil", "BR", -15.7797, -47.9297, 2207718, "America/Sao_Paulo")
COLOMBO = City("Colombo", "Sri Lanka", "LK", 6.9319, 79.8478, 648034, "Asia/Colombo", True)


def test_a_point_in_lisbon_is_over_portugal_by_lisbon() -> None:
    here = locate(38.72, -9.14)
    assert here.country == "Portugal"
    assert here.water is None
    assert here.city is not None and here.city.name == "Lisbon"
    assert here.city_km is not None and here.city_km < 5
    assert here.describe() == "over Lisbon, Portugal"


def test_a_point_in_brazil_names_brazil_and_its_capital() -> None:
    here = locate(-10.0, -50.0)
    assert here.country == "Brazil"
    assert here.water is None
    assert here.city is not None and here.city.name == "Brasília"
    assert here.city_direction == "north"
    assert here.describe() == "over Brazil, 680 km north of Brasília, Brazil"


@pytest.mark.parametrize(
    ("latitude", "longitude", "water"),
    [
        (0.0, -140.0, "Pacific Ocean"),
        (30.0, -40.0, "Atlantic Ocean"),
        (-20.0, 80.0, "Indian Ocean"),
        (35.0, 18.0, "Mediterranean Sea"),
        (25.0, -90.0, "Gulf of Mexico"),
        (-50.0, -100.0, "Pacific Ocean"),
        (-40.0, 10.0, "Atlantic Ocean"),
        (-40.0, 30.0, "Indian Ocean"),
        (43.0, 35.0, "Black Sea"),
        (42.0, 51.0, "Caspian Sea"),
        (20.0, 38.5, "Red Sea"),
        (27.0, 51.0, "Persian Gulf"),
        (15.0, -75.0, "Caribbean Sea"),
        (58.0, 20.0, "Baltic Sea"),
        (-70.0, 0.0, "Southern Ocean"),
        (70.0, 0.0, "Arctic Ocean"),
        (-58.0, -65.0, "Atlantic Ocean"),  # Drake Passage, east of 67°W
        (-58.0, -70.0, "Pacific Ocean"),
        (10.0, -88.0, "Pacific Ocean"),  # off Central America: not the Caribbean
        (8.8, -79.5, "Pacific Ocean"),  # the Gulf of Panama
        (-9.0, 110.0, "Indian Ocean"),  # south of Java
        (-5.0, 110.0, "Pacific Ocean"),  # the Java Sea
        (10.0, 112.0, "Pacific Ocean"),  # the South China Sea
        (5.0, 95.0, "Indian Ocean"),  # off Sumatra
        (-15.0, 150.0, "Pacific Ocean"),  # the Coral Sea
        (-45.0, 150.0, "Pacific Ocean"),
        (-45.0, 140.0, "Indian Ocean"),
        (-12.0, 138.0, "Indian Ocean"),  # the Gulf of Carpentaria
        (-12.0, -14.0, "Atlantic Ocean"),
        (45.0, -30.0, "Atlantic Ocean"),
        (40.0, 170.0, "Pacific Ocean"),
    ],
)
def test_water_is_named_by_the_coarse_rules(latitude: float, longitude: float, water: str) -> None:
    here = locate(latitude, longitude)
    assert here.country is None
    assert here.water == water


def test_longitudes_are_wrapped() -> None:
    assert locate(0.0, 220.0) == locate(0.0, -140.0)
    assert water_at(0.0, 220.0) == "Pacific Ocean"


def test_far_from_any_big_city_no_city_is_named() -> None:
    here = locate(0.0, -140.0)
    assert (here.city, here.city_km, here.city_direction) == (None, None, None)
    assert here.describe() == "over the Pacific Ocean"


def test_the_indian_ocean_south_of_colombo() -> None:
    assert (
        locate(-1.2, 79.85).describe()
        == "over the Indian Ocean, 900 km south of Colombo, Sri Lanka"
    )


def test_describe_wording() -> None:
    over_brazil = Whereabouts("Brazil", None, BRASILIA, 313.0, "north-west")
    assert over_brazil.describe() == "over Brazil, 310 km north-west of Brasília, Brazil"
    at_sea = Whereabouts(None, "Indian Ocean", COLOMBO, 903.0, "south")
    assert at_sea.describe() == "over the Indian Ocean, 900 km south of Colombo, Sri Lanka"
    far = Whereabouts(None, "Pacific Ocean", None, None, None)
    assert far.describe() == "over the Pacific Ocean"
    near_at_sea = Whereabouts(None, "Indian Ocean", COLOMBO, 4.0, "west")
    assert near_at_sea.describe() == "over the Indian Ocean, near Colombo, Sri Lanka"
    usa = Whereabouts("United States of America", None, None, None, None)
    assert usa.describe() == "over the United States"
    long_way = Whereabouts(None, "Atlantic Ocean", BRASILIA, 1234.0, "east")
    assert long_way.describe() == "over the Atlantic Ocean, 1,250 km east of Brasília, Brazil"


def test_a_city_label_names_its_country() -> None:
    assert BRASILIA.label == "Brasília, Brazil"


@pytest.mark.parametrize(
    ("degrees", "point"),
    [
        (0, "north"),
        (22, "north"),
        (23, "north-east"),
        (90, "east"),
        (180, "south"),
        (225, "south-west"),
        (315, "north-west"),
        (350, "north"),
        (-45, "north-west"),
    ],
)
def test_compass_points(degrees: float, point: str) -> None:
    assert compass_point(degrees) == point


def test_bearings_and_distances() -> None:
    assert bearing(0.0, 0.0, 1.0, 0.0) == pytest.approx(0.0)
    assert bearing(0.0, 0.0, 0.0, 1.0) == pytest.approx(90.0)
    assert bearing(0.0, 0.0, -1.0, 0.0) == pytest.approx(180.0)
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.19, abs=0.01)
    assert distance_km(0.0, 179.5, 0.0, -179.5) == pytest.approx(111.19, abs=0.01)


@pytest.mark.parametrize(
    ("km", "said"), [(3.0, 5), (42.0, 40), (313.0, 310), (999.0, 1000), (1234.0, 1250)]
)
def test_distances_are_rounded_as_people_say_them(km: float, said: int) -> None:
    assert rounded_km(km) == said


def test_a_typo_still_finds_lisbon_first() -> None:
    assert find_cities("lisbn")[0].label == "Lisbon, Portugal"


@pytest.mark.parametrize("text", ["Paris, FR", "paris france", "Paris, France", "PARIS, fr"])
def test_a_country_narrows_the_search(text: str) -> None:
    found = find_cities(text)
    assert found[0].label == "Paris, France"
    assert {city.country_code for city in found} == {"FR"}


def test_a_country_code_finds_the_smaller_namesake() -> None:
    assert find_cities("London, CA")[0].label == "London, Canada"
    assert find_cities("london")[0].country_code == "GB"


def test_names_that_start_with_the_text_come_first_largest_first() -> None:
    found = find_cities("san")
    assert len(found) == 25
    starting = [city for city in found if fold(city.name).startswith("san")]
    assert found[: len(starting)] == starting
    populations = [city.population for city in starting]
    assert populations == sorted(populations, reverse=True)


def test_the_limit_is_respected() -> None:
    assert len(find_cities("a", limit=25)) == 25
    assert len(find_cities("a", limit=3)) == 3
    assert find_cities("a", limit=0) == []


def test_empty_text_gives_the_largest_cities() -> None:
    found = find_cities("")
    assert len(found) == 25
    assert found == list(cities()[:25])
    assert find_cities("   ", limit=5) == found[:5]


def test_search_ignores_case_and_accents() -> None:
    assert find_cities("sao paulo")[0].name == "São Paulo"
    assert find_cities("LODZ")[0].name == "Łódź"
    assert find_cities("Brasília")[0].name == "Brasília"
    assert find_cities("tokio")[0].name == "Tokyo"


def test_city_named_takes_the_best_match() -> None:
    assert city_named("Lisbon, Portugal") == find_cities("lisbon")[0]
    tokyo = city_named("tokio")
    assert tokyo is not None and tokyo.country_code == "JP"
    berlin = city_named("berlin")
    assert berlin is not None and berlin.country == "Germany"


@pytest.mark.parametrize("junk", ["qwxzv", "asdfgh", "", "  ,  ", "zzzzzzzzzz"])
def test_city_named_refuses_junk(junk: str) -> None:
    assert city_named(junk) is None


def test_the_data_is_as_documented() -> None:
    everyone = cities()
    assert len(everyone) > 10_000
    assert all(city.population >= 50_000 and city.timezone for city in everyone)
    populations = [city.population for city in everyone]
    assert populations == sorted(populations, reverse=True)
    assert len(countries()) == 177
    assert {"Portugal", "Brazil", "Antarctica"} <= {country.name for country in countries()}


def test_places_and_the_map_never_import_discord() -> None:
    code = "import sys, bot.orbit.places, bot.orbit.worldmap;sys.exit('discord' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
