"""Pruning finished queue rows, so the inbox and outbox stay small for years of reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from models.inbox import InboxEvent
from models.outbox import OutboxMessage
from models.queue import DONE

KEEP_DONE = timedelta(days=30)


def prune_finished(session: Session, now: datetime, keep: timedelta = KEEP_DONE) -> int:
    """Delete inbox and outbox rows finished before `now - keep`; failed rows stay for people
    to look at."""
    cutoff = now - keep
    removed = 0
    for model in (InboxEvent, OutboxMessage):
        result = session.execute(
            delete(model).where(model.status == DONE, model.finished_at < cutoff)
        )
        removed += getattr(result, "rowcount", 0) or 0
    return removed
