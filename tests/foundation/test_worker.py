"""The inbox worker: order within a chat, retries, failures kept, and a worker killed
mid-event."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import cli
from bot.config import Settings
from handlers.texts import PDPA_NOTICE_VERSION
from linefake.server import FakeLine
from linefake.webhook import text_event
from models.divisions import Centre
from models.inbox import InboxEvent
from models.members import Member
from models.reports import Report
from models.session import Database
from tests.conftest import (
    LiveBot,
    answered_after,
    eventually,
    message_text,
    new_user_id,
    running_bot,
)


def inbox(db: Database) -> list[InboxEvent]:
    with db.sessions() as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


@pytest.fixture
def busy_bot(settings: Settings, db: Database, fake_line: FakeLine) -> Iterator[LiveBot]:
    """Three inbox workers sharing the load, as several worker processes would."""
    with running_bot(replace(settings, worker_threads=3, max_attempts=3), db, fake_line) as live:
        yield live


def test_events_of_one_chat_are_handled_in_order_by_several_workers(
    busy_bot: LiveBot, db: Database, centre: Centre
) -> None:
    leaders = []
    for n in range(3):
        member = Member(line_user_id=new_user_id(), role="leader", centre_id=centre.id,
                        status="active", display_name=f"ผู้นำ {n}",
                        consent_version=PDPA_NOTICE_VERSION)
        leaders.append(member)
    with db.transaction() as session:
        session.add_all(leaders)
    # Interleaved chats, several requests: each chat's reports must come out in its order.
    for round_ in range(6):
        events = [text_event(m.line_user_id, f"ประชุมคณะกรรมการศูนย์ครั้งที่ {round_} ผู้เข้าร่วม {i + 10} คน",
                             busy_bot.token(m.line_user_id)) for i, m in enumerate(leaders)]
        assert busy_bot.send(*events) == 200
    for member in leaders:
        busy_bot.fake.wait_for_messages(6, to=member.line_user_id, timeout=15)
    with db.sessions() as session:
        for i, member in enumerate(leaders):
            texts = session.scalars(select(Report.text).where(Report.member_id == member.id)
                                    .order_by(Report.id)).all()
            assert texts == [f"ประชุมคณะกรรมการศูนย์ครั้งที่ {r} ผู้เข้าร่วม {i + 10} คน"
                             for r in range(6)]
            receipts = busy_bot.fake.sent_messages(to=member.line_user_id)
            numbers = [int(message_text(m).split("รายงานเลขที่ ")[1].split()[0]) for m in receipts]
            assert numbers == sorted(numbers)
    assert all(e.status == "done" and e.attempts == 1 for e in inbox(db))


def test_failing_event_is_retried_then_marked_failed_with_its_error(
    busy_bot: LiveBot, db: Database, centre: Centre
) -> None:
    # Registration asks LINE for the display name; LINE keeps failing, then recovers.
    user, unlucky = new_user_id(), new_user_id()
    busy_bot.fake.fail_next("profile", 500, times=1)
    assert busy_bot.send(text_event(user, f"ลงทะเบียน {centre.join_code}",
                                    busy_bot.token(user))) == 200
    busy_bot.fake.wait_for_messages(1, to=user, timeout=10)
    [event] = eventually(lambda: [e for e in inbox(db) if e.status == "done"])
    assert event.attempts == 2

    busy_bot.fake.fail_next("profile", 503, times=10)
    assert busy_bot.send(text_event(unlucky, f"ลงทะเบียน {centre.join_code}",
                                    busy_bot.token(unlucky))) == 200
    [failed] = eventually(lambda: [e for e in inbox(db) if e.status == "failed"], timeout=15)
    assert failed.attempts == 3 and "503" in (failed.last_error or "")
    result = CliRunner().invoke(cli, ["inbox"], env={"DATABASE_URL": db.url,
                                                     "LINE_CHANNEL_SECRET": None,
                                                     "LINE_CHANNEL_ACCESS_TOKEN": None})
    assert result.exit_code == 0, result.output
    assert "failed\t1" in result.output and "503" in result.output
    assert busy_bot.fake.sent_messages(to=unlucky) == []


def test_one_failing_event_in_a_batch_leaves_the_others_handled_once(
    settings: Settings, db: Database, fake_line: FakeLine, centre: Centre
) -> None:
    """Events of five chats arrive in one request and are handled in one transaction. One of
    them breaks a constraint inside its handler (a report already holds its event id): the
    batch is rolled back, the other four are handled again on their own and receipted once,
    and only the broken one is retried and then failed with its error."""
    leaders = [Member(line_user_id=new_user_id(), role="leader", centre_id=centre.id,
                      status="active", display_name=f"ผู้นำ {n}",
                      consent_version=PDPA_NOTICE_VERSION) for n in range(5)]
    with db.transaction() as session:
        session.add_all(leaders)
    clash = "01HCLASHCLASHCLASHCLASHCLASH"
    with db.transaction() as session:
        session.add(Report(source_event_id=clash, centre_id=centre.id,
                           member_id=leaders[0].id, chat_key="user:-", text="เก่า",
                           activity_date=date(2026, 11, 1)))
    one_worker = replace(settings, worker_threads=1, worker_batch=8, max_attempts=2)
    with running_bot(one_worker, db, fake_line) as live:
        events = [text_event(m.line_user_id, f"ประชุมคณะกรรมการศูนย์ ผู้เข้าร่วม {10 + n} คน",
                             live.token(m.line_user_id), event_id=clash if n == 2 else None)
                  for n, m in enumerate(leaders)]
        assert live.send(*events) == 200
        for n, member in enumerate(leaders):
            if n != 2:
                live.fake.wait_for_messages(1, to=member.line_user_id, timeout=10)
        [failed] = eventually(lambda: [e for e in inbox(db) if e.status == "failed"],
                              timeout=15)
        done = [e for e in inbox(db) if e.status == "done"]
        for member in leaders:
            answered_after(live, member.line_user_id)
    assert failed.webhook_event_id == clash and failed.attempts == 2
    assert "IntegrityError" in (failed.last_error or "")
    assert len(done) == 4 and all(e.attempts == 1 for e in done)
    for n, member in enumerate(leaders):
        # the receipt (none for the broken event), then the marker's answer
        assert len(fake_line.sent_messages(to=member.line_user_id)) == (1 if n == 2 else 2)
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 5


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Started worker processes, all ended at teardown whatever the test did."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _start_worker(settings: Settings, lease: float,
                  processes: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    env = dict(os.environ, LINE_CHANNEL_SECRET=settings.channel_secret,
               LINE_CHANNEL_ACCESS_TOKEN=settings.access_token, LINE_API_BASE=settings.api_base,
               DATABASE_URL=settings.database_url, WORKER_LEASE_SECONDS=str(lease),
               POLL_SECONDS="0.1", LINE_TIMEOUT_SECONDS="30")
    process = subprocess.Popen([sys.executable, "-m", "bot", "worker"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes.append(process)
    return process


def test_worker_killed_mid_event_is_handled_once_after_restart(
    web: LiveBot, db: Database, centre: Centre, processes: list[subprocess.Popen[bytes]]
) -> None:
    user = new_user_id()
    web.fake.set_profile(user, "มานะ")
    web.fake.set_delay(30.0, "profile")  # the worker will be inside the event, waiting on LINE
    assert web.send(text_event(user, f"ลงทะเบียน {centre.join_code}", web.token(user))) == 200
    worker = _start_worker(web.settings, 1.0, processes)
    # Claimed: from here until LINE answers (30 s away) the worker is inside the event, and a
    # kill anywhere in that span must leave the event to be handled again.
    eventually(lambda: [e for e in inbox(db) if e.status == "working"], timeout=30)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    [event] = inbox(db)
    assert event.status == "working" and event.attempts == 1
    with db.sessions() as session:
        assert session.scalars(select(Member)).all() == []

    web.fake.set_delay(0.0, "profile")
    # The new worker takes the event over once the dead one's lease (1 s) has run out.
    _start_worker(web.settings, 1.0, processes)
    [answer] = web.fake.wait_for_messages(1, to=user, timeout=30)
    [event] = eventually(lambda: [e for e in inbox(db) if e.status == "done"])
    # The code was read once: the PDPA notice, asked once, with the name LINE gave.
    assert "ตำบลบ้านเดื่อ" in answer["text"] and "มานะ" in answer["text"]
    assert event.attempts == 2
    assert web.send(text_event(user, "ยอมรับ", web.token(user))) == 200
    registered = web.fake.wait_for_messages(2, to=user, timeout=30)[1]
    assert "ลงทะเบียนเรียบร้อยแล้ว" in registered["text"] and "มานะ" in registered["text"]
    with db.sessions() as session:
        assert len(session.scalars(select(Member)).all()) == 1
    assert len(web.fake.sent_messages(to=user)) == 2


def _spawned_children(pid: int) -> list[int]:
    """Processes multiprocessing spawned from `pid` (not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == pid and b"spawn_main" in cmdline:  # fields[1]: parent pid
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_worker_runs_the_sender_in_a_child_that_stops_with_it(
    web: LiveBot, leader: Member, processes: list[subprocess.Popen[bytes]]
) -> None:
    """`cddbot worker` hands sending to a child process; the child answers the report, stops
    on SIGTERM with its parent, and does not outlive a parent that was SIGKILLed."""
    for stop in (signal.SIGTERM, signal.SIGKILL):
        worker = _start_worker(web.settings, 5.0, processes)
        [sender] = eventually(lambda w=worker: _spawned_children(w.pid), timeout=30)
        user = leader.line_user_id
        before = len(web.fake.sent_messages(to=user))
        assert web.send(text_event(user, "ประชุมคณะกรรมการศูนย์ ผู้เข้าร่วม 12 คน",
                                   web.token(user))) == 200
        web.fake.wait_for_messages(before + 1, to=user, timeout=30)
        worker.send_signal(stop)
        worker.wait(timeout=40)
        eventually(lambda s=sender: not _alive(s), timeout=10)
        assert worker.returncode == (0 if stop == signal.SIGTERM else -signal.SIGKILL)
