"""What a member may see (their scope), and naming their role and area in Thai."""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.texts import ROLE_NAMES
from models import stats
from models.members import Member
from models.stats import Scope


def role_name(member: Member) -> str:
    return ROLE_NAMES.get(member.role, member.role)


def scope_name(session: Session, member: Member) -> str:
    """The member's centre, or the area a staff member sees, in Thai."""
    if member.role == "leader" and member.centre is not None:
        return member.centre.name_th
    scope = staff_scope(member)
    try:
        return stats.scope_name(session, scope) if scope is not None else "-"
    except ValueError:  # an area no longer in the database
        return "-"


def staff_scope(member: Member | None) -> Scope | None:
    """The one rule of what staff may see: an officer their district, an admin their
    province; anyone else nothing. Every staff command asks this first."""
    if member is None or member.status != "active":
        return None
    if member.role == "officer" and member.district_code:
        return Scope("district", member.district_code)
    if member.role == "admin" and member.province_code:
        return Scope("province", member.province_code)
    return None


def in_scope(scope: Scope, subdistrict_code: str) -> bool:
    """Whether a centre (by its sub-district code) lies in `scope`'s area."""
    return scope.level == "country" or subdistrict_code.startswith(scope.code)
