"""Own data (issue 14, point 2), over signed webhooks: a member sees what the bot holds about
them, and deleting it leaves no name, LINE id or photo anywhere (every table, the inbox's
payloads and the outbox's recipients included, and no file on disk), while the month's
figures stay as they were. `cddbot member forget` does the same for a letter."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import cli
from bot.richmenu.setup import setup_rich_menus
from linefake.webhook import join_event
from models import stats
from models.audit import AuditLog
from models.base import utcnow
from models.divisions import Centre
from models.members import Member
from models.reports import Photo, Report
from models.stats import Month, Scope
from tests.conftest import (
    LiveBot,
    all_handled,
    eventually,
    message_text,
    new_user_id,
    quick_replies,
)
from tests.conversation.conftest import Talker, stored_photos
from tests.privacy.traces import files_under, personal_data_left
from thaitext import thai_date

REPORT = "ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน วางแผนงานจิตอาสา ผู้เข้าร่วม 15 คน"
NAME = "สมหญิง ขอลบข้อมูล"


def registered_leader(bot: LiveBot, centre: Centre, name: str = NAME) -> Talker:
    """A leader who registers through the chat, with a LINE name."""
    talker = Talker(bot, new_user_id())
    bot.fake.set_profile(talker.user_id, name)
    talker.say(f"ลงทะเบียน {centre.join_code}")
    talker.say("ยอมรับ")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in message_text(talker.answers(2)[1])
    return talker


def month_figures(bot: LiveBot) -> stats.Status:
    today = thai_date(utcnow())
    with bot.db.sessions() as session:
        return stats.status(session, Scope("province", "43"), Month(today.year, today.month))


def linked_menu(bot: LiveBot, user: str) -> str | None:
    assert bot.background is not None
    return bot.background.services.line.rich_menu_of(user)


def said(talker: Talker, count: int) -> dict[str, Any]:
    """The `count`-th message the bot sent to this chat (1-based), once it is there."""
    return talker.answers(count)[count - 1]


def test_my_data_shows_name_role_centre_reports_photos_and_consent(bot: LiveBot,
                                                                   centre: Centre) -> None:
    talker = registered_leader(bot, centre)
    talker.photos(2)
    said(talker, 3)
    talker.say(REPORT)
    said(talker, 4)
    talker.say("ข้อมูลของฉัน")
    mine = message_text(said(talker, 5))
    for shown in (NAME, "ผู้นำจิตอาสา", "ตำบลบ้านเดื่อ อำเภอเมืองหนองคาย",
                  "รายงานที่ส่ง: 1 รายการ", "รูปภาพที่ส่ง: 2 รูป", "ฉบับที่ 2 เมื่อ"):
        assert shown in mine
    assert f"{thai_date(utcnow()).year + 543}" in mine  # consent date in the Buddhist era


def test_deleting_my_data_leaves_nothing_personal_and_the_months_figures_unchanged(
        bot: LiveBot, centre: Centre, officer: Member) -> None:
    assert bot.background is not None
    with bot.db.transaction() as session:
        menus = setup_rich_menus(bot.background.services.line, session)
    talker = registered_leader(bot, centre)
    user = talker.user_id
    eventually(lambda: linked_menu(bot, user) == menus["leader"])
    talker.photos(3)
    said(talker, 3)
    talker.say(REPORT)
    said(talker, 4)
    group = Talker(bot, user, "C" + "7" * 32)  # a report in a district group as well
    assert bot.send(join_event(group.chat, bot.token(group.chat))) == 200
    group.say("วันนี้ร่วมกับ อบต. และโรงเรียน ปลูกต้นไม้ริมหนองน้ำ ผู้เข้าร่วม 30 คน")
    group.answers(2)
    staff = Talker(bot, officer.line_user_id)  # an announcement reaches them and others
    staff.say("ประกาศ ขอเชิญประชุมผู้นำ 5 ธ.ค. ที่อำเภอ")
    staff.answers(1)
    staff.say("ยืนยันประกาศ")
    staff.answers(2)
    eventually(lambda: len(bot.fake.sent_messages(to=user)) == 5)  # with the announcement
    files = files_under(bot.settings.media_dir)
    assert len(files) == 3 and len(stored_photos(bot)) == 3
    before = month_figures(bot)
    assert before.total.reports == 2 and before.total.photos == 3
    where = {found.split(":")[0] for found in personal_data_left(bot.db, user, NAME)}
    assert {"members.line_user_id", "members.display_name", "inbox_events.payload",
            "inbox_events.chat_key", "outbox_messages.recipients", "outbox_messages.messages",
            "chats.key", "reports.chat_key"} <= where  # where a person's traces lie

    talker.say("ลบข้อมูลของฉัน")
    confirm = said(talker, 6)
    assert "รูปภาพ 3 รูป" in message_text(confirm) and "รายงานกิจกรรม 2 เรื่อง" in \
        message_text(confirm)
    buttons = [action["text"] for action in quick_replies(confirm)]
    assert buttons == ["ยืนยันลบข้อมูล", "ไม่ลบ"]
    talker.say(buttons[0])  # the button sends what typing would
    done = message_text(said(talker, 7))
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว" in done
    assert "รูปภาพที่คุณส่ง 3 รูป" in done and "รายงาน 2 เรื่อง" in done

    eventually(lambda: linked_menu(bot, user) is None)
    # The row that took the menu away carried the LINE id: gone once LINE had it.
    eventually(lambda: all_handled(bot.db) and personal_data_left(bot.db, user, NAME) == [],
               timeout=20)
    assert files_under(bot.settings.media_dir) == []
    assert month_figures(bot) == before
    with bot.db.sessions() as session:
        member = session.scalars(select(Member).where(Member.role == "leader",
                                                      Member.status == "removed")).one()
        assert member.centre_id == centre.id and member.display_name is None
        assert len(session.scalars(select(Report).where(Report.member_id == member.id))
                   .all()) == 2
        [erased] = session.scalars(select(AuditLog).where(AuditLog.action == "member.erase"))
        assert erased.actor_member_id == member.id
        assert erased.area == centre.subdistrict_code
    talker.say("สวัสดีครับ")  # a stranger now
    assert "ยังไม่ได้ลงทะเบียน" in message_text(said(talker, 8))


def test_member_forget_on_a_letter_erases_the_same(bot: LiveBot, centre: Centre,
                                                  leader: Member) -> None:
    talker = registered_leader(bot, centre, "บุญเรือน ส่งจดหมาย")
    user = talker.user_id
    talker.say(REPORT)
    said(talker, 3)
    talker.photos(1)
    said(talker, 4)
    eventually(lambda: all_handled(bot.db))
    before = month_figures(bot)
    env = {"DATABASE_URL": bot.db.url, "MEDIA_DIR": str(bot.settings.media_dir),
           "LINE_CHANNEL_SECRET": None, "LINE_CHANNEL_ACCESS_TOKEN": None}
    result = CliRunner().invoke(cli, ["member", "forget", user, "--by", "หนังสือ 0017/2568"],
                                env=env)
    assert result.exit_code == 0, result.output
    assert "1 photos (1 files deleted)" in result.output and "1 reports kept" in result.output
    assert files_under(bot.settings.media_dir) == []
    eventually(lambda: all_handled(bot.db)
               and personal_data_left(bot.db, user, "บุญเรือน ส่งจดหมาย") == [], timeout=20)
    assert month_figures(bot) == before
    with bot.db.sessions() as session:
        [photo] = session.scalars(select(Photo))  # counted still, without the photo
        assert photo.path is None and photo.sha256 is None and photo.report_id is not None
        erased = session.scalars(select(AuditLog).where(AuditLog.action == "member.erase"))
        assert [(e.actor_member_id, (e.detail or {}).get("by")) for e in erased] == \
            [(None, "หนังสือ 0017/2568")]
    # The other leader of the centre is untouched.
    assert personal_data_left(bot.db, leader.line_user_id)
    bad = CliRunner().invoke(cli, ["member", "forget", "somebody"], env=env)
    assert bad.exit_code != 0 and "LINE user id" in bad.output
