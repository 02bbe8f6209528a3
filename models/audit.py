"""Audit log: who did what to which record, in which area and when, for the province's
oversight (PDPA: who saw or sent whose data).

Every staff action writes one row through `do_audit`: a monthly file's link issued, an
announcement sent, a join code rotated, a role granted or changed, a member removed, personal
data deleted. Who: the actor's member id (None: an operator at the command line) and their
role at the time; where: a division code (province 43, district 4301, sub-district 430109, or
TH for the country); `detail` holds the facts of the action, never names, LINE ids or
message text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow

if TYPE_CHECKING:  # members may record audits of their own: no import cycle at run time
    from models.members import Member

COMMAND_LINE = "cli"  # the actor's role when an operator ran a `cddbot` command
# Never shown by the listing, whatever a caller put in a detail.
PERSONAL_KEYS = frozenset({"name", "display_name", "line_user_id", "user_id", "text",
                           "message", "address", "latitude", "longitude", "phone"})
LINE_ID = re.compile(r"\b[UCR][0-9a-f]{32}\b")


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80))
    detail: Mapped[dict[str, Any] | None]
    area: Mapped[str | None] = mapped_column(String(16))  # None: written before 0009
    actor_role: Mapped[str | None] = mapped_column(String(16))

    def __repr__(self) -> str:
        return f"AuditLog({self.action} {self.target})"


def do_audit(session: Session, action: str, target: str, *, actor: Member | None,
             area: str | None, at: datetime, **detail: object) -> AuditLog:
    """Record one action on `target` ("centre:430109", "district:4301", "member:12")."""
    if actor is not None and actor.id is None:
        session.flush()  # a member registered in this transaction: it needs its id
    entry = AuditLog(at=at, actor_member_id=actor.id if actor is not None else None,
                     actor_role=actor.role if actor is not None else COMMAND_LINE,
                     action=action, target=target, area=area, detail=detail)
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditEntry:
    """One action as the listing shows it: no names, no LINE ids, no message text."""

    at: datetime
    actor_role: str
    actor_id: int | None
    action: str
    area: str
    target: str
    detail: dict[str, str]


def audit_trail(session: Session, since: datetime | None = None) -> list[AuditEntry]:
    """The actions since `since` (all without), oldest first. Rows written without an area
    or a role (older ones) show the actor's present ones."""
    from models.divisions import Centre
    from models.members import Member

    query = (select(AuditLog, Member, Centre.subdistrict_code)
             .outerjoin(Member, Member.id == AuditLog.actor_member_id)
             .outerjoin(Centre, Centre.id == Member.centre_id)
             .order_by(AuditLog.at, AuditLog.id))
    if since is not None:
        query = query.where(AuditLog.at >= since)
    entries = []
    for row, actor, centre_code in session.execute(query):
        role = row.actor_role or (actor.role if actor else COMMAND_LINE)
        area = row.area or (member_area(actor, centre_code) if actor else None) or "-"
        entries.append(AuditEntry(row.at, role, row.actor_member_id, row.action, area,
                                  redact(row.target), public_detail(row.detail or {})))
    return entries


def member_area(member: Member, centre_code: str | None) -> str | None:
    if member.role == "leader":
        return centre_code
    if member.role == "officer":
        return member.district_code
    return member.province_code


def public_detail(detail: dict[str, Any]) -> dict[str, str]:
    """The facts of an action without personal data: names and texts left out, any LINE id
    blanked."""
    return {key: redact(value if isinstance(value, str) else _compact(value))
            for key, value in detail.items() if key not in PERSONAL_KEYS}


def redact(text: str) -> str:
    return LINE_ID.sub("[LINE id]", text)


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
