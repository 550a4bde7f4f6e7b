"""A world map of a station's ground track, as a PNG small enough for a Discord message.

The map is equirectangular (longitude straight across, latitude straight up, north at the
top, 180°W at the left edge), ``width`` by ``width / 2`` pixels, with a thin title band above
it. Land comes from Natural Earth (``data/countries.json``); the night side is shaded when the
subsolar point is given; the ground track is drawn as a line, broken where it crosses the
antimeridian; the station is a ringed dot. Coordinates are (latitude, longitude) in degrees.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont
from shapely.geometry import Polygon

from bot.orbit.places import countries, country_at

Colour = tuple[int, int, int]
Point = tuple[float, float]  # (latitude, longitude)

OCEAN: Colour = (30, 54, 80)
GRATICULE: Colour = (42, 67, 95)
LAND: Colour = (94, 116, 99)
BORDER: Colour = (66, 84, 71)
NIGHT: Colour = (3, 7, 20)
NIGHT_OPACITY = 0.58  # of the night colour over the darkest night
TWILIGHT_DEGREES = 12.0  # the night deepens from sunset to the Sun this far below the horizon
TRACK_COLOUR: Colour = (255, 196, 61)
TRACK_SHADOW: Colour = (20, 20, 24)
MARKER_COLOUR: Colour = (255, 84, 84)
MARKER_RING: Colour = (255, 255, 255)
MARKER_HALO_OPACITY = 0.35
BAND_COLOUR: Colour = (30, 31, 34)
TITLE_COLOUR: Colour = (230, 232, 236)

GRATICULE_STEP_DEGREES = 30
SUPERSAMPLE = 2  # shapes are drawn this many times larger, then scaled down (anti-aliasing)
PALETTE_COLOURS = 240  # the PNG is saved with a dithered palette: small, no visible loss
# Colours kept exactly in the palette, however few pixels have them.
KEY_COLOURS: tuple[Colour, ...] = (
    TRACK_COLOUR,
    TRACK_SHADOW,
    MARKER_COLOUR,
    MARKER_RING,
    BAND_COLOUR,
    TITLE_COLOUR,
)
TITLE_FONT = "DejaVuSans.ttf"  # where the system has it; else Pillow's own (ASCII only)
# For Pillow's own font: letters and signs that Unicode does not decompose to ASCII.
ASCII_SPELLINGS = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "°": " deg",
        "·": "-",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "ı": "i",
    }
)
MIN_WIDTH, MAX_WIDTH = 256, 4096


def draw_map(
    track: Sequence[Point],
    here: Point,
    *,
    title: str,
    subsolar: Point | None = None,
    width: int = 1024,
) -> bytes:
    """A PNG of the world with the night side, the ground track and the station's place.

    The map is `width` pixels wide (kept within MIN_WIDTH..MAX_WIDTH) and half as high, below
    a title band when `title` is not empty.
    """
    width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    world = _base_map(width).copy()
    if subsolar is not None:
        _shade_night(world, subsolar)
    world.alpha_composite(_track_and_marker(track, here, width))
    band = title_band_height(width) if title else 0
    image = Image.new("RGBA", (width, band + map_height(width)), (*BAND_COLOUR, 255))
    image.paste(world, (0, band))
    if title:
        _draw_title(image, title, band)
    return _png(image)


def map_height(width: int) -> int:
    """The height of the map itself (without the title band) for a width."""
    return width // 2


def title_band_height(width: int) -> int:
    """The height of the title band above the map for a width."""
    return max(18, round(width * 0.03))


def project(point: Point, width: int, scale: float = 1.0) -> tuple[float, float]:
    """The (x, y) pixel of a (latitude, longitude) on a map `width` wide, times `scale`."""
    latitude, longitude = point
    x = (longitude + 180.0) / 360.0 * width
    y = (90.0 - latitude) / 180.0 * map_height(width)
    return x * scale, y * scale


def track_pieces(track: Sequence[Point]) -> list[list[Point]]:
    """The track cut where it crosses the antimeridian, each cut ended at the map's edge."""
    pieces: list[list[Point]] = []
    current: list[Point] = []
    previous: Point | None = None
    for latitude, raw_longitude in track:
        point = (latitude, _wrapped(raw_longitude))
        if previous is not None and abs(point[1] - previous[1]) > 180.0:
            leaving, entering = _edge_crossing(previous, point)
            current.append(leaving)
            pieces.append(current)
            current = [entering]
        current.append(point)
        previous = point
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) >= 2]


def _edge_crossing(start: Point, end: Point) -> tuple[Point, Point]:
    """Where a step that jumps across the antimeridian leaves the map and comes back on."""
    edge = 180.0 if start[1] > 0 else -180.0
    end_longitude = end[1] + 360.0 if edge > 0 else end[1] - 360.0
    span = end_longitude - start[1]
    fraction = (edge - start[1]) / span if span else 0.0
    latitude = start[0] + fraction * (end[0] - start[0])
    return (latitude, edge), (latitude, -edge)


def _wrapped(longitude: float) -> float:
    """A longitude brought into [-180, 180]."""
    if -180.0 <= longitude <= 180.0:
        return longitude
    return (longitude + 180.0) % 360.0 - 180.0


@lru_cache(maxsize=4)
def _base_map(width: int) -> Image.Image:
    """The ocean, graticule and land for a width, drawn once (callers copy it)."""
    scale = SUPERSAMPLE
    big = Image.new("RGB", (width * scale, map_height(width) * scale), OCEAN)
    draw = ImageDraw.Draw(big)
    _draw_graticule(draw, width, scale)
    for country in countries():
        for polygon in country.shape.geoms:
            outline = [_pixel(x, y, width, scale) for x, y in polygon.exterior.coords]
            draw.polygon(outline, fill=LAND, outline=BORDER, width=scale)
            for hole in polygon.interiors:
                cut = [_pixel(x, y, width, scale) for x, y in hole.coords]
                fill = None if _is_enclave(Polygon(hole)) else OCEAN
                draw.polygon(cut, fill=fill, outline=BORDER, width=scale)
    small = big.resize((width, map_height(width)), Image.Resampling.LANCZOS)
    return small.convert("RGBA")


def _is_enclave(hole: Polygon) -> bool:
    """Whether a hole in a country is another country (Lesotho in South Africa), not water."""
    inside = hole.representative_point()
    return country_at(inside.y, inside.x) is not None


def _pixel(longitude: float, latitude: float, width: int, scale: int) -> tuple[float, float]:
    """The pixel of a shapely (x=longitude, y=latitude) point on the supersampled map."""
    return project((latitude, longitude), width, scale)


def _draw_graticule(draw: ImageDraw.ImageDraw, width: int, scale: int) -> None:
    """Faint lines every GRATICULE_STEP_DEGREES of latitude and longitude."""
    step = GRATICULE_STEP_DEGREES
    for longitude in range(-180 + step, 180, step):
        top, bottom = (
            project((90, longitude), width, scale),
            project((-90, longitude), width, scale),
        )
        draw.line([top, bottom], fill=GRATICULE, width=scale)
    for latitude in range(-90 + step, 90, step):
        left, right = (
            project((latitude, -180), width, scale),
            project((latitude, 180), width, scale),
        )
        draw.line([left, right], fill=GRATICULE, width=scale)


def _shade_night(world: Image.Image, subsolar: Point) -> None:
    """Darken the side of the world where the Sun is down, deepening through twilight."""
    opacity = _night_opacity(subsolar, world.width, world.height)
    mask = Image.fromarray(np.round(opacity * 255).astype(np.uint8), mode="L")
    world.paste(Image.new("RGBA", world.size, (*NIGHT, 255)), (0, 0), mask)


def _night_opacity(subsolar: Point, width: int, height: int) -> npt.NDArray[np.float64]:
    """For each pixel, how dark the night there is (0 day to NIGHT_OPACITY)."""
    latitudes = np.radians(90.0 - (np.arange(height) + 0.5) / height * 180.0)[:, np.newaxis]
    longitudes = np.radians((np.arange(width) + 0.5) / width * 360.0 - 180.0)[np.newaxis, :]
    sun_latitude, sun_longitude = (math.radians(angle) for angle in subsolar)
    sun_height = np.sin(latitudes) * math.sin(sun_latitude) + np.cos(latitudes) * math.cos(
        sun_latitude
    ) * np.cos(longitudes - sun_longitude)  # the sine of the Sun's elevation
    depth = np.clip(-sun_height / math.sin(math.radians(TWILIGHT_DEGREES)), 0.0, 1.0)
    opacity: npt.NDArray[np.float64] = NIGHT_OPACITY * depth
    return opacity


def _track_and_marker(track: Sequence[Point], here: Point, width: int) -> Image.Image:
    """A transparent layer with the ground track and the station's marker, anti-aliased."""
    scale = SUPERSAMPLE
    size = (width * scale, map_height(width) * scale)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    line_width = max(2, round(width / 400)) * scale
    for colour, extra in ((TRACK_SHADOW, 2 * scale), (TRACK_COLOUR, 0)):
        for piece in track_pieces(track):
            points = [project(point, width, scale) for point in piece]
            draw.line(points, fill=(*colour, 255), width=line_width + extra, joint="curve")
    _draw_marker(draw, project((here[0], _wrapped(here[1])), width, scale), width, scale)
    return layer.reduce(scale)


def _draw_marker(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], width: int, scale: int
) -> None:
    """A red dot in a white ring with a dark edge and a soft halo, visible over any colour."""
    radius = max(6, round(width / 90)) * scale
    x, y = centre
    halo = (*MARKER_COLOUR, round(255 * MARKER_HALO_OPACITY))
    rings = (
        (halo, radius * 2),
        ((*TRACK_SHADOW, 255), radius + scale),
        ((*MARKER_RING, 255), radius),
    )
    for colour, r in rings:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    inner = radius - max(2, round(width / 400)) * scale
    draw.ellipse((x - inner, y - inner, x + inner, y + inner), fill=(*MARKER_COLOUR, 255))


def _draw_title(image: Image.Image, title: str, band: int) -> None:
    """The title, left-aligned in the band above the map."""
    draw = ImageDraw.Draw(image)
    font, ascii_only = _title_font(max(10, round(band * 0.55)))
    text = _ascii(title) if ascii_only else title
    draw.text((band // 3, band // 2), text, fill=(*TITLE_COLOUR, 255), font=font, anchor="lm")


@cache
def _title_font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A font for the title, and whether it has only ASCII letters (Pillow's own font)."""
    try:
        return ImageFont.truetype(TITLE_FONT, size), False
    except OSError:
        return ImageFont.load_default(size=size), True


def _ascii(text: str) -> str:
    """The text in ASCII: accents dropped, dashes and quotes made plain, the rest as '?'."""
    plain = text.translate(ASCII_SPELLINGS)
    decomposed = unicodedata.normalize("NFKD", plain)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.encode("ascii", "replace").decode("ascii")


def _png(image: Image.Image) -> bytes:
    """The image as a dithered palette PNG (about 100 KB at 1024), key colours kept exact."""
    rgb = image.convert("RGB")
    adaptive = rgb.quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    palette = (adaptive.getpalette() or [])[: PALETTE_COLOURS * 3]
    palette += [channel for colour in KEY_COLOURS for channel in colour]
    reference = Image.new("P", (1, 1))
    reference.putpalette(palette)
    indexed = rgb.quantize(palette=reference, dither=Image.Dither.FLOYDSTEINBERG)
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG")  # optimize=True: 5% smaller, 8 times slower
    return buffer.getvalue()
