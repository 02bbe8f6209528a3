"""Activity reports and their photos.

Report status: active -> cancelled.
Photo status: pending -> stored | failed (LINE no longer had it, or it was not an image).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, func, insert, select, text
from sqlalchemy.orm import (
    Mapped,
    Session,
    make_transient_to_detached,
    mapped_column,
    relationship,
)

from models.base import Base, table_of, utcnow
from models.divisions import Centre
from models.members import Member

UNATTACHED = text("report_id IS NULL")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_centre_activity_date", "centre_id", "activity_date"),
        # A month's figures for a province or the country (models/stats.py) read only this
        # index: the month's range, then what they count. id rides along on PostgreSQL for
        # the photo join (SQLite's indexes hold the rowid anyway).
        Index("ix_reports_month_figures", "activity_date", "centre_id", "status",
              "activity_type", "participants", postgresql_include=["id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The webhookEventId of the message that created it: the last guard against double counting.
    source_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    chat_key: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    activity_type: Mapped[str | None] = mapped_column(String(4))
    dimension: Mapped[str | None] = mapped_column(String(16))
    national_day: Mapped[str | None] = mapped_column(String(40))
    sectors: Mapped[list[Any]] = mapped_column(default=list)
    participants: Mapped[int | None]
    activity_date: Mapped[date]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    address: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[float] = mapped_column(default=0.0)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    # Set when a person confirmed or corrected the type: kept as a human label.
    type_confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre: Mapped[Centre] = relationship()
    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    photos: Mapped[list[Photo]] = relationship(back_populates="report", order_by="Photo.id")

    def __repr__(self) -> str:
        return f"Report({self.id} centre={self.centre_id} type={self.activity_type})"


class Photo(Base):
    __tablename__ = "photos"
    # A member's photos still waiting for their report: looked up on every leader's text.
    __table_args__ = (
        Index("ix_photos_unattached", "member_id", sqlite_where=UNATTACHED,
              postgresql_where=UNATTACHED),
        # Stored and failed photos of a month's reports, counted from the index alone.
        Index("ix_photos_report_status", "report_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_message_id: Mapped[str] = mapped_column(String(64), unique=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    path: Mapped[str | None] = mapped_column(String(300))
    size: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(64))
    image_set_id: Mapped[str | None] = mapped_column(String(64))
    image_index: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report | None] = relationship(back_populates="photos")

    def __repr__(self) -> str:
        return f"Photo({self.id} {self.status})"


INSERT_REPORT = insert(table_of(Report)).returning(table_of(Report).c.id)
REPORT_COLUMNS = [c.key for c in Report.__table__.c if c.key != "id"]


def insert_report(session: Session, report: Report) -> Report:
    """Store a new report (every attribute set) with one prepared INSERT, then hand it to the
    session as if it had been loaded: every leader's message writes one, and the ORM's unit
    of work cost more than the write. Later changes to it are flushed as usual."""
    values = {key: getattr(report, key) for key in REPORT_COLUMNS}
    report.id = session.execute(INSERT_REPORT, values).scalar_one()
    make_transient_to_detached(report)
    session.add(report)
    return report


def open_report(session: Session, member_id: int, since: datetime) -> Report | None:
    """The member's latest active report written since `since`: photos and a location that
    follow within the window belong to it."""
    return session.scalar(
        select(Report)
        .where(Report.member_id == member_id, Report.status == "active",
               Report.created_at >= since)
        .order_by(Report.id.desc()).limit(1)
    )


def last_report(session: Session, member_id: int) -> Report | None:
    return session.scalar(
        select(Report).where(Report.member_id == member_id, Report.status == "active")
        .order_by(Report.id.desc()).limit(1)
    )


def held_photos(session: Session, member_id: int, since: datetime) -> list[Photo]:
    """Photos the member sent before writing the text they belong to."""
    return list(session.scalars(
        select(Photo)
        .where(Photo.member_id == member_id, Photo.report_id.is_(None),
               Photo.status == "stored", Photo.created_at >= since)
        .order_by(Photo.id)
    ))


def members_with_held_photos(session: Session, member_ids: list[int]) -> list[int]:
    """Which of these members have stored photos not yet in a report (of any age)."""
    if not member_ids:
        return []
    return list(session.scalars(
        select(Photo.member_id).distinct()
        .where(Photo.member_id.in_(member_ids), Photo.report_id.is_(None),
               Photo.status == "stored")
    ))


def photo_count(session: Session, report_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Photo)
        .where(Photo.report_id == report_id, Photo.status == "stored")
    ) or 0
