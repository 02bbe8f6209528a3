"""A leader's text becomes one report of their centre and gets a Thai receipt."""

from __future__ import annotations

import json

from sqlalchemy import select

from linefake.webhook import text_event
from models.members import Member
from models.reports import Report
from tests.conftest import LiveBot, eventually, message_text, new_user_id, outbox_rows


def reports(bot: LiveBot) -> list[Report]:
    with bot.db.sessions() as session:
        return list(session.scalars(select(Report).order_by(Report.id)))


def test_report_is_stored_and_receipted_by_reply(bot: LiveBot, leader: Member) -> None:
    user = leader.line_user_id
    event = text_event(user, "ประชุมคณะกรรมการศูนย์ฯ วางแผนงานเดือนหน้า ผู้เข้าร่วม 12 คน",
                       bot.token(user))
    assert bot.send(event) == 200
    [receipt] = bot.fake.wait_for_messages(1, to=user)
    [report] = reports(bot)
    assert receipt["kind"] == "reply"
    assert f"เลขที่ {report.id}" in message_text(receipt)
    assert "ศูนย์ผู้นำจิตอาสาพัฒนาชุมชนตำบลบ้านเดื่อ" in message_text(receipt)
    assert "พ.ศ." not in message_text(receipt) and "25" in message_text(receipt)
    assert report.text.startswith("ประชุมคณะกรรมการ") and report.member_id == leader.id
    assert report.source_event_id == event["webhookEventId"]


def test_redelivered_report_is_stored_once(bot: LiveBot, leader: Member) -> None:
    user = leader.line_user_id
    event = text_event(user, "พาชาวบ้านทำความสะอาดถนนในหมู่บ้าน เก็บขยะ 20 คน", bot.token(user))
    again = json.loads(json.dumps(event))
    again["deliveryContext"]["isRedelivery"] = True
    assert bot.send(event) == 200
    bot.fake.wait_for_messages(1, to=user)
    assert bot.send(again) == 200
    assert bot.send(text_event(user, "ประชุมคณะกรรมการศูนย์ประจำเดือน 9 คน", bot.token(user))) == 200
    bot.fake.wait_for_messages(2, to=user)
    assert len(reports(bot)) == 2


def test_expired_token_receipt_falls_back_to_a_push(bot: LiveBot, leader: Member) -> None:
    user = leader.line_user_id
    token = bot.token(user)
    bot.fake.expire_reply_token(token)
    assert bot.send(text_event(user, "ปลูกต้นไม้ริมถนน 30 คน", token)) == 200
    [receipt] = bot.fake.wait_for_messages(1, to=user)
    assert receipt["kind"] == "push" and "ได้รับรายงานแล้ว" in message_text(receipt)
    [row] = eventually(lambda: [r for r in outbox_rows(bot.db) if r.status == "done"])
    assert row.kind == "push"


def test_expired_token_chatter_is_not_pushed(bot: LiveBot) -> None:
    user = new_user_id()
    token = bot.token(user)
    bot.fake.expire_reply_token(token)
    assert bot.send(text_event(user, "สวัสดีครับ", token)) == 200
    bot.fake.wait_for(lambda: bot.fake.calls("/v2/bot/message/reply"))
    [row] = eventually(lambda: [r for r in outbox_rows(bot.db) if r.status == "failed"])
    assert "reply token" in (row.last_error or "")
    assert bot.fake.sent_messages(to=user) == []


def test_group_chatter_from_strangers_gets_no_answer(bot: LiveBot, leader: Member) -> None:
    group = "C" + "2" * 32
    stranger = new_user_id()
    events = [
        text_event(stranger, "สวัสดีทุกคน", bot.token(group), group_id=group),
        text_event(leader.line_user_id, "ทำความสะอาดวัดร่วมกับชาวบ้าน", bot.token(group),
                   group_id=group),
    ]
    assert bot.send(*events) == 200
    [receipt] = bot.fake.wait_for_messages(1, to=group)
    assert "ได้รับรายงานแล้ว" in message_text(receipt)
    assert len(reports(bot)) == 1


def test_report_is_classified_and_the_receipt_says_so(bot: LiveBot, leader: Member) -> None:
    user = leader.line_user_id
    text = ("๕ ธ.ค. ๖๘ จิตอาสาพัฒนาชุมชนร่วมกับ อบต. และโรงเรียนบ้านเดื่อ "
            "ทำความสะอาดวัดโพธิ์ชัย เฉลิมพระเกียรติ ผู้เข้าร่วม ๔๕ คน 🇹🇭")
    assert bot.send(text_event(user, text, bot.token(user))) == 200
    [receipt] = bot.fake.wait_for_messages(1, to=user)
    [report] = reports(bot)
    assert (report.activity_type, report.participants) == ("3.3", 45)
    assert report.activity_date.isoformat() == "2025-12-05"
    assert set(report.sectors) >= {"รัฐ", "สถาบันการศึกษา"}
    assert report.evidence and 0 < report.confidence <= 1
    body = message_text(receipt)
    assert "3.3 กิจกรรมจิตอาสาในวันสำคัญของชาติ" in body and receipt["type"] == "flex"
    assert "5 ธันวาคม 2568" in body and "45 คน" in body and "รัฐ" in body


def test_greeting_from_a_leader_is_not_stored_as_a_report(bot: LiveBot, leader: Member) -> None:
    user = leader.line_user_id
    assert bot.send(text_event(user, "สวัสดีตอนเช้าครับทุกท่าน 🙏", bot.token(user))) == 200
    [answer] = bot.fake.wait_for_messages(1, to=user)
    assert "ไม่ได้ถูกบันทึกเป็นรายงาน" in message_text(answer)
    assert reports(bot) == []
