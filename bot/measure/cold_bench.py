"""``stationbot bench --cold``: how long ``stationbot ask`` takes from a cold start, engine
cached, against how long Python takes to ``import discord`` (issue #18's budget: below it).

Each is a fresh interpreter, run ``repeats`` times, the two interleaved so that a busy moment of
the machine falls on both. One untimed run of each comes first: it builds the engine's cache and
lets Python write the bytecode of stationbot's modules, as a user's first command does
(discord.py's bytecode was written when pip installed it). ``PYTHONDONTWRITEBYTECODE`` is
cleared for the runs: with it set, an editable install compiles every module of stationbot at
every start, which no installed bot does, and the comparison would be unfair to it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bot.engine.errors import StationbotError

QUESTION = "how long was the one year mission?"


def _seconds(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds one run of ``command`` takes; ``StationbotError`` with its last words of
    error when it fails (no discord.py, knowledge that does not load...)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise StationbotError(
            f"`{' '.join(command[1:])}` failed (exit {done.returncode}): "
            f"{said[-1] if said else 'no output'}"
        )
    return time.perf_counter() - start


def cold_figures(knowledge_dir: Path, repeats: int = 12) -> dict[str, float | int]:
    """Median, fastest and slowest seconds of ``stationbot ask`` (engine cached) and of
    ``import discord``, each a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    ask = [sys.executable, "-m", "bot", "ask", "--knowledge", str(knowledge_dir), QUESTION]
    discord = [sys.executable, "-c", "import discord"]
    for command in (ask, discord):  # warm-up: the cache and the bytecode
        _seconds(command, env)
    asked: list[float] = []
    imported: list[float] = []
    for _ in range(repeats):
        asked.append(_seconds(ask, env))
        imported.append(_seconds(discord, env))
    return {
        "runs": repeats,
        "ask_median_s": round(statistics.median(asked), 3),
        "ask_min_s": round(min(asked), 3),
        "ask_max_s": round(max(asked), 3),
        "import_discord_median_s": round(statistics.median(imported), 3),
        "import_discord_min_s": round(min(imported), 3),
        "import_discord_max_s": round(max(imported), 3),
    }


def run_cold_bench(knowledge_dir: Path, as_json: bool) -> int:
    """Print the cold-start figures; return the exit code."""
    figures = cold_figures(knowledge_dir)
    if as_json:
        print(json.dumps(figures, indent=1))
        return 0
    print(
        f"stationbot ask, engine cached: median {figures['ask_median_s']} s "
        f"({figures['ask_min_s']}–{figures['ask_max_s']})\n"
        f"import discord:                median {figures['import_discord_median_s']} s "
        f"({figures['import_discord_min_s']}–{figures['import_discord_max_s']})\n"
        f"{figures['runs']} fresh interpreters each, interleaved"
    )
    return 0
