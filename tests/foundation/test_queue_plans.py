"""The queues' claims on PostgreSQL walk the due index in order and stop at the limit, however
stale the table's statistics are: a queue fills in a burst, faster than anything ANALYZEs it,
and a plan made for "a few rows" (fetch every due row, then sort) made each claim slower the
longer the backlog grew (benchmarks/README.md, drain_bench)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert, text

from bot.config import Settings
from bot.sender import OutboxSender
from bot.services import Services
from models.base import table_of, utcnow
from models.outbox import OutboxMessage
from models.session import Database

BACKLOG = 4000


@pytest.fixture
def sender(settings: Settings, db: Database) -> Iterator[OutboxSender]:
    if db.dialect != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    services = Services.from_settings(settings, db=db)
    sender = OutboxSender(services)
    yield sender
    sender.shutdown()
    services.line.close()


def fill_outbox(db: Database, rows: int) -> None:
    """A backlog of replies to many chats, several each, written in one go (as a burst of
    reports does) and never ANALYZEd: the statistics still describe the empty table."""
    now = utcnow()
    with db.transaction() as session:
        session.execute(text("ANALYZE outbox_messages"))  # empty: the stalest statistics
        session.execute(insert(table_of(OutboxMessage)), [
            {"kind": "reply", "chat_key": f"user:U{i % 500:032x}", "reply_token": uuid.uuid4().hex,
             "recipients": ["U0"], "messages": [{"type": "text", "text": "รับรายงานแล้ว" * 20}],
             "retry_key": str(uuid.uuid4()), "fallback_push": False, "status": "pending",
             "attempts": 0, "next_attempt_at": now - timedelta(seconds=rows - i),
             "created_at": now}
            for i in range(rows)])


def test_the_senders_claim_walks_the_index_whatever_the_statistics(
        sender: OutboxSender, db: Database) -> None:
    fill_outbox(db, BACKLOG)
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
             executemany: bool) -> None:
        if statement.lstrip().startswith("SELECT outbox_messages.id"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.transaction() as session:
            sender.heads(session, sender.head_rows, utcnow(), 64)
            # The pending rows' statement, explained as run: in the claim's transaction.
            statement, parameters = seen[-1]
            plans = session.connection().exec_driver_sql(
                "EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters).scalars().all()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)

    pending = "\n".join(plans)
    assert "Index Scan using ix_outbox_messages_due" in pending, pending
    assert "Bitmap" not in pending and "Sort" not in pending, pending
    # It stopped at the limit: 64 heads read off the index, not the whole backlog.
    assert "rows=64 loops=1" in pending.split("Index Scan using ix_outbox_messages_due")[1] \
        .splitlines()[0], pending


def test_the_claim_still_takes_each_chats_first_row(sender: OutboxSender, db: Database) -> None:
    fill_outbox(db, 1500)
    with db.transaction() as session:
        rows = sender.claim(session, 64, utcnow())
    assert len(rows) == 64
    with db.sessions() as session:
        firsts = dict(session.execute(text(
            "SELECT chat_key, min(id) FROM outbox_messages GROUP BY chat_key")).all())
        chats = dict(session.execute(text(
            "SELECT id, chat_key FROM outbox_messages WHERE status = 'working'")).all())
    assert all(firsts[chats[r.id]] == r.id for r in rows)
