"""All runtime settings in one place, read from the environment or ``.env`` (pydantic-settings)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///stationbot.sqlite3"
#: CelesTrak's space-stations group (bot.orbit.feed.CELESTRAK_URL; not imported: settings stay
#: light to import).
DEFAULT_ELEMENTS_URL = "https://celestrak.org/NORAD/elements/gp.php?GROUP=stations&FORMAT=tle"


def _int_list(value: Any) -> Any:
    """Accept "1, 2 3" as well as a list for id lists."""
    if isinstance(value, str):
        return [int(part) for part in value.replace(",", " ").split()]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Bot settings. Every field is documented in ``.env.example``."""

    # Empty values (``DISCORD_GUILD_ID=`` as in .env.example) mean "use the default".
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    discord_token: SecretStr = Field(default=SecretStr(""), validation_alias="DISCORD_TOKEN")
    discord_guild_id: int | None = Field(default=None, validation_alias="DISCORD_GUILD_ID")
    knowledge: Path | None = Field(default=None, validation_alias="STATIONBOT_KNOWLEDGE")
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL, validation_alias="STATIONBOT_DATABASE_URL"
    )
    owner_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias="STATIONBOT_OWNER_IDS"
    )
    shard_count: int | None = Field(default=None, ge=1, validation_alias="STATIONBOT_SHARD_COUNT")
    shard_ids: Annotated[list[int] | None, NoDecode] = Field(
        default=None, validation_alias="STATIONBOT_SHARD_IDS"
    )
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    question_cooldown_seconds: float = Field(
        default=5.0, ge=0, validation_alias="STATIONBOT_QUESTION_COOLDOWN"
    )
    repeat_window_seconds: float = Field(
        default=60.0, ge=0, validation_alias="STATIONBOT_REPEAT_WINDOW"
    )
    context_seconds: float = Field(
        default=300.0, ge=0, validation_alias="STATIONBOT_CONTEXT_SECONDS"
    )
    message_content_intent: bool = Field(
        default=False, validation_alias="STATIONBOT_MESSAGE_CONTENT_INTENT"
    )
    quiz_rounds: int = Field(default=5, ge=1, le=25, validation_alias="STATIONBOT_QUIZ_ROUNDS")
    quiz_seconds: int = Field(default=20, ge=1, le=300, validation_alias="STATIONBOT_QUIZ_SECONDS")
    quiz_break_seconds: float = Field(
        default=4.0, ge=0, le=60, validation_alias="STATIONBOT_QUIZ_BREAK"
    )
    elements_url: str = Field(
        default=DEFAULT_ELEMENTS_URL, validation_alias="STATIONBOT_ELEMENTS_URL"
    )
    elements_refresh: bool = Field(default=True, validation_alias="STATIONBOT_ELEMENTS_REFRESH")

    @field_validator("owner_ids", mode="before")
    @classmethod
    def _owners(cls, value: Any) -> Any:
        return _int_list(value) if value not in (None, "") else []

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shards(cls, value: Any) -> Any:
        return _int_list(value) if value not in (None, "") else None

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"{value!r} is not a log level (DEBUG, INFO, WARNING, ERROR)")
        return level

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("STATIONBOT_SHARD_IDS needs STATIONBOT_SHARD_COUNT as well")
            bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if bad:
                last = self.shard_count - 1
                raise ValueError(f"shard ids {bad} are outside 0..{last} (STATIONBOT_SHARD_COUNT)")
        return self
