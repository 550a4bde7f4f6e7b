"""``stationbot bench``: latency, memory and load figures, with synthetic distractor entries.

Each size runs in a fresh interpreter, so its peak memory (ru_maxrss) is its own: one builds
the engine, times the questions and saves the engine as ``stationbot ask`` caches it;
a second reads it back as the cache does and asks every question once, as ``stationbot ask`` reading
questions from stdin does, so its peak memory is that of a cached engine with no build.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bot.engine import Engine, Entry, Source, load_knowledge
from bot.engine.cache import read, save
from bot.measure.evaluate import GoldenQuestion, default_question_files, evaluate, load_questions

SEED = 20160301
_SYLLABLES = (
    "ka lo mi ne ru sa te vo zi pa be do fu gi ha ji ku la ma no pe ri so tu va we xi yo za".split()
)


def synthetic_entries(count: int, real: Sequence[Entry], seed: int = SEED) -> list[Entry]:
    """Make ``count`` deterministic distractor entries that share some words with the real ones."""
    rng = random.Random(seed)
    pseudo = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(6000)})
    real_words = sorted({w for e in real for q in e.questions for w in q.lower().split()})
    source = Source("Synthetic distractor", "https://example.org/synthetic", "unknown")
    entries: list[Entry] = []
    for n in range(count):

        def phrase(length: int) -> str:
            words = [
                rng.choice(real_words) if rng.random() < 0.3 else rng.choice(pseudo)
                for _ in range(length)
            ]
            return " ".join(words)

        entries.append(
            Entry(
                id=f"synthetic-{n}",
                kind="fact",
                topic="synthetic",
                answer=phrase(14) + ".",
                questions=(phrase(6) + "?", phrase(7) + "?", phrase(5) + "?"),
                aliases=(phrase(2),),
                sources=(source,),
            )
        )
    return entries


#: How many times each question is timed; its median counts.
TIMED_PASSES = 3


def _percentile(sorted_values: Sequence[float], p: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def _queries(knowledge_dir: Path) -> list[GoldenQuestion]:
    files = default_question_files()
    if files:
        return load_questions(files)
    knowledge = load_knowledge(knowledge_dir)
    return [GoldenQuestion(q, (e.id,)) for e in knowledge.entries for q in e.questions]


def measure(knowledge_dir: Path, size: int, saved: Path | None = None) -> dict[str, float | int]:
    """Build an engine of ``size`` entries (real + synthetic) and time every golden question
    (and save the engine, as built, to ``saved`` as the cache does, when given).

    One untimed pass warms the caches; then each question is timed ``TIMED_PASSES`` times and
    its median counts.
    """
    knowledge = load_knowledge(knowledge_dir)
    real = list(knowledge.entries)
    extra = synthetic_entries(max(0, size - len(real)), real)
    start = time.perf_counter()
    engine = Engine(type(knowledge)(entries=tuple(real + extra), files=knowledge.files))
    build = time.perf_counter() - start
    if saved is not None:
        with saved.open("wb") as stream:
            save(engine, stream)
    queries = _queries(knowledge_dir)
    for q in queries:  # warm caches (word lists, prepared entries), as a running bot would be
        engine.ask(q.q, context=q.context)
    passes: list[list[float]] = [[] for _ in queries]
    for _ in range(TIMED_PASSES):
        for q, times in zip(queries, passes, strict=True):
            t0 = time.perf_counter()
            engine.ask(q.q, context=q.context)
            times.append((time.perf_counter() - t0) * 1000)
    # each question's median over the passes: one scheduler hiccup does not make a slow question
    timings = sorted(statistics.median(times) for times in passes)
    report = evaluate(engine, queries)
    return {
        "entries": len(engine.entries),
        "questions": len(timings),
        "build_s": round(build, 3),
        "p50_ms": round(_percentile(timings, 50), 3),
        "p95_ms": round(_percentile(timings, 95), 3),
        "p99_ms": round(_percentile(timings, 99), 3),
        "mean_ms": round(statistics.fmean(timings), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "accuracy": round(report.accuracy, 4),
    }


def measure_cached(knowledge_dir: Path, saved: Path) -> dict[str, float]:
    """Read a saved engine as the cache does and ask every golden question once, in order:
    the mean time a question takes and the peak memory of a process that never built one."""
    start = time.perf_counter()
    engine = read(saved)  # our own file, written by ``measure`` just before
    loaded = time.perf_counter() - start
    queries = _queries(knowledge_dir)
    start = time.perf_counter()
    for q in queries:
        engine.ask(q.q, context=q.context)
    asked = time.perf_counter() - start
    return {
        "cached_load_s": round(loaded, 3),
        "cached_mean_ms": round(asked / max(len(queries), 1) * 1000, 3),
        "cached_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def load_time(knowledge_dir: Path, repeats: int = 5) -> dict[str, float]:
    """Median seconds to load+validate the knowledge, and to build the engine on it."""
    loads, builds = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        knowledge = load_knowledge(knowledge_dir)
        t1 = time.perf_counter()
        Engine(knowledge)
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        builds.append(t2 - t1)
    return {
        "load_s": round(statistics.median(loads), 4),
        "index_s": round(statistics.median(builds), 4),
    }


def run_bench(knowledge_dir: Path, sizes: Sequence[int], as_json: bool) -> int:
    """Print load time and, per size, latency percentiles and peak memory; return exit code."""
    results: dict[str, object] = {"knowledge": str(knowledge_dir), **load_time(knowledge_dir)}
    if not as_json:
        print(f"knowledge load {results['load_s']} s, index build {results['index_s']} s")
        print(
            f"{'entries':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'build s':>8} "
            f"{'peak MB':>8} {'accuracy':>8} | cached: {'load s':>6} {'mean ms':>8} "
            f"{'peak MB':>8}"
        )
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        saved = Path(scratch) / "engine.pickle"
        for size in sizes:
            row = _worker("build", knowledge_dir, str(size), str(saved))
            row.update(_worker("cached", knowledge_dir, str(saved)))
            rows.append(row)
            if not as_json:
                print(
                    f"{row['entries']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                    f"{row['p99_ms']:>8} {row['build_s']:>8} {row['peak_rss_mb']:>8} "
                    f"{row['accuracy']:>8.1%} |         {row['cached_load_s']:>6} "
                    f"{row['cached_mean_ms']:>8} {row['cached_peak_rss_mb']:>8}",
                    flush=True,
                )
    results["sizes"] = rows
    if as_json:
        print(json.dumps(results, indent=1))
    return 0


def _worker(mode: str, knowledge_dir: Path, *args: str) -> dict[str, object]:
    """Run one measurement in a fresh interpreter and read its figures."""
    out = subprocess.run(
        [sys.executable, "-m", "bot.measure.bench", mode, str(knowledge_dir), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    row: dict[str, object] = json.loads(out.stdout)
    return row


if __name__ == "__main__":  # worker: python -m bot.measure.bench build|cached KNOWLEDGE ...
    if sys.argv[1] == "build":  # KNOWLEDGE SIZE PICKLE
        print(json.dumps(measure(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))))
    else:  # cached KNOWLEDGE PICKLE
        print(json.dumps(measure_cached(Path(sys.argv[2]), Path(sys.argv[3]))))
