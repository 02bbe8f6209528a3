"""The clock process: APScheduler triggers that plan work into the database. It never sends:
the outbox sender does.

Reminders are planned by a short interval job rather than a cron trigger at the rule's hour:
each run plans whatever is due and not yet planned (the database remembers), so a clock that
was down catches up within the grace period, two clocks plan each reminder once, and a
simulator's clock that jumps to a morning gets that morning's reminders at once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from models.base import utcnow
from models.calendar import important_days
from models.reminders import day_planned, mark_day_planned
from models.session import Database
from scheduler.housekeeping import KEEP_DONE, Retention, prune_finished, purge_expired
from scheduler.planning import Outcome, plan_and_queue
from scheduler.reminders import Day, Rules
from thaitext import BANGKOK, thai_date

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderSetup:
    rules: Rules
    provinces: tuple[str, ...] | None  # None: the whole country
    quota_left: Callable[[], int | None]  # asks LINE; None: no limit
    poll_seconds: float = 30.0


def volunteer_days_near(db: Database, today_year: int) -> list[Day]:
    """3.3 volunteer days of last, this and next year (reminders look a week either way)."""
    with db.sessions() as session:
        found = [d for year in (today_year - 1, today_year, today_year + 1)
                 for d in important_days(session, year) if d.volunteer_day]
    return [Day(d.on, d.key, d.name_th) for d in found]


def plan_due_reminders(db: Database, setup: ReminderSetup, now: datetime) -> list[Outcome]:
    """Plan the reminders of yesterday (if still within grace) and today, once each."""
    today = thai_date(now)
    outcomes = []
    for day in (today - timedelta(days=1), today):
        if now < setup.rules.send_time(day):
            continue
        with db.sessions() as session:
            if day_planned(session, day):
                continue
        days = volunteer_days_near(db, day.year)
        quota = setup.quota_left()
        with db.transaction() as session:
            outcome = plan_and_queue(session, day, days, now, rules=setup.rules,
                                     provinces=setup.provinces, quota_left=quota)
            mark_day_planned(session, day, len(outcome.planned), len(outcome.held))
        log.info("reminders of %s: %d planned, %d held, %d planned before%s", day,
                 len(outcome.planned), len(outcome.held), outcome.already,
                 " (dropped: past the grace period)" if outcome.dropped else "")
        outcomes.append(outcome)
    return outcomes


def make_scheduler(db: Database, clock: Callable[[], datetime] = utcnow,
                   reminders: ReminderSetup | None = None,
                   retention: Retention | None = None) -> BackgroundScheduler:
    """The clock's jobs. Without `retention` (tools that do not own MEDIA_DIR), finished
    queue rows are pruned after 30 days and reports are never purged."""
    scheduler = BackgroundScheduler(timezone=BANGKOK)
    keep = retention.queues if retention is not None else KEEP_DONE

    def prune() -> None:
        with db.transaction() as session:
            removed = prune_finished(session, clock(), keep)
        log.info("housekeeping: %d finished queue rows pruned", removed)

    scheduler.add_job(prune, CronTrigger(hour=3, minute=15, timezone=BANGKOK), id="prune",
                      coalesce=True, max_instances=1, misfire_grace_time=3600)
    if retention is not None:
        kept = retention

        def purge() -> None:
            purged = purge_expired(db, clock(), kept)
            log.info("retention: %d reports, %d photos and %d photo files purged",
                     purged.reports, purged.photos, purged.files)

        scheduler.add_job(purge, CronTrigger(hour=3, minute=30, timezone=BANGKOK), id="purge",
                          coalesce=True, max_instances=1, misfire_grace_time=3600)
    if reminders is not None:
        setup = reminders
        scheduler.add_job(lambda: plan_due_reminders(db, setup, clock()),
                          IntervalTrigger(seconds=setup.poll_seconds, timezone=BANGKOK),
                          id="reminders", coalesce=True, max_instances=1,
                          next_run_time=datetime.now(BANGKOK))
    return scheduler
