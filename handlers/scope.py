"""Naming a member's role and area in Thai."""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.texts import ROLE_NAMES
from models.divisions import District, Province
from models.members import Member


def role_name(member: Member) -> str:
    return ROLE_NAMES.get(member.role, member.role)


def scope_name(session: Session, member: Member) -> str:
    if member.role == "leader" and member.centre is not None:
        return member.centre.name_th
    if member.role == "officer" and member.district_code:
        district = session.get(District, member.district_code)
        if district is not None:
            return f"อำเภอ{district.name_th} จังหวัด{district.province.name_th}"
    if member.province_code:
        province = session.get(Province, member.province_code)
        if province is not None:
            return f"จังหวัด{province.name_th}"
    return "-"
