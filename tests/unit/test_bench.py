"""The benchmark's building blocks (the figures themselves come from `stationbot bench`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bot.engine import Engine, StationbotError, default_knowledge_dir
from bot.measure import cold_bench
from bot.measure.bench import measure, measure_cached, synthetic_entries


def test_synthetic_distractors_are_deterministic_and_valid(engine: Engine) -> None:
    first = synthetic_entries(50, engine.entries)
    again = synthetic_entries(50, engine.entries)
    assert [e.questions for e in first] == [e.questions for e in again]
    assert len({e.id for e in first}) == 50
    assert all(len(e.questions) >= 3 and e.sources for e in first)


def test_measure_reports_every_figure(tmp_path: Path) -> None:
    saved = tmp_path / "engine.pickle"
    row = measure(default_knowledge_dir(), 400, saved)
    assert row["entries"] == 400
    for key in ("p50_ms", "p95_ms", "p99_ms", "build_s", "peak_rss_mb", "accuracy"):
        assert float(row[key]) >= 0
    assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]

    # the engine as built, loaded again as `stationbot ask` loads its cache
    cached = measure_cached(default_knowledge_dir(), saved)
    assert cached["cached_mean_ms"] > 0 and cached["cached_peak_rss_mb"] > 0


def test_cold_start_compares_ask_with_import_discord_with_bytecode_allowed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runs: list[tuple[list[str], dict[str, str]]] = []

    def timed(command: list[str], env: dict[str, str]) -> float:
        runs.append((command, env))
        return 0.4 if "ask" in command else 0.6

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setattr(cold_bench, "_seconds", timed)
    assert cold_bench.run_cold_bench(default_knowledge_dir(), as_json=False) == 0

    out = capsys.readouterr().out
    assert "stationbot ask, engine cached: median 0.4 s" in out
    assert "import discord:                median 0.6 s" in out
    # one untimed warm-up of each, then the two interleaved
    asks = [command for command, _ in runs if "ask" in command]
    assert len(asks) == len(runs) - len(asks) == 13
    assert "ask" in runs[0][0] and "ask" not in runs[1][0] and "ask" in runs[2][0]
    # an installed bot has its bytecode: the runs may write stationbot's
    assert all("PYTHONDONTWRITEBYTECODE" not in env for _, env in runs)


def test_a_cold_start_run_that_fails_says_what_it_said() -> None:
    failing = [sys.executable, "-c", "import sys; sys.exit('no discord here')"]
    with pytest.raises(StationbotError, match=r"exit 1.*no discord here"):
        cold_bench._seconds(failing, dict(os.environ))
