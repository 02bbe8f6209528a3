"""The changes the department or a province makes to the calendar of important days, and the
calendar of a year with them applied (thaitext.important_days holds the rules).

A row is never edited or deleted: a change is undone by a later one (a move after a cancel
brings a day back), so the table is also the record of who changed what, and when.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import CheckConstraint, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from thaitext.important_days import (
    KEY_LENGTH,
    NAME_LENGTH,
    Action,
    DayChange,
    ImportantDay,
    check_change,
    days_of_year,
)

BY_LENGTH = 120


class CalendarChange(Base):
    __tablename__ = "calendar_changes"
    __table_args__ = (
        CheckConstraint("action IN ('add', 'move', 'cancel')", name="action"),
        # A year's changes in the order they were made: every read of the calendar.
        Index("ix_calendar_changes_year", "year", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    action: Mapped[str] = mapped_column(String(8))
    on_date: Mapped[date | None]  # add and move; None for cancel
    name_th: Mapped[str | None] = mapped_column(String(NAME_LENGTH))  # add only
    volunteer_day: Mapped[bool] = mapped_column(default=True)  # add only
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(BY_LENGTH))

    def __repr__(self) -> str:
        return f"CalendarChange({self.action} {self.key} {self.year})"

    def as_change(self) -> DayChange:
        action = cast(Action, self.action)  # the check constraint keeps it to the three
        return DayChange(action, self.key, self.year, self.on_date, self.name_th or "",
                         self.volunteer_day)


def calendar_changes(session: Session, year: int) -> list[DayChange]:
    """The changes of `year`, in the order they were made."""
    rows = session.scalars(select(CalendarChange).where(CalendarChange.year == year)
                           .order_by(CalendarChange.id))
    return [row.as_change() for row in rows]


def important_days(session: Session, year: int) -> list[ImportantDay]:
    """The important days of `year` (Gregorian), by date, with every stored change applied."""
    return days_of_year(year, calendar_changes(session, year))


def do_calendar_change(session: Session, change: DayChange, created_by: str) -> CalendarChange:
    """Store `change` after checking it against the year's calendar as it stands; raises
    thaitext.important_days.CalendarError (a ValueError) with the reason if it does not fit."""
    check_change(change, calendar_changes(session, change.year))
    row = CalendarChange(year=change.year, key=change.key, action=change.action,
                         on_date=change.on, name_th=change.name_th or None,
                         volunteer_day=change.volunteer_day, created_by=created_by[:BY_LENGTH])
    session.add(row)
    session.flush()
    return row
