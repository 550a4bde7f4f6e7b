"""The engine cache: a second command starts from the saved engine, and it is never stale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bot.engine.cache as cache
from bot.engine import Engine, KnowledgeError, default_knowledge_dir
from bot.engine.cache import load_engine

QUESTION = "when did scott kelly land"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge, free to edit."""
    return Path(shutil.copytree(default_knowledge_dir(), tmp_path / "knowledge"))


def _saved(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("engine-*.pickle"))


def test_the_second_load_reads_the_saved_engine_without_parsing(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    first = load_engine(knowledge, cache_dir)
    assert len(_saved(cache_dir)) == 1

    def no_parsing(path: Path) -> None:
        raise AssertionError("the knowledge was parsed again")

    monkeypatch.setattr(cache, "load_knowledge", no_parsing)
    second = load_engine(knowledge, cache_dir)
    assert second.ask(QUESTION).fact_id == first.ask(QUESTION).fact_id == "oym-landing-date"
    assert second.ask(QUESTION).text == first.ask(QUESTION).text


def test_an_edited_knowledge_file_is_never_answered_from_the_old_engine(
    knowledge: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    load_engine(knowledge, cache_dir)
    before = _saved(cache_dir)
    file = knowledge / "one-year-mission.yaml"
    text = file.read_text(encoding="utf-8")
    assert "11:27 pm EST" in text
    file.write_text(text.replace("11:27 pm EST", "11:26 pm EST", 1), encoding="utf-8")
    edited = load_engine(knowledge, cache_dir)
    answer = edited.ask(QUESTION).text
    assert answer is not None and "11:26 pm EST" in answer
    assert _saved(cache_dir) != before and len(_saved(cache_dir)) == 2  # the new one, and
    for n in range(4):  # the old one, until newer ones push it out
        file.write_text(text.replace("11:27 pm EST", f"11:2{n} pm EST", 1), encoding="utf-8")
        load_engine(knowledge, cache_dir)
    assert len(_saved(cache_dir)) == cache.KEEP


def test_a_corrupt_or_foreign_cache_file_is_rebuilt_not_trusted(
    knowledge: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    load_engine(knowledge, cache_dir)
    (saved,) = _saved(cache_dir)
    for junk in (b"not a pickle", b"\x80\x05K\x01."):  # garbage; a valid pickle of the int 1
        saved.write_bytes(junk)
        engine = load_engine(knowledge, cache_dir)
        assert isinstance(engine, Engine) and engine.ask(QUESTION).answered
        assert saved.read_bytes() != junk  # saved again, sound


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_cache_that_cannot_be_written_only_costs_the_fast_start(
    knowledge: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        assert load_engine(knowledge, cache_dir).ask(QUESTION).answered
        assert _saved(cache_dir) == []
    finally:
        cache_dir.chmod(0o700)


def test_a_cache_path_that_is_a_file_only_costs_the_fast_start(
    knowledge: Path, tmp_path: Path
) -> None:
    not_a_dir = tmp_path / "cache"
    not_a_dir.write_text("a file where the cache directory should be")
    assert load_engine(knowledge, not_a_dir).ask(QUESTION).answered
    assert not_a_dir.read_text() == "a file where the cache directory should be"


def test_no_cache_dir_builds_every_time_and_saves_nothing(knowledge: Path, tmp_path: Path) -> None:
    assert load_engine(knowledge, None).ask(QUESTION).answered
    assert list(tmp_path.rglob("engine-*.pickle")) == []


def test_the_command_line_uses_the_cache_and_can_be_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("STATIONBOT_CACHE_DIR", str(tmp_path / "cli-cache"))
    assert main(["ask", QUESTION]) == 0
    assert len(_saved(tmp_path / "cli-cache")) == 1
    monkeypatch.setenv("STATIONBOT_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["ask", QUESTION]) == 0
    assert "oym-landing-date" in capsys.readouterr().out
    assert not (tmp_path / "xdg").exists()


def test_a_cached_engine_respells_typos_without_reading_the_word_list_again(
    knowledge: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    load_engine(knowledge, cache_dir)
    script = (
        "import sys; from pathlib import Path; from bot.engine.cache import load_engine; "
        f"e = load_engine(Path({str(knowledge)!r}), Path({str(cache_dir)!r})); "
        "a = e.ask('how hevy is the internatonal spce staion'); "
        "print(a.fact_id, 'wordfreq' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["iss-mass", "False"]


def test_an_unreadable_knowledge_file_is_reported_not_crashed_on(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unreadable = knowledge / "iss.yaml"
    read_bytes, read_text = Path.read_bytes, Path.read_text

    def refuse_bytes(self: Path) -> bytes:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    def refuse_text(self: Path, *args: Any, **kwargs: Any) -> str:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", refuse_bytes)
    monkeypatch.setattr(Path, "read_text", refuse_text)
    with pytest.raises(KnowledgeError, match="cannot read file"):
        load_engine(knowledge, tmp_path / "cache")


def test_without_a_home_directory_the_command_line_runs_without_a_cache(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("STATIONBOT_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert main(["ask", QUESTION]) == 0
    assert "oym-landing-date" in capsys.readouterr().out
