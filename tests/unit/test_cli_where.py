"""``stationbot where`` and ``stationbot elements``: offline from the shipped or cached elements,
and refreshed from a local stand-in for CelesTrak."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sgp4.io import fix_checksum

from bot.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STATIONBOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STATIONBOT_ELEMENTS_URL", "http://127.0.0.1:9/nothing-listens-here")
    return tmp_path / "cache"


def _today_iss() -> bytes:
    today = dt.datetime.now(dt.UTC)
    epoch = f"{today:%y}{today.timetuple().tm_yday:03d}.25000000"
    line1 = fix_checksum(f"1 25544U 98067A   {epoch}  .00009634  00000+0  18116-3 0  999")
    line2 = fix_checksum("2 25544  51.6318 170.3464 0004691 174.6338 185.4701 15.4925863758709")
    return f"ISS (ZARYA)\n{line1}\n{line2}\n".encode()


@pytest.fixture
def celestrak(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A local HTTP server serving today's ISS elements; yields the paths it was asked."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = _today_iss()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(
        "STATIONBOT_ELEMENTS_URL", f"http://127.0.0.1:{server.server_port}/gp.php?GROUP=stations"
    )
    yield asked
    server.shutdown()
    server.server_close()


def test_where_offline_answers_from_the_shipped_elements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "where", "--offline", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["station"] == "ISS"
    assert -52 <= report["latitude"] <= 52
    assert 380 < report["altitude_km"] < 440
    assert report["over"].startswith("over ")
    assert report["elements"]["origin"] == "shipped"
    assert report["elements"]["stale"] is True


def test_where_text_names_the_place_figures_and_elements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "where", "tiangong", "--offline", "--at", "2026-09-21T00:00:00")
    assert code == 0
    assert out.startswith("The Tiangong is over ")
    assert "Altitude:" in out and "Speed:" in out and "Sunlight:" in out
    assert "Orbital elements of 20 Sep 2026" in out
    assert "shipped with stationbot" in out
    assert "⚠" not in out  # a day after the epoch: fresh


def test_where_warns_about_old_elements(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "where", "--offline", "--at", "2026-12-07T12:00:00+00:00")
    assert "⚠ These elements are 74 days old" in out


def test_a_station_not_followed_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "where", "Mir", "--offline")
    assert code == 2
    assert "ISS, Tiangong" in err


def test_a_bad_moment_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "where", "--offline", "--at", "yesterday")
    assert code == 2
    assert "--at 'yesterday'" in err


def test_where_draws_the_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "iss.png"
    code, out, _ = run(capsys, "where", "--offline", "--map", str(target))
    assert code == 0
    assert target.read_bytes().startswith(b"\x89PNG")
    assert f"Map: {target}" in out


def test_refresh_fetches_keeps_and_where_then_uses_them(
    capsys: pytest.CaptureFixture[str], celestrak: list[str], own_cache: Path
) -> None:
    code, out, _ = run(capsys, "elements", "refresh")
    assert code == 0
    assert "ISS: Orbital elements of" in out and "from CelesTrak" in out
    assert (own_cache / "elements.tle").is_file()
    _, out, _ = run(capsys, "where", "--offline", "--json")
    report = json.loads(out)
    assert report["elements"]["origin"] == "stored"
    assert report["elements"]["stale"] is False
    # A fetch a moment ago is reused: `where` does not ask again.
    run(capsys, "where", "--json")
    assert len(celestrak) == 1


def test_a_failed_refresh_says_why_and_where_still_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "elements", "refresh")
    assert code == 1
    assert "orbital elements not refreshed" in err and "could not be reached" in err
    code, out, err = run(capsys, "where", "--json")
    assert code == 0
    assert json.loads(out)["elements"]["origin"] == "shipped"


def test_passes_for_a_city_in_its_local_time(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "passes", "Lisbon", "--offline", "--at", "2026-09-24T06:00:00", "--days", "3"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Visible passes of the ISS over Lisbon, Portugal (Europe/Lisbon time):"
    assert any(line.startswith("  Fri 25 Sep, 21:") and "high in the" in line for line in lines)


def test_passes_json_by_coordinates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "passes",
        "--lat",
        "51.5",
        "--lon",
        "-0.12",
        "--offline",
        "--json",
        "--at",
        "2026-09-24T06:00:00",
        "--days",
        "2",
    )
    assert code == 0
    report = json.loads(out)
    assert report["place"]["timezone"] == "Europe/London"
    assert report["passes"]
    for one in report["passes"]:
        assert one["start"]["at"] <= one["top"]["at"] <= one["end"]["at"]


def test_passes_refuses_elements_too_old_to_trust(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "passes", "Lisbon", "--offline", "--at", "2026-12-07T12:00:00")
    assert code == 1
    assert "74 days old: too old to predict passes" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Xqzzyville"], "no city called 'Xqzzyville'"),
        ([], "give a city's name"),
        (["--lat", "10"], "give both --lat and --lon"),
        (["--lat", "100", "--lon", "0"], "latitude must be within"),
    ],
)
def test_passes_says_what_place_it_needs(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "passes", *args, "--offline")
    assert code == 2
    assert message in err


def test_bench_live_prints_what_an_answer_costs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bench", "--live", "--json")
    assert code == 0
    figures = json.loads(out)
    assert set(figures) == {
        "position_ms",
        "map_drawn_ms",
        "map_reused_ms",
        "where_p50_ms",
        "passes_week_ms",
        "map_kb",
    }
    assert figures["map_reused_ms"] < figures["map_drawn_ms"]
    assert 10 < figures["map_kb"] < 1024  # well inside Discord's attachment limit


def test_ask_answers_where_a_station_is_from_the_elements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "ask", "where is the ISS right now?")
    assert code == 0
    assert out.startswith("The ISS is over ")
    assert "Orbital elements of 24 Sep 2026" in out


def test_ask_answers_who_is_aboard_from_the_crew_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "who is on tiangong right now")
    assert code == 0
    answer = json.loads(out)
    assert answer["answered"] is True and answer["live"] == "crew"
    assert answer["answer"].startswith("Aboard the Tiangong as of 24 May 2026: 6 people")
    assert answer["citations"] and answer["fact_id"] is None


def test_a_map_that_cannot_be_written_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "where", "--offline", "--map", str(tmp_path / "no" / "such" / "x.png")
    )
    assert code == 2
    assert "cannot write the map to" in err
