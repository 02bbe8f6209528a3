"""What the worker, the sender and the handlers share: the database, the LINE client, the
media store and the settings, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.line_client import LineClient
from bot.media import MediaStore, media_store
from models.session import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    line: LineClient
    media: MediaStore
    clock: Clock = field(default_factory=Clock)

    @classmethod
    def from_settings(cls, settings: Settings, db: Database | None = None) -> Services:
        line = LineClient(settings.access_token, settings.api_base,
                          pool_size=settings.sender_concurrency,
                          timeout=settings.line_timeout_seconds,
                          pushes_per_second=settings.pushes_per_second)
        return cls(settings=settings, db=db or Database(settings.database_url), line=line,
                   media=media_store(settings))

    def close(self) -> None:
        self.line.close()
        self.db.dispose()
