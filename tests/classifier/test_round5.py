"""Round 5 (fresh5): strength reports in นาย, plans and agendas, reported speech, form rules.

Each case is written for the rule, not copied from fresh5.
"""

from __future__ import annotations

import datetime

import pytest

from classifier import classify
from classifier.participants import count_participants
from classifier.text import prepare

SENT = datetime.date(2025, 8, 20)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # A strength report in นาย (ยอด…): those present; the sick are not among them.
        ("ยอดกำลังพล 22 นาย ซ่อมศาลาประชาคม", 22),
        ("ยอดมาปฏิบัติงาน ๙ นาย ลากิจ ๑ นาย", 9),
        # Without ยอด, นาย is a partner's men or a title.
        ("ทหารจากกองร้อยมาช่วย 12 นาย ขุดลอกคลอง", None),
        ("นายสมศักดิ์ 5 คนมาช่วย", 5),
        # Planned against actual: the actual wins.
        ("นัดไว้ 25 คน มาจริง 11 คน", 11),
        ("นัดกันไว้ 40 คน มาแค่ 18 คน", 18),
        # New members oriented or trained are the participants; new members counted are not.
        ("อบรมสมาชิกใหม่ 12 คน เรื่องระเบียบศูนย์", 12),
        ("ปีนี้ได้สมาชิกใหม่ 12 คน", None),
        # Recruits signing up at another body's meeting are no head-count.
        ("ไปแนะนำศูนย์ที่ประชุมหมู่บ้าน มีคนลงชื่อเป็นอาสา 6 คน", None),
        ("เล่าเรื่องศูนย์ให้ชมรมฟัง ได้อาสาเพิ่ม 3 คน", None),
    ],
)
def test_head_counts_of_round_five(text: str, count: int | None) -> None:
    assert count_participants(prepare(text)) == count


@pytest.mark.parametrize(
    "text",
    [
        "ระเบียบวาระการประชุมครั้งต่อไป วาระที่ 1 เรื่องประธานแจ้ง วาระที่ 2 งบประมาณ",
        "แผนงานพรุ่งนี้ 0800 รวมพลที่ศาลา 0830 ลงพื้นที่ตัดหญ้า นำเครื่องตัดหญ้ามาด้วย",
    ],
)
def test_an_agenda_or_a_plan_for_a_day_to_come_is_not_a_report(text: str) -> None:
    result = classify(text, SENT)
    assert result.activity_type is None
    assert not result.abstain


def test_a_time_word_with_a_result_is_a_report() -> None:
    text = "คืนนี้ไลฟ์ขายผ้าทอให้กลุ่มแม่บ้าน ขายได้ 12 ผืน"
    assert classify(text, SENT).activity_type == "3.2"


def test_a_survey_continued_tomorrow_was_done_today() -> None:
    text = "ลงเก็บข้อมูล จปฐ. หมู่ 3 ได้ 35 ครัวเรือน พรุ่งนี้เก็บต่อหมู่ 4"
    assert classify(text, SENT).activity_type == "3.1"


def test_a_plan_told_at_a_meeting_is_reported_speech() -> None:
    text = ("ไปประชุมกลุ่มผู้ใช้น้ำ ผู้นำศูนย์นำเสนอว่าศูนย์จะจัดอาสาลอกคลองส่งน้ำ "
            "ที่ประชุมเห็นด้วย")
    result = classify(text, SENT)
    assert result.activity_type == "3.1"
    assert "rule:announcement" not in result.evidence


def test_a_question_someone_was_told_is_not_the_senders_question() -> None:
    text = "ช่วยจัดห้องสมุดวัดใหม่ เช็ดฝุ่นตู้หนังสือ เจ้าอาวาสบอกว่าชั้นไหนเก็บหนังสืออะไร"
    result = classify(text, SENT)
    assert result.activity_type == "3.3"
    assert "rule:question" not in result.evidence


def test_training_given_to_the_leaders_is_centre_work() -> None:
    text = "ฝึกการปฐมพยาบาลและการใช้เครื่อง AED ให้ผู้นำศูนย์ฯ วิทยากรจาก รพ.สต."
    result = classify(text, SENT)
    assert result.activity_type == "3.1"
    assert "rule:leaders-trained" in result.evidence


def test_cleaning_a_hospital_on_an_important_day_is_volunteering() -> None:
    text = "วันมหิดล ผู้นำไปช่วยทำความสะอาดโรงพยาบาลอำเภอ ล้างเตียงผู้ป่วย 12 คน"
    result = classify(text, datetime.date(2025, 9, 24))
    assert result.activity_type == "3.3"
    assert "rule:household-service" not in result.evidence


def test_map_pins_for_sellers_are_an_income_service() -> None:
    text = "ช่วยแม่ค้าตลาดนัดปักหมุดร้านใน Google Maps ให้ลูกค้าหาเจอ ได้ 6 ร้าน"
    result = classify(text, SENT)
    assert result.activity_type == "3.2"
    assert result.dimension == "income"


def test_fish_released_in_tribute_is_volunteering() -> None:
    text = "ปล่อยพันธุ์ปลาลงหนองสาธารณะ เฉลิมพระเกียรติ 28 กรกฎาคม อาสา 30 คน"
    assert classify(text, datetime.date(2025, 7, 28)).activity_type == "3.3"


def test_the_model_does_not_make_the_bot_ask_about_a_tribute() -> None:
    text = "น้อมรำลึกในพระมหากรุณาธิคุณ วันปิยมหาราช ข้าพระพุทธเจ้า คณะผู้นำจิตอาสา"
    result = classify(text, SENT)
    assert result.activity_type is None
    assert not result.abstain
