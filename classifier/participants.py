"""The head-count a message states (rules P1-P3)."""

from __future__ import annotations

import re

_N = r"(\d{1,3}(?:,\d{3})+|\d+)"
_UNIT = r"(?:คน|ท่าน)(?!ละ|ต่อ)"
_ABOUT = r"(?:กว่า|ประมาณ|ราว|ราวๆ|เกือบ|ร่วม|จำนวน|ทั้งหมด|ทั้งสิ้น)?"
_TOTAL = re.compile(
    rf"(?:รวม|ทั้งหมด|ทั้งสิ้น)(?:ทั้งหมด|ทั้งสิ้น)?\s*(?:จำนวน\s*)?{_ABOUT}\s*{_N}\s*(?:กว่า\s*)?{_UNIT}"
)
# "10 คนมา 8": of those invited, who came.
_CAME = re.compile(rf"{_N}\s*{_UNIT}\s*มา\s*(?:ร่วม\s*|จริง\s*)?{_N}(?:\s*{_UNIT})?")
_COUNT = re.compile(rf"{_ABOUT}\s*{_N}\s*(?:กว่า\s*)?{_UNIT}")
# A number of people that is not a head-count of this activity (P3).
_NOT_HEADCOUNT = re.compile(
    r"(?:(?<!สูง)อายุ|เป้าหมาย|มีสมาชิก|สมาชิกทั้งหมด|จำนวนสมาชิก|คัดเลือก|ต้องมี|กี่|ไม่เกิน|"
    r"รับสมัคร|รายชื่อ|(?:สมาชิก|รายชื่อ|จิตอาสา|เพิ่ม)\S*ใหม่|ตอนนี้มี|ต้องการ|จะมี|ขาด|ไม่มา|ลาป่วย|ลากิจ|"
    # A corrected figure ("15 คน ไม่ใช่ 51 คน") and a family's grandchildren ("เลี้ยงหลานกำพร้า 2 คน").
    r"ไม่ใช่|หลาน)\s*\S{0,12}\s*$"
)


def count_participants(prepared: str) -> int | None:
    """Participants stated in ``prepared`` text (Arabic digits), or None."""
    total = _TOTAL.search(prepared)
    if total and not _excluded(prepared, total.start()):
        return _int(total.group(1))
    came = _CAME.search(prepared)
    if came:
        return _int(came.group(2))
    parts = [
        _int(m.group(1)) for m in _COUNT.finditer(prepared) if not _excluded(prepared, m.start())
    ]
    return sum(parts) if parts else None


def _excluded(prepared: str, start: int) -> bool:
    return bool(_NOT_HEADCOUNT.search(prepared[max(0, start - 24) : start]))


def _int(number: str) -> int:
    return int(number.replace(",", ""))
