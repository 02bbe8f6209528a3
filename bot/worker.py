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
from handlers.prefetch import Prefetched
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
        # On SQLite every transaction takes the one write lock that webhooks wait for, so
        # events go one a transaction; PostgreSQL locks rows, and batches save round trips.
        self.batch = services.settings.worker_batch or (
            8 if services.db.dialect == "postgresql" else 1)
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
        ready: list[tuple[Claimed, Prefetched]] = []
        for item in items:
            try:
                ready.append((item, prefetch(self.services, item.payload)))  # network: no txn
            except Exception as exc:
                log.exception("event %s: fetching from LINE failed", item.id)
                self.record_failure(item.id, f"{type(exc).__name__}: {exc}")
        for start in range(0, len(ready), self.batch):
            self.handle_batch(ready[start:start + self.batch])

    def handle_batch(self, batch: list[tuple[Claimed, Prefetched]]) -> None:
        """A few events (of different chats) in one transaction, each in a savepoint: one
        failing event rolls back only its own work. Fewer, slightly longer transactions take
        SQLite's write lock fewer times."""
        done: list[int] = []
        failed: list[tuple[int, Exception]] = []
        try:
            with self.db.transaction() as session:
                for item, fetched in batch:
                    try:
                        with session.begin_nested():
                            dispatch(self.services, session, item.webhook_event_id,
                                     item.chat_key, item.payload, self.clock(), fetched)
                        done.append(item.id)
                    except Exception as exc:
                        log.exception("event %s failed", item.id)
                        failed.append((item.id, exc))
                if done and self.finish_many(session, done, self.clock()) != len(done):
                    raise LeaseLost(f"events {done} were partly taken over")
        except LeaseLost:
            log.warning("lease lost in a batch, its work was rolled back: %s", done)
            return
        for event_id, exc in failed:
            self.record_failure(event_id, f"{type(exc).__name__}: {exc}")
        if done and self.outbox_wake is not None:
            self.outbox_wake.set()
