"""`วันสำคัญ` over signed webhooks: the next volunteer days in the Buddhist era, how far off."""

from __future__ import annotations

from datetime import date, datetime

from linefake.webhook import join_event
from models.calendar import do_calendar_change
from models.members import Member
from tests.conftest import LiveBot, message_text, new_user_id
from tests.conversation.conftest import Talker
from thaitext import BANGKOK
from thaitext.important_days import DayChange


def next_july_21(bot: LiveBot) -> int:
    """Jump the bot to 21 July of next year, 09:00 in Thailand: ahead of the real time, so the
    worker's clock is never behind the events' stamps. Returns that year."""
    assert bot.background is not None
    year = datetime.now(BANGKOK).year + 1
    bot.background.services.clock.jump_to(datetime(year, 7, 21, 9, 0, tzinfo=BANGKOK))
    return year


def bullets(answer: str) -> list[str]:
    return [line for line in answer.splitlines() if line.startswith("• ")]


def test_anyone_may_ask_for_the_next_important_days(bot: LiveBot) -> None:
    year = next_july_21(bot)
    stranger = Talker(bot, new_user_id())  # not registered
    stranger.say("วันสำคัญ")
    answer = message_text(stranger.answers(1)[0])
    be = year + 543
    assert f"• 28 กรกฎาคม {be} (อีก 7 วัน)\n  วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว" \
        in answer
    assert f"• 12 สิงหาคม {be} (อีก 22 วัน)" in answer
    assert len(bullets(answer)) == 5  # the next five, within 90 days
    assert "\n  วันพระ\n" not in answer + "\n"  # the weekly holy day is no volunteer day
    assert "ลงทะเบียน" not in answer


def test_the_answer_follows_the_changes_people_made(bot: LiveBot, leader: Member) -> None:
    year = next_july_21(bot)
    with bot.db.transaction() as session:
        do_calendar_change(session, DayChange.add(date(year, 7, 21), "nongkhai_day",
                                                  "วันหนองคาย"), "test")
        do_calendar_change(session, DayChange.move("queen_mother_aug12", year,
                                                   date(year, 7, 22)), "test")
        do_calendar_change(session, DayChange.cancel("king_birthday_jul28", year), "test")
    talker = Talker(bot, leader.line_user_id)
    talker.say("/ ปฏิทิน วันสำคัญ")
    lines = bullets(message_text(talker.answers(1)[0]))
    be = year + 543
    assert lines[:2] == [f"• 21 กรกฎาคม {be} (วันนี้)", f"• 22 กรกฎาคม {be} (พรุ่งนี้)"]
    assert "28 กรกฎาคม" not in "\n".join(lines)


def test_in_a_group_members_are_answered_and_strangers_are_not(bot: LiveBot,
                                                               leader: Member) -> None:
    next_july_21(bot)
    group = "C" + "7" * 32
    assert bot.send(join_event(group, bot.token(group))) == 200
    bot.fake.wait_for_messages(1, to=group)  # the greeting
    Talker(bot, new_user_id(), group).say("วันสำคัญ")
    member = Talker(bot, leader.line_user_id, group)
    member.say("วันสำคัญ")
    # A chat's events are answered in order: the member's answer comes after the stranger's
    # event was handled, so two messages in all prove the stranger got none.
    answers = member.answers(2)
    assert "(อีก 7 วัน)" in message_text(answers[1])
    assert len(bot.fake.sent_messages(to=group)) == 2
