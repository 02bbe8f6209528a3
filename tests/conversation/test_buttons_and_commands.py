"""Quick replies, signed postbacks, leaders' commands and group chats."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import select

from linefake.webhook import join_event, text_event
from models.audit import AuditLog
from models.divisions import Centre
from models.members import Member
from tests.conftest import LiveBot, make_member, message_text, new_user_id, quick_replies
from tests.conversation.conftest import Talker, stored_photos, stored_reports
from thaitext import BANGKOK

REPORT = "ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน วางแผนงาน ผู้เข้าร่วม 15 คน"


def button(sent: dict, label_part: str) -> str:
    for action in quick_replies(sent):
        if label_part in action["label"]:
            return str(action["data"])
    raise AssertionError(f"no button {label_part!r} in {quick_replies(sent)}")


def test_correct_the_type_with_a_quick_reply(talker: Talker, bot: LiveBot,
                                             leader: Member) -> None:
    talker.say(REPORT)
    [receipt] = talker.answers(1)
    labels = [a["label"] for a in quick_replies(receipt)]
    assert labels[-1] == "ยกเลิกรายงาน" and any(label.startswith("3.2") for label in labels)
    assert all(len(label) <= 20 for label in labels) and "3.2 พัฒนาและบริการ" in labels
    talker.press(button(receipt, "3.2"))
    updated = talker.answers(2)[1]
    assert "เปลี่ยนเป็นประเภท 3.2" in message_text(updated) and updated["type"] == "flex"
    [report] = stored_reports(bot)
    assert report.activity_type == "3.2" and report.type_confirmed_by == leader.id
    with bot.db.sessions() as session:
        label = session.scalars(select(AuditLog).where(
            AuditLog.action == "report.label_type")).one()
    assert label.detail == {**label.detail, "from": "3.1", "to": "3.2", "report": report.id}


def test_forged_postbacks_change_nothing(talker: Talker, bot: LiveBot, centre: Centre) -> None:
    talker.say(REPORT)
    [receipt] = talker.answers(1)
    data = button(receipt, "3.3")
    fields = dict(parse_qsl(data))
    forged = dict(fields, v="3.2")  # same signature, other value
    signature = forged.pop("s")
    talker.press(urlencode(forged) + "&s=" + signature)
    talker.press("a=type&r=1&m=1&v=3.2")  # no signature at all
    assert "ใช้กับรายงานนี้ไม่ได้" in message_text(talker.answers(3)[2])
    # Another leader replays a genuine button of someone else's report.
    other = make_member(bot.db, "leader", centre_id=centre.id)
    intruder = Talker(bot, other.line_user_id)
    intruder.press(data)
    assert "ใช้กับรายงานนี้ไม่ได้" in message_text(intruder.answers(1)[0])
    [report] = stored_reports(bot)
    assert report.activity_type == "3.1" and report.type_confirmed_by is None


def test_cancel_with_a_confirm_step(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.answers(1)
    talker.say("/ยกเลิก")
    confirm = talker.answers(2)[1]
    assert "ต้องการยกเลิกรายงานเลขที่" in message_text(confirm)
    talker.press(button(confirm, "ไม่ยกเลิก"))
    assert "ยังอยู่เหมือนเดิม" in message_text(talker.answers(3)[2])
    assert stored_reports(bot)[0].status == "active"
    talker.press(button(confirm, "ยืนยันยกเลิก"))
    assert "ยกเลิกรายงานเลขที่" in message_text(talker.answers(4)[3])
    assert stored_reports(bot)[0].status == "cancelled"
    talker.press(button(confirm, "ยืนยันยกเลิก"))
    assert "ถูกยกเลิกไปแล้ว" in message_text(talker.answers(5)[4])


def test_edit_the_last_report(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.answers(1)
    talker.say("แก้ไข")
    assert "พิมพ์ข้อความใหม่ของรายงานเลขที่" in message_text(talker.answers(2)[1])
    talker.say("พาชาวบ้านปลูกผักสวนครัว สร้างรายได้ ผู้เข้าร่วม 25 คน")
    updated = talker.answers(3)[2]
    [report] = stored_reports(bot)
    assert report.text.startswith("พาชาวบ้านปลูกผัก") and report.participants == 25
    assert report.activity_type == "3.2" and "แก้ไขข้อความรายงานแล้ว" in message_text(updated)


def test_an_edit_before_dawn_keeps_the_thai_date(talker: Talker, bot: LiveBot) -> None:
    """At 05:00 in Thailand it is still yesterday in UTC: the edited report's "today" is the
    Thai day it was sent."""
    assert bot.background is not None
    # Ahead of the real time: the webhook stamps events with it, and the worker's clock must
    # not be behind them.
    dawn = (datetime.now(BANGKOK) + timedelta(days=1)).replace(hour=5, minute=0)
    bot.background.services.clock.jump_to(dawn)
    stamp = int(dawn.timestamp() * 1000)
    for n, text in enumerate((REPORT, "แก้ไข", "วันนี้พาชาวบ้านปลูกผักสวนครัว ผู้เข้าร่วม 25 คน")):
        event = text_event(talker.user_id, text, bot.token(talker.chat), timestamp_ms=stamp)
        assert bot.send(event) == 200
        talker.answers(n + 1)
    [report] = stored_reports(bot)
    assert report.participants == 25
    assert report.activity_date == dawn.date()
    assert report.created_at.date() < dawn.date()  # the UTC date: the wrong one


def test_help_and_my_reports(talker: Talker, bot: LiveBot) -> None:
    talker.say("# ช่วยเหลือ")
    assert "รายงานของฉัน" in message_text(talker.answers(1)[0])
    talker.say("รายงานของฉัน")
    assert "ยังไม่มีรายงาน" in message_text(talker.answers(2)[1])
    talker.say(REPORT)
    talker.say("พาชาวบ้านปลูกผักสวนครัว สร้างรายได้ ผู้เข้าร่วม 25 คน")
    talker.answers(4)
    talker.say("รายงานของฉัน")
    listing = message_text(talker.answers(5)[4])
    first, second = (r.id for r in stored_reports(bot))
    assert "2 รายการ" in listing and listing.index(f"#{second}") < listing.index(f"#{first}")


def test_chatter_can_still_be_saved_as_a_report(talker: Talker, bot: LiveBot) -> None:
    talker.say("ขอบคุณทุกท่านมากครับ")
    answer = talker.answers(1)[0]
    assert stored_reports(bot) == []
    talker.press(button(answer, "บันทึกเป็นรายงาน"))
    card = talker.answers(2)[1]
    [report] = stored_reports(bot)
    assert "ยังไม่แน่ใจ" in message_text(card)
    assert report.text == "ขอบคุณทุกท่านมากครับ"


def test_group_reports_from_leaders_and_silence_for_strangers(bot: LiveBot,
                                                               leader: Member) -> None:
    group = "C" + "3" * 32
    assert bot.send(join_event(group, bot.token(group))) == 200
    [greeting] = bot.fake.wait_for_messages(1, to=group)
    assert "สวัสดีครับทุกท่าน" in message_text(greeting)
    stranger = Talker(bot, new_user_id(), group)
    stranger.say("สวัสดีครับ")
    stranger.say("ลงทะเบียน ABCDEF")
    member = Talker(bot, leader.line_user_id, group)
    member.say(REPORT)
    member.photos(2)
    answers = member.answers(4)
    assert "แชตส่วนตัว" in message_text(answers[1])
    assert "ได้รับรายงานแล้ว" in message_text(answers[2])
    assert "แนบรูป 2 รูป" in message_text(answers[3])
    stranger.photos(1)
    member.say("รายงานของฉัน")
    assert "แชตส่วนตัว" in message_text(member.answers(5)[4])
    [report] = stored_reports(bot)
    assert report.chat_key == f"group:{group}"
    assert len(stored_photos(bot)) == 2
    assert len(bot.fake.sent_messages(to=group)) == 5


def test_a_sticker_gets_a_friendly_answer_and_stores_nothing(talker: Talker, bot: LiveBot) -> None:
    from linefake.webhook import sticker_event

    event = sticker_event(talker.user_id, "446", "1988", bot.token(talker.chat))
    assert bot.send(event) == 200
    assert "สติกเกอร์" in message_text(talker.answers(1)[0])
    assert stored_reports(bot) == []


def test_odd_input_harms_nothing(talker: Talker, bot: LiveBot, centre: Centre) -> None:
    """Unknown event types, a 10,000-character paste, Thai digits in a join code."""
    from linefake.webhook import new_event_id

    odd = {"type": "beacon", "mode": "active", "timestamp": 1, "webhookEventId": new_event_id(),
           "deliveryContext": {"isRedelivery": False},
           "source": {"type": "user", "userId": talker.user_id},
           "beacon": {"hwid": "d41d8cd98f", "type": "enter"}}
    assert bot.send(odd) == 200
    talker.say("ประชุมคณะกรรมการศูนย์ " + "ก" * 10_000)
    receipt = talker.answers(1)[0]
    [report] = stored_reports(bot)
    assert len(report.text) == 5000 and "ได้รับรายงานแล้ว" in message_text(receipt)
    with bot.db.transaction() as session:
        session.get(Centre, centre.id).join_code = "K7PM3Q"  # type: ignore[union-attr]
    newcomer = Talker(bot, new_user_id())
    newcomer.say("ลงทะเบียน k๗pm๓q")
    assert "ตำบลบ้านเดื่อ" in message_text(newcomer.answers(1)[0])  # the code read; the notice
    newcomer.say("ยอมรับ")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in message_text(newcomer.answers(2)[1])
    with bot.db.sessions() as session:
        assert session.scalar(select(Member).where(
            Member.line_user_id == newcomer.user_id)) is not None
