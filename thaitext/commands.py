"""The command vocabulary: every word a member may type to the bot, with the synonyms people
use, and how a typed command is read the way people type it on a phone (`/`, `#`, extra
spaces, Thai digits). The handlers, the classifier (a command is not a report) and the help
texts all take their words from here."""

from __future__ import annotations

import re
from functools import lru_cache

from thaitext.digits import to_arabic_digits

REGISTER = ("ลงทะเบียน", "สมัคร", "register")
HELP = ("ช่วยเหลือ", "เมนู", "วิธีใช้", "help", "ช่วยด้วย", "คำสั่ง")
SEND_REPORT = ("ส่งรายงาน", "รายงานกิจกรรม")
MY_REPORTS = ("รายงานของฉัน", "รายงานของเรา", "ดูรายงาน")
CANCEL = ("ยกเลิก", "ยกเลิกรายงาน")
EDIT = ("แก้ไข", "แก้ไขรายงาน", "แก้รายงาน")
MY_DATA = ("ข้อมูลของฉัน",)
DELETE_MY_DATA = ("ลบข้อมูลของฉัน",)
CONFIRM_DELETE = ("ยืนยันลบข้อมูล",)
KEEP_DATA = ("ไม่ลบ", "ไม่ลบข้อมูล")
ACCEPT_NOTICE = ("ยอมรับ", "ยินยอม")
DECLINE_NOTICE = ("ไม่ยอมรับ", "ไม่ยินยอม")

# Staff (officers and admins). Longer words first where one starts with another: the first
# word that matches is the command.
STATUS = ("สถานะศูนย์", "สถานะ", "status", "ความคืบหน้า")
NOT_REPORTED = ("ศูนย์ที่ยังไม่ส่ง", "ใครยังไม่ส่ง", "ยังไม่ส่งรายงาน", "ยังไม่ส่ง", "ค้างส่ง")
SUMMARY = ("สรุปเดือนนี้", "สรุปผล", "สรุปรายเดือน", "สรุป", "summary")
RANKING = ("อันดับ", "จัดอันดับ", "ศูนย์ดีเด่น", "ศูนย์ที่ขยัน")
EXPORT = ("ส่งออกรายงาน", "ส่งออก", "ดาวน์โหลดรายงาน", "ไฟล์รายงาน", "excel", "export")
NEW_JOIN_CODE = ("รหัสใหม่", "เปลี่ยนรหัส")
JOIN_CODE = ("รหัสศูนย์", "รหัส")
CONFIRM_NEW_JOIN_CODE = ("ยืนยันเปลี่ยนรหัส",)
ANNOUNCE = ("ประกาศ", "แจ้งข่าว")
REMOVE_MEMBER = ("ลบสมาชิก", "นำสมาชิกออก")
CONFIRM_REMOVE_MEMBER = ("ยืนยันลบสมาชิก",)
KEEP_MEMBER = ("ไม่ลบสมาชิก",)
CONFIRM_ANNOUNCE = ("ยืนยันประกาศ",)
DROP_ANNOUNCE = ("ไม่ประกาศ",)

# Anyone: the next important days (handlers/important_days.py).
IMPORTANT_DAYS = ("วันสำคัญ", "วันสำคัญของชาติ", "ปฏิทินวันสำคัญ", "ปฏิทิน")

# Words people send to bots that are not reports (old habits from other bots, the rich
# menu's captions), so the classifier never stores them as an activity.
OTHER_BOT_WORDS = ("/help", "/status", "/report", "รายงาน", "เริ่ม", "start", "ติดต่อเจ้าหน้าที่")

ALL_WORDS: frozenset[str] = frozenset(
    w for words in (REGISTER, HELP, SEND_REPORT, MY_REPORTS, CANCEL, EDIT, MY_DATA,
                    DELETE_MY_DATA, CONFIRM_DELETE, KEEP_DATA, ACCEPT_NOTICE, DECLINE_NOTICE,
                    REMOVE_MEMBER, CONFIRM_REMOVE_MEMBER, KEEP_MEMBER, STATUS, NOT_REPORTED,
                    SUMMARY, RANKING, EXPORT, NEW_JOIN_CODE, JOIN_CODE, CONFIRM_NEW_JOIN_CODE,
                    ANNOUNCE, CONFIRM_ANNOUNCE, DROP_ANNOUNCE, IMPORTANT_DAYS, OTHER_BOT_WORDS)
    for w in words)

_PREFIX = re.compile(r"^[/#!\s]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=64)  # every command check of an event normalises the same text
def normalise(text: str) -> str:
    text = to_arabic_digits(text)
    text = _PREFIX.sub("", text.strip())
    return _SPACES.sub(" ", text).strip()


def command_argument(text: str, *words: str) -> str | None:
    """The rest of the text after one of `words` (spaces optional), or None if it is not that
    command."""
    norm = normalise(text)
    for word in words:
        if norm == word or norm.startswith(word):
            return norm[len(word):].strip()
    return None


def is_command(text: str, *words: str) -> bool:
    """True when the whole text is one of `words` (ignoring spaces and prefixes)."""
    return normalise(text).replace(" ", "") in {w.replace(" ", "") for w in words}


def is_any_command(text: str) -> bool:
    """True when the whole text is a word of the vocabulary."""
    return is_command(text, *ALL_WORDS)
