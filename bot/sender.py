"""The outbox sender: delivers queued messages to LINE, many at once, with retry keys so a
retry after a timeout or a 5xx can never deliver a push twice."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Unpack

from sqlalchemy import Text, cast, update
from sqlalchemy.orm import Session

from bot.line_client import LineClient, LineError
from bot.queue import QueueLoop, QueueOptions
from bot.richmenu.links import deliver_richmenu
from bot.services import Services
from models.outbox import OutboxMessage
from models.queue import PENDING, WORKING
from models.richmenus import KIND as RICHMENU

log = logging.getLogger(__name__)
# While sends are under way, a round (one transaction: mark done, claim) at most this often.
# On SQLite every round takes the write lock the webhook and the worker need too.
TICK_SECONDS = 0.025


@dataclass(frozen=True)
class Delivery:
    id: int
    kind: str
    reply_token: str | None
    recipients: list[str]
    messages_json: str  # as the outbox holds it: sent as it is
    retry_key: str
    fallback_push: bool
    attempts: int


REPLY, PUSH, MULTICAST = "reply", "push", "multicast"


def send_reply(line: LineClient, d: Delivery) -> None:
    if d.reply_token is None:
        raise ValueError("a reply without a reply token")
    line.reply(d.reply_token, d.messages_json)


def send_push(line: LineClient, d: Delivery) -> None:
    line.push(d.recipients[0], d.messages_json, d.retry_key)


def send_multicast(line: LineClient, d: Delivery) -> None:
    line.multicast(d.recipients, d.messages_json, d.retry_key)


# The one place that knows the outbox's kinds: each goes out through exactly one call. A row
# of any other kind is not guessed at (as a multicast it would reach everyone listed).
SENDS: dict[str, Callable[[LineClient, Delivery], None]] = {
    REPLY: send_reply,
    PUSH: send_push,
    MULTICAST: send_multicast,
    RICHMENU: deliver_richmenu,
}


class OutboxSender(QueueLoop[OutboxMessage]):
    model = OutboxMessage
    kind = "sender"

    def __init__(self, services: Services, **options: Unpack[QueueOptions]) -> None:
        super().__init__(services.db, **options)
        self.line = services.line
        self.concurrency = services.settings.sender_concurrency
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="sender")
        self._in_flight = 0
        self._delivered: list[int] = []
        self._lock = threading.Lock()
        m = OutboxMessage
        self.head_rows = self.heads_query(
            [m.id, m.kind, m.reply_token, m.recipients, cast(m.messages, Text), m.retry_key,
             m.fallback_push, m.attempts], lock=True)

    def run_once(self, limit: int = 200) -> int:
        """One transaction a round: mark done what LINE accepted since the last round, and
        claim what is due. On SQLite each transaction takes the one write lock the webhook
        needs too, so the sender takes it once a round, not once a message."""
        with self._lock:
            done, self._delivered = self._delivered, []
            room = min(limit, self.concurrency - self._in_flight)
        now = self.clock()
        with self.db.transaction() as session:
            if done:
                self.finish_many(session, done, now)
            items = self.claim(session, room, now) if room > 0 else []
        self.work(items)
        return len(items)

    def claim(self, session: Session, limit: int, now: datetime) -> list[Delivery]:
        rows = self.heads(session, self.head_rows, now, limit)
        self.mark_claimed(session, [r.id for r in rows], now)
        # attempts as they are now that this claim counted one more
        return [Delivery(r.id, r.kind, r.reply_token, list(r.recipients), r.messages,
                         r.retry_key, r.fallback_push, r.attempts + 1) for r in rows]

    def rest(self, busy: int) -> None:
        """Busy: the next round a tick later, whatever wakes us, so that it marks done and
        claims many rows at once. Idle: until woken (new rows) or the next poll."""
        with self._lock:
            in_flight = self._in_flight
        if busy or in_flight:
            time.sleep(TICK_SECONDS)
        else:
            super().rest(busy)

    def work(self, items: list[Delivery]) -> None:
        for delivery in items:
            with self._lock:
                self._in_flight += 1
            self._pool.submit(self._deliver_and_release, delivery)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
        self.run_once(limit=0)  # marks done what was sent, claims nothing

    def _deliver_and_release(self, delivery: Delivery) -> None:
        try:
            self.deliver(delivery)
        except Exception:
            log.exception("outbox %s: unexpected error", delivery.id)
            self.record_failure(delivery.id, "unexpected error while sending")
        finally:
            with self._lock:
                was_full = self._in_flight >= self.concurrency
                self._in_flight -= 1
            if was_full:
                self.wake.set()  # a slot is free: claim more now, not at the next tick

    def deliver(self, d: Delivery) -> None:
        send = SENDS.get(d.kind)
        if send is None:
            # Nothing is sent; retrying cannot teach the sender a new kind.
            self.record_failure(d.id, f"unknown outbox kind {d.kind!r}: nothing sent",
                                permanent=True)
            return
        try:
            send(self.line, d)
        except LineError as exc:
            self._on_error(d, exc)
            return
        self._finish(d.id)

    def _on_error(self, d: Delivery, exc: LineError) -> None:
        if exc.retry_key_accepted and d.kind != REPLY:
            log.info("outbox %s: retry key already accepted, counted as sent", d.id)
            self._finish(d.id)
        elif exc.reply_token_invalid and d.kind == REPLY:
            # Only a first attempt proves the reply was not delivered; after a timeout it may
            # have been, and a push then would say it twice.
            if d.fallback_push and d.attempts == 1 and d.recipients:
                self._convert_to_push(d.id)
            else:
                self.record_failure(d.id, f"reply token not accepted: {exc.message}",
                                    permanent=True)
        elif exc.transient:
            self.record_failure(d.id, str(exc), retry_after=exc.retry_after)
        else:
            self.record_failure(d.id, str(exc), permanent=True)

    def _finish(self, row_id: int) -> None:
        with self._lock:
            self._delivered.append(row_id)

    def _convert_to_push(self, row_id: int) -> None:
        m = OutboxMessage
        with self.db.transaction() as session:
            session.execute(
                update(m)
                .where(m.id == row_id, m.status == WORKING, m.locked_by == self.name)
                .values(kind=PUSH, reply_token=None, status=PENDING, locked_until=None,
                        next_attempt_at=self.clock(), last_error="reply token expired: pushed")
            )
        log.info("outbox %s: reply token expired, falling back to a push", row_id)
