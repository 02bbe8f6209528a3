"""Messages to send to LINE, written in the same transaction as the work that caused them.

kind: reply (reply token, free), push (one recipient) or multicast (up to 500 recipients).
A push or multicast carries a retry key made before the first attempt, so a retry is safe.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Index, String, event, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, table_of, utcnow
from models.queue import PENDING, UNFINISHED_ROWS, QueueColumns


class OutboxMessage(QueueColumns, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        Index("ix_outbox_messages_unfinished", "chat_key", "id", sqlite_where=UNFINISHED_ROWS,
              postgresql_where=UNFINISHED_ROWS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Messages to one chat leave in the order they were written; None (multicast): no order.
    chat_key: Mapped[str | None] = mapped_column(String(80))
    reply_token: Mapped[str | None] = mapped_column(String(255))
    recipients: Mapped[list[Any]]
    messages: Mapped[list[Any]]
    retry_key: Mapped[str] = mapped_column(String(36))
    # Makes planning idempotent: the same reminder planned twice is stored once.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Whether an expired reply token falls back to a (paid) push: only for messages that matter.
    fallback_push: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"OutboxMessage({self.id} {self.kind} {self.status})"


INSERT_OUTBOX = insert(table_of(OutboxMessage))
REPLIES = "outbox.replies"  # session.info: replies of this transaction not yet written


def enqueue_reply(session: Session, reply_token: str, to: str, messages: list[dict[str, Any]],
                  *, fallback_push: bool = False) -> None:
    """A free reply; `to` is whom to push to instead if the token has expired and it matters.
    Every event writes one: a transaction's replies are written together at its commit, in
    one prepared INSERT (one round trip for a worker's batch, not one an event)."""
    now = utcnow()
    session.info.setdefault(REPLIES, []).append({
        "kind": "reply", "chat_key": chat_key_of(to), "reply_token": reply_token,
        "recipients": [to], "messages": messages, "retry_key": str(uuid.uuid4()),
        "fallback_push": fallback_push, "status": PENDING, "attempts": 0,
        "next_attempt_at": now, "created_at": now})


def write_in_order(session: Session) -> None:
    """Write what the transaction queued so far, in the order it was queued: a chat's messages
    leave in id order, so a push queued after a reply must get the later id."""
    replies = session.info.pop(REPLIES, None)
    if replies:
        session.flush()  # rows added before these replies come first
        session.execute(INSERT_OUTBOX, replies)


@event.listens_for(Session, "before_commit")
def _write_replies(session: Session) -> None:
    write_in_order(session)


@event.listens_for(Session, "after_rollback")
def _forget_replies(session: Session) -> None:
    session.info.pop(REPLIES, None)


def enqueue_push(session: Session, to: list[str], messages: list[dict[str, Any]],
                 *, dedupe_key: str | None = None) -> OutboxMessage | None:
    """A push (one recipient) or multicast (several); None if `dedupe_key` was planned before."""
    write_in_order(session)
    if dedupe_key is not None:
        planned = select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        if session.scalar(planned) is not None:
            return None
    single = len(to) == 1
    row = OutboxMessage(kind="push" if single else "multicast",
                        chat_key=chat_key_of(to[0]) if single else None, recipients=list(to),
                        messages=messages, retry_key=str(uuid.uuid4()), dedupe_key=dedupe_key)
    session.add(row)
    return row


MULTICAST_LIMIT = 500  # LINE's most recipients of one multicast request


def enqueue_multicast(session: Session, to: list[str], messages: list[dict[str, Any]],
                      *, dedupe_key: str | None = None) -> list[OutboxMessage]:
    """The same messages to many people: multicasts of at most MULTICAST_LIMIT recipients
    each (one alone goes as a push). With `dedupe_key`, each batch is planned once."""
    rows = []
    for start in range(0, len(to), MULTICAST_LIMIT):
        key = f"{dedupe_key}#{start // MULTICAST_LIMIT}" if dedupe_key else None
        row = enqueue_push(session, to[start:start + MULTICAST_LIMIT], messages, dedupe_key=key)
        if row is not None:
            rows.append(row)
    return rows


def chat_key_of(line_id: str) -> str:
    """The inbox's chat key for a LINE id: U... users, C... groups, R... rooms."""
    kind = {"C": "group", "R": "room"}.get(line_id[:1], "user")
    return f"{kind}:{line_id}"
