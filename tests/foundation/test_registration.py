"""Following and registering, end to end: signed webhook -> inbox -> worker -> outbox -> LINE."""

from __future__ import annotations

from sqlalchemy import select

from handlers.texts import PDPA_NOTICE_VERSION
from linefake.webhook import follow_event, text_event
from models.divisions import Centre
from models.members import InviteCode, Member
from models.seed import create_invite
from tests.conftest import LiveBot, new_user_id, quick_replies


def members(bot: LiveBot) -> list[Member]:
    with bot.db.sessions() as session:
        return list(session.scalars(select(Member).order_by(Member.id)))


def say(bot: LiveBot, user: str, text: str) -> str:
    """Send one text, wait for the bot's one answer to this user, return its text."""
    before = len(bot.fake.sent_messages(to=user))
    assert bot.send(text_event(user, text, bot.token(user))) == 200
    sent = bot.fake.wait_for_messages(before + 1, to=user)
    return sent[-1]["text"]


def test_follow_gets_a_thai_welcome_with_the_pdpa_notice(bot: LiveBot) -> None:
    user = new_user_id()
    assert bot.send(follow_event(user, bot.token(user))) == 200
    [welcome] = bot.fake.wait_for_messages(1, to=user)
    assert welcome["kind"] == "reply"
    assert "ลงทะเบียน" in welcome["text"] and "PDPA" in welcome["text"]
    assert "ลบข้อมูลของฉัน" in welcome["text"]
    assert [a["text"] for a in quick_replies(welcome)] == ["ยอมรับ", "ไม่ยอมรับ"]
    assert members(bot) == []


def test_leader_registers_with_the_centre_join_code(bot: LiveBot, centre: Centre) -> None:
    user = new_user_id()
    bot.fake.set_profile(user, "สมศรี ใจดี")
    # The code is good: the notice comes first, and nothing is registered before "ยอมรับ".
    notice = say(bot, user, f"ลงทะเบียน {centre.join_code.lower()}")
    assert "PDPA" in notice and "ตำบลบ้านเดื่อ อำเภอเมืองหนองคาย" in notice
    assert members(bot) == []
    answer = say(bot, user, "ยอมรับ")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in answer
    assert "สมศรี ใจดี" in answer and "ตำบลบ้านเดื่อ อำเภอเมืองหนองคาย" in answer
    [member] = members(bot)
    assert (member.role, member.centre_id, member.display_name) == ("leader", centre.id,
                                                                     "สมศรี ใจดี")
    assert member.consented_at is not None
    assert member.consent_version == PDPA_NOTICE_VERSION
    # Typed again, with a slash and spaces: already registered, still one member.
    again = say(bot, user, f"/ ลงทะเบียน   {centre.join_code}")
    assert "ไว้แล้ว" in again
    assert len(members(bot)) == 1


def test_wrong_code_gets_a_clear_answer(bot: LiveBot) -> None:
    user = new_user_id()
    assert "ไม่พบรหัส “ZZZZZZ”" in say(bot, user, "ลงทะเบียน ZZZZZZ")
    assert "ตามด้วยรหัส" in say(bot, user, "ลงทะเบียน")
    assert members(bot) == []


def test_invite_code_registers_an_officer_once(bot: LiveBot) -> None:
    with bot.db.transaction() as session:
        code = create_invite(session, "officer", "4302").code
    first, second = new_user_id(), new_user_id()
    assert "บันทึกการยินยอมแล้ว" in say(bot, first, "ยอมรับ")  # the welcome's notice
    answer = say(bot, first, f"ลงทะเบียน {code}")
    assert "พัฒนากร" in answer and "อำเภอท่าบ่อ จังหวัดหนองคาย" in answer
    assert "ถูกใช้ลงทะเบียนไปแล้ว" in say(bot, second, f"ลงทะเบียน {code}")
    [officer] = members(bot)
    assert (officer.role, officer.district_code, officer.line_user_id) == ("officer", "4302",
                                                                          first)
    with bot.db.sessions() as session:
        invite = session.scalars(select(InviteCode)).one()
    assert invite.used_by_member_id == officer.id


def test_admin_invite_registers_a_provincial_admin(bot: LiveBot) -> None:
    with bot.db.transaction() as session:
        code = create_invite(session, "admin", "43").code
    user = new_user_id()
    assert "ผู้ดูแลระดับจังหวัด" in say(bot, user, f"ลงทะเบียน {code}")  # the notice first
    assert "ผู้ดูแลระดับจังหวัด" in say(bot, user, "ยอมรับ")
    assert members(bot)[0].province_code == "43"


def test_unregistered_text_gets_the_hint_not_a_report(bot: LiveBot) -> None:
    answer = say(bot, new_user_id(), "วันนี้พาชาวบ้านปลูกผักสวนครัว 20 คน")
    assert "ยังไม่ได้ลงทะเบียน" in answer


def test_member_sees_and_deletes_personal_data(bot: LiveBot, centre: Centre) -> None:
    user = new_user_id()
    bot.fake.set_profile(user, "บุญมี")
    say(bot, user, f"ลงทะเบียน {centre.join_code}")
    say(bot, user, "ยอมรับ")
    mine = say(bot, user, "ข้อมูลของฉัน")
    assert "บุญมี" in mine and "ผู้นำจิตอาสา" in mine and "25" in mine  # BE year 25xx
    assert "ยืนยัน" in say(bot, user, "ลบข้อมูลของฉัน")
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว" in say(bot, user, "ยืนยันลบข้อมูล")
    [member] = members(bot)
    assert member.display_name is None and member.line_user_id != user
    assert member.status == "removed"
    assert "ยังไม่ได้ลงทะเบียน" in say(bot, user, "สวัสดีครับ")
