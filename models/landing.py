"""Where webhooks put their events on SQLite: a database file of its own beside the main one.

SQLite has one write lock per file. In the main file the worker's and the sender's
transactions hold it most of the time under load, and a webhook that waited for it made LINE
wait too. In the landing file a webhook waits only for other webhooks and for the worker's
short `DELETE` of what it has taken. The worker takes landed events into the inbox in a main
transaction of its own, then deletes them here; a crash in between takes them again, and
the inbox's unique webhookEventId drops the copies, so each event is still handled once.

PostgreSQL locks rows, not the database: there webhooks write to the inbox directly and
there is no landing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, String, delete, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.base import Base, table_of, utcnow
from models.inbox import admit_events
from models.session import Database, landing_url, make_engine


class LandingBase(DeclarativeBase):
    """Apart from `Base`: the landing's table lives in its own file, not in the migrations."""

    type_annotation_map = Base.type_annotation_map


class LandedEvent(LandingBase):
    __tablename__ = "landed_events"
    # Ids are never reused, so "delete up to the last id taken" cannot delete a newer event.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64))
    chat_key: Mapped[str] = mapped_column(String(80))
    event_type: Mapped[str] = mapped_column(String(32))
    line_timestamp: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


TABLE = table_of(LandedEvent)
EVENT_COLUMNS = ("webhook_event_id", "chat_key", "event_type", "line_timestamp", "payload",
                 "created_at")
# Built once: on the webhook's path building a statement costs more than running it.
LAND = insert(TABLE)
OLDEST = select(TABLE.c.id, *(TABLE.c[name] for name in EVENT_COLUMNS)) \
    .order_by(TABLE.c.id).limit(1000)
COUNT = select(func.count()).select_from(TABLE)


def create_landing(url: str) -> None:
    """Part of `cddbot db upgrade`: the landing file's one table (not Alembic's: it holds
    only events on their way into the inbox, never anything to migrate)."""
    landing = landing_url(url)
    if landing is not None:
        engine = make_engine(landing)
        LandingBase.metadata.create_all(engine)
        engine.dispose()


def land(landing: Database, rows: list[dict[str, Any]]) -> None:
    with landing.connection() as conn:
        conn.execute(LAND, rows)


def take_landed(db: Database) -> int:
    """Move the oldest landed events into the inbox, in the order they landed; returns how
    many were moved."""
    if db.landing is None:
        return 0
    with db.landing.sessions() as session, db.landing.reading(session):
        landed = session.execute(OLDEST).all()
    if not landed:
        return 0
    with db.connection() as conn:
        admit_events(conn, [dict(zip(EVENT_COLUMNS, row[1:], strict=True)) for row in landed])
    with db.landing.connection() as conn:
        conn.execute(delete(TABLE).where(TABLE.c.id <= landed[-1].id))
    return len(landed)


def landed_count(db: Database) -> int:
    if db.landing is None:
        return 0
    with db.landing.sessions() as session:
        return session.scalar(COUNT) or 0
