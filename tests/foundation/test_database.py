"""The session helper's transactions: a read-only one never waits for a writer."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from models.chats import Chat
from models.session import Database


def test_reading_does_not_wait_for_a_writer_nor_see_its_uncommitted_rows(db: Database) -> None:
    """The worker reads a batch's members and chats before it takes SQLite's write lock;
    while another process holds that lock (here: an open write transaction), the read goes
    ahead at once and sees only committed rows."""
    writer = Database(db.url)
    try:
        with writer.transaction() as busy:
            busy.add(Chat(key="user:Uuncommitted"))
            busy.flush()  # the write lock is held (SQLite) / the row is locked (PostgreSQL)
            started = time.monotonic()
            with db.sessions() as session, db.reading(session):
                seen = session.scalar(select(func.count()).select_from(Chat)
                                      .where(Chat.key == "user:Uuncommitted"))
            assert time.monotonic() - started < 1.0
            assert seen == 0
    finally:
        writer.dispose()
