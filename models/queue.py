"""Columns shared by the inbox and the outbox: both are work queues with leases and retries.

    pending --claim--> working --ok--> done
       ^                  |
       +---error, retry---+---error, attempts exhausted---> failed
    (a working row whose lease expired is claimable again: its worker died)
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import FromClause, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import utcnow

PENDING, WORKING, DONE, FAILED = "pending", "working", "done", "failed"
# Literal SQL, not parameters: only then can SQLite use the partial index built on it.
UNFINISHED_ROWS = text(f"status IN ('{PENDING}', '{WORKING}')")


class QueueColumns:
    if TYPE_CHECKING:
        # What the queue loops also read off every queue table, declared for type checkers
        # only: each table maps its own (an inbox row always has a chat, an outbox row not).
        __table__: ClassVar[FromClause]
        id: Mapped[int]
        chat_key: Mapped[str | None]

    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    locked_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
