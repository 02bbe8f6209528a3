"""Consent (issue 14, point 1), over signed webhooks: registering records the notice's version
and time; declining registers nobody and keeps nothing; a new notice asks members again at
their next message, which is handled once they accept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.texts import PDPA_NOTICE_VERSION
from linefake.webhook import follow_event
from models.audit import AuditLog
from models.base import utcnow
from models.chats import Chat
from models.divisions import Centre
from models.members import Member
from models.reports import Photo
from tests.conftest import (
    LiveBot,
    all_handled,
    eventually,
    message_text,
    new_user_id,
    quick_replies,
)
from tests.conversation.conftest import Talker, stored_reports
from tests.privacy.traces import files_under, personal_data_left

REPORT = "ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน วางแผนงานจิตอาสา ผู้เข้าร่วม 15 คน"
BUTTONS = ["ยอมรับ", "ไม่ยอมรับ"]


def members(bot: LiveBot) -> list[Member]:
    with bot.db.sessions() as session:
        return list(session.scalars(select(Member).order_by(Member.id)))


def texts_of_buttons(sent: dict) -> list[str]:
    return [action["text"] for action in quick_replies(sent)]


def test_declining_the_notice_registers_nobody_and_keeps_nothing(bot: LiveBot,
                                                                 centre: Centre) -> None:
    user = new_user_id()
    name = "ทองใบ ไม่ยินยอม"
    bot.fake.set_profile(user, name)
    person = Talker(bot, user)
    assert bot.send(follow_event(user, bot.token(user))) == 200
    [welcome] = person.answers(1)
    assert "PDPA" in message_text(welcome) and texts_of_buttons(welcome) == BUTTONS

    person.say(f"ลงทะเบียน {centre.join_code}")
    notice = person.answers(2)[1]
    assert "ตำบลบ้านเดื่อ" in message_text(notice) and name in message_text(notice)
    assert texts_of_buttons(notice) == BUTTONS
    with bot.db.sessions() as session:  # the registration waits in the chat, nothing more
        chat = session.get(Chat, f"user:{user}")
        assert chat is not None and chat.state and f"held:{user}" in chat.state
    assert members(bot) == []

    person.say("ไม่ยอมรับ")
    declined = message_text(person.answers(3)[2])
    assert "บอทไม่ได้ลงทะเบียนคุณ" in declined and "ไม่เก็บข้อมูลของคุณ" in declined
    eventually(lambda: all_handled(bot.db))
    assert members(bot) == []
    with bot.db.sessions() as session:
        assert session.get(Chat, f"user:{user}") is None
    assert personal_data_left(bot.db, user, name) == []


def test_registering_records_the_version_and_time_of_the_notice_accepted(
        bot: LiveBot, centre: Centre) -> None:
    user = new_user_id()
    person = Talker(bot, user)
    assert bot.send(follow_event(user, bot.token(user))) == 200
    person.answers(1)
    before = utcnow()
    person.say("ยอมรับ")  # the welcome's button: before any code
    assert "บันทึกการยินยอมแล้ว" in message_text(person.answers(2)[1])
    accepted = utcnow()
    person.say(f"ลงทะเบียน {centre.join_code}")  # accepted already: registered at once
    assert "ลงทะเบียนเรียบร้อยแล้ว" in message_text(person.answers(3)[2])
    [member] = members(bot)
    assert member.consent_version == PDPA_NOTICE_VERSION
    assert member.consented_at is not None
    assert before - timedelta(seconds=1) <= member.consented_at <= accepted  # when accepted
    with bot.db.sessions() as session:  # the acceptance went with the registration
        chat = session.get(Chat, f"user:{user}")
        assert chat is not None and not (chat.state or {}).get(f"consent:{user}")


def test_a_new_notice_asks_again_and_the_waiting_message_is_handled_after_accepting(
        bot: LiveBot, leader: Member) -> None:
    with bot.db.transaction() as session:
        session.get(Member, leader.id).consent_version = "1"  # type: ignore[union-attr]
    talker = Talker(bot, leader.line_user_id)
    talker.say(REPORT)
    asked = talker.answers(1)[0]
    assert "ฉบับปรับปรุง" in message_text(asked) and texts_of_buttons(asked) == BUTTONS
    assert "ทำตามข้อความที่คุณเพิ่งส่งมาต่อทันที" in message_text(asked)
    assert stored_reports(bot) == []

    talker.say("ข้อมูลของฉัน")  # seeing one's own data never waits for the notice
    mine = message_text(talker.answers(2)[1])
    assert "ข้อมูลของคุณที่บอทเก็บไว้" in mine and "ประกาศฉบับก่อน" in mine

    talker.say("ยอมรับ")
    receipt = talker.answers(3)[2]
    assert "ได้รับรายงานแล้ว" in message_text(receipt)
    [report] = stored_reports(bot)
    assert report.text == REPORT
    with bot.db.sessions() as session:
        member = session.get(Member, leader.id)
        assert member is not None and member.consent_version == PDPA_NOTICE_VERSION
        assert session.scalars(select(AuditLog.action).where(
            AuditLog.actor_member_id == leader.id)).all() == ["member.consent"]
    talker.say(REPORT + " ครั้งที่สอง")  # accepted: no more questions
    assert "ได้รับรายงานแล้ว" in message_text(talker.answers(4)[3])


def test_a_photo_sent_before_accepting_is_not_kept_and_declining_asks_to_delete(
        bot: LiveBot, leader: Member) -> None:
    with bot.db.transaction() as session:
        session.get(Member, leader.id).consent_version = "1"  # type: ignore[union-attr]
    talker = Talker(bot, leader.line_user_id)
    talker.photos(2)
    [asked] = talker.answers(1)  # one question for the burst
    assert "ส่งอีกครั้ง" in message_text(asked) and texts_of_buttons(asked) == BUTTONS
    eventually(lambda: all_handled(bot.db))
    with bot.db.sessions() as session:
        assert session.scalars(select(Photo)).all() == []
    media = bot.settings.media_dir
    eventually(lambda: files_under(media) == [])  # fetched from LINE, then deleted

    talker.say("ไม่ยอมรับ")
    confirm = talker.answers(2)[1]
    assert "ยืนยันการลบข้อมูลส่วนบุคคล" in message_text(confirm)
    assert texts_of_buttons(confirm) == ["ยืนยันลบข้อมูล", "ไม่ลบ"]
    talker.say("ไม่ลบ")
    assert "ข้อมูลของคุณยังอยู่เหมือนเดิม" in message_text(talker.answers(3)[2])
    [member] = members(bot)
    assert member.status == "active" and member.consent_version == "1"
