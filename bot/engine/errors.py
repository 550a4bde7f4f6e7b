"""Typed errors for the engine: each carries what a maintainer needs to act."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class StationbotError(Exception):
    """Base class for every error stationbot raises on purpose."""


@dataclass(frozen=True)
class KnowledgeIssue:
    """One problem in a knowledge file, located as precisely as the YAML allows."""

    path: Path
    line: int | None
    entry_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = _display(self.path)
        where = where if self.line is None else f"{where}:{self.line}"
        who = f" ({self.entry_id})" if self.entry_id else ""
        what = f" {self.field}:" if self.field else ""
        return f"{where}{who}:{what} {self.message}"


class KnowledgeError(StationbotError):
    """The knowledge base is invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: list[KnowledgeIssue]) -> None:
        self.issues = list(issues)
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in the knowledge base"
        super().__init__(head + ":\n" + "\n".join(f"  {issue}" for issue in self.issues))


class KnowledgeNotFoundError(StationbotError):
    """The knowledge directory or file does not exist or holds no YAML."""


def _display(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
