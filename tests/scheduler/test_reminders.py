"""Reminder planning as plain data: which person gets what on which Thai day."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.reminders import (
    Centre,
    Day,
    MonthFigures,
    Person,
    Rules,
    Situation,
    plan_day,
)
from thaitext import BANGKOK

KING = Day(date(2026, 7, 28), "king_birthday_jul28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว")
CENTRES = [Centre(1, "บ้านเดื่อ", "4302", "ท่าบ่อ", ("สมศรี",)),
           Centre(2, "น้ำโมง", "4302", "ท่าบ่อ", ()),
           Centre(3, "หาดคำ", "4301", "เมืองหนองคาย", ("บุญมา",))]
OFFICER = Person(10, "Uofficer", "officer", None, "4302", "43")
ADMIN = Person(11, "Uadmin", "admin", None, None, "43")
LEADER_1 = Person(20, "Uleader1", "leader", 1, "4302", "43")
LEADER_1B = Person(21, "Uleader1b", "leader", 1, "4302", "43")
LEADER_3 = Person(22, "Uleader3", "leader", 3, "4301", "43")
PEOPLE = [OFFICER, ADMIN, LEADER_1, LEADER_1B, LEADER_3]


def situation(reported: set[int] | None = None,
              for_day: dict[str, set[int]] | None = None) -> Situation:
    figures = [MonthFigures("43", "จังหวัดหนองคาย", 62, 40, 95, 2100)]
    return Situation(PEOPLE, CENTRES, reported or set(), for_day or {}, figures)


def by_user(today: date, world: Situation,
            rules: Rules | None = None) -> dict[str, tuple[str, ...]]:
    planned = plan_day(today, [KING], world, rules or Rules())
    return {p.line_user_id: p.rules for p in planned}


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 7, 21), {"Uofficer": ("volunteer-7d:king_birthday_jul28",),
                         "Uleader1": ("volunteer-7d:king_birthday_jul28",),
                         "Uleader3": ("volunteer-7d:king_birthday_jul28",)}),
    (date(2026, 7, 27), {"Uofficer": ("volunteer-1d:king_birthday_jul28",),
                         "Uleader1": ("volunteer-1d:king_birthday_jul28",),
                         "Uleader3": ("volunteer-1d:king_birthday_jul28",)}),
    (date(2026, 7, 22), {}),  # six days before: nothing
    (date(2026, 7, 29), {"Uleader3": ("volunteer-after:king_birthday_jul28",)}),
])
def test_volunteer_day_rules(today: date, expected: dict[str, tuple[str, ...]]) -> None:
    # Centre 1 reported for 28 July; centre 3 did not.
    assert by_user(today, situation(for_day={KING.key: {1}})) == expected


def test_monthly_due_reminders_go_to_officers_and_to_leaders_of_silent_centres() -> None:
    planned = {p.line_user_id: p for p in plan_day(date(2026, 11, 27), [], situation({1}))}
    assert set(planned) == {"Uofficer", "Uleader3"}  # centre 1 reported: its leader is not nudged
    officer = planned["Uofficer"].text
    assert "อีก 3 วันครบกำหนดส่งรายงานประจำเดือนพฤศจิกายน 2569" in officer
    assert "ยังไม่ส่ง 1 จาก 2 ศูนย์" in officer and "• ตำบลน้ำโมง: ยังไม่มีผู้นำลงทะเบียน" in officer
    assert "บ้านเดื่อ" not in officer.split("ศูนย์\n", 1)[-1]
    assert planned["Uofficer"].rules == ("due-3d",)
    assert "พรุ่งนี้ครบกำหนด" in plan_day(date(2026, 11, 29), [], situation())[0].text


def test_a_configured_due_day_and_the_admins_summary_the_day_after() -> None:
    rules = Rules(due_day=25)
    assert by_user(date(2026, 11, 22), situation(), rules)["Uofficer"] == ("due-3d",)
    after = {p.line_user_id: p for p in plan_day(date(2026, 11, 26), [], situation(), rules)}
    assert set(after) == {"Uadmin"}
    assert "ส่งรายงาน 40/62 ศูนย์ (65%)" in after["Uadmin"].text
    assert "“ส่งออก 11/2569”" in after["Uadmin"].text
    # The default due day is the month's last: the summary comes on the 1st.
    assert set(by_user(date(2026, 12, 1), situation())) == {"Uadmin"}


def test_everything_one_person_gets_on_one_day_is_one_message() -> None:
    day = Day(date(2026, 11, 30), "made_up_day", "วันทดสอบ")  # also November's due day
    planned = plan_day(date(2026, 11, 29), [day], situation())
    officer = [p for p in planned if p.line_user_id == "Uofficer"]
    assert len(officer) == 1
    assert officer[0].rules == ("volunteer-1d:made_up_day", "due-1d")
    assert "พรุ่งนี้จะถึงวันทดสอบ" in officer[0].text
    assert "พรุ่งนี้ครบกำหนดส่งรายงาน" in officer[0].text


def test_one_leader_per_centre_by_default_and_all_when_asked() -> None:
    assert "Uleader1b" not in by_user(date(2026, 7, 21), situation())
    assert "Uleader1b" in by_user(date(2026, 7, 21), situation(),
                                  Rules(leaders_per_centre=None))


@pytest.mark.parametrize(("hour", "expected"), [
    (9, datetime(2026, 7, 21, 9, 0, tzinfo=BANGKOK)),
    (21, datetime(2026, 7, 22, 8, 0, tzinfo=BANGKOK)),  # quiet hours: the next morning
    (6, datetime(2026, 7, 21, 8, 0, tzinfo=BANGKOK)),
])
def test_send_times_avoid_the_quiet_hours(hour: int, expected: datetime) -> None:
    assert Rules(hour=hour).send_time(date(2026, 7, 21)) == expected
