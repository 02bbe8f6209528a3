"""Officers' and admins' commands over signed webhooks, checked against data the test made:
scope, months, the lists, the monthly file's link, join codes and announcements."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest
from sqlalchemy import select

from bot.config import Settings
from linefake.server import FakeLine
from models.divisions import Centre
from models.members import Member
from models.reports import Photo, Report
from models.session import Database
from tests.conftest import LiveBot, make_member, message_text, quick_replies, running_bot
from tests.conversation.conftest import Talker
from thaitext import BANGKOK, thai_date

THA_BO = "4302"  # 10 centres


def this_month() -> date:
    return thai_date(datetime.now(BANGKOK)).replace(day=1)


def centre_of(db: Database, subdistrict_code: str) -> Centre:
    with db.sessions() as session:
        return session.scalars(
            select(Centre).where(Centre.subdistrict_code == subdistrict_code)).one()


def leader_at(db: Database, subdistrict_code: str, name: str) -> Member:
    centre = centre_of(db, subdistrict_code)
    member = make_member(db, "leader", centre_id=centre.id, district_code=subdistrict_code[:4],
                         province_code=subdistrict_code[:2])
    with db.transaction() as session:
        session.get(Member, member.id).display_name = name  # type: ignore[union-attr]
    return member


def add_report(db: Database, member: Member, on: date, activity_type: str = "3.1", *,
               participants: int | None = 10, photos: int = 0, failed_photos: int = 0,
               sectors: tuple[str, ...] = ("รัฐ",)) -> int:
    with db.transaction() as session:
        report = Report(source_event_id=f"test-{member.id}-{on}-{activity_type}-{photos}",
                        centre_id=member.centre_id, member_id=member.id,
                        chat_key=f"user:{member.line_user_id}", text="ประชุมคณะกรรมการศูนย์ฯ",
                        activity_type=activity_type, sectors=list(sectors),
                        participants=participants, activity_date=on, status="active",
                        evidence=[])
        session.add(report)
        session.flush()
        for n in range(photos + failed_photos):
            session.add(Photo(line_message_id=f"p-{report.id}-{n}", member_id=member.id,
                              report_id=report.id,
                              status="stored" if n < photos else "failed"))
        return report.id


def talk(bot: LiveBot, member: Member) -> Talker:
    return Talker(bot, member.line_user_id)


def ask(talker: Talker, text: str, seen: int) -> list[dict[str, Any]]:
    """Say `text`; the answers that came after the `seen` earlier ones."""
    talker.say(text)
    return talker.answers(seen + 1)[seen:]


@pytest.fixture
def tha_bo(db: Database) -> dict[str, Member]:
    """Two leaders at บ้านเดื่อ (ท่าบ่อ), which reported this month; one leader at another
    ท่าบ่อ centre that did not; one Mueang centre that did not."""
    return {
        "reporting": leader_at(db, "430205", "สมศรี ใจดี"),
        "quiet": leader_at(db, "430201", "บุญมา ขยัน"),
        "mueang": leader_at(db, "430109", "ประยุทธ อยู่เมือง"),
    }


def test_officer_sees_exactly_the_nine_of_tha_bo_that_have_not_reported(
        bot: LiveBot, db: Database, tha_bo: dict[str, Member]) -> None:
    add_report(db, tha_bo["reporting"], this_month(), photos=2, failed_photos=1)
    officer = make_member(db, "officer", district_code=THA_BO, province_code="43")
    talker = talk(bot, officer)
    [answer] = ask(talker, "ยังไม่ส่ง", 0)
    shown = message_text(answer)
    assert "9 จาก 10 ศูนย์" in shown
    assert shown.count("• ") == 9
    assert "ตำบลบ้านเดื่อ" not in shown  # it reported
    assert "บุญมา ขยัน" in shown and "ยังไม่มีผู้นำลงทะเบียน" in shown
    assert "ประยุทธ" not in shown and "เมืองหนองคาย" not in shown  # another district

    [status] = ask(talker, "/สถานะ", 1)
    assert status["type"] == "flex"
    assert "ส่งแล้ว 1/10 ศูนย์" in status["message"]["altText"]
    shown = message_text(status)
    assert "ส่งรายงานแล้ว 1/10 ศูนย์ (10%)" in shown
    assert "รูปที่บันทึกไม่ได้ 1 รูป" in shown  # an officer sees failed photos to ask again
    assert "บ้านเดื่อ" in shown and "หนองกอมเกาะ" not in shown  # centres of ท่าบ่อ only
    labels = [action["label"] for action in quick_replies(status)]
    assert "ยังไม่ส่ง" in labels


def test_admin_status_covers_every_district(bot: LiveBot, db: Database,
                                            tha_bo: dict[str, Member]) -> None:
    add_report(db, tha_bo["reporting"], this_month())
    add_report(db, tha_bo["mueang"], this_month(), "3.3")
    admin = make_member(db, "admin", province_code="43")
    [status] = ask(talk(bot, admin), "สถานะ", 0)
    shown = message_text(status)
    for district in ("เมืองหนองคาย", "ท่าบ่อ", "โพนพิสัย", "ศรีเชียงใหม่", "สังคม", "สระใคร",
                     "เฝ้าไร่", "รัตนวาปี", "โพธิ์ตาก"):
        assert district in shown
    assert "ส่งรายงานแล้ว 2/62 ศูนย์" in shown
    assert "3.1: 1 · 3.2: 0 · 3.3: 1" in status["message"]["altText"]


def test_a_month_argument_in_any_form(bot: LiveBot, db: Database,
                                      tha_bo: dict[str, Member]) -> None:
    add_report(db, tha_bo["reporting"], date(2024, 10, 5))
    add_report(db, tha_bo["reporting"], date(2024, 10, 20), "3.2")
    officer = make_member(db, "officer", district_code=THA_BO, province_code="43")
    talker = talk(bot, officer)
    seen = 0
    for text in ("สถานะ ต.ค. 67", "#สถานะ 10/2567", "สถานะ ๒๕๖๗-๑๐", "สถานะ ตุลาคม 2567"):
        [answer] = ask(talker, text, seen)
        seen += 1
        assert "ตุลาคม 2567" in message_text(answer), text
        assert "รายงาน 2 เรื่อง" in message_text(answer), text
    [answer] = ask(talker, "สถานะ กุมภาพันธ์ 30", seen)
    assert "กุมภาพันธ์ 2530" in message_text(answer)  # a real month, if an odd one
    [answer] = ask(talker, "สถานะ 13/2567", seen + 1)
    assert "ไม่เข้าใจเดือน" in message_text(answer)


def test_a_leader_gets_no_staff_data(bot: LiveBot, db: Database,
                                     tha_bo: dict[str, Member]) -> None:
    add_report(db, tha_bo["reporting"], this_month())
    talker = talk(bot, tha_bo["quiet"])
    for n, text in enumerate(("สถานะ", "ยังไม่ส่ง", "สรุปเดือนนี้", "ส่งออก", "รหัส บ้านเดื่อ")):
        [answer] = ask(talker, text, n)
        shown = message_text(answer)
        assert "ใช้ได้เฉพาะพัฒนากร" in shown, text
        assert "บ้านเดื่อ" not in shown.replace("รหัส บ้านเดื่อ", "")
    with db.sessions() as session:  # none of it was taken for a report
        assert session.scalar(select(Report).where(Report.member_id == tha_bo["quiet"].id)) \
            is None


def test_summary_and_ranking(bot: LiveBot, db: Database, tha_bo: dict[str, Member]) -> None:
    month = this_month()
    add_report(db, tha_bo["reporting"], month, "3.1", participants=30, photos=4,
               sectors=("รัฐ", "ศาสนา"))
    add_report(db, tha_bo["reporting"], month, "3.3", participants=80, photos=1,
               sectors=("ศาสนา",))
    add_report(db, tha_bo["quiet"], month, "3.1", participants=5)
    officer = make_member(db, "officer", district_code=THA_BO, province_code="43")
    talker = talk(bot, officer)
    answers = ask(talker, "สรุปเดือนนี้", 0)
    shown = "\n".join(message_text(a) for a in answers)
    assert "รายงาน 3 เรื่อง จาก 2/10 ศูนย์" in answers[0]["message"]["altText"]
    assert "ผู้เข้าร่วม 115 คน" in answers[0]["message"]["altText"]
    assert "ผลงานเด่น" in shown and "ศาสนา" in shown
    [ranking] = ask(talker, "อันดับ", 1)
    lines = message_text(ranking).split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("🥇"))
    assert "บ้านเดื่อ" in lines[first] and "2 เรื่อง · 2 ประเภท · 110 คน" in lines[first + 1]


@pytest.fixture
def exporting_bot(settings: Settings, db: Database, fake_line: FakeLine) -> Iterator[LiveBot]:
    """The bot with a public address: the links it makes are rewritten to the real port."""
    with running_bot(replace(settings, public_url="https://cddbot.example.org"), db,
                     fake_line) as live:
        yield live


def fetch(bot: LiveBot, link: str) -> tuple[int, bytes]:
    parts = urlsplit(link)
    try:
        with urllib.request.urlopen(f"{bot.url}{parts.path}?{parts.query}", timeout=20) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_export_link_gives_the_file_and_a_tampered_one_403(
        exporting_bot: LiveBot, db: Database, tha_bo: dict[str, Member]) -> None:
    bot = exporting_bot
    month = this_month()
    add_report(db, tha_bo["reporting"], month, "3.1")
    add_report(db, tha_bo["quiet"], month, "3.2")
    add_report(db, tha_bo["mueang"], month, "3.3")
    admin = make_member(db, "admin", province_code="43")
    [answer] = ask(talk(bot, admin), "ส่งออก", 0)
    shown = message_text(answer)
    link = next(word for word in shown.split() if word.startswith("https://"))
    assert link.startswith("https://cddbot.example.org/exports/monthly.xlsx?")
    assert "ใช้ได้ถึง" in shown
    status, body = fetch(bot, link)
    assert status == 200
    book = openpyxl.load_workbook(io.BytesIO(body))
    cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row
             if c is not None]
    assert "จังหวัดหนองคาย" in " ".join(cells)
    report_rows = sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                      if "ประชุมคณะกรรมการศูนย์ฯ" in [str(c) for c in row])
    assert report_rows == 3
    tampered = link.replace("code=43", "code=44")
    assert fetch(bot, tampered)[0] == 403


def test_join_codes_ambiguous_names_and_rotation(bot: LiveBot, db: Database) -> None:
    admin = make_member(db, "admin", province_code="43")
    talker = talk(bot, admin)
    [which] = ask(talker, "รหัส บ้านเดื่อ", 0)  # 430109 (เมือง) and 430205 (ท่าบ่อ)
    actions = quick_replies(which)
    assert {a["text"] for a in actions} == {"รหัส 430109", "รหัส 430205"}
    [code] = ask(talker, "รหัส 430205", 1)
    old = centre_of(db, "430205").join_code
    assert old in message_text(code)

    [confirm] = ask(talker, "รหัสใหม่ 430205", 2)
    assert "ยืนยันเปลี่ยนรหัส" in message_text(confirm)
    assert centre_of(db, "430205").join_code == old  # nothing changes before the confirm
    [done] = ask(talker, "ยืนยันเปลี่ยนรหัส", 3)
    new = centre_of(db, "430205").join_code
    assert new != old and new in message_text(done)

    newcomer = Talker(bot, "U" + "1" * 32)
    [refused] = ask(newcomer, f"ลงทะเบียน {old}", 0)
    assert "ไม่พบรหัส" in message_text(refused)

    officer = make_member(db, "officer", district_code="4301", province_code="43")
    [outside] = ask(talk(bot, officer), "รหัส 430205", 0)  # ท่าบ่อ is not his district
    assert "ไม่พบตำบล" in message_text(outside) and new not in message_text(outside)


def test_announcement_after_a_confirm_reaches_the_leaders_in_scope(
        bot: LiveBot, db: Database, tha_bo: dict[str, Member]) -> None:
    officer = make_member(db, "officer", district_code=THA_BO, province_code="43")
    talker = talk(bot, officer)
    [confirm] = ask(talker, "ประกาศ ขอเชิญประชุมผู้นำ 5 ธ.ค. ที่อำเภอ", 0)
    shown = message_text(confirm)
    assert "ถึง: 2 คน" in shown and "โควตาข้อความ LINE: 2 ข้อความ" in shown
    assert not bot.fake.sent_messages(tha_bo["quiet"].line_user_id)
    [sent] = ask(talker, "ยืนยันประกาศ", 1)
    assert "ส่งประกาศถึง 2 คนแล้ว" in message_text(sent)
    for who in ("reporting", "quiet"):
        [got] = bot.fake.wait_for_messages(1, to=tha_bo[who].line_user_id)
        assert "ขอเชิญประชุมผู้นำ 5 ธ.ค." in message_text(got)
    assert not bot.fake.sent_messages(tha_bo["mueang"].line_user_id)  # another district
    [again] = ask(talker, "ยืนยันประกาศ", 2)  # the confirm is used up
    assert "ไม่มีคำสั่งที่รอยืนยัน" in message_text(again)


def test_staff_help_lists_the_commands(bot: LiveBot, db: Database) -> None:
    officer = make_member(db, "officer", district_code=THA_BO, province_code="43")
    [help_text] = ask(talk(bot, officer), "วิธีใช้", 0)
    for word in ("สถานะ", "ยังไม่ส่ง", "สรุป", "อันดับ", "ส่งออก", "รหัส", "ประกาศ"):
        assert f"“{word}" in message_text(help_text)
