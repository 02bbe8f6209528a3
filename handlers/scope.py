"""What a member may see (their scope), and naming their role and area in Thai."""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.texts import ROLE_NAMES
from models.divisions import District, Province
from models.members import Member
from models.stats import Scope
from thaitext.areas import district_name, province_name


def role_name(member: Member) -> str:
    return ROLE_NAMES.get(member.role, member.role)


def scope_name(session: Session, member: Member) -> str:
    if member.role == "leader" and member.centre is not None:
        return member.centre.name_th
    if member.role == "officer" and member.district_code:
        district = session.get(District, member.district_code)
        if district is not None:
            return (f"{district_name(district.name_th, district.code)} "
                    f"{province_name(district.province.name_th, district.province_code)}")
    if member.province_code:
        province = session.get(Province, member.province_code)
        if province is not None:
            return province_name(province.name_th, province.code)
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
