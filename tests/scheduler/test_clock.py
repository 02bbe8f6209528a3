"""The clock's reminders against a real database, the real APScheduler and the fake LINE
server: planned once, on time or late within grace, within the quota, delivered once."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import cli
from models.members import Member
from models.outbox import OutboxMessage
from models.reminders import PlannedReminder
from models.reports import Report
from models.session import Database
from scheduler.clock import ReminderSetup, make_scheduler, plan_due_reminders, volunteer_days_near
from scheduler.planning import Outcome, plan_and_queue
from scheduler.reminders import Rules
from tests.conftest import LiveBot, ManualClock, eventually, make_member, message_text
from tests.staff.test_commands import leader_at
from thaitext import BANGKOK

WEEK_BEFORE_KING = date(2026, 7, 21)  # 28 July is seven days away
AT_NINE = datetime(2026, 7, 21, 9, 5, tzinfo=BANGKOK)


@pytest.fixture
def people(db: Database) -> dict[str, Member]:
    """Two districts' worth: an officer of ท่าบ่อ, an admin, leaders at two ท่าบ่อ centres
    (two at บ้านเดื่อ) and one in Mueang."""
    return {
        "officer": make_member(db, "officer", district_code="4302", province_code="43"),
        "admin": make_member(db, "admin", province_code="43"),
        "first": leader_at(db, "430205", "สมศรี ใจดี"),
        "second": leader_at(db, "430205", "สมใจ ใจดี"),
        "other": leader_at(db, "430201", "บุญมา ขยัน"),
        "mueang": leader_at(db, "430109", "ประยุทธ อยู่เมือง"),
    }


def setup(quota: int | None = None) -> ReminderSetup:
    return ReminderSetup(Rules(), ("43",), lambda: quota, poll_seconds=0.05)


def plan_today(db: Database, now: datetime, quota: int | None = None) -> Outcome:
    """The clock's run at `now`: today's outcome (yesterday's, long past, is dropped)."""
    outcomes = plan_due_reminders(db, setup(quota), now)
    assert outcomes and not any(o.planned for o in outcomes[:-1])
    return outcomes[-1]


def rows(db: Database) -> list[OutboxMessage]:
    with db.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def recipients(db: Database) -> list[str]:
    return sorted(r for row in rows(db) for r in row.recipients)


def test_a_week_before_a_volunteer_day_each_person_once(db: Database,
                                                        people: dict[str, Member]) -> None:
    outcome = plan_today(db, AT_NINE)
    expected = {people[k].line_user_id for k in ("officer", "first", "other", "mueang")}
    assert recipients(db) == sorted(expected)  # one leader a centre: not "second"
    leader_rows = [r for r in rows(db) if people["first"].line_user_id in r.recipients]
    assert leader_rows[0].kind == "multicast"  # the same invitation to every leader
    assert "อีก 7 วันจะถึงวันเฉลิมพระชนมพรรษา" in leader_rows[0].messages[0]["text"]
    officer = next(r for r in rows(db) if r.recipients == [people["officer"].line_user_id])
    assert officer.kind == "push" and "ศูนย์: " in officer.messages[0]["text"]
    assert outcome.units == 4

    # Again, and even with the day's marker gone: nobody is planned twice.
    assert plan_due_reminders(db, setup(), AT_NINE + timedelta(minutes=5)) == []
    with db.transaction() as session:
        again = plan_and_queue(session, WEEK_BEFORE_KING, volunteer_days_near(db, 2026), AT_NINE,
                               provinces=("43",))
    assert again.planned == [] and again.already == 4 and len(rows(db)) == 2


def test_nothing_before_nine_and_a_late_clock_catches_up_within_grace(
        db: Database, people: dict[str, Member]) -> None:
    early = plan_due_reminders(db, setup(), AT_NINE.replace(hour=8, minute=59))
    assert all(o.dropped for o in early) and rows(db) == []  # only yesterday, long past
    evening = AT_NINE.replace(hour=20, minute=30)  # the clock was down all day
    outcome = plan_today(db, evening)
    assert outcome.planned and not outcome.dropped
    # 20:30 is in the quiet hours: they wait for 08:00 the next morning.
    assert {r.next_attempt_at for r in rows(db)} == {
        datetime(2026, 7, 22, 8, 0, tzinfo=BANGKOK)}


def test_past_the_grace_period_they_are_dropped(db: Database, people: dict[str, Member],
                                                caplog: pytest.LogCaptureFixture) -> None:
    outcomes = plan_due_reminders(db, setup(), AT_NINE.replace(hour=21, minute=30))
    assert outcomes and all(o.dropped for o in outcomes) and rows(db) == []
    assert "grace period" in caplog.text


def test_two_clocks_at_once_plan_each_reminder_once(db: Database,
                                                    people: dict[str, Member]) -> None:
    days = volunteer_days_near(db, 2026)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def clock() -> None:
        start.wait()
        try:
            with db.transaction() as session:
                plan_and_queue(session, WEEK_BEFORE_KING, days, AT_NINE, provinces=("43",))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=clock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A lost race may end in an error on SQLite's lock; never in a second reminder.
    with db.sessions() as session:
        planned = session.scalar(select(func.count()).select_from(PlannedReminder))
    assert planned == len(set(recipients(db))) == 4
    assert len(recipients(db)) == len(set(recipients(db)))
    assert len(errors) <= 1


def test_before_the_due_day_officers_get_their_silent_centres(
        db: Database, people: dict[str, Member]) -> None:
    with db.transaction() as session:
        session.add(Report(source_event_id="r1", centre_id=people["first"].centre_id,
                           member_id=people["first"].id, chat_key="x", text="ประชุม",
                           activity_type="3.1", activity_date=date(2026, 11, 10),
                           status="active", sectors=[], evidence=[]))
    plan_due_reminders(db, setup(), datetime(2026, 11, 27, 9, 1, tzinfo=BANGKOK))
    texts = {r: row.messages[0]["text"] for row in rows(db) for r in row.recipients}
    assert people["first"].line_user_id not in texts  # its centre reported
    assert "ศูนย์ของคุณยังไม่มีรายงานเดือนนี้" in texts[people["other"].line_user_id]
    officer = texts[people["officer"].line_user_id]
    assert "ยังไม่ส่ง 9 จาก 10 ศูนย์" in officer and "บุญมา ขยัน" in officer
    assert "บ้านเดื่อ" not in officer.split("ศูนย์\n", 1)[1]


def test_quota_guard_sends_officers_first_and_tells_the_admin(
        db: Database, people: dict[str, Member]) -> None:
    outcome = plan_today(db, AT_NINE, quota=3)
    assert [p.role for p in outcome.planned] == ["officer", "leader"]
    assert len(outcome.held) == 2
    texts = {r: row.messages[0]["text"] for row in rows(db) for r in row.recipients}
    assert "งดส่งถึงผู้นำ 2 คน" in texts[people["admin"].line_user_id]
    assert people["officer"].line_user_id in texts


def test_the_real_scheduler_plans_on_the_injected_clock(db: Database,
                                                        people: dict[str, Member]) -> None:
    clock = ManualClock(AT_NINE.replace(hour=8))
    scheduler = make_scheduler(db, clock, setup())
    scheduler.start()
    try:
        assert scheduler.get_job("reminders") is not None
        clock.jump_to(AT_NINE)  # the trainer's jump in the simulator, or a morning passing
        eventually(lambda: len(recipients(db)) == 4, timeout=10)
    finally:
        scheduler.shutdown(wait=True)


def test_429_and_500_during_a_multicast_reach_each_leader_once(
        bot: LiveBot, db: Database, people: dict[str, Member]) -> None:
    bot.fake.fail_next("multicast", 429, times=2, retry_after=0)
    bot.fake.fail_next("multicast", 500, times=1)
    assert bot.background is not None
    bot.background.services.clock.jump_to(datetime.now(BANGKOK) + timedelta(days=1))
    with db.transaction() as session:
        plan_and_queue(session, WEEK_BEFORE_KING, volunteer_days_near(db, 2026), AT_NINE,
                       provinces=("43",), late_ok=True)
    for who in ("first", "other", "mueang", "officer"):
        [got] = bot.fake.wait_for_messages(1, to=people[who].line_user_id, timeout=20)
        assert "จะถึง" in message_text(got)
    eventually(lambda: all(r.status == "done" for r in rows(db)), timeout=20)
    for who in ("first", "other", "mueang", "officer"):
        assert len(bot.fake.sent_messages(people[who].line_user_id)) == 1


def test_cli_plans_once_and_dry_run_only_prints(db: Database, people: dict[str, Member],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.delenv("LINE_CHANNEL_SECRET", raising=False)
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN", raising=False)
    runner = CliRunner()
    dry = runner.invoke(cli, ["reminders", "plan", "--date", "2026-07-21", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    lines = dry.output.strip().splitlines()
    assert lines[-1] == "4 messages, 4 quota units"
    assert any(line.startswith("volunteer-7d:king_birthday_jul28\tofficer\t") for line in lines)
    assert rows(db) == []
    first = runner.invoke(cli, ["reminders", "plan", "--date", "2026-07-21"])
    assert first.exit_code == 0 and "4 messages" in first.output, first.output
    second = runner.invoke(cli, ["reminders", "plan", "--date", "2026-07-21"])
    assert second.exit_code == 0 and "0 messages" in second.output, second.output
    assert len(recipients(db)) == 4
