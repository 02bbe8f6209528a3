"""Dates people write: which is the activity's, which names the occasion, which is to come."""

from __future__ import annotations

import datetime

import pytest

from classifier import classify
from classifier.dates import read_dates
from classifier.text import prepare

D = datetime.date
# 30 Nov 2024 was a Saturday.
SAT_30_NOV = D(2024, 11, 30)
MON_2_DEC = D(2024, 12, 2)


@pytest.mark.parametrize(
    ("text", "sent_on", "activity_date"),
    [
        # Relative days count back from the send date.
        ("เมื่อวานทำความสะอาดวัด", MON_2_DEC, D(2024, 12, 1)),
        ("เมื่อวานซืนประชุมกรรมการศูนย์", MON_2_DEC, D(2024, 11, 30)),
        ("มื้อวานพวกเฮาไปเฮ็ดความสะอาดวัด", MON_2_DEC, D(2024, 12, 1)),
        ("เมื่อคืนช่วยครอบครัวที่ไฟไหม้บ้าน", MON_2_DEC, D(2024, 12, 1)),
        ("3 วันก่อนพาชาวบ้านไปทำบัตรประชาชน", MON_2_DEC, D(2024, 11, 29)),
        ("สามวันก่อนพาชาวบ้านไปทำบัตรประชาชน", MON_2_DEC, D(2024, 11, 29)),
        ("สัปดาห์ที่แล้วประชุมคณะกรรมการศูนย์ 12 คน", MON_2_DEC, D(2024, 11, 25)),
        ("อาทิตย์ที่แล้วช่วยวัดเทปูนทางเดิน", MON_2_DEC, D(2024, 11, 25)),
        # A weekday said to be past: the last such day before sending.
        ("เมื่อวันเสาร์ปลูกต้นไม้ริมหนองสาธารณะ", MON_2_DEC, SAT_30_NOV),
        ("วันเสาร์ที่แล้วปลูกต้นไม้ริมหนองสาธารณะ", MON_2_DEC, SAT_30_NOV),
        ("วันเสาร์ที่ผ่านมาปลูกต้นไม้ริมหนองสาธารณะ", MON_2_DEC, SAT_30_NOV),
        ("เมื่อวันเสาร์ปลูกต้นไม้", SAT_30_NOV, D(2024, 11, 23)),
        ("วันอาทิตย์ที่แล้ว ทำความสะอาดวัด", MON_2_DEC, D(2024, 12, 1)),
        # A day of the month without a month: this month's, or the last one's.
        ("เมื่อวันที่ 2 ประชุมกรรมการศูนย์", D(2024, 12, 10), D(2024, 12, 2)),
        ("วันที่ 28 ที่ผ่านมา ประชุมกรรมการศูนย์", D(2024, 12, 10), D(2024, 11, 28)),
        # A written date beats a relative day; "วันนี้" is the send date.
        ("5 ธ.ค. 67 ปลูกต้นไม้ เมื่อวานก็ไปมา", D(2024, 12, 10), D(2024, 12, 5)),
        ("วันนี้ส่งรูปกิจกรรมเมื่อวาน", MON_2_DEC, D(2024, 12, 1)),
        ("วันนี้ทำความสะอาดวัด", MON_2_DEC, MON_2_DEC),
        # Code-mixed dates.
        ("12 Aug Big Cleaning Day กวาดถนนรอบหมู่บ้าน", D(2024, 8, 20), D(2024, 8, 12)),
        ("Volunteer day July 28 เก็บขยะริมโขง", D(2024, 8, 1), D(2024, 7, 28)),
        # The date of the occasion the work is dedicated to, still to come: not the work's.
        ("ผู้นำจิตอาสาร่วมกันทำความสะอาดศาลากลางบ้าน ถวายเป็นพระราชกุศลวันพ่อ 5 ธันวา",
         SAT_30_NOV, SAT_30_NOV),
        # Past, and said to be the day it was done for: a relative day wins over it.
        ("เมื่อวาน ทำความสะอาดศาลา ถวายเป็นพระราชกุศลวันพ่อ 5 ธันวา", D(2024, 12, 8),
         D(2024, 12, 7)),
        # ...and alone, on or after the day, it is the best date there is.
        ("เนื่องในวันแม่ 12 สิงหา มอบผ้าอ้อมให้ผู้ป่วยติดเตียง", D(2024, 8, 20), D(2024, 8, 12)),
        # A date in a later year is still to come: never the activity's date.
        ("next meeting 15 ม.ค. 68 ประชุมคณะกรรมการศูนย์วันนี้", D(2024, 12, 31),
         D(2024, 12, 31)),
    ],
)
def test_activity_date(text: str, sent_on: datetime.date,
                       activity_date: datetime.date) -> None:
    assert read_dates(prepare(text), sent_on).activity == activity_date


@pytest.mark.parametrize(
    ("text", "sent_on", "upcoming"),
    [
        ("ประชุมประจำเดือน วันที่ 10 ม.ค. 68 เวลา 13.30 น.", D(2024, 12, 31), True),
        ("อบต. แจ้งประชาคม วันที่ 20 นี้", D(2025, 1, 10), True),
        ("ขอเชิญร่วมกิจกรรม 5 ธ.ค. นี้", SAT_30_NOV, True),
        ("ทำความสะอาดวัด 28 ก.ค. ที่จะถึง", D(2024, 7, 20), True),
        # A day without a year and without "นี้" may be the occasion of finished work.
        ("ทำความสะอาดศาลา ถวายเป็นพระราชกุศลวันพ่อ 5 ธันวา", SAT_30_NOV, False),
        ("28 ก.ค. 67 ทำความสะอาดวัด", D(2024, 8, 2), False),
        ("วันที่ 20 ประชุมกรรมการ", D(2025, 1, 25), False),
    ],
)
def test_a_date_still_to_come(text: str, sent_on: datetime.date, upcoming: bool) -> None:
    assert read_dates(prepare(text), sent_on).upcoming == upcoming


@pytest.mark.parametrize(
    ("text", "sent_on", "activity_type", "national_day"),
    [
        # An important day named without a date still marks 3.3.
        ("วันต้นไม้ประจำปีของชาติ ทีมศูนย์ปลูกต้นพะยูงรอบหนองน้ำสาธารณะ", D(2025, 6, 30),
         "3.3", "tree_day"),
        ("วันพระ ไปช่วยวัดกวาดลาน", D(2025, 6, 30), "3.3", "wan_phra"),
        ("มาฆบูชา เวียนเทียนที่วัด ผู้นำ อช. ช่วยจัดแถว แจกเทียน", D(2025, 2, 20), "3.3",
         "makha_bucha"),
        # The occasion's date still to come names the day the work is dedicated to.
        ("ผู้นำจิตอาสาร่วมกันทำความสะอาดศาลากลางบ้าน ถวายเป็นพระราชกุศลวันพ่อ 5 ธันวา",
         SAT_30_NOV, "3.3", "king9_birthday_dec5"),
        # The day after, continuing the day's work.
        ("ต่อเนื่องจากงานวันพ่อ วันนี้ 6 ธ.ค. เก็บซุ้ม รื้อเต็นท์ เก็บกวาดลานพิธี", D(2024, 12, 6),
         "3.3", "king9_birthday_dec5"),
        ("King's birthday 28 July เก็บขยะริมโขง เฉลิมพระเกียรติ", D(2024, 7, 30), "3.3",
         "king_birthday_jul28"),
        # A future date with "นี้": an invitation, not a report.
        ("ขอเชิญร่วมปลูกต้นไม้ 5 ธ.ค. นี้ ที่วัด", SAT_30_NOV, None, None),
    ],
)
def test_important_days_people_write(text: str, sent_on: datetime.date,
                                     activity_type: str | None, national_day: str | None) -> None:
    result = classify(text, sent_on)
    assert (result.activity_type, result.national_day) == (activity_type, national_day)
    assert not result.abstain
