"""Reminders planned for a day: one row per person per Thai day, so a clock that runs twice,
restarts mid-run or catches up never reminds anyone twice (the unique key decides, inside
the transaction that also writes the outbox rows).

Status: planned (its message is in the outbox) | held (not sent: the message quota was short).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow

PLANNED, HELD = "planned", "held"


class PlannedReminder(Base):
    __tablename__ = "planned_reminders"
    __table_args__ = (UniqueConstraint("day", "line_user_id",
                                       name="uq_planned_reminders_day_line_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    line_user_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    rules: Mapped[str] = mapped_column(Text)  # the rules merged into its message, "+"-joined
    status: Mapped[str] = mapped_column(String(16), default=PLANNED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"PlannedReminder({self.day} {self.role} {self.status})"


def claim(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the rows that are new; returns the LINE ids claimed by this call. A row some
    other run already holds for that day is skipped by the database, not by a prior read."""
    if not rows:
        return set()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (insert(PlannedReminder)
                 .on_conflict_do_nothing(index_elements=["day", "line_user_id"])
                 .returning(PlannedReminder.line_user_id))
    now = utcnow()
    values = [{"status": PLANNED, "created_at": now, **row} for row in rows]
    return set(session.execute(statement, values).scalars())


class ReminderDay(Base):
    """A Thai day whose reminders have been planned: later runs skip it without reading the
    members again. (Each person's reminder is still claimed once in PlannedReminder.)"""

    __tablename__ = "reminder_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    planned: Mapped[int]
    held: Mapped[int]
    finished_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"ReminderDay({self.day} planned={self.planned} held={self.held})"


def day_planned(session: Session, day: date) -> bool:
    return session.get(ReminderDay, day) is not None


def mark_day_planned(session: Session, day: date, planned: int, held: int) -> None:
    """Recorded in the planning transaction. A second clock planning the same day at the same
    moment finds every person already claimed (PlannedReminder) and queues nothing."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(ReminderDay).on_conflict_do_nothing(index_elements=["day"]),
                    {"day": day, "planned": planned, "held": held, "finished_at": utcnow()})
