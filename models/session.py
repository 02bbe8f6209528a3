"""The one place that makes engines and sessions, and knows each database's quirks."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from models.base import Base


def normalise_url(url: str) -> str:
    """Accept the URLs operators paste (postgres://, postgresql://) and pick psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# How often a waiting SQLite writer looks for the lock again. SQLite's own busy handler sleeps
# up to 100 ms between looks, so a webhook request could wait behind a worker that keeps
# taking the lock back. The web looks often; background work looks less often and so lets
# the webhook through first.
BUSY_POLL_SECONDS = {"web": 0.0002, "background": 0.002}
BUSY_GIVE_UP_SECONDS = 30.0
READ_ONLY = "cddbot_read_only"


def dump_json(value: Any) -> str:
    """JSON columns (reports' evidence, the outbox's Flex messages) written by orjson: a
    worker serialises a receipt card for every report, and the standard library took several
    times as long. UTF-8, not \\u escapes: Thai text is half the size."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# Both engines read and write JSON columns with these.
JSON_ARGS: dict[str, Any] = {"json_serializer": dump_json, "json_deserializer": orjson.loads}


def make_engine(url: str, role: str = "background") -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # hide_parameters: an error's message must not carry a leader's text into the logs.
        # jit off: the bot's queries are short; compiling them cost the country's status
        # some 70 ms a call in the stats benchmark, more than running them.
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                             hide_parameters=True, connect_args={"options": "-c jit=off"},
                             **JSON_ARGS)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                           hide_parameters=True, **JSON_ARGS)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions out of pysqlite's hands so that we can BEGIN IMMEDIATE: every
        # transaction takes the write lock up front, waits its turn (busy timeout) and never
        # fails half-way when it tries to upgrade a read lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=0")  # we wait for the lock ourselves, below
        if role == "web":
            # A webhook request never pays for copying the WAL back into the database (and
            # its fsync): background work does that, after its own commits.
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    poll = BUSY_POLL_SECONDS[role]

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        raw = conn.connection.driver_connection
        if conn.get_execution_options().get(READ_ONLY):
            raw.execute("BEGIN")  # a snapshot to read from: no write lock
            return
        give_up = time.monotonic() + BUSY_GIVE_UP_SECONDS
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > give_up:
                    raise
                time.sleep(poll)

    return engine


def landing_url(url: str) -> str | None:
    """On SQLite, the file beside the database where webhooks land (see models/landing.py);
    None where there is none: PostgreSQL, and SQLite in memory."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or \
            parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return parsed.set(database=str(path.with_name(f"{path.stem}.landing{path.suffix}")))\
        .render_as_string(hide_password=False)


class Database:
    """An engine and its session factory; transactions are opened by the caller, kept short.
    `landing`: on SQLite, the landing file's own Database, else None."""

    def __init__(self, url: str, role: str = "background", *, with_landing: bool = True) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, role)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        landing = landing_url(self.url) if with_landing else None
        self.landing = Database(landing, role, with_landing=False) if landing else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self, session: Session) -> Iterator[Session]:
        """A read-only transaction on `session`; on SQLite a snapshot that takes no write
        lock. With expire_on_commit off, what it loads stays usable in the session's next
        transaction."""
        with session.begin():
            session.connection(execution_options={READ_ONLY: True})
            yield session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core transaction, for hot paths that need no ORM objects."""
        with self.engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        if self.landing is not None:
            self.landing.dispose()


def insert_ignoring_conflicts(
    conn: Session | Connection, model: type[Base], rows: Sequence[dict[str, Any]],
    unique: Sequence[str]
) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: the database, not a read-then-write, decides."""
    if not rows:
        return
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    conn.execute(_insert_ignoring(model.__table__, bind.dialect.name, tuple(unique)), list(rows))


@cache
def _insert_ignoring(table: Table, dialect: str, unique: tuple[str, ...]) -> Insert:
    """Built once: on the webhook's path, building the statement cost more than running it.
    On the table, not the model: the ORM's bulk-insert bookkeeping is not needed here."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=list(unique))
