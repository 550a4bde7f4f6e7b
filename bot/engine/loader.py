"""Read knowledge YAML into entries, with errors that name file, line, entry id and field."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine.errors import KnowledgeError, KnowledgeIssue, KnowledgeNotFoundError
from bot.engine.models import Entry
from bot.engine.publishers import publishers_for
from bot.engine.subjects import subject_issues

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Knowledge:
    """A loaded, validated knowledge base."""

    entries: tuple[Entry, ...]
    files: tuple[Path, ...]


def default_knowledge_dir() -> Path:
    """Return the knowledge directory shipped next to the package (never the CWD)."""
    return Path(__file__).resolve().parent.parent.parent / "knowledge"


def knowledge_files(path: Path) -> list[Path]:
    """List the YAML files a path stands for (a directory's files, sorted, or one file)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise KnowledgeNotFoundError(f"knowledge path {path} does not exist")
    files = sorted(p for p in path.iterdir() if p.suffix in KNOWLEDGE_SUFFIXES and p.is_file())
    if not files:
        raise KnowledgeNotFoundError(f"no .yaml files in knowledge directory {path}")
    return files


def load_knowledge(path: Path) -> Knowledge:
    """Load and validate every knowledge file under ``path``; raise KnowledgeError listing all."""
    return load_knowledge_files(knowledge_files(path))


def load_knowledge_files(files: Sequence[Path]) -> Knowledge:
    """Load and validate ``files`` (as listed by ``knowledge_files``); raise KnowledgeError
    listing every issue. No files, or files with no entry at all, are errors too: a bot with
    no knowledge would refuse every question."""
    from bot.engine.parse import parse_file  # PyYAML and pydantic: only when files are read

    if not files:
        raise KnowledgeNotFoundError("no knowledge files to load")
    publishers = publishers_for(files[0].parent)
    issues: list[KnowledgeIssue] = []
    entries: list[Entry] = []
    for file in files:
        file_entries, file_issues = parse_file(file, publishers)
        entries.extend(file_entries)
        issues.extend(file_issues)
    issues.extend(_duplicate_ids(entries))
    issues.extend(subject_issues(entries))
    if not entries and not issues:
        count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        issues.append(
            KnowledgeIssue(
                files[0] if len(files) == 1 else files[0].parent,
                None,
                None,
                "entries",
                f"no entries in {count}: the bot would refuse every question "
                "(see knowledge/README.md to add one)",
            )
        )
    if issues:
        raise KnowledgeError(issues)
    return Knowledge(entries=tuple(entries), files=tuple(files))


def _duplicate_ids(entries: Sequence[Entry]) -> Iterable[KnowledgeIssue]:
    first: dict[str, Entry] = {}
    for entry in entries:
        seen = first.setdefault(entry.id, entry)
        if seen is not entry:
            yield KnowledgeIssue(
                entry.path or Path("?"),
                entry.line,
                entry.id,
                "id",
                f"duplicate id, first used at {seen.path}:{seen.line}",
            )
