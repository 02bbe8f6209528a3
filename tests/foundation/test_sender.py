"""The outbox sender against a misbehaving LINE: 5xx, 429, refusals, retry keys, and rows
of a kind it does not know. The test drives the sender's rounds itself, on a clock that
moves only when told, so back-off is proven by moving time, not by waiting for it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.sender import OutboxSender
from bot.services import Services
from linefake.server import FakeLine
from models.outbox import OutboxMessage, enqueue_push
from models.session import Database
from tests.conftest import ManualClock, eventually, new_user_id

PUSH, MULTICAST = "/v2/bot/message/push", "/v2/bot/message/multicast"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def line_timeout() -> float:
    # Long enough that a loaded machine never turns the fake's quick answer into a timeout;
    # the timeout test sets its own.
    return 15.0


@pytest.fixture
def sender(settings: Settings, db: Database, clock: ManualClock,
           line_timeout: float) -> Iterator[OutboxSender]:
    """The sender alone, not running: the test calls its rounds (run_once)."""
    services = Services.from_settings(
        replace(settings, sender_concurrency=8, line_timeout_seconds=line_timeout), db=db)
    sender = OutboxSender(services, clock=clock)
    yield sender
    sender.shutdown()
    services.line.close()


def row(db: Database, row_id: int) -> OutboxMessage:
    with db.sessions() as session:
        return session.scalars(select(OutboxMessage).where(OutboxMessage.id == row_id)).one()


def queue(db: Database, clock: ManualClock, to: list[str], text: str,
          dedupe_key: str | None = None) -> int | None:
    """A push or multicast written now; the test's clock is brought to the moment it was
    written (rows take the real time), so it is due and no later."""
    with db.transaction() as session:
        written = enqueue_push(session, to, [{"type": "text", "text": text}],
                               dedupe_key=dedupe_key)
        if written is None:
            return None
        session.flush()
        row_id, due = written.id, written.next_attempt_at
    clock.catch_up(due)
    return row_id


def settled(sender: OutboxSender, db: Database, row_id: int) -> OutboxMessage:
    """The row once its send is over: a failure is recorded by the send itself, a success by
    the next round, so rounds that claim nothing run until the row is no longer working."""
    def over() -> OutboxMessage | None:
        sender.run_once(limit=0)
        current = row(db, row_id)
        return current if current.status != "working" else None

    return eventually(over)


def retry_keys(fake: FakeLine, path: str) -> list[str | None]:
    return [c.headers.get("x-line-retry-key") for c in fake.calls(path)]


def test_500_then_200_delivers_once_with_the_same_retry_key(
    sender: OutboxSender, clock: ManualClock, db: Database, fake_line: FakeLine
) -> None:
    user = new_user_id()
    fake_line.fail_next("push", 500)
    row_id = queue(db, clock, [user], "เตือน: พรุ่งนี้วันแม่แห่งชาติ")
    assert row_id is not None and sender.run_once() == 1
    failed = settled(sender, db, row_id)
    assert failed.status == "pending" and "500" in (failed.last_error or "")
    # The first back-off is half a second, give or take a fifth; until then, no retry.
    wait = failed.next_attempt_at - clock()
    assert timedelta(seconds=0.4) <= wait <= timedelta(seconds=0.6)
    clock.advance(wait.total_seconds() - 0.01)
    assert sender.run_once() == 0 and len(fake_line.calls(PUSH)) == 1

    clock.jump_to(failed.next_attempt_at)
    assert sender.run_once() == 1
    done = settled(sender, db, row_id)
    [message] = fake_line.sent_messages(to=user)
    assert message["text"] == "เตือน: พรุ่งนี้วันแม่แห่งชาติ"
    keys = retry_keys(fake_line, PUSH)
    assert len(keys) == 2 and keys[0] == keys[1] == done.retry_key
    assert done.status == "done" and done.attempts == 2


@pytest.mark.parametrize("line_timeout", [0.5])
def test_timeout_after_acceptance_is_settled_by_409(
    sender: OutboxSender, clock: ManualClock, db: Database, fake_line: FakeLine
) -> None:
    user = new_user_id()
    # LINE takes the push but answers after the sender gave up: the retry, with the same
    # key, gets 409, which counts as sent.
    fake_line.set_delay(1.0, "push")
    row_id = queue(db, clock, [user], "ข้อความสำคัญ")
    assert row_id is not None and sender.run_once() == 1
    failed = settled(sender, db, row_id)
    assert failed.status == "pending" and failed.attempts == 1
    fake_line.wait_for(lambda: fake_line.calls(PUSH))  # LINE has now taken it
    fake_line.set_delay(0.0, "push")
    assert len(fake_line.sent_messages(to=user)) == 1

    clock.jump_to(failed.next_attempt_at)
    assert sender.run_once() == 1
    done = settled(sender, db, row_id)
    assert done.status == "done" and done.attempts == 2
    assert [c.status for c in fake_line.calls(PUSH)] == [200, 409]
    assert len(set(retry_keys(fake_line, PUSH))) == 1
    assert len(fake_line.sent_messages(to=user)) == 1


def test_429_backs_off_for_retry_after(
    sender: OutboxSender, clock: ManualClock, db: Database, fake_line: FakeLine
) -> None:
    users = [new_user_id() for _ in range(3)]
    fake_line.fail_next("multicast", 429, retry_after=1)
    row_id = queue(db, clock, users, "ประชุมประจำเดือน")
    assert row_id is not None and sender.run_once() == 1
    failed = settled(sender, db, row_id)
    # LINE's Retry-After (1 s) beats the sender's own first back-off (about 0.5 s).
    assert failed.status == "pending" and failed.next_attempt_at == clock() + timedelta(seconds=1)
    clock.advance(0.99)
    assert sender.run_once() == 0 and len(fake_line.calls(MULTICAST)) == 1

    clock.advance(0.01)
    assert sender.run_once() == 1
    assert settled(sender, db, row_id).status == "done"
    assert [c.status for c in fake_line.calls(MULTICAST)] == [429, 200]
    assert all(len(fake_line.sent_messages(to=u)) == 1 for u in users)


def test_other_4xx_fails_at_once_with_the_error_kept(
    sender: OutboxSender, clock: ManualClock, db: Database
) -> None:
    row_id = queue(db, clock, [new_user_id()], "")  # LINE refuses an empty text
    assert row_id is not None and sender.run_once() == 1
    failed = settled(sender, db, row_id)
    assert failed.status == "failed" and failed.attempts == 1
    assert "400" in (failed.last_error or "")


def test_unknown_kind_is_failed_and_reaches_no_one(
    sender: OutboxSender, clock: ManualClock, db: Database, fake_line: FakeLine,
    caplog: pytest.LogCaptureFixture
) -> None:
    """A kind the sender does not know is not guessed at: as a multicast it would reach
    everyone listed."""
    with db.transaction() as session:
        stray = OutboxMessage(kind="broadcast", recipients=[new_user_id(), new_user_id()],
                              messages=[{"type": "text", "text": "ถึงทุกคน"}],
                              retry_key=str(uuid.uuid4()))
        session.add(stray)
        session.flush()
        row_id = stray.id
    clock.catch_up(stray.next_attempt_at)
    with caplog.at_level(logging.ERROR, logger="bot.queue"):
        assert sender.run_once() == 1
        failed = settled(sender, db, row_id)
    assert failed.status == "failed" and failed.attempts == 1
    assert failed.last_error == "unknown outbox kind 'broadcast': nothing sent"
    assert any("unknown outbox kind 'broadcast'" in r.getMessage() for r in caplog.records)
    assert fake_line.calls() == [] and fake_line.sent_messages() == []
    assert sender.run_once() == 0  # failed for good: never tried again


def test_sends_go_out_side_by_side(
    sender: OutboxSender, clock: ManualClock, db: Database, fake_line: FakeLine
) -> None:
    delay = 0.5
    fake_line.set_delay(delay, "push")
    users = [new_user_id() for _ in range(8)]
    for user in users:
        queue(db, clock, [user], "ทดสอบ")
    assert sender.run_once() == 8  # one round claims them all
    fake_line.wait_for_messages(8, timeout=10)
    # The fake records a call when it answers, `delay` after it arrived: answers closer
    # together than `delay` were all under way at once (one at a time: 0.5 s apart).
    answered = [c.at for c in fake_line.calls(PUSH)]
    assert len(answered) == 8 and max(answered) - min(answered) < delay


def test_planned_push_is_stored_once_per_dedupe_key(
    sender: OutboxSender, clock: ManualClock, db: Database, fake_line: FakeLine
) -> None:
    user = new_user_id()
    key = f"due:{user}:2569-12"
    row_id = queue(db, clock, [user], "เตือนส่งรายงาน", dedupe_key=key)
    assert queue(db, clock, [user], "เตือนส่งรายงาน", dedupe_key=key) is None
    assert row_id is not None and sender.run_once() == 1
    assert settled(sender, db, row_id).status == "done"
    assert sender.run_once() == 0
    assert len(fake_line.sent_messages(to=user)) == 1
