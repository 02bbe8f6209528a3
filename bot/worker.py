"""The inbox worker: takes stored webhook events, one chat at a time in LINE's order, and
hands each to the handlers. The handler's writes, its outbox rows and the event's `done`
commit together, so a crash at any point leaves the event to be handled again, not twice."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select

from bot.queue import QueueLoop
from bot.services import Services
from handlers import dispatch, prefetch
from models.chats import Chat
from models.inbox import InboxEvent

log = logging.getLogger(__name__)


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

    def claim(self, limit: int) -> list[int]:
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
            ids = session.scalars(
                select(event.id).where(heads, event.chat_key.in_(locked)).order_by(event.id)
            ).all()
            self.mark_claimed(session, ids, now)
        return list(ids)

    def work(self, ids: list[int]) -> None:
        for event_id in ids:
            self.handle(event_id)

    def handle(self, event_id: int) -> None:
        try:
            with self.db.transaction() as session:
                event = session.get(InboxEvent, event_id)
                if event is None:
                    return
                payload = event.payload
            fetched = prefetch(self.services, payload)  # network: outside any transaction
            with self.db.transaction() as session:
                event = session.get(InboxEvent, event_id)
                assert event is not None
                dispatch(self.services, session, event, self.clock(), fetched)
                if not self.finish(session, event_id, self.clock()):
                    raise LeaseLost(f"event {event_id} was taken over")
        except LeaseLost:
            log.warning("event %s: lease lost, its work was rolled back", event_id)
            return
        except Exception as exc:
            log.exception("event %s failed", event_id)
            self.record_failure(event_id, f"{type(exc).__name__}: {exc}")
            return
        if self.outbox_wake is not None:
            self.outbox_wake.set()

