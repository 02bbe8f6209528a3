"""How Thai administrative areas, and the people listed under them, are named in Thai.
Bangkok (province 10) has เขต and แขวง where every other province has อำเภอ and ตำบล."""

from __future__ import annotations

BANGKOK_CODE = "10"
COUNTRY_NAME = "ทั้งประเทศ"
# An active leader whose LINE profile gave no name is still someone to call.
NAMELESS_LEADER = "ผู้นำ (ไม่มีชื่อใน LINE)"


def province_name(name_th: str, code: str) -> str:
    return name_th if code == BANGKOK_CODE else f"จังหวัด{name_th}"


def district_name(name_th: str, code: str) -> str:
    return f"เขต{name_th}" if code.startswith(BANGKOK_CODE) else f"อำเภอ{name_th}"


def subdistrict_name(name_th: str, code: str) -> str:
    return f"แขวง{name_th}" if code.startswith(BANGKOK_CODE) else f"ตำบล{name_th}"


def centre_name(subdistrict_th: str, subdistrict_code: str, district_th: str) -> str:
    """E.g. ``ศูนย์ผู้นำจิตอาสาพัฒนาชุมชนตำบลบ้านเดื่อ อำเภอท่าบ่อ``: the district tells apart
    the sub-district names that repeat."""
    return (f"ศูนย์ผู้นำจิตอาสาพัฒนาชุมชน{subdistrict_name(subdistrict_th, subdistrict_code)} "
            f"{district_name(district_th, subdistrict_code[:4])}")
