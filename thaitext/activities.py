"""How an activity is named in Thai: its type, the dimension of a 3.2 and the national day of a
3.3. The receipts, the staff summaries and the monthly file all use these words."""

from __future__ import annotations

from thaitext.important_days import NATIONAL_DAYS

TYPE_NAMES = {
    "3.1": "กิจกรรมตามบทบาทและภารกิจของศูนย์ฯ",
    "3.2": "กิจกรรมส่งเสริมการพัฒนาและบริการประชาชน",
    "3.3": "กิจกรรมจิตอาสาในวันสำคัญของชาติ",
}

TYPE_SHORT = {"3.1": "บทบาทและภารกิจ", "3.2": "พัฒนาและบริการ", "3.3": "จิตอาสาวันสำคัญ"}

DIMENSION_NAMES = {
    "living": "ความเป็นอยู่",
    "health": "สุขภาพ",
    "income": "อาชีพและรายได้",
    "services": "การเข้าถึงบริการของรัฐ",
}


def type_name(activity_type: str | None) -> str:
    if activity_type is None:
        return "ยังไม่ระบุประเภท"
    return f"{activity_type} {TYPE_NAMES.get(activity_type, '')}".strip()


def detail_name(dimension: str | None, national_day: str | None) -> str | None:
    """The dimension of a 3.2 report, or the national day of a 3.3 report, in Thai."""
    if dimension:
        return f"ด้าน{DIMENSION_NAMES.get(dimension, dimension)}"
    if national_day and national_day in NATIONAL_DAYS:
        return NATIONAL_DAYS[national_day].name_th
    return None
