"""Members (LINE users with a role and a scope) and one-time invite codes.

A leader's scope is a centre, an officer's a district, an admin's a province.
Status: active -> removed (the member deleted their data or was removed).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.divisions import Centre

ROLES = ("leader", "officer", "admin")


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre: Mapped[Centre | None] = relationship()

    def __repr__(self) -> str:
        return f"Member({self.id} {self.role})"


class InviteCode(Base):
    """A one-time code that registers an officer (district) or an admin (province)."""

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
