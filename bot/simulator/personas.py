"""Made-up LINE identities for the simulator: user and group ids shaped like LINE's, and
ordinary Thai names, so that a training session looks like the real thing."""

from __future__ import annotations

import secrets

FIRST_NAMES = (
    "สมศรี", "สมชาย", "บุญมี", "คำปุ่น", "ทองใบ", "มาลัย", "ประยูร", "สุดารัตน์", "วันเพ็ญ",
    "บัวผัน", "สมพร", "อำนวย", "จันทร์เพ็ญ", "ไพรวัลย์", "นงลักษณ์", "เกษม", "ละเอียด", "สุนทร",
)
SURNAMES = (
    "ใจดี", "ศรีสุข", "แก้วมณี", "บุญเรือง", "พรหมมา", "ทองดี", "สีหาบุตร", "คำภูเมือง",
    "วงศ์ไชย", "จันทร์หอม", "ภูผาทอง", "มีชัย",
)
ROLE_TITLES = {"leader": "", "officer": "พัฒนากร", "admin": "จนท.จังหวัด"}


def new_user_id() -> str:
    """"U" and 32 lowercase hex digits, like a LINE user id."""
    return "U" + secrets.token_hex(16)


def new_group_id() -> str:
    """"C" and 32 lowercase hex digits, like a LINE group id."""
    return "C" + secrets.token_hex(16)


def new_image_set_id() -> str:
    # LINE's image-set ids are 64 upper-case hex digits.
    return secrets.token_hex(32).upper()


def thai_name(role: str = "leader") -> str:
    title = ROLE_TITLES.get(role, "")
    name = f"{secrets.choice(FIRST_NAMES)} {secrets.choice(SURNAMES)}"
    return f"{title}{name}" if title else name


def is_user_id(value: object) -> bool:
    return _is_line_id(value, "U")


def is_group_id(value: object) -> bool:
    return _is_line_id(value, "C")


def _is_line_id(value: object, prefix: str) -> bool:
    # Demo members ("Udemo...") are acted out too, so only the shape is checked, not hex.
    return (isinstance(value, str) and value.startswith(prefix) and 8 <= len(value) <= 64
            and value.isascii() and value.isalnum())
