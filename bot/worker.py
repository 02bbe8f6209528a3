"""The inbox worker: takes stored webhook events, one chat at a time in LINE's order, and
hands each to the handlers. The handler's writes, its outbox rows and the event's `done`
commit together, so a crash at any point leaves the event to be handled again, not twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Unpack

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.media import MediaStore
from bot.prefetch import prefetch
from bot.queue import QueueLoop, QueueOptions, Wake
from bot.services import Services
from handlers import dispatch, preload, with_chats
from handlers.fetched import Prefetched
from models.chats import Chat
from models.inbox import InboxEvent
from models.landing import take_landed
from models.privacy import files_noted, take_files_to_delete
from models.session import Database

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


class InboxWorker(QueueLoop[InboxEvent]):
    model = InboxEvent
    kind = "worker"

    def __init__(self, services: Services, *, outbox_wake: Wake | None = None,
                 **options: Unpack[QueueOptions]) -> None:
        super().__init__(services.db, **options)
        self.services = services
        self.batch = services.settings.worker_batch
        event = InboxEvent
        columns = [event.id, event.webhook_event_id, event.chat_key, event.payload]
        self.head_chats = self.heads_query([event.chat_key])
        self.head_events = self.heads_query(columns)
        self.head_events_of = self.heads_query(
            columns, where=event.chat_key.in_(bindparam("chats", expanding=True)))
        self.outbox_wake = outbox_wake

    def run_once(self, limit: int = 50) -> int:
        items = self.claim(limit)
        if items:
            self.work(items)
        return len(items)

    def claim(self, limit: int) -> list[Claimed]:
        take_landed(self.db)
        now = self.clock()
        with self.db.transaction() as session:
            if self.db.dialect == "sqlite":  # BEGIN IMMEDIATE already serialises claims
                rows = self.heads(session, self.head_events, now, limit)
            else:
                rows = self.heads_of_locked_chats(session, now, limit)
            claimed = [Claimed(*row) for row in rows]
            self.mark_claimed(session, [c.id for c in claimed], now)
        return claimed

    def heads_of_locked_chats(self, session: Session, now: datetime, limit: int) -> list[Any]:
        """Lock the chats of the heads (SKIP LOCKED, so workers share the load without
        waiting), then look again: another worker may have claimed a head since the first
        look."""
        chat_keys = {row.chat_key for row in self.heads(session, self.head_chats, now, limit)}
        if not chat_keys:
            return []
        locked = session.scalars(
            select(Chat.key).where(Chat.key.in_(chat_keys)).with_for_update(skip_locked=True)
        ).all()
        return self.heads(session, self.head_events_of, now, limit, chats=list(locked))

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
        """Handlers rarely fail, so a batch runs in one transaction without savepoints; if an
        event fails, the batch is rolled back and its events handled again one a
        transaction, so only the failing one is retried."""
        try:
            self.handle_together(batch)
        except LeaseLost as exc:
            log.warning("lease lost, the work was rolled back: %s", exc)
        except Exception as exc:
            if len(batch) == 1:
                log.exception("event %s failed", batch[0][0].id)
                self.record_failure(batch[0][0].id, f"{type(exc).__name__}: {exc}")
                return
            log.warning("a batch of %d events failed (%s: %s); handling them one by one",
                        len(batch), type(exc).__name__, exc)
            for one in batch:
                self.handle_batch([one])

    def handle_together(self, batch: list[tuple[Claimed, Prefetched]]) -> None:
        """Events of different chats in one transaction: fewer commits, and the members and
        chats they need are read in one query each."""
        ids = [item.id for item, _ in batch]
        events = [item.payload for item, _ in batch]
        with self.db.sessions() as session:
            # Read the senders before taking SQLite's write lock, so webhooks wait less for
            # it; a member may change in between (as on PostgreSQL, which does not lock them).
            with self.db.reading(session):
                preloaded = preload(session, events)
            with session.begin():
                preloaded = with_chats(session, preloaded, events,
                                       [item.chat_key for item, _ in batch])
                for item, fetched in batch:
                    dispatch(self.services.settings, session, item.webhook_event_id, item.chat_key,
                             item.payload, self.clock(), fetched, preloaded)
                if self.finish_many(session, ids, self.clock()) != len(ids):
                    raise LeaseLost(f"events {ids} were partly taken over")
            erased = files_noted(session)
        if erased:  # the conversation erased photos: their files go now that it committed
            try:
                delete_noted_files(self.db, self.services.media)
            except Exception:  # the events are handled; the erasure's follow-up tries again
                log.exception("deleting the files of erased photos failed")
        self.wake_sender()

    def wake_sender(self) -> None:
        if self.outbox_wake is not None:
            self.outbox_wake.set()


def delete_noted_files(db: Database, store: MediaStore) -> int:
    """Delete the photo files an erasure noted (models/privacy.py), after its commit: the
    conversation never touches the store. The list is emptied in the same transaction, after
    the files are gone, so a failure leaves it for the next erasure's follow-up."""
    with db.transaction() as session:
        paths = take_files_to_delete(session)
        store.delete(paths)
    return len(paths)
