"""Housekeeping the clock does each night: finished queue rows are pruned, so the inbox and
outbox stay small for years of reports, and personal data past its retention is purged
(PDPA: kept no longer than the province needs it).

- Queues (INBOX_RETENTION_DAYS, default 30): a done inbox event or outbox message is deleted
  that long after it finished. A failed one stays for people to look at (`cddbot inbox`),
  but what it carried is blanked then: the event as LINE sent it (text, LINE ids, location),
  or the message's recipients and texts.
- Reports and photos (REPORT_RETENTION_YEARS, default 5): the current Thai fiscal year
  (from 1 October) and that many full fiscal years before it are kept; older reports are
  deleted with their photos (rows and files), and so are photos that never joined a report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models.inbox import InboxEvent
from models.members import WRONG_CODE_WINDOW, CodeAttempt
from models.outbox import OutboxMessage
from models.queue import DONE, FAILED
from models.reports import Photo, Report
from models.session import Database
from thaitext import BANGKOK, thai_date

KEEP_DONE = timedelta(days=30)
CODE_ATTEMPTS_KEPT = WRONG_CODE_WINDOW
KEEP_REPORT_YEARS = 5
FISCAL_YEAR_MONTH = 10  # the Thai government's fiscal year starts on 1 October
PURGED: dict[str, object] = {"purged": True}  # what a failed event's payload becomes
PURGE_BATCH = 200  # reports a transaction: SQLite's write lock is held only briefly

RemoveFiles = Callable[[Sequence[str]], None]


@dataclass(frozen=True)
class Retention:
    """How long things are kept, and the edge's way to delete stored photo files (paths
    relative to MEDIA_DIR), which the scheduler does not know how to reach."""

    remove_files: RemoveFiles
    queues: timedelta = KEEP_DONE
    report_years: int = KEEP_REPORT_YEARS


@dataclass(frozen=True)
class Purged:
    reports: int = 0
    photos: int = 0
    files: int = 0

    def __add__(self, other: Purged) -> Purged:
        return Purged(self.reports + other.reports, self.photos + other.photos,
                      self.files + other.files)


def prune_finished(session: Session, now: datetime, keep: timedelta = KEEP_DONE) -> int:
    """Delete inbox and outbox rows finished before `now - keep`, and blank what failed rows
    of that age carried; the failed rows themselves stay for people to look at. Returns the
    rows deleted."""
    cutoff = now - keep
    removed = 0
    for model in (InboxEvent, OutboxMessage):
        result = session.execute(
            delete(model).where(model.status == DONE, model.finished_at < cutoff)
        )
        removed += getattr(result, "rowcount", 0) or 0
    # Written again each night (JSON columns cannot be compared on PostgreSQL); failed rows
    # are few.
    session.execute(update(InboxEvent)
                    .where(InboxEvent.status == FAILED, InboxEvent.finished_at < cutoff)
                    .values(payload=PURGED))
    session.execute(update(OutboxMessage)
                    .where(OutboxMessage.status == FAILED, OutboxMessage.finished_at < cutoff)
                    .values(recipients=[], messages=[], reply_token=None))
    # Wrong registration codes count only for an hour; the LINE ids they hold go after it.
    result = session.execute(delete(CodeAttempt).where(CodeAttempt.at < now - CODE_ATTEMPTS_KEPT))
    removed += getattr(result, "rowcount", 0) or 0
    return removed


def fiscal_year_start(day: date) -> date:
    """1 October of the Thai fiscal year `day` is in (fiscal 2568 BE began 1 October 2024)."""
    year = day.year if day.month >= FISCAL_YEAR_MONTH else day.year - 1
    return date(year, FISCAL_YEAR_MONTH, 1)


def first_day_kept(today: date, years: int) -> date:
    """The start of the oldest fiscal year still kept: the current one and `years` full ones
    before it. On 30 September 2024 (fiscal 2567) with 5 years: 1 October 2018 (fiscal
    2562), so every report is kept at least `years` years."""
    start = fiscal_year_start(today)
    return start.replace(year=start.year - years)


def purge_expired(db: Database, now: datetime, retention: Retention) -> Purged:
    """Delete the reports and photos past their retention, a batch a transaction, until
    none is left.

    A report goes when both its activity date and the day it was written fall before the
    first day kept, with its photos; a photo that never joined a report goes when it was
    received before that day."""
    first_day = first_day_kept(thai_date(now), retention.report_years)
    first_moment = datetime.combine(first_day, time(0), tzinfo=BANGKOK)
    total = Purged()
    while True:
        with db.transaction() as session:
            done = purge_batch(session, first_day, first_moment, retention.remove_files)
        if not (done.reports or done.photos):
            return total
        total += done


def purge_batch(session: Session, first_day: date, first_moment: datetime,
                remove_files: RemoveFiles) -> Purged:
    """One batch of expired reports with their photos; when no report is left, one batch of
    expired photos without a report."""
    report_ids = list(session.scalars(
        select(Report.id).where(Report.activity_date < first_day,
                                Report.created_at < first_moment)
        .order_by(Report.id).limit(PURGE_BATCH)))
    if report_ids:
        photos = select(Photo.id, Photo.path).where(Photo.report_id.in_(report_ids))
    else:
        photos = (select(Photo.id, Photo.path)
                  .where(Photo.report_id.is_(None), Photo.created_at < first_moment)
                  .order_by(Photo.id).limit(PURGE_BATCH * 5))
    done = drop_photos(session, [(i, p) for i, p in session.execute(photos)], remove_files)
    if report_ids:
        session.execute(delete(Report).where(Report.id.in_(report_ids)))
    return done + Purged(reports=len(report_ids))


def drop_photos(session: Session, photos: list[tuple[int, str | None]],
                remove_files: RemoveFiles) -> Purged:
    """Delete these photo rows and every file of theirs that no other photo shares (a file
    is stored once per sha256).

    The files go before the transaction commits: should it fail, the rows are still there
    and the next night deletes them again (a file already gone is no error), whereas files
    left for after a commit that a crash cut short would stay on disk, forgotten."""
    ids = {photo_id for photo_id, _ in photos}
    paths = sorted({path for _, path in photos if path})
    shared = {path for photo_id, path in session.execute(
        select(Photo.id, Photo.path).where(Photo.path.in_(paths))) if photo_id not in ids} \
        if paths else set()
    files = [path for path in paths if path not in shared]
    if files:
        remove_files(files)
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        session.execute(delete(Photo).where(Photo.id.in_(ordered[start:start + 500])))
    return Purged(photos=len(ids), files=len(files))
