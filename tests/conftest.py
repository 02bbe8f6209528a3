"""Fixtures: a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), the fake LINE
platform on loopback, the bot's web app on a real port, its worker and sender threads, and
personas. Nothing outside this machine is reachable: a test that tries fails."""

from __future__ import annotations

import json
import os
import secrets
import socket
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from werkzeug.serving import make_server

from bot import create_app
from bot.config import Settings
from bot.runtime import Background
from bot.services import Services
from handlers.texts import PDPA_NOTICE_VERSION
from linefake.server import FakeLine
from linefake.webhook import signed_webhook, text_event
from models.base import Base, utcnow
from models.divisions import Centre
from models.inbox import InboxEvent
from models.landing import LandedEvent, landed_count
from models.members import Member
from models.migrate import upgrade
from models.queue import PENDING, WORKING
from models.seed import seed_divisions
from models.session import Database, normalise_url

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve a host that is not loopback (api.line.me above all) fails."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK and not str(host).startswith("127."):
            raise AssertionError(f"test tried to reach {host!r} outside this machine")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def _postgres_database(base_url: str) -> Iterator[str]:
    """A throw-away database on the given server, so runs never see each other's rows."""
    name = f"cddbot_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(base_url).rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrated once per run with the real Alembic chain."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given and not given.startswith("sqlite"):
        generator = _postgres_database(given)
        url = next(generator)
    else:
        generator = None
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    upgrade(url)
    yield url
    if generator is not None:
        next(generator, None)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A clean, seeded database for each test."""
    database = Database(database_url)
    with database.transaction() as session:
        tables = list(reversed(Base.metadata.sorted_tables))
        if database.dialect == "postgresql":
            names = ", ".join(t.name for t in tables)
            session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                session.execute(table.delete())
        seed_divisions(session, ["43"])
    if database.landing is not None:
        with database.landing.connection() as conn:
            conn.execute(LandedEvent.__table__.delete())
    yield database
    database.dispose()


@pytest.fixture
def fake_line() -> Iterator[FakeLine]:
    fake = FakeLine(access_token="test-access-token-" + secrets.token_hex(4))
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def settings(database_url: str, fake_line: FakeLine, tmp_path: Path) -> Settings:
    env = {
        "LINE_CHANNEL_SECRET": "test-secret-" + secrets.token_hex(8),
        "LINE_CHANNEL_ACCESS_TOKEN": fake_line.access_token,
        "LINE_API_BASE": fake_line.base_url,
        "DATABASE_URL": database_url,
        "MEDIA_DIR": str(tmp_path / "media"),
        "POLL_SECONDS": "0.05",
        "LINE_TIMEOUT_SECONDS": "2",
    }
    return Settings.from_env(env)


@dataclass
class LiveBot:
    """The bot's web app on a loopback port, and its worker and sender threads."""

    url: str
    settings: Settings
    db: Database
    fake: FakeLine
    background: Background | None

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + "/callback", data=body, headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def send(self, *events: dict[str, Any]) -> int:
        body, headers = signed_webhook(self.settings.channel_secret, list(events))
        status, _ = self.post(body, headers)
        return status

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.loads(response.read())

    def token(self, to: str) -> str:
        return self.fake.issue_reply_token(to)


def _serve(app: Any) -> tuple[Any, str, threading.Thread]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}", thread


@pytest.fixture
def web(settings: Settings, db: Database, fake_line: FakeLine) -> Iterator[LiveBot]:
    """Only the web app: events are stored, nothing handles them."""
    app = create_app(settings, db=db)
    server, url, _ = _serve(app)
    yield LiveBot(url, settings, db, fake_line, None)
    server.shutdown()


@contextmanager
def running_bot(settings: Settings, db: Database, fake: FakeLine) -> Iterator[LiveBot]:
    """The whole bot: web app on a loopback port, inbox worker(s) and outbox sender."""
    app = create_app(settings, db=db)
    services = Services.from_settings(settings, db=db)
    background = Background(services, inbox_wake=app.extensions["inbox_wake"]).start()
    server, url, _ = _serve(app)
    try:
        yield LiveBot(url, settings, db, fake, background)
    finally:
        server.shutdown()
        background.stop()
        services.line.close()


@pytest.fixture
def bot(settings: Settings, db: Database, fake_line: FakeLine) -> Iterator[LiveBot]:
    with running_bot(replace(settings, sender_concurrency=8), db, fake_line) as live:
        yield live


def new_user_id() -> str:
    return "U" + uuid.uuid4().hex


@pytest.fixture
def centre(db: Database) -> Centre:
    with db.sessions() as session:
        return session.scalars(
            select(Centre).where(Centre.subdistrict_code == "430109")).one()


def make_member(db: Database, role: str, **scope: Any) -> Member:
    member = Member(line_user_id=new_user_id(), display_name=f"ทดสอบ {role}", role=role,
                    status="active", consent_version=PDPA_NOTICE_VERSION,
                    consented_at=utcnow(), **scope)
    with db.transaction() as session:
        session.add(member)
    return member


@pytest.fixture
def leader(db: Database, centre: Centre) -> Member:
    return make_member(db, "leader", centre_id=centre.id, district_code="4301",
                       province_code="43")


@pytest.fixture
def officer(db: Database) -> Member:
    return make_member(db, "officer", district_code="4301", province_code="43")


@pytest.fixture
def admin(db: Database) -> Member:
    return make_member(db, "admin", province_code="43")


def all_handled(db: Database) -> bool:
    """Every stored event has been handled: none still landed (SQLite), none in the queue
    unfinished. The landing is looked at first: the worker queues an event before it
    deletes it from there."""
    if landed_count(db):
        return False
    with db.sessions() as session:
        return not session.scalar(select(func.count()).select_from(InboxEvent).where(
            InboxEvent.status.in_((PENDING, WORKING))))


def eventually(check: Any, timeout: float = 5.0, interval: float = 0.02) -> Any:
    """Poll `check()` until it returns something truthy; for database state written by the
    bot's threads after LINE has already seen the call."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {result!r})")
        time.sleep(interval)


class ManualClock:
    """A clock that moves only when a test moves it: a queue loop driven by the test takes it
    as its `clock`, so back-off and leases are proven without waiting for them."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or utcnow()
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def jump_to(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)

    def catch_up(self, moment: datetime) -> None:
        """Move on to `moment` if it is later: rows written by the code take the real time."""
        with self._lock:
            self._now = max(self._now, moment)


def answered_after(live: LiveBot, user_id: str, timeout: float = 10.0) -> None:
    """Send a marker (a request for help) in the chat and wait until LINE has its reply. A
    chat's events are handled in order and its messages sent in order, so once the marker is
    answered every answer to an earlier event of that chat has reached LINE: "nothing more
    was sent" is then proven, where a sleep would only hope so. The marker's reply is one
    more message in the chat."""
    token = live.token(user_id)
    assert live.send(text_event(user_id, "วิธีใช้", token)) == 200
    live.fake.wait_for(lambda: [c for c in live.fake.calls("/v2/bot/message/reply")
                                if c.status == 200 and c.body.get("replyToken") == token],
                       timeout=timeout)


def outbox_rows(db: Database) -> list[Any]:
    from models.outbox import OutboxMessage

    with db.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def message_text(sent: dict[str, Any]) -> str:
    """Every text a person would read in a delivered message (text, or a Flex card's texts)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text" and isinstance(node.get("text"), str):
                found.append(node["text"])
            for key, value in node.items():
                if key != "quickReply":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(sent.get("message", sent))
    return "\n".join(found)


def quick_replies(sent: dict[str, Any]) -> list[dict[str, Any]]:
    """The quick-reply actions under a delivered message."""
    message = sent.get("message", sent)
    return [item["action"] for item in (message.get("quickReply") or {}).get("items", [])]
