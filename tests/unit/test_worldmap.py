"""The world map: a small PNG with the land, the night, the ground track and the station."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from bot.orbit import worldmap
from bot.orbit.worldmap import (
    MARKER_COLOUR,
    TRACK_COLOUR,
    draw_map,
    map_height,
    project,
    title_band_height,
    track_pieces,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH = 1024


def iss_like_track(minutes: int = 180) -> list[tuple[float, float]]:
    """A sinusoidal ground track of inclination 51.6°, one point a minute."""
    inclination, period, spin = math.radians(51.6), 92.7, 0.2507
    track = []
    for minute in range(minutes):
        u = 2 * math.pi * minute / period
        latitude = math.degrees(math.asin(math.sin(inclination) * math.sin(u)))
        along = math.degrees(math.atan2(math.cos(inclination) * math.sin(u), math.cos(u)))
        longitude = (-170.0 + along - spin * minute + 180.0) % 360.0 - 180.0
        track.append((latitude, longitude))
    return track


def image_of(png: bytes) -> Image.Image:
    """The PNG opened as an RGB image."""
    return Image.open(io.BytesIO(png)).convert("RGB")


def pixel(image: Image.Image, point: tuple[float, float]) -> tuple[int, int, int]:
    """The colour at a (latitude, longitude) on a map image (title band or not)."""
    x, y = project(point, image.width)
    band = image.height - map_height(image.width)
    colour = image.getpixel((min(int(x), image.width - 1), min(int(y) + band, image.height - 1)))
    assert isinstance(colour, tuple)
    return (colour[0], colour[1], colour[2])


def close(colour: tuple[int, int, int], wanted: tuple[int, int, int], slack: int = 12) -> bool:
    """Whether two colours are nearly the same."""
    return all(abs(a - b) <= slack for a, b in zip(colour, wanted, strict=True))


def test_the_map_is_a_small_png_of_the_documented_size() -> None:
    track = iss_like_track()
    png = draw_map(track, track[40], title="ISS — over the Pacific Ocean", subsolar=(-22.0, 30.0))
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) < 300_000
    assert image_of(png).size == (WIDTH, WIDTH // 2 + title_band_height(WIDTH))


def test_without_a_title_there_is_no_band_and_the_width_is_honoured() -> None:
    png = draw_map([], (0.0, 0.0), title="", width=512)
    assert image_of(png).size == (512, 256)


def test_the_station_is_marked_where_it_is() -> None:
    here = (17.8, -155.3)
    image = image_of(draw_map(iss_like_track(), here, title="ISS"))
    assert close(pixel(image, here), MARKER_COLOUR)


def test_the_track_is_drawn() -> None:
    track = [(0.0, -60.0), (10.0, -40.0), (20.0, -20.0)]
    image = image_of(draw_map(track, (20.0, -20.0), title="ISS"))
    assert close(pixel(image, (5.0, -50.0)), TRACK_COLOUR, slack=40)


def test_a_track_across_the_antimeridian_is_not_drawn_across_the_map() -> None:
    track = [(-6.0, 160.0), (-2.0, 170.0), (0.0, 178.0), (1.0, -178.0), (4.0, -168.0)]
    image = image_of(draw_map(track, (4.0, -168.0), title="ISS"))
    band = image.height - map_height(WIDTH)
    for latitude in (0.0, 0.5, 1.0):
        _, y = project((latitude, 0.0), WIDTH)
        row = [image.getpixel((x, int(y) + band)) for x in range(64, WIDTH - 64, 4)]
        assert not any(close(colour, TRACK_COLOUR, slack=60) for colour in row)  # type: ignore[arg-type]
    assert close(pixel(image, (0.5, 179.5)), TRACK_COLOUR, slack=60)  # reaches the east edge
    assert close(pixel(image, (0.5, -179.5)), TRACK_COLOUR, slack=60)  # and comes back west


def test_the_track_is_cut_at_the_antimeridian_with_ends_on_the_edges() -> None:
    pieces = track_pieces([(0.0, 170.0), (2.0, -170.0), (4.0, -150.0)])
    assert len(pieces) == 2
    assert pieces[0][-1] == (1.0, 180.0)
    assert pieces[1][0] == (1.0, -180.0)
    assert track_pieces([(0.0, 10.0), (1.0, 20.0)]) == [[(0.0, 10.0), (1.0, 20.0)]]
    assert track_pieces([(0.0, 10.0)]) == []


def test_the_night_side_is_darker() -> None:
    day = image_of(draw_map([], (60.0, 0.0), title="ISS"))
    night = image_of(draw_map([], (60.0, 0.0), title="ISS", subsolar=(0.0, 0.0)))
    midnight = (0.0, 179.0)
    noon = (-30.0, 20.0)
    assert sum(pixel(night, midnight)) < sum(pixel(day, midnight)) - 20
    assert close(pixel(night, noon), pixel(day, noon), slack=8)  # palettes differ a little


def test_each_map_starts_from_a_clean_copy_of_the_base() -> None:
    draw_map([(0.0, -60.0), (10.0, -40.0)], (10.0, -40.0), title="one")
    image = image_of(draw_map([], (60.0, 100.0), title="two"))
    assert not close(pixel(image, (5.0, -50.0)), TRACK_COLOUR, slack=60)


def test_projection_puts_north_up_and_west_left() -> None:
    assert project((90.0, -180.0), WIDTH) == (0.0, 0.0)
    assert project((-90.0, 180.0), WIDTH) == (WIDTH, WIDTH / 2)
    assert project((0.0, 0.0), WIDTH) == (WIDTH / 2, WIDTH / 4)


@pytest.mark.parametrize("font", [worldmap.TITLE_FONT, "no-such-font.ttf"])
def test_any_title_is_drawn_with_or_without_a_system_font(
    font: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worldmap, "TITLE_FONT", font)
    worldmap._title_font.cache_clear()
    try:
        png = draw_map([], (0.0, 0.0), title="ISS — 310 km north-west of Brasília, Łódź 東京")
    finally:
        worldmap._title_font.cache_clear()
    assert png.startswith(PNG_SIGNATURE)
