"""Retention (issue 14, point 3): handled inbox events are purged after INBOX_RETENTION_DAYS,
reports and photos (rows and files) after REPORT_RETENTION_YEARS fiscal years, by the clock.
Time is always given: the job functions take `now`, the real scheduler an injected clock."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.config import ConfigError, Settings
from bot.media import remove_media_files, store_bytes
from bot.runtime import retention
from linefake.webhook import text_event
from models import stats
from models.inbox import InboxEvent
from models.members import Member
from models.outbox import OutboxMessage
from models.queue import DONE, FAILED, PENDING
from models.reports import Photo, Report
from models.session import Database
from models.stats import Month, Scope
from scheduler.clock import make_scheduler
from scheduler.housekeeping import (
    PURGE_BATCH,
    PURGED,
    first_day_kept,
    fiscal_year_start,
    prune_finished,
    purge_expired,
)
from tests.conftest import LiveBot, ManualClock, all_handled, eventually, outbox_rows
from tests.conversation.conftest import jpeg
from thaitext import BANGKOK

# 30 September 2024 is the last day of fiscal 2567: five full fiscal years before it go
# back to 1 October 2018.
LAST_DAY_OF_2567 = datetime(2024, 9, 30, 21, 0, tzinfo=BANGKOK)
FIRST_DAY_OF_2568 = datetime(2024, 10, 1, 3, 30, tzinfo=BANGKOK)
PRIVATE = "บ้านนางสมศรี เลขที่ 12 ลูกสาวป่วย"


def thai_moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK)


@pytest.mark.parametrize(("today", "years", "first"), [
    (date(2024, 9, 30), 5, date(2018, 10, 1)),   # last day of fiscal 2567
    (date(2024, 10, 1), 5, date(2019, 10, 1)),   # first day of fiscal 2568
    (date(2025, 1, 15), 5, date(2019, 10, 1)),
    (date(2025, 1, 15), 1, date(2023, 10, 1)),   # fiscal 2567 kept, 2566 gone
    (date(2024, 12, 31), 10, date(2014, 10, 1)),
])
def test_the_first_day_kept_is_a_fiscal_year_start(today: date, years: int,
                                                    first: date) -> None:
    assert first_day_kept(today, years) == first
    assert fiscal_year_start(first) == first


def test_retention_settings_default_and_can_be_set(tmp_path: Path) -> None:
    base = {"DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3")}
    default = Settings.from_env(base)
    assert (default.inbox_retention_days, default.report_retention_years) == (30, 5)
    assert retention(default).queues == timedelta(days=30)
    assert retention(default).report_years == 5

    chosen = Settings.from_env({**base, "INBOX_RETENTION_DAYS": "7",
                                "REPORT_RETENTION_YEARS": "10"})
    assert retention(chosen).queues == timedelta(days=7)
    assert retention(chosen).report_years == 10
    for name, value in (("INBOX_RETENTION_DAYS", "0"), ("REPORT_RETENTION_YEARS", "0"),
                        ("REPORT_RETENTION_YEARS", "ห้า"), ("INBOX_RETENTION_DAYS", "-3")):
        with pytest.raises(ConfigError, match=name):
            Settings.from_env({**base, name: value})


def test_handled_events_go_after_the_retention_and_failed_ones_keep_only_their_error(
        db: Database) -> None:
    now = LAST_DAY_OF_2567
    event = {"type": "message", "source": {"type": "user", "userId": "U" + "a" * 32},
             "message": {"type": "text", "text": PRIVATE}}
    ago = {name: now - timedelta(days=days) for name, days in
           (("old", 8), ("young", 6))}
    with db.transaction() as session:
        for name, status in (("old", DONE), ("young", DONE), ("old", FAILED),
                             ("young", FAILED)):
            session.add(InboxEvent(webhook_event_id=f"{name}-{status}", chat_key="user:x",
                                   event_type="message", payload=event, status=status,
                                   finished_at=ago[name], last_error="ValueError: bad"))
        session.add(InboxEvent(webhook_event_id="waiting", chat_key="user:x",
                               event_type="message", payload=event, status=PENDING))
        for name, status in (("old", DONE), ("old", FAILED), ("young", FAILED)):
            session.add(OutboxMessage(kind="push", recipients=["U" + "a" * 32],
                                      messages=[{"type": "text", "text": PRIVATE}],
                                      retry_key=f"{name}-{status}", status=status,
                                      finished_at=ago[name], last_error="LINE 400"))

    with db.transaction() as session:
        assert prune_finished(session, now, timedelta(days=7)) == 2  # done: inbox, outbox

    with db.sessions() as session:
        events = {e.webhook_event_id: e for e in session.scalars(select(InboxEvent))}
        messages = {m.retry_key: m for m in session.scalars(select(OutboxMessage))}
    assert set(events) == {"young-done", "old-failed", "young-failed", "waiting"}
    assert events["old-failed"].payload == PURGED
    assert events["old-failed"].last_error == "ValueError: bad"  # still there to look at
    assert events["old-failed"].event_type == "message"
    assert events["young-failed"].payload == event and events["waiting"].payload == event
    assert set(messages) == {"old-failed", "young-failed"}
    old = messages["old-failed"]
    assert (old.recipients, old.messages, old.last_error) == ([], [], "LINE 400")
    assert messages["young-failed"].recipients == ["U" + "a" * 32]

    with db.transaction() as session:  # the next night deletes nothing more
        assert prune_finished(session, now + timedelta(days=1), timedelta(days=7)) == 0


def test_a_conversation_leaves_no_inbox_payload_after_thirty_days(
        bot: LiveBot, db: Database, leader: Member) -> None:
    """Over a signed webhook: the report stays, the event that carried it goes."""
    token = bot.token(leader.line_user_id)
    assert bot.send(text_event(leader.line_user_id, PRIVATE + " ประชุมคณะกรรมการ", token)) \
        == 200
    eventually(lambda: all_handled(db))
    eventually(lambda: [row.status for row in outbox_rows(db)] == [DONE])  # the receipt
    with db.sessions() as session:
        stamps = [session.scalar(select(func.max(model.finished_at)))
                  for model in (InboxEvent, OutboxMessage)]
    finished = max(stamp for stamp in stamps if stamp is not None)
    keep = retention(bot.settings).queues
    with db.transaction() as session:
        prune_finished(session, finished + keep - timedelta(minutes=1), keep)
    assert inbox_texts(db) and PRIVATE in inbox_texts(db)
    with db.transaction() as session:
        prune_finished(session, finished + keep + timedelta(minutes=1), keep)
    assert PRIVATE not in inbox_texts(db)
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(InboxEvent)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0  # replies
        assert [r.text for r in session.scalars(select(Report))] == [
            PRIVATE + " ประชุมคณะกรรมการ"]


def inbox_texts(db: Database) -> str:
    with db.sessions() as session:
        return json.dumps([e.payload for e in session.scalars(select(InboxEvent))],
                          ensure_ascii=False)


class Album:
    """Reports with photos whose files really are under MEDIA_DIR."""

    def __init__(self, db: Database, media: Path, leader: Member) -> None:
        self.db, self.media, self.leader = db, media, leader
        self.count = 0

    def report(self, on: date, written: date | None = None,
               photos: tuple[int, ...] = ()) -> int:
        """A report of `on`, written on `written` (default the same day), with photos whose
        bytes are jpeg(seed) for each seed."""
        self.count += 1
        created = thai_moment(written or on)
        with self.db.transaction() as session:
            report = Report(source_event_id=f"r{self.count}", centre_id=self.leader.centre_id,
                            member_id=self.leader.id, chat_key="user:x", text=PRIVATE,
                            activity_type="3.1", activity_date=on, status="active",
                            sectors=[], evidence=[], created_at=created)
            session.add(report)
            session.flush()
            for seed in photos:
                session.add(self.photo(seed, created, report.id))
            return report.id

    def lone_photo(self, seed: int, received: date) -> None:
        with self.db.transaction() as session:
            session.add(self.photo(seed, thai_moment(received), None))

    def photo(self, seed: int, created: datetime, report_id: int | None) -> Photo:
        self.count += 1
        digest, path = store_bytes(self.media, jpeg(seed), "jpg")
        return Photo(line_message_id=f"m{self.count}", report_id=report_id,
                     member_id=self.leader.id, sha256=digest, path=path, status="stored",
                     created_at=created)

    def files(self) -> set[str]:
        return {str(p.relative_to(self.media)) for p in self.media.rglob("*.jpg")}

    def path_of(self, seed: int) -> str:
        return store_path(jpeg(seed))


def store_path(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}.jpg"


@pytest.fixture
def album(db: Database, leader: Member, tmp_path: Path) -> Album:
    return Album(db, tmp_path / "media", leader)


def purge(album: Album, now: datetime, years: int = 5) -> Any:
    settings = Settings.from_env({"DATABASE_URL": album.db.url, "MEDIA_DIR": str(album.media),
                                  "REPORT_RETENTION_YEARS": str(years)})
    return purge_expired(album.db, now, retention(settings))


def report_ids(db: Database) -> set[int]:
    with db.sessions() as session:
        return set(session.scalars(select(Report.id)))


def photo_paths(db: Database) -> list[str]:
    with db.sessions() as session:
        return sorted(p.path or "" for p in session.scalars(select(Photo)))


def test_reports_and_photos_older_than_five_fiscal_years_go_rows_and_files(
        db: Database, album: Album) -> None:
    gone = album.report(date(2018, 9, 30), photos=(1, 2))  # fiscal 2561
    edge = album.report(date(2018, 10, 1), photos=(2,))  # fiscal 2562: its file is shared
    typo = album.report(date(2017, 5, 1), written=date(2024, 9, 1))  # written last month
    recent = album.report(date(2023, 10, 5), photos=(3,))
    album.lone_photo(4, date(2018, 3, 1))  # never joined a report: goes
    album.lone_photo(5, date(2024, 9, 29))  # waits for its text: stays
    october = Month(2023, 10)
    with db.sessions() as session:
        figures = stats.status(session, Scope("district", "4301"), october)

    purged = purge(album, LAST_DAY_OF_2567)

    assert (purged.reports, purged.photos, purged.files) == (1, 3, 2)
    assert report_ids(db) == {edge, typo, recent}
    assert gone not in report_ids(db)
    kept_files = {album.path_of(2), album.path_of(3), album.path_of(5)}
    assert album.files() == kept_files  # photo 2's file is also the kept report's
    assert photo_paths(db) == sorted(kept_files)
    with db.sessions() as session:
        assert stats.status(session, Scope("district", "4301"), october) == figures

    again = purge(album, LAST_DAY_OF_2567 + timedelta(hours=1))
    assert (again.reports, again.photos, again.files) == (0, 0, 0)

    # The next day is fiscal 2568: fiscal 2562 goes, and with it the last copy of photo 2.
    later = purge(album, FIRST_DAY_OF_2568)
    assert (later.reports, later.photos, later.files) == (1, 1, 1)
    assert report_ids(db) == {typo, recent}
    assert album.files() == {album.path_of(3), album.path_of(5)}


def test_a_longer_retention_keeps_more(db: Database, album: Album) -> None:
    old = album.report(date(2015, 4, 1), photos=(1,))
    assert purge(album, LAST_DAY_OF_2567, years=10).reports == 0
    assert report_ids(db) == {old} and album.files() == {album.path_of(1)}
    assert purge(album, LAST_DAY_OF_2567, years=5).reports == 1
    assert album.files() == set()


def test_many_expired_reports_go_in_batches(db: Database, album: Album, leader: Member) -> None:
    total = PURGE_BATCH * 2 + 7
    with db.transaction() as session:
        session.add_all(Report(source_event_id=f"bulk{n}", centre_id=leader.centre_id,
                               member_id=leader.id, chat_key="user:x", text=PRIVATE,
                               activity_type="3.2", activity_date=date(2017, 1, 1 + n % 28),
                               status="active", sectors=[], evidence=[],
                               created_at=thai_moment(date(2017, 2, 1)))
                        for n in range(total))
    kept = album.report(date(2024, 1, 10), photos=(7,))
    assert purge(album, LAST_DAY_OF_2567).reports == total
    assert report_ids(db) == {kept}


def test_a_photo_path_outside_the_media_folder_is_never_deleted(
        db: Database, album: Album, tmp_path: Path) -> None:
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg(9))
    album.media.mkdir(parents=True, exist_ok=True)
    remove_media_files(album.media, ["../outside.jpg", str(outside)])
    assert outside.exists()


def test_the_real_scheduler_purges_by_its_injected_clock(
        db: Database, album: Album, settings: Settings) -> None:
    gone = album.report(date(2017, 6, 1), photos=(1,))
    kept = album.report(date(2024, 6, 1), photos=(2,))
    with db.transaction() as session:
        session.add(InboxEvent(webhook_event_id="handled", chat_key="user:x",
                               event_type="message", payload={"text": PRIVATE}, status=DONE,
                               finished_at=LAST_DAY_OF_2567 - timedelta(days=31)))
    clock = ManualClock(LAST_DAY_OF_2567)
    scheduler = make_scheduler(db, clock, retention=retention(
        replace(settings, media_dir=album.media)))
    scheduler.start()
    try:
        # The jobs run at 03:15 and 03:30 Thai time; the test brings the night forward.
        for job in ("prune", "purge"):
            scheduler.modify_job(job, next_run_time=datetime.now(BANGKOK))
        eventually(lambda: report_ids(db) == {kept}, timeout=10)
        eventually(lambda: inbox_texts(db) == "[]", timeout=10)
    finally:
        scheduler.shutdown(wait=True)
    assert gone not in report_ids(db)
    assert album.files() == {album.path_of(2)}
