"""run_bot / `stationbot run`: clear one-line failures, never a traceback, never the token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import discord
import pytest

from bot.launcher import EXIT_CONFIG, EXIT_FAILED, run_bot
from bot.settings import Settings

TOKEN = "not-a-real-token-but-secret-enough"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No settings from the developer's environment or .env; a private database."""
    for name in list(os.environ):
        if name.startswith(("STATIONBOT_", "DISCORD_")) or name == "LOG_LEVEL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    return tmp_path


def one_clean_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("stationbot: ")
    return lines[0]


def test_missing_token_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bot() == EXIT_CONFIG
    out, err = capsys.readouterr()
    assert out == ""
    assert "DISCORD_TOKEN is not set" in one_clean_line(err)


def test_blank_token_counts_as_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "   ")
    assert run_bot() == EXIT_CONFIG
    assert "DISCORD_TOKEN is not set" in one_clean_line(capsys.readouterr().err)


def test_token_from_dotenv_is_read(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (clean_env / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\n")
    seen: list[str] = []

    async def login(self: discord.Client, token: str) -> None:
        seen.append(token)
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(discord.Client, "login", login)
    assert run_bot() == EXIT_FAILED
    assert seen == [TOKEN]


def test_rejected_token_exits_cleanly_without_showing_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)

    async def login(self: discord.Client, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(discord.Client, "login", login)
    assert run_bot() == EXIT_FAILED
    out, err = capsys.readouterr()
    assert "Discord rejected the token" in one_clean_line(err)
    assert TOKEN not in out + err


def test_missing_privileged_intent_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("STATIONBOT_MESSAGE_CONTENT_INTENT", "true")

    async def start(self: discord.Client, token: str, *, reconnect: bool = True) -> None:
        raise discord.PrivilegedIntentsRequired(shard_id=None)

    monkeypatch.setattr(discord.Client, "start", start)
    assert run_bot() == EXIT_FAILED
    out, err = capsys.readouterr()
    assert "Message Content Intent" in one_clean_line(err)
    assert TOKEN not in out + err


def test_invalid_settings_name_the_setting_but_not_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("STATIONBOT_SHARD_IDS", "0,1")
    assert run_bot() == EXIT_CONFIG
    out, err = capsys.readouterr()
    assert "STATIONBOT_SHARD_COUNT" in one_clean_line(err)
    assert TOKEN not in out + err


def test_invalid_knowledge_is_reported_with_file_and_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = clean_env / "kb"
    knowledge.mkdir()
    (knowledge / "bad.yaml").write_text("entries:\n  - id: Bad_ID\n    kind: fact\n")
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert run_bot(knowledge=str(knowledge)) == EXIT_FAILED
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "bad.yaml:2 (Bad_ID)" in err
    assert TOKEN not in out + err


def test_unusable_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("STATIONBOT_DATABASE_URL", "postgresql://user:hunter2@127.0.0.1:1/x")
    assert run_bot() == EXIT_FAILED
    out, err = capsys.readouterr()
    line = one_clean_line(err)
    assert "database" in line
    assert "hunter2" not in out + err and TOKEN not in out + err


def test_cli_run_without_token(clean_env: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STATIONBOT_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=clean_env,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_CONFIG
    assert "DISCORD_TOKEN is not set" in one_clean_line(result.stderr)


def test_env_example_documents_every_setting_and_parses(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    text = example.read_text(encoding="utf-8")
    names = {line.split("=", 1)[0] for line in text.splitlines() if "=" in line[:40]}
    aliases = {field.validation_alias for field in Settings.model_fields.values()}
    assert aliases <= names
    (clean_env / ".env").write_text(text, encoding="utf-8")
    monkeypatch.delenv("STATIONBOT_DATABASE_URL")
    assert Settings().model_dump() == Settings(_env_file=None).model_dump()
