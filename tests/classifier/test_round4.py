"""Round 4 (fresh4): Thai number words, formal register, tributes and forwarded news.

Each case is written for the rule, not copied from fresh4.
"""

from __future__ import annotations

import datetime

import pytest

from classifier import classify
from classifier.participants import count_participants, thai_number
from classifier.text import prepare

SENT = datetime.date(2025, 8, 20)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("หนึ่ง", 1), ("สาม", 3), ("เก้า", 9), ("สิบ", 10), ("สิบเอ็ด", 11), ("สิบห้า", 15),
        ("ยี่สิบ", 20), ("ยี่สิบเอ็ด", 21), ("ยี่สิบเจ็ด", 27), ("สามสิบ", 30), ("สามสิบสอง", 32),
        ("ร้อย", 100), ("ร้อยเอ็ด", 101), ("สองร้อยห้าสิบ", 250), ("พันสองร้อยยี่สิบ", 1220),
        ("ซาว", 20), ("ซาวห้า", 25),
        # Not one number: two numbers side by side, a bare เอ็ด / ยี่, ร้อย after สิบ.
        ("สองสาม", None), ("เอ็ด", None), ("ยี่", None), ("สิบร้อย", None), ("สิบซาว", None),
    ],
)
def test_thai_number_words(words: str, value: int | None) -> None:
    assert thai_number(words) == value


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("ประชุมกรรมการ มากันสิบเก้าคน", 19),
        ("อาสาสิบห้าคนช่วยกันซ่อมฝาย", 15),
        ("ชาวบ้านมาช่วยสิบกว่าคน", 10),
        ("มื้อนี้ไปกันซาวคน", 20),
        ("ผู้เข้าอบรมยี่สิบสามท่าน", 23),
        # Not head-counts: a length, a duration, a bond, who were found among those screened,
        # members handed a card or added to the list, names gathered, a household's size,
        # "nobody missing".
        ("ลอกคลองยาวประมาณสองร้อยเมตร", None),
        ("บ่ได้ประชุมมาสองเดือน", None),
        ("สร้างความผูกพันคนในชุมชน", None),
        ("คัดกรอง 25 คน พบภาวะเสี่ยง 4 คน", 25),
        ("ตรวจไปสามสิบคนเจอแผลสองคน", 30),
        ("แจกบัตรสมาชิกครบ 52 คน", None),
        ("ตอนนี้มี 70 คน เพิ่มมา 6 คน", None),
        ("ชวนมาเป็นเครือข่ายได้ชื่อมาห้าคน", None),
        ("ตายายอยู่กันสองคน ไปซ่อมหลังคาให้", None),
        ("บ่มีไผขาด มากันครบสิบแปดคน", 18),
    ],
)
def test_thai_number_words_as_head_counts(text: str, count: int | None) -> None:
    assert count_participants(prepare(text)) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Committee met today, 12 members came, we planned the market.", 12),
        ("Taught phone banking at the hall, 9 grandmas attended.", 9),
        ("The group has 40 members and sells mats.", None),
    ],
)
def test_english_head_counts_of_those_who_came(text: str, count: int | None) -> None:
    assert count_participants(prepare(text)) == count


@pytest.mark.parametrize(
    "text",
    [
        "5 ธันวาคม น้อมรำลึกในพระมหากรุณาธิคุณอันหาที่สุดมิได้ ข้าพระพุทธเจ้า ผู้นำจิตอาสาตำบลโพนสา",
        "เนื่องในวันปิยมหาราช 23 ตุลาคม ขอน้อมรำลึกในพระมหากรุณาธิคุณ",
    ],
)
def test_a_tribute_with_no_work_is_not_a_report(text: str) -> None:
    result = classify(text, SENT)
    assert result.activity_type is None
    assert "rule:tribute-only" in result.evidence


def test_a_tribute_framing_work_stays_a_report() -> None:
    text = "5 ธันวาคม อาสา 25 คน ปลูกต้นไม้ริมถนน น้อมรำลึกในพระมหากรุณาธิคุณ"
    result = classify(text, datetime.date(2025, 12, 5))
    assert result.activity_type == "3.3"
    assert "rule:tribute-only" not in result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "ข่าว: กระทรวงมหาดไทยปรับเกณฑ์เบี้ยยังชีพคนพิการ (ที่มา: ข่าวสดออนไลน์)",
        "สำนักงานเขตเตรียมแจกพันธุ์ผักให้ครัวเรือน (ที่มา: เพจสำนักงานเขต)",
    ],
)
def test_forwarded_news_is_not_a_report(text: str) -> None:
    result = classify(text, SENT)
    assert result.activity_type is None
    assert "rule:request" in result.evidence


def test_an_invitation_for_a_day_still_to_come_is_an_announcement() -> None:
    text = ("ในวันอาทิตย์ที่จะถึงนี้ ศูนย์ฯ ร่วมกับ รพ.สต. จะออกหน่วยตรวจสุขภาพ วัดความดัน "
            "ตรวจน้ำตาลในเลือด ขอเชิญพี่น้องทุกท่านมารับบริการ")
    assert classify(text, SENT).activity_type is None


def test_cctv_for_the_centre_is_centre_work() -> None:
    text = "ติดตั้งกล้องวงจรปิดที่ศูนย์ฯ 4 ตัว ช่างในหมู่บ้านมาช่วยเดินสาย"
    assert classify(text, SENT).activity_type == "3.1"


def test_leaders_who_take_a_course_are_trained_whatever_the_segmentation() -> None:
    text = "ผู้นำจิตอาสา 15 คน เข้ารับการฝึกปฐมพยาบาลเบื้องต้น เพื่อเป็นทีมประจำศูนย์ฯ"
    result = classify(text, SENT)
    assert result.activity_type == "3.1"
    assert "rule:leaders-trained" in result.evidence


def test_the_officer_a_reply_is_written_to_is_not_a_partner() -> None:
    text = "ตอบพี่ พช. ค่ะ ประชุมกรรมการศูนย์แล้วเมื่อวาน มากัน 14 คน"
    result = classify(text, SENT)
    assert result.activity_type == "3.1"
    assert "รัฐ" not in result.sectors
