"""The pure answer engine: knowledge loading, normalising, matching. Never imports discord."""

from bot.engine.engine import Engine
from bot.engine.errors import (
    KnowledgeError,
    KnowledgeIssue,
    KnowledgeNotFoundError,
    StationbotError,
)
from bot.engine.loader import Knowledge, default_knowledge_dir, load_knowledge
from bot.engine.matcher import MatchConfig
from bot.engine.models import (
    Answer,
    Entry,
    KeyNumber,
    PreviousHolder,
    RecordFields,
    Source,
    SubjectFields,
    Suggestion,
)
from bot.engine.normalise import analyse, normalise
from bot.engine.subjects import Subjects

__all__ = [
    "Answer",
    "Engine",
    "Entry",
    "KeyNumber",
    "Knowledge",
    "KnowledgeError",
    "KnowledgeIssue",
    "KnowledgeNotFoundError",
    "MatchConfig",
    "PreviousHolder",
    "RecordFields",
    "Source",
    "StationbotError",
    "SubjectFields",
    "Subjects",
    "Suggestion",
    "analyse",
    "default_knowledge_dir",
    "load_knowledge",
    "normalise",
]
