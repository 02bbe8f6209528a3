"""What the worker, the sender and the handlers share: the database, the LINE client and the
settings, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.line_client import LineClient
from models.session import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    line: LineClient
    clock: Clock = field(default_factory=Clock)

    @classmethod
    def from_settings(cls, settings: Settings, db: Database | None = None) -> Services:
        line = LineClient(settings.access_token, settings.api_base,
                          pool_size=settings.sender_concurrency,
                          timeout=settings.line_timeout_seconds,
                          pushes_per_second=settings.pushes_per_second)
        return cls(settings=settings, db=db or Database(settings.database_url), line=line)

    def close(self) -> None:
        self.line.close()
        self.db.dispose()
