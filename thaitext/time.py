"""Thai time: the one time zone the bot lives in, and the Thai date of a moment."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def thai_date(moment: datetime) -> date:
    """The day it was in Thailand at `moment` (a timezone-aware datetime)."""
    return moment.astimezone(BANGKOK).date()


def month_start(moment: datetime) -> datetime:
    """Midnight, Thai time, on the first day of `moment`'s Thai month."""
    local = moment.astimezone(BANGKOK)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
