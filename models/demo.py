"""Demo data for training and showing the bot: made-up leaders, officers and an admin in Nong
Khai, and a month of reports written the way leaders write them.

Everything here is marked so that nobody can mistake it for real data, and so that
remove_demo() finds all of it: LINE user ids start with "Udemo", display names with
"ตัวอย่าง", report source_event_ids with "demo:". Seeding is idempotent (a second run adds
nothing) and refuses to mix demo people into a database that has real members."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from classifier import classify
from models.audit import AuditLog
from models.chats import Chat
from models.divisions import Centre
from models.members import InviteCode, Member
from models.reports import Photo, Report
from thaitext import BANGKOK, thai_date

DEMO_USER_PREFIX = "Udemo"
DEMO_NAME_PREFIX = "ตัวอย่าง "
DEMO_EVENT_PREFIX = "demo:"
PROVINCE = "43"


class DemoRefused(RuntimeError):
    """Demo data would be mixed with real members (pass force=True to do it anyway)."""


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    role: str
    area: str  # sub-district (leader), district (officer) or province (admin) code


PEOPLE = (
    DemoPerson("somsri", "สมศรี ใจดี", "leader", "430109"),      # บ้านเดื่อ อ.เมืองหนองคาย
    DemoPerson("boonmee", "บุญมี ศรีสุข", "leader", "430109"),
    DemoPerson("khampun", "คำปุ่น แก้วมณี", "leader", "430102"),  # มีชัย อ.เมืองหนองคาย
    DemoPerson("thongbai", "ทองใบ พรหมมา", "leader", "430201"),   # ท่าบ่อ อ.ท่าบ่อ
    DemoPerson("malai", "มาลัย สีหาบุตร", "leader", "430208"),    # นาข่า อ.ท่าบ่อ
    DemoPerson("prayoon", "ประยูร วงศ์ไชย", "leader", "430501"),  # จุมพล อ.โพนพิสัย
    DemoPerson("wanpen", "วันเพ็ญ มีชัย", "officer", "4301"),
    DemoPerson("kasem", "เกษม ทองดี", "officer", "4302"),
    DemoPerson("nonglak", "นงลักษณ์ ภูผาทอง", "admin", PROVINCE),
)

# (who, days before `now`, what they typed): a month of reports as leaders send them.
REPORTS = (
    ("somsri", 29, "ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน วางแผนกิจกรรมเดือนหน้า ผู้เข้าร่วม 12 คน"),
    ("khampun", 28, "อบรมอาชีพทำพรมเช็ดเท้าให้แม่บ้าน ร่วมกับ กศน. ผู้เข้าร่วม 25 คน"),
    ("thongbai", 27, "จิตอาสาพัฒนาทำความสะอาดวัดโพธิ์ชัย ร่วมกับพระสงฆ์และชาวบ้าน 40 คนค่ะ"),
    ("prayoon", 26, "ลงพื้นที่เยี่ยมผู้สูงอายุติดเตียง 3 ครัวเรือน มอบถุงยังชีพ ร่วมกับ อสม."),
    ("malai", 25, "ส่งเสริมปลูกผักสวนครัวรั้วกินได้ 15 ครัวเรือน แจกเมล็ดพันธุ์ผักบุ้ง ผักกาด"),
    ("boonmee", 24, "ช่วยชาวบ้านลงทะเบียนแอปทางรัฐ และตรวจสิทธิ์บัตรสวัสดิการ 18 คน"),
    ("somsri", 22, "ซ่อมแซมบ้านผู้ยากไร้ บ้านนางบัวผัน หมู่ 5 เปลี่ยนหลังคาสังกะสี ช่าง อบต. มาช่วย"),
    ("khampun", 21, "ประชุมเครือข่ายจิตอาสาตำบล แบ่งงานรับผิดชอบแต่ละหมู่บ้าน 20 คน"),
    ("thongbai", 20, "ออกกำลังกายแอโรบิกผู้สูงอายุ ตรวจวัดความดันร่วมกับ รพ.สต. 30 คน"),
    ("prayoon", 19, "ปลูกต้นไม้ริมถนนทางเข้าหมู่บ้าน 200 ต้น ร่วมกับโรงเรียนบ้านจุมพล"),
    ("malai", 17, "ถ่ายทอดความรู้การทำปุ๋ยหมักชีวภาพให้กลุ่มเกษตรกร ผู้เข้าร่วม 22 คน"),
    ("boonmee", 16, "จิตอาสาเก็บขยะริมหนองน้ำสาธารณะ ชาวบ้านมาช่วยกัน 35 คน"),
    ("somsri", 15, "อบรมการทำขนมไทยเพื่อสร้างรายได้เสริม กลุ่มแม่บ้าน 16 คน"),
    ("khampun", 13, "เยี่ยมบ้านเด็กกำพร้า มอบทุนการศึกษา 5 ทุน ร่วมกับบริษัทเอกชนในพื้นที่"),
    ("thongbai", 12, "ประชุมคณะกรรมการบริหารศูนย์ฯ สรุปผลงานและแลกเปลี่ยนเรียนรู้ 10 คน"),
    ("prayoon", 11, "รณรงค์ทำลายแหล่งเพาะพันธุ์ยุงลาย ป้องกันไข้เลือดออก ร่วมกับ อสม. 28 คน"),
    ("malai", 9, "พาสมาชิกกลุ่มทอผ้าไปออกร้านขายผ้าไหมที่ตลาดนัดอำเภอ"),
    ("boonmee", 8, "ตัดหญ้าถางป่าข้างทางถนนสายหลักหมู่บ้าน จิตอาสา 25 คน"),
    ("somsri", 7, "ช่วยผู้สูงอายุยื่นขอรับเบี้ยยังชีพ และลงทะเบียนรับสิทธิ์ 9 คน"),
    ("khampun", 5, "จิตอาสาทำความสะอาดศาลาวัดและบริเวณวัด ร่วมกับพระและโรงเรียน 45 คน"),
    ("thongbai", 4, "อบรมการแปรรูปกล้วยตากให้กลุ่มอาชีพ ร่วมกับพัฒนาชุมชนอำเภอ 18 คน"),
    ("prayoon", 3, "ประชุมวางแผนงานจิตอาสาวันสำคัญเดือนหน้า คณะกรรมการศูนย์ 11 คน"),
    ("malai", 2, "ปรับภูมิทัศน์หน้าศาลากลางบ้าน ปลูกดอกไม้ ชาวบ้าน 20 คน"),
    ("boonmee", 1, "เยี่ยมผู้ป่วยติดเตียงและผู้พิการในหมู่บ้าน มอบผ้าอ้อมผู้ใหญ่ 6 ราย"),
)


@dataclass(frozen=True)
class DemoSummary:
    leaders_added: int
    officers_added: int
    admins_added: int
    reports_added: int

    @property
    def added(self) -> int:
        return self.leaders_added + self.officers_added + self.admins_added + self.reports_added

    def describe(self) -> str:
        return (f"demo data: {self.leaders_added} leaders, {self.officers_added} officers, "
                f"{self.admins_added} admins and {self.reports_added} reports added")


def demo_user_id(key: str) -> str:
    """Stable, so a second run finds the same people: "Udemo" + 28 hex digits (33 chars,
    the length of a LINE user id)."""
    return DEMO_USER_PREFIX + hashlib.sha256(f"cddbot-demo:{key}".encode()).hexdigest()[:28]


def is_demo_member(line_user_id: str) -> bool:
    return line_user_id.startswith(DEMO_USER_PREFIX)


def real_members(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Member).where(
        Member.line_user_id.not_like(f"{DEMO_USER_PREFIX}%"))) or 0


def seed_demo(session: Session, now: datetime, force: bool = False) -> DemoSummary:
    """Add the demo people and their reports of the 30 days before `now` (idempotent)."""
    if now.tzinfo is None:
        raise ValueError("seed_demo needs a timezone-aware now")
    if not force and real_members(session):
        raise DemoRefused("the database already has real members: demo data would be mixed "
                          "into their reports (use force to add it anyway)")
    centres = {c.subdistrict_code: c for c in session.scalars(
        select(Centre).where(Centre.subdistrict_code.in_({p.area for p in PEOPLE})))}
    missing = {p.area for p in PEOPLE if p.role == "leader"} - set(centres)
    if missing:
        raise DemoRefused("Nong Khai's centres are not seeded yet: run `cddbot seed` with "
                          "BOT_PROVINCES including 43 first")
    joined = now - timedelta(days=35)
    members, added = _members(session, centres, joined)
    reports = _reports(session, members, now)
    return DemoSummary(added.get("leader", 0), added.get("officer", 0), added.get("admin", 0),
                       reports)


def _members(session: Session, centres: dict[str, Centre],
             joined: datetime) -> tuple[dict[str, Member], dict[str, int]]:
    ids = {demo_user_id(p.key): p for p in PEOPLE}
    existing = {m.line_user_id: m for m in session.scalars(
        select(Member).where(Member.line_user_id.in_(list(ids))))}
    members: dict[str, Member] = {}
    added: dict[str, int] = {}
    for user_id, person in ids.items():
        member = existing.get(user_id)
        if member is None:
            member = Member(line_user_id=user_id, display_name=DEMO_NAME_PREFIX + person.name,
                            role=person.role, status="active", consented_at=joined,
                            created_at=joined, province_code=PROVINCE)
            if person.role == "leader":
                centre = centres[person.area]
                member.centre_id = centre.id
                member.district_code = person.area[:4]
            elif person.role == "officer":
                member.district_code = person.area
            session.add(member)
            added[person.role] = added.get(person.role, 0) + 1
        members[person.key] = member
    session.flush()
    return members, added


def _reports(session: Session, members: dict[str, Member], now: datetime) -> int:
    wanted = {f"{DEMO_EVENT_PREFIX}{key}:{days}": (key, days, text)
              for key, days, text in REPORTS}
    have = set(session.scalars(
        select(Report.source_event_id).where(Report.source_event_id.in_(list(wanted)))))
    today = thai_date(now)
    added = 0
    for event_id, (key, days, text) in wanted.items():
        if event_id in have:
            continue
        member = members[key]
        assert member.centre_id is not None
        sent_on = today - timedelta(days=days)
        # Leaders send in the late afternoon, after the activity.
        sent_at = datetime.combine(sent_on, time(16, 30), tzinfo=BANGKOK).astimezone(UTC)
        result = classify(text, sent_on)
        session.add(Report(
            source_event_id=event_id, centre_id=member.centre_id, member_id=member.id,
            chat_key=f"user:{member.line_user_id}", text=text,
            activity_type=result.activity_type, dimension=result.dimension,
            national_day=result.national_day, sectors=list(result.sectors),
            participants=result.participants, activity_date=result.activity_date,
            confidence=result.confidence, evidence=list(result.evidence), created_at=sent_at))
        added += 1
    session.flush()
    return added


def remove_demo(session: Session) -> int:
    """Delete every demo member and report, and whatever points at them; returns how many
    members and reports went."""
    demo_ids = list(session.scalars(
        select(Member.id).where(Member.line_user_id.like(f"{DEMO_USER_PREFIX}%"))))
    demo_reports = select(Report.id).where(or_(
        Report.source_event_id.like(f"{DEMO_EVENT_PREFIX}%"), Report.member_id.in_(demo_ids)))
    report_ids = list(session.scalars(demo_reports))
    session.execute(delete(Photo).where(or_(Photo.report_id.in_(report_ids),
                                            Photo.member_id.in_(demo_ids))))
    session.execute(update(Report).where(Report.type_confirmed_by.in_(demo_ids))
                    .values(type_confirmed_by=None))
    session.execute(delete(Report).where(Report.id.in_(report_ids)))
    session.execute(update(InviteCode).where(InviteCode.used_by_member_id.in_(demo_ids))
                    .values(used_by_member_id=None))
    session.execute(delete(AuditLog).where(AuditLog.actor_member_id.in_(demo_ids)))
    session.execute(delete(Chat).where(Chat.key.like(f"user:{DEMO_USER_PREFIX}%")))
    session.execute(delete(Member).where(Member.id.in_(demo_ids)))
    session.flush()
    return len(demo_ids) + len(report_ids)
