"""Raw webhook events, stored before the webhook answers and handled later by workers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Connection, Index, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base
from models.chats import Chat
from models.queue import UNFINISHED_ROWS, QueueColumns
from models.session import insert_ignoring_conflicts


class InboxEvent(QueueColumns, Base):
    __tablename__ = "inbox_events"
    __table_args__ = (
        Index("ix_inbox_events_due", "status", "next_attempt_at"),
        Index("ix_inbox_events_unfinished", "chat_key", "id", sqlite_where=UNFINISHED_ROWS,
              postgresql_where=UNFINISHED_ROWS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    chat_key: Mapped[str] = mapped_column(String(80))
    event_type: Mapped[str] = mapped_column(String(32))
    line_timestamp: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]]

    def __repr__(self) -> str:
        return f"InboxEvent({self.id} {self.event_type} {self.status})"


def admit_events(conn: Session | Connection, rows: list[dict[str, Any]]) -> None:
    """Events into the queue, each with its chat's row (the lock that orders the chat's
    events). A redelivered event hits the unique webhookEventId and is not stored again."""
    chats = [{"key": key} for key in sorted({row["chat_key"] for row in rows})]
    insert_ignoring_conflicts(conn, Chat, chats, ["key"])
    insert_ignoring_conflicts(conn, InboxEvent, rows, ["webhook_event_id"])


def enqueue_timer(session: Session, chat_key: str, kind: str, due: datetime,
                  data: dict[str, Any], key: str) -> None:
    """A delayed event for the worker (e.g. "ask about unclaimed photos at 15 minutes").
    Timers queue in a lane of their own, so a timer waiting for its time never holds up the
    chat's real messages; `key` makes planning it twice harmless."""
    payload = {"type": "timer", "kind": kind, "chat_key": chat_key, **data}
    lane = f"timer:{chat_key}"[:80]
    insert_ignoring_conflicts(session, Chat, [{"key": lane}], ["key"])
    insert_ignoring_conflicts(session, InboxEvent, [{
        "webhook_event_id": f"timer:{key}"[:64], "chat_key": lane,
        "event_type": "timer", "payload": payload, "next_attempt_at": due,
    }], ["webhook_event_id"])
