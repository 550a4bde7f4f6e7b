"""The benchmark's building blocks (the figures themselves come from `stationbot bench`)."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Engine, default_knowledge_dir
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
