"""The inbox worker: takes stored webhook events, one chat at a time in LINE's order, and
hands each to the handlers. The handler's writes, its outbox rows and the event's `done`
commit together, so a crash at any point leaves the event to be handled again, not twice."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.queue import QueueLoop
from bot.services import Services
from handlers import dispatch, prefetch
from models.chats import Chat
from models.inbox import InboxEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    """An event this worker holds the lease on, with what handling it needs."""

    id: int
    webhook_event_id: str
    chat_key: str
    payload: dict[str, Any]


class LeaseLost(Exception):
    """Another worker took the event over after this one's lease ran out."""


class InboxWorker(QueueLoop):
    model = InboxEvent
    kind = "worker"

    def __init__(self, services: Services, *, outbox_wake: threading.Event | None = None,
                 **kwargs: object) -> None:
        super().__init__(services.db, **kwargs)  # type: ignore[arg-type]
        self.services = services
        self.outbox_wake = outbox_wake

    def claim(self, limit: int) -> list[Claimed]:
        now = self.clock()
        event = InboxEvent
        heads = self.heads(now)  # LINE's order within each chat holds
        with self.db.transaction() as session:
            chat_keys = session.scalars(
                select(event.chat_key).where(heads).order_by(event.id).limit(limit)
            ).all()
            if not chat_keys:
                return []
            # Lock the chats (PostgreSQL: SKIP LOCKED, so workers share the load without
            # waiting; SQLite: BEGIN IMMEDIATE already serialises claims), then look again:
            # another worker may have claimed a head since the first look.
            locked = session.scalars(
                select(Chat.key).where(Chat.key.in_(set(chat_keys)))
                .with_for_update(skip_locked=True)
            ).all()
            claimed = [
                Claimed(*row) for row in session.execute(
                    select(event.id, event.webhook_event_id, event.chat_key, event.payload)
                    .where(heads, event.chat_key.in_(locked)).order_by(event.id))
            ]
            self.mark_claimed(session, [c.id for c in claimed], now)
        return claimed

    def work(self, items: list[Claimed]) -> None:
        for item in items:
            self.handle(item)

    def handle(self, item: Claimed) -> None:
        try:
            fetched = prefetch(self.services, item.payload)  # network: outside any transaction
            with self.db.transaction() as session:
                dispatch(self.services, session, item.webhook_event_id, item.chat_key,
                         item.payload, self.clock(), fetched)
                if not self.finish(session, item.id, self.clock()):
                    raise LeaseLost(f"event {item.id} was taken over")
        except LeaseLost:
            log.warning("event %s: lease lost, its work was rolled back", item.id)
            return
        except Exception as exc:
            log.exception("event %s failed", item.id)
            self.record_failure(item.id, f"{type(exc).__name__}: {exc}")
            return
        if self.outbox_wake is not None:
            self.outbox_wake.set()

