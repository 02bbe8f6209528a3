"""The small base the inbox worker and the outbox sender share: claim with a lease, count
attempts, back off, and fail with the error kept, never dropping a row silently."""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeAlias, TypedDict, TypeVar

from sqlalchemy import (
    Row,
    Select,
    String,
    Table,
    and_,
    bindparam,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.orm import QueryableAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from models.base import utcnow
from models.queue import DONE, FAILED, PENDING, WORKING, QueueColumns
from models.session import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class Wake(Protocol):
    """threading.Event, or multiprocessing's when the sender is another process."""

    def set(self) -> None: ...
    def clear(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


class QueueOptions(TypedDict, total=False):
    """The keyword options of `QueueLoop.__init__`, for loops that pass them through."""

    lease_seconds: float
    max_attempts: int
    poll_seconds: float
    clock: Clock
    wake: Wake | None


# The heads statements and the rows they return, of whatever columns a loop selects.
HeadsQuery: TypeAlias = list[Select[*tuple[Any, ...]]]
HeadRow: TypeAlias = Row[*tuple[Any, ...]]

# A queue table: its rows carry the queue columns (models/queue.py), an id and a chat.
ModelT = TypeVar("ModelT", bound=QueueColumns)

MAX_BACKOFF_SECONDS = 300.0

# PostgreSQL plans a queue's heads from the table's statistics, which lag a queue that fills
# in a burst (and which nothing refreshes where autovacuum is off): believing a few rows due,
# it fetched every due row, checked each for an earlier one of its chat, then sorted; 12-15 ms
# a claim at 1,600 rows backed up, growing with the backlog, against 0.2-0.4 ms for walking the
# index in order and stopping at the limit (benchmarks/README.md, drain_bench). For the rest
# of the claim's transaction only, the planner is told to prefer the ordered index walk.
PREFER_INDEX_ORDER = text("SELECT set_config('enable_bitmapscan', 'off', true), "
                          "set_config('enable_sort', 'off', true)")


def worker_name(kind: str) -> str:
    return f"{kind}@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """Exponential back-off with jitter; LINE's Retry-After wins when it asks for longer."""
    seconds = min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** max(attempts - 1, 0))
    seconds *= random.uniform(0.8, 1.2)
    if retry_after is not None:
        seconds = max(seconds, retry_after)
    return timedelta(seconds=seconds)


class QueueLoop(ABC, Generic[ModelT]):
    """Subclasses set `model` and implement `run_once`: claim rows with a lease and work them."""

    model: type[ModelT]
    kind: str = "queue"

    def __init__(self, db: Database, *, lease_seconds: float = 60.0, max_attempts: int = 8,
                 poll_seconds: float = 0.2, clock: Clock = utcnow,
                 wake: Wake | None = None) -> None:
        self.db = db
        self.lease = timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.wake: Wake = wake or threading.Event()
        self.name = worker_name(self.kind)
        self.table = self._table()

    def _table(self) -> Table:
        """The model's table, for plain Core UPDATEs (a mapped class may sit on a join)."""
        table = self.model.__table__
        if not isinstance(table, Table):
            raise TypeError(f"{self.model.__name__} is not mapped to one table")
        return table

    def waiting_behind(self) -> ColumnElement[bool]:
        """An unfinished earlier row of the same chat exists: this row must wait its turn.
        The statuses are literal SQL so that the partial index on unfinished rows serves it."""
        m, earlier = self.model, aliased(self.model)
        unfinished = [literal_column(f"'{status}'", String()) for status in (PENDING, WORKING)]
        return (
            select(earlier.id)
            .where(earlier.chat_key == m.chat_key, earlier.id < m.id,
                   earlier.status.in_(unfinished))
            .exists()
        )

    def heads_query(self, columns: Sequence[QueryableAttribute[Any] | ColumnElement[Any]], *,
                    where: ColumnElement[bool] | None = None,
                    lock: bool = False) -> HeadsQuery:
        """The statements `heads` runs, with `now` and `limit` as parameters: built once per
        loop, since building them costs more than running them."""
        m = self.model
        statements = []
        for condition, oldest_first in (
            (and_(m.status == WORKING, m.locked_until < bindparam("now")), m.locked_until),
            (and_(m.status == PENDING, m.next_attempt_at <= bindparam("now")),
             m.next_attempt_at),
        ):
            stmt = (select(*columns).where(condition, ~self.waiting_behind())
                    .order_by(m.status, oldest_first).limit(bindparam("limit")))
            if where is not None:
                stmt = stmt.where(where)
            if lock:
                stmt = stmt.with_for_update(skip_locked=True)
            statements.append(stmt)
        return statements

    def heads(self, session: Session, query: HeadsQuery, now: datetime, limit: int,
              **params: Any) -> list[HeadRow]:
        """Rows to take, each the next of its chat (each chat keeps its order while different
        chats go in parallel): first those whose worker's lease ran out, then pending rows
        that are due, oldest first. Each query walks the (status, next_attempt_at) index in
        order, so it stops after `limit` rows however long the queue is (on PostgreSQL, only
        because of PREFER_INDEX_ORDER)."""
        rows: list[HeadRow] = []
        if self.db.dialect == "postgresql":
            session.execute(PREFER_INDEX_ORDER)
        for stmt in query:
            if len(rows) >= limit:
                break
            rows.extend(session.execute(stmt, {"now": now, "limit": limit - len(rows),
                                               **params}).all())
        return rows

    # Queue state changes are plain Core UPDATEs on the session's connection (its transaction):
    # on the hot path the ORM's bulk-update bookkeeping cost more than the statement itself.
    def mark_claimed(self, session: Session, ids: Sequence[int], now: datetime) -> None:
        if ids:
            t = self.table
            session.connection().execute(
                update(t)
                .where(t.c.id.in_(ids))
                .values(status=WORKING, locked_by=self.name, locked_until=now + self.lease,
                        attempts=t.c.attempts + 1)
            )

    def finish_many(self, session: Session, ids: Sequence[int], now: datetime) -> int:
        """Mark done the rows this worker still holds the lease on; returns how many (fewer
        means another worker took some over after a lease ran out)."""
        t = self.table
        result = session.connection().execute(
            update(t)
            .where(t.c.id.in_(ids), t.c.status == WORKING, t.c.locked_by == self.name)
            .values(status=DONE, finished_at=now, locked_until=None, last_error=None)
        )
        return result.rowcount

    def record_failure(self, row_id: int, error: str, *, permanent: bool = False,
                       retry_after: float | None = None) -> None:
        now = self.clock()
        m = self.model
        with self.db.transaction() as session:
            row = session.get(m, row_id, with_for_update=True)
            if row is None or row.status != WORKING or row.locked_by != self.name:
                return
            row.last_error = error[:2000]
            row.locked_until = None
            if permanent or row.attempts >= self.max_attempts:
                row.status = FAILED
                row.finished_at = now
                log.error("%s %s failed after %d attempts: %s", self.kind, row_id, row.attempts,
                          error)
            else:
                row.status = PENDING
                row.next_attempt_at = now + backoff(row.attempts, retry_after)
                log.warning("%s %s attempt %d failed, retrying: %s", self.kind, row_id,
                            row.attempts, error)

    @abstractmethod
    def run_once(self) -> int:
        """One round: claim due rows and work them, finishing or failing each; returns how
        many were claimed."""

    def rest(self, busy: int) -> None:
        """Between rounds: none while there is work, else until woken or the next poll."""
        if not busy:
            self.wake.wait(self.poll_seconds)
            self.wake.clear()

    def run(self, stop: threading.Event) -> None:
        log.info("%s started", self.name)
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception:
                log.exception("%s loop error", self.kind)
                busy = 0
            self.rest(busy)
        log.info("%s stopped", self.name)
