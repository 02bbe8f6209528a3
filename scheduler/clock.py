"""The clock process: APScheduler triggers that plan work into the database. It never sends:
the outbox sender does."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from models.base import utcnow
from models.session import Database
from scheduler.housekeeping import prune_finished
from thaitext import BANGKOK

log = logging.getLogger(__name__)


def make_scheduler(db: Database, clock: Callable[[], datetime] = utcnow) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=BANGKOK)

    def prune() -> None:
        with db.transaction() as session:
            removed = prune_finished(session, clock())
        log.info("housekeeping: %d finished queue rows pruned", removed)

    scheduler.add_job(prune, CronTrigger(hour=3, minute=15, timezone=BANGKOK), id="prune",
                      coalesce=True, max_instances=1, misfire_grace_time=3600)
    return scheduler
