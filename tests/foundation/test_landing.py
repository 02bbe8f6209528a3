"""SQLite's landing file: webhooks write there, the worker takes the events into the inbox.
A crash between the two steps must not queue an event twice, nor lose or reorder one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.webhook import store_events
from linefake.webhook import text_event
from models.inbox import InboxEvent
from models.landing import LandedEvent, landed_count, take_landed
from models.session import Database, landing_url
from tests.conftest import new_user_id


@pytest.fixture
def landing(db: Database) -> Database:
    if db.landing is None:
        pytest.skip("PostgreSQL: webhooks write to the inbox directly")
    return db.landing


def queued(db: Database) -> list[tuple[str, str]]:
    with db.sessions() as session:
        rows = session.execute(select(InboxEvent.webhook_event_id, InboxEvent.chat_key)
                               .order_by(InboxEvent.id)).all()
    return [tuple(row) for row in rows]


def events(n: int, user: str | None = None) -> list[dict]:
    user = user or new_user_id()
    return [text_event(user, f"ข้อความ {i}", f"tok{i}") for i in range(n)]


def test_landing_file_sits_beside_the_database() -> None:
    assert landing_url("sqlite:////srv/bot/var/cddbot.sqlite3") == \
        "sqlite:////srv/bot/var/cddbot.landing.sqlite3"
    assert landing_url("sqlite://") is None
    assert landing_url("postgresql://u@h/db") is None


def test_taken_events_keep_their_order_and_leave_the_landing(db: Database,
                                                             landing: Database) -> None:
    first, second = events(3), events(2)
    store_events(db, first)
    store_events(db, second)
    assert landed_count(db) == 5 and queued(db) == []
    assert take_landed(db) == 5
    assert landed_count(db) == 0
    assert [key for key, _ in queued(db)] == [e["webhookEventId"] for e in first + second]
    assert take_landed(db) == 0


def test_a_crash_before_the_landing_is_cleared_queues_nothing_twice(
        db: Database, landing: Database) -> None:
    batch = events(3)
    store_events(db, batch)
    with landing.sessions() as session:
        kept = [{c: getattr(row, c) for c in ("webhook_event_id", "chat_key", "event_type",
                                              "line_timestamp", "payload")}
                for row in session.scalars(select(LandedEvent).order_by(LandedEvent.id))]
    take_landed(db)
    # As if the worker died after committing the inbox and before deleting from the landing:
    # the same events are still there, behind one that arrived since.
    later = events(1)
    with landing.connection() as conn:
        conn.execute(LandedEvent.__table__.insert(), kept)
    store_events(db, later)
    assert take_landed(db) == 4
    assert [key for key, _ in queued(db)] == [e["webhookEventId"] for e in batch + later]


def test_landing_ids_are_never_reused(db: Database, landing: Database) -> None:
    """The worker deletes "up to the last id it took": a reused id would delete an event
    that landed after it looked."""
    def landed_ids() -> list[int]:
        with landing.sessions() as session:
            return list(session.scalars(select(LandedEvent.id)))

    store_events(db, events(2))
    taken = landed_ids()
    take_landed(db)
    store_events(db, events(1))
    [new] = landed_ids()
    assert new > max(taken)

