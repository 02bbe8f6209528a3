"""Setting the scene: places, personas, invite codes, existing members, and the clock."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from bot.simulator.personas import new_group_id, new_user_id, thai_name
from bot.simulator.state import SimulatorState
from bot.simulator.web import BadInput, body, bp, field, state
from models.divisions import Centre, District, Province, Subdistrict
from models.members import Member
from models.seed import create_invite
from thaitext import BANGKOK, be_to_ce_year, format_thai_date


def _provinces(sim: SimulatorState) -> list[str] | None:
    configured = sim.services.settings.provinces
    return list(configured) if configured is not None else None


@bp.get("/api/places")
def places() -> ResponseReturnValue:
    """Provinces and districts the bot serves, for the persona form's first two choices."""
    sim = state()
    wanted = _provinces(sim)
    with sim.services.db.sessions() as session:
        provinces = select(Province).order_by(Province.code)
        districts = select(District).order_by(District.code)
        if wanted is not None:
            provinces = provinces.where(Province.code.in_(wanted))
            districts = districts.where(District.province_code.in_(wanted))
        return jsonify(
            provinces=[{"code": p.code, "name": p.name_th} for p in session.scalars(provinces)],
            districts=[{"code": d.code, "province": d.province_code, "name": d.name_th}
                       for d in session.scalars(districts)],
        )


@bp.get("/api/centres")
def centres() -> ResponseReturnValue:
    district = request.args.get("district", "")
    if not (len(district) == 4 and district.isdigit()):
        raise BadInput("รหัสอำเภอไม่ถูกต้อง")
    with state().services.db.sessions() as session:
        rows = session.execute(
            select(Centre.id, Subdistrict.code, Subdistrict.name_th, Centre.join_code)
            .join(Subdistrict, Subdistrict.code == Centre.subdistrict_code)
            .where(Subdistrict.district_code == district).order_by(Subdistrict.code))
        # The join code is shown on purpose: this is a training tool with made-up people.
        return jsonify(centres=[{"id": r[0], "code": r[1], "name": r[2], "join_code": r[3]}
                                for r in rows])


@bp.post("/api/personas")
def new_persona() -> ResponseReturnValue:
    """A fresh LINE identity for a role; staff get a one-time invite code to register with."""
    sim = state()
    data = body()
    role = field(data, "role", 16)
    area = field(data, "area", 6)
    name = str(data.get("name") or "").strip()[:60] or thai_name(role)
    with sim.services.db.transaction() as session:
        if role == "leader":
            centre = session.scalar(select(Centre).where(Centre.subdistrict_code == area))
            if centre is None:
                raise BadInput("ไม่พบศูนย์ของตำบลนี้")
            code, area_name = centre.join_code, centre.name_th
        elif role in ("officer", "admin"):
            try:
                code = create_invite(session, role, area).code
            except ValueError:
                raise BadInput("ไม่พบพื้นที่นี้ในฐานข้อมูล") from None
            area_name = _area_name(session, role, area)
        else:
            raise BadInput("บทบาทต้องเป็น leader, officer หรือ admin")
    persona = {"user_id": new_user_id(), "name": name, "role": role, "area": area,
               "area_name": area_name, "code": code}
    sim.fake.set_profile(persona["user_id"], name)
    return jsonify(persona=persona)


@bp.post("/api/invites")
def new_invite() -> ResponseReturnValue:
    data = body()
    role, area = field(data, "role", 16), field(data, "area", 6)
    with state().services.db.transaction() as session:
        try:
            invite = create_invite(session, role, area)
        except ValueError:
            raise BadInput("สร้างรหัสเชิญไม่ได้: ตรวจบทบาทและพื้นที่") from None
        return jsonify(code=invite.code, role=role, area=area)


@bp.post("/api/groups")
def new_group() -> ResponseReturnValue:
    return jsonify(group_id=new_group_id())


@bp.get("/api/members")
def members() -> ResponseReturnValue:
    """Members already in the database (demo data included), to act as one of them."""
    with state().services.db.sessions() as session:
        rows = session.scalars(select(Member).where(Member.status == "active")
                               .order_by(Member.role, Member.id).limit(300))
        return jsonify(members=[
            {"user_id": m.line_user_id, "name": m.display_name or "สมาชิก", "role": m.role,
             "area": m.district_code if m.role == "officer" else
             (m.province_code if m.role == "admin" else None),
             "area_name": _member_scope(session, m)} for m in rows])


@bp.get("/api/clock")
def clock() -> ResponseReturnValue:
    return jsonify(clock_view(state()))


@bp.post("/api/clock")
def jump_clock() -> ResponseReturnValue:
    sim = state()
    data = body()
    if data.get("reset"):
        sim.services.clock.reset()
        return jsonify(clock_view(sim))
    moment = parse_moment(field(data, "date", 10), str(data.get("time") or "08:00"))
    sim.services.clock.jump_to(moment)
    return jsonify(clock_view(sim))


def parse_moment(day: str, at: str) -> datetime:
    """A Thai wall-clock date and time; years above 2400 are read as Buddhist era."""
    try:
        year, month, dom = (int(part) for part in day.split("-"))
        hour, minute = (int(part) for part in at.split(":")[:2])
        return datetime.combine(date(be_to_ce_year(year), month, dom), time(hour, minute),
                                tzinfo=BANGKOK)
    except ValueError:
        raise BadInput("วันที่หรือเวลาไม่ถูกต้อง") from None


def clock_view(sim: SimulatorState) -> dict[str, Any]:
    now = sim.now().astimezone(BANGKOK)
    real = datetime.now(BANGKOK)
    return {"iso": now.isoformat(), "date": now.date().isoformat(),
            "time": now.strftime("%H:%M"),
            "thai": f"{format_thai_date(now.date())} เวลา {now.strftime('%H:%M')} น.",
            "moved": abs((now - real).total_seconds()) > 60}


def _area_name(session: Any, role: str, area: str) -> str:
    if role == "officer":
        district = session.get(District, area)
        return f"อำเภอ{district.name_th}" if district else area
    province = session.get(Province, area)
    return f"จังหวัด{province.name_th}" if province else area


def _member_scope(session: Any, member: Member) -> str:
    if member.role == "leader" and member.centre is not None:
        return member.centre.name_th
    if member.role == "officer" and member.district_code:
        return _area_name(session, "officer", member.district_code)
    if member.province_code:
        return _area_name(session, "admin", member.province_code)
    return ""
