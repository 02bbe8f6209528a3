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
# A soldier's strength report counts people in นาย ("ยอด ๑๕ นาย", "ยอดเข้ารับการฝึก ๑๘ นาย"):
# read as คน. Without ยอด, นาย is a title ("นายสม") or a partner's men ("ทหารมาช่วย 10 นาย").
_STRENGTH = re.compile(r"(ยอด\S{0,24}?\s*)(\d+)\s*นาย(?![\u0e01-\u0e4e])")
_COUNT = re.compile(rf"{_ABOUT}\s*{_N}\s*(?:กว่า\s*)?{_UNIT}")
# A number of people that is not a head-count of this activity (P3).
_NOT_HEADCOUNT = re.compile(
    r"(?:(?<!สูง)อายุ|เป้าหมาย|มีสมาชิก|สมาชิกทั้งหมด|จำนวนสมาชิก|คัดเลือก|ต้องมี|กี่|ไม่เกิน|"
    # New members counted are the list, unless they are the ones oriented or trained.
    r"รับสมัคร|รายชื่อ|(?<!ปฐมนิเทศ)(?<!ปฐมนิเทศ )(?<!อบรม)(?<!อบรม )"
    r"(?:สมาชิก|รายชื่อ|จิตอาสา|เพิ่ม)\S*ใหม่|ตอนนี้มี|ต้องการ|จะมี|"
    # Planned, not actual ("นัดกันไว้ 30 คน มาจริงแค่ 13 คน"): those who came are the count.
    r"นัด(?:กัน)?(?:ไว้)?|คาดว่า|"
    # Recruits who signed up at someone else's meeting ("มีคนลงชื่อ 9 คน", "สนใจ...เพิ่ม 4 คน").
    r"(?:คน|ผู้)ลงชื่อ|(?:คน|ผู้)สนใจ|"
    # "ขาด 3 คน" are missing, but "บ่มีไผขาด มากันครบ 20 คน" says all came.
    r"(?<!ไม่)(?<!ไม่มีใคร)(?<!บ่มีไผ)(?<!บ่มีผู้ได)ขาด|ไม่มา|ลาป่วย|ลากิจ|"
    # Names gathered ("ได้ชื่อมาเจ็ดคน") and a household's size ("อยู่กันสองคน").
    r"ได้(?:ราย)?ชื่อ|อยู่(?:กัน|กั๋น|ด้วยกัน)|"
    # Members counted, added or handed something ("แจกสมาชิกครบ 48 คน", "เพิ่มมา 5 คน"): the
    # network's list, not who took part.
    r"สมาชิก(?:ครบ|ทุกคน|รวม)|เพิ่ม(?:มา|ขึ้น)?|"
    # Those found among the people screened ("ตรวจ 18 คน พบกลุ่มเสี่ยง 3 คน") are part of them.
    r"(?<!ไม่)(?:พบ|เจอ)|"
    # A corrected figure ("15 คน ไม่ใช่ 51 คน") and a family's grandchildren ("เลี้ยงหลานกำพร้า 2 คน").
    r"ไม่ใช่|หลาน)\s*\S{0,12}\s*$"
)

# Thai number words (P1: "สิบห้าคน", "ยี่สิบเอ็ดคน", Lao/Isan "ซาวคน" = 20), read before a
# person unit only: "สองเดือน", "ประมาณสองร้อยเมตร" are not head-counts.
_DIGIT_WORDS = {
    "หนึ่ง": 1, "นึง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7,
    "แปด": 8, "เก้า": 9,
}
_DIGIT = "|".join(_DIGIT_WORDS)
_MULTIPLIERS = {"สิบ": 10, "ร้อย": 100, "พัน": 1000}
# A run of number words right before a person unit. It starts with a digit word, สิบ, ยี่ or
# ซาว; a bare ร้อย / พัน only after a space (else "ผูกพันคน" would be a thousand people).
_WORD_NUMBER = re.compile(
    rf"((?:{_DIGIT}|ยี่|สิบ|ซาว|เอ็ด|ร้อย|พัน)+)(?=\s*(?:กว่า\s*)?{_UNIT})"
)
_PIECE = re.compile(rf"{_DIGIT}|ยี่|สิบ|ซาว|เอ็ด|ร้อย|พัน")
_STARTS = re.compile(rf"(?:{_DIGIT}|ยี่|สิบ|ซาว)")
# Quick check: no person unit after a number word's last letters, nothing to rewrite.
_MAYBE_WORD_NUMBER = re.compile(r"[งม่ากดบวยน]\s*(?:กว่า\s*)?(?:คน|ท่าน)")


def count_participants(prepared: str) -> int | None:
    """Participants stated in ``prepared`` text (Arabic digits or Thai number words), or None."""
    if "นาย" in prepared and "ยอด" in prepared:
        prepared = _STRENGTH.sub(r"\1\2 คน", prepared)
    if "คน" not in prepared and "ท่าน" not in prepared:
        return None  # every head-count names its unit
    if _MAYBE_WORD_NUMBER.search(prepared):
        prepared = _WORD_NUMBER.sub(_digits, prepared)
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


def thai_number(words: str) -> int | None:
    """The value of Thai number words ("ยี่สิบเอ็ด" 21, "สามร้อยห้าสิบ" 350, "ซาวห้า" 25), or
    None where they do not form one number ("สองสาม", "เอ็ด")."""
    pieces = _PIECE.findall(words)
    if "".join(pieces) != words or not pieces:
        return None
    total = 0
    pending: int | None = None  # a digit waiting for its multiplier, or the units
    last_multiplier = 10_000
    for piece in pieces:
        if piece in _DIGIT_WORDS:
            if pending is not None:
                return None
            pending = _DIGIT_WORDS[piece]
        elif piece == "ยี่":
            if pending is not None:
                return None
            pending = -2  # only before สิบ
        elif piece == "เอ็ด":
            if pending is not None or total == 0:
                return None
            pending = 1
        else:
            if piece == "ซาว":  # Lao/Isan twenty: "ซาวห้า" 25
                if pending is not None or last_multiplier <= 10:
                    return None
                total += 20
                last_multiplier = 10
                continue
            value = _MULTIPLIERS[piece]
            if value >= last_multiplier:
                return None
            if pending == -2:
                if piece != "สิบ":
                    return None
                pending = 2
            total += (pending or 1) * value
            last_multiplier = value
            pending = None
    if pending == -2:
        return None
    return total + (pending or 0)


def _digits(match: re.Match[str]) -> str:
    words = match.group(1)
    value = thai_number(words)
    glued = match.start() > 0 and "\u0e01" <= match.string[match.start() - 1] <= "\u0e4e"
    if value is None or (glued and not _STARTS.match(words)):
        # A word ending in a number word's letters ("เสี่ยงสาม..."): read the longest tail
        # that starts a number and forms one.
        for at in range(1, len(words)):
            if _STARTS.match(words, at):
                value = thai_number(words[at:])
                if value is not None:
                    return f"{words[:at]} {value} "
        return words
    return f" {value} "


def _excluded(prepared: str, start: int) -> bool:
    # The window is searched in place, so that a look-behind sees the words before it.
    return bool(_NOT_HEADCOUNT.search(prepared, max(0, start - 24), start))


def _int(number: str) -> int:
    return int(number.replace(",", ""))
