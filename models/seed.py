"""Seeding divisions and centres from the packaged DOPA table, and making codes."""

from __future__ import annotations

import csv
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.divisions import Centre, District, Province, Subdistrict
from models.members import InviteCode
from models.session import insert_ignoring_conflicts

# No 0/O or 1/I: codes are read aloud over the phone and typed by thumbs.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
INVITE_CODE_LENGTH = 8


@dataclass(frozen=True)
class DivisionRow:
    province_code: str
    province_th: str
    province_en: str
    district_code: str
    district_th: str
    district_en: str
    subdistrict_code: str
    subdistrict_th: str
    subdistrict_en: str


def division_rows(provinces: Iterable[str] | None) -> Iterator[DivisionRow]:
    """Rows of the packaged table, for the given province codes (None: all of them)."""
    wanted = set(provinces) if provinces is not None else None
    source = resources.files("models").joinpath("data/thai_subdistricts.csv")
    with source.open("r", encoding="utf-8") as fh:
        for raw in csv.DictReader(fh):
            if wanted is None or raw["province_code"] in wanted:
                yield DivisionRow(**raw)


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def seed_divisions(session: Session, provinces: Iterable[str] | None) -> int:
    """Idempotent: adds what is missing; returns how many centres it created."""
    rows = list(division_rows(provinces))
    insert_ignoring_conflicts(session, Province, _unique(
        {"code": r.province_code, "name_th": r.province_th, "name_en": r.province_en}
        for r in rows), ["code"])
    insert_ignoring_conflicts(session, District, _unique(
        {"code": r.district_code, "province_code": r.province_code, "name_th": r.district_th,
         "name_en": r.district_en} for r in rows), ["code"])
    insert_ignoring_conflicts(session, Subdistrict, _unique(
        {"code": r.subdistrict_code, "district_code": r.district_code,
         "name_th": r.subdistrict_th, "name_en": r.subdistrict_en} for r in rows), ["code"])
    have = set(session.scalars(select(Centre.subdistrict_code)))
    taken = set(session.scalars(select(Centre.join_code)))
    centres = []
    for r in rows:
        if r.subdistrict_code in have:
            continue
        code = new_code(JOIN_CODE_LENGTH)
        while code in taken:
            code = new_code(JOIN_CODE_LENGTH)
        taken.add(code)
        centres.append({"subdistrict_code": r.subdistrict_code, "join_code": code})
    insert_ignoring_conflicts(session, Centre, centres, ["subdistrict_code"])
    return len(centres)


def rotate_join_code(session: Session, centre: Centre) -> str:
    """Give `centre` a new join code: the old one stops working at once; leaders already
    registered stay."""
    taken = set(session.scalars(select(Centre.join_code)))
    code = new_code(JOIN_CODE_LENGTH)
    while code in taken:
        code = new_code(JOIN_CODE_LENGTH)
    centre.join_code = code
    return code


def create_invite(session: Session, role: str, area_code: str) -> InviteCode:
    """A one-time code for an officer (area: a district code) or an admin (a province code)."""
    if role == "officer":
        if session.get(District, area_code) is None:
            raise ValueError(f"no district with code {area_code}: seed it first")
    elif role == "admin":
        if session.get(Province, area_code) is None:
            raise ValueError(f"no province with code {area_code}: seed it first")
    else:
        raise ValueError(f"invites are for officers and admins, not {role!r}")
    invite = InviteCode(code=new_code(INVITE_CODE_LENGTH), role=role, area_code=area_code)
    session.add(invite)
    session.flush()
    return invite


def _unique(items: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for item in items:
        seen.setdefault(item["code"], item)
    return list(seen.values())
