"""Thai digits and Buddhist-era dates."""

import datetime

import pytest

from thaitext import (
    THAI_ABBR_MONTHS,
    THAI_MONTHS,
    be_to_ce_year,
    format_thai_date,
    format_thai_date_short,
    month_number,
    to_arabic_digits,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("๒๘/๐๗/๒๕๖๗", "28/07/2567"), ("ผู้เข้าร่วม ๔๕ คน", "ผู้เข้าร่วม 45 คน"), ("", ""),
     ("abc 12", "abc 12")],
)
def test_to_arabic_digits(text: str, expected: str) -> None:
    assert to_arabic_digits(text) == expected


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (datetime.date(2024, 12, 5), "5 ธันวาคม 2567", "5 ธ.ค. 67"),
        (datetime.date(2024, 7, 28), "28 กรกฎาคม 2567", "28 ก.ค. 67"),
        (datetime.date(2025, 1, 1), "1 มกราคม 2568", "1 ม.ค. 68"),
    ],
)
def test_format_thai_date(day: datetime.date, long: str, short: str) -> None:
    assert format_thai_date(day) == long
    assert format_thai_date_short(day) == short


@pytest.mark.parametrize(
    ("written", "gregorian"), [(67, 2024), (2567, 2024), (2024, 2024), (66, 2023)]
)
def test_be_to_ce_year(written: int, gregorian: int) -> None:
    assert be_to_ce_year(written) == gregorian


@pytest.mark.parametrize(
    ("name", "number"),
    [("ก.ค.", 7), ("กรกฎาคม", 7), ("ธ.ค.", 12), ("ตุลา", 10), ("สิงหา", 8), ("xyz", None)],
)
def test_month_number(name: str, number: int | None) -> None:
    assert month_number(name) == number


def test_month_tables() -> None:
    assert len(THAI_MONTHS) == 12 == len(THAI_ABBR_MONTHS)
    assert THAI_MONTHS[11] == "ธันวาคม"
