"""Raw webhook events, stored before the webhook answers and handled later by workers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.queue import QueueColumns


class InboxEvent(QueueColumns, Base):
    __tablename__ = "inbox_events"
    __table_args__ = (
        Index("ix_inbox_events_due", "status", "next_attempt_at"),
        Index("ix_inbox_events_chat_order", "chat_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    chat_key: Mapped[str] = mapped_column(String(80))
    event_type: Mapped[str] = mapped_column(String(32))
    line_timestamp: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]]

    def __repr__(self) -> str:
        return f"InboxEvent({self.id} {self.event_type} {self.status})"
