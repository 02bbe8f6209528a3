"""Members (LINE users with a role and a scope), one-time invite codes, and what keeps
strangers out: wrong codes counted per LINE user, so several workers agree on a limit.

A leader's scope is a centre, an officer's a district, an admin's a province.
Status: active -> removed (removed by staff or `cddbot member remove`: the row keeps who they
were; or their personal data was erased: the row keeps only role and centre, and its LINE id
is "deleted:<id>"). A removed member who registers again gets the same row back.

Consent: `consent_version` is the PDPA notice the member accepted (handlers/texts.py
PDPA_NOTICE_VERSION), at `consented_at`; None: no versioned consent on record.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.base import Base, utcnow
from models.divisions import Centre

ROLES = ("leader", "officer", "admin")
WRONG_CODES_ALLOWED = 5  # within WRONG_CODE_WINDOW; after that, codes are not checked
WRONG_CODE_WINDOW = timedelta(hours=1)


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    status: Mapped[str] = mapped_column(String(16), default="active")
    consented_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre: Mapped[Centre | None] = relationship()

    def __repr__(self) -> str:
        return f"Member({self.id} {self.role})"

    @property
    def area_code(self) -> str | None:
        """The division the member belongs to: a leader's centre (its sub-district code), an
        officer's district, an admin's province."""
        if self.role == "leader":
            return self.centre.subdistrict_code if self.centre is not None else self.district_code
        if self.role == "officer":
            return self.district_code
        return self.province_code


class InviteCode(Base):
    """A one-time code that registers an officer (district) or an admin (province). It works
    once, and for INVITE_HOURS after it was made (`expired`)."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    area_code: Mapped[str] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
    used_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))

    def __repr__(self) -> str:
        return f"InviteCode({self.role} {self.area_code} used={self.used_at is not None})"

    def expires_at(self, hours: float) -> datetime:
        return self.created_at + timedelta(hours=hours)

    def expired(self, now: datetime, hours: float) -> bool:
        return now >= self.expires_at(hours)


class CodeAttempt(Base):
    """A registration code that registered nobody, by the LINE user who sent it: counted so
    that guessing stops after WRONG_CODES_ALLOWED in an hour. Kept only that long."""

    __tablename__ = "code_attempts"
    __table_args__ = (Index("ix_code_attempts_line_user_id_at", "line_user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"CodeAttempt({self.id} {self.at:%Y-%m-%d %H:%M})"


def blocked_until(session: Session, line_user_id: str, now: datetime) -> datetime | None:
    """When this user may try a code again, if they sent too many wrong ones in the last
    hour; None: they may try now."""
    recent = list(session.scalars(
        select(CodeAttempt.at)
        .where(CodeAttempt.line_user_id == line_user_id,
               CodeAttempt.at > now - WRONG_CODE_WINDOW)
        .order_by(CodeAttempt.at.desc()).limit(WRONG_CODES_ALLOWED)))
    if len(recent) < WRONG_CODES_ALLOWED:
        return None
    return recent[-1] + WRONG_CODE_WINDOW  # the oldest of the last five leaves the window


def record_wrong_code(session: Session, line_user_id: str, now: datetime) -> None:
    """Count a code that registered nobody; tries older than the window are dropped (for
    everyone: the table holds only the last hour)."""
    session.execute(delete(CodeAttempt).where(CodeAttempt.at <= now - WRONG_CODE_WINDOW))
    session.add(CodeAttempt(line_user_id=line_user_id, at=now))


class FileToDelete(Base):
    """A stored photo whose row was erased: the conversation never touches the disk, so the
    file is noted here in the same transaction, and the edge deletes it after the commit
    (bot/worker.py). A file another photo row still points to is kept."""

    __tablename__ = "files_to_delete"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(300))  # relative to MEDIA_DIR
    noted_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"FileToDelete({self.id})"
