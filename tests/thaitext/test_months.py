"""A month argument as people type it, read against a fixed `today`."""

from datetime import date

import pytest

from thaitext import parse_month

NOV_2026 = date(2026, 11, 15)
JAN_2027 = date(2027, 1, 3)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # No year: the latest such month not after today.
        ("ต.ค.", NOV_2026, (2026, 10)),
        ("ตค", NOV_2026, (2026, 10)),
        ("ต.ค", NOV_2026, (2026, 10)),
        ("ตุลาคม", NOV_2026, (2026, 10)),
        ("ตุลา", NOV_2026, (2026, 10)),
        ("เดือนตุลาคม", NOV_2026, (2026, 10)),
        ("เดือน ต.ค.", NOV_2026, (2026, 10)),
        ("พ.ย.", NOV_2026, (2026, 11)),
        ("ธ.ค.", NOV_2026, (2025, 12)),
        ("ธันวา", NOV_2026, (2025, 12)),
        ("ม.ค.", JAN_2027, (2027, 1)),
        ("ก.พ.", JAN_2027, (2026, 2)),
        ("  กรกฎาคม  ", NOV_2026, (2026, 7)),
        # A year after the name: two digits and four-digit years past 2400 are Buddhist era.
        ("ต.ค. 67", NOV_2026, (2024, 10)),
        ("ต.ค.67", NOV_2026, (2024, 10)),
        ("ตุลาคม 2567", NOV_2026, (2024, 10)),
        ("ตุลาคม พ.ศ. 2567", NOV_2026, (2024, 10)),
        ("ธ.ค. 69", NOV_2026, (2026, 12)),
        ("ต.ค. 2024", NOV_2026, (2024, 10)),
        ("ต.ค. ๖๗", NOV_2026, (2024, 10)),
        # Numbers.
        ("10/2567", NOV_2026, (2024, 10)),
        ("10/67", NOV_2026, (2024, 10)),
        ("๑๐/๖๗", NOV_2026, (2024, 10)),
        ("1/68", NOV_2026, (2025, 1)),
        ("2567-10", NOV_2026, (2024, 10)),
        ("2024-10", NOV_2026, (2024, 10)),
        ("10-2024", NOV_2026, (2024, 10)),
        ("๒๕๖๙-๐๙", NOV_2026, (2026, 9)),
        # Relative to today, and nothing at all.
        ("เดือนนี้", NOV_2026, (2026, 11)),
        ("", NOV_2026, (2026, 11)),
        ("   ", NOV_2026, (2026, 11)),
        ("เดือนที่แล้ว", NOV_2026, (2026, 10)),
        ("เดือนก่อน", NOV_2026, (2026, 10)),
        ("เดือน ที่แล้ว", JAN_2027, (2026, 12)),
        ("เดือนก่อน", JAN_2027, (2026, 12)),
        # Not a month.
        ("13/2567", NOV_2026, None),
        ("2567-00", NOV_2026, None),
        ("0/67", NOV_2026, None),
        ("ตุลาคม 567", NOV_2026, None),
        ("เดือน", NOV_2026, None),
        ("ท่าบ่อ", NOV_2026, None),
        ("ปีที่แล้ว", NOV_2026, None),
        ("10", NOV_2026, None),
        ("october", NOV_2026, None),
        ("ต.ค. 67 ท่าบ่อ", NOV_2026, None),
    ],
)
def test_parse_month(text: str, today: date, expected: tuple[int, int] | None) -> None:
    assert parse_month(text, today) == expected
