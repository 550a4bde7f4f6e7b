"""``stationbot gaps --unanswered``: the report printed from the bot's database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage import Storage
from bot.storage.report import print_unanswered


async def _fill(url: str) -> None:
    store = await Storage.connect(url)
    try:
        for _ in range(3):
            await store.log_unanswered("How many bolts hold the ISS together?", 42)
        await store.log_unanswered("Is Mir haunted?", None)
    finally:
        await store.close()


def test_prints_the_most_asked_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_fill(url))
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", url)
    assert print_unanswered(limit=10) == 0
    lines = capsys.readouterr().out.splitlines()
    bolts = next(i for i, line in enumerate(lines) if "bolts" in line)
    mir = next(i for i, line in enumerate(lines) if "haunted" in line)
    assert bolts < mir
    assert "3x" in lines[bolts] and "guild 42" in lines[bolts]
    assert "2 unanswered question(s)" in lines[-1]


def test_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_fill(url))
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", url)
    assert print_unanswered(limit=1) == 0
    out = capsys.readouterr().out
    assert "bolts" in out and "haunted" not in out


def test_gaps_unanswered_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_fill(url))
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", url)
    assert main(["gaps", "--unanswered", "--limit", "5"]) == 0
    assert "How many bolts hold the ISS together?" in capsys.readouterr().out


def test_a_missing_sqlite_file_is_reported_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "never-ran.sqlite3"
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    assert print_unanswered(limit=5) == 1
    assert "no database" in capsys.readouterr().err
    assert not path.exists()


def test_an_unreachable_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", "postgresql+asyncpg://bot:pw@127.0.0.1:1/x")
    assert print_unanswered(limit=5) == 1
    err = capsys.readouterr().err
    assert err.startswith("stationbot: cannot open the database") and "pw@" not in err
