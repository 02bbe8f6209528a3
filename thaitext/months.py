"""A month as people type it after a command: ``ต.ค.``, ``ตุลาคม 2567``, ``10/67``,
``2024-10``, ``เดือนที่แล้ว`` ... read into a Gregorian (year, month)."""

from __future__ import annotations

import re
from datetime import date

from thaitext.dates import be_to_ce_year, month_number
from thaitext.digits import to_arabic_digits

THIS_MONTH = ("เดือนนี้",)
LAST_MONTH = ("เดือนที่แล้ว", "เดือนก่อน", "เดือนที่ผ่านมา", "เดือนก่อนหน้า")

# A month name (letters and the dots of an abbreviation), then an optional year, optionally
# after พ.ศ./ค.ศ.; spaces are already gone. Thai letters and marks only: digits are Arabic by
# now.
_NAMED = re.compile(r"(?:เดือน)?(?P<name>[\u0e01-\u0e4e.]+?)(?:[พค]\.?ศ\.?)?(?P<year>\d{2}|\d{4})?")
_MONTH_YEAR = re.compile(r"(?P<month>\d{1,2})[/.-](?P<year>\d{2}|\d{4})")
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})[/.-](?P<month>\d{1,2})")
_SPACES = re.compile(r"\s+")


def parse_month(text: str, today: date) -> tuple[int, int] | None:
    """(Gregorian year, month) the text names, or None if it is not a month. No text means
    this month; a month name without a year means the latest such month not after `today`;
    two-digit years are Buddhist era (67 -> 2567 -> 2024)."""
    norm = _SPACES.sub("", to_arabic_digits(text))
    if norm in ("", *THIS_MONTH):
        return today.year, today.month
    if norm in LAST_MONTH:
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return _numeric(norm) or _named(norm, today)


def _numeric(norm: str) -> tuple[int, int] | None:
    found = _MONTH_YEAR.fullmatch(norm) or _YEAR_MONTH.fullmatch(norm)
    if found is None:
        return None
    return _valid(be_to_ce_year(int(found["year"])), int(found["month"]))


def _named(norm: str, today: date) -> tuple[int, int] | None:
    found = _NAMED.fullmatch(norm)
    if found is None:
        return None
    # Abbreviations come with or without their dots (ต.ค., ตค, ต.ค): compare without them.
    month = month_number(found["name"].replace(".", ""))
    if month is None:
        return None
    if found["year"] is not None:
        return _valid(be_to_ce_year(int(found["year"])), month)
    return (today.year, month) if month <= today.month else (today.year - 1, month)


def _valid(year: int, month: int) -> tuple[int, int] | None:
    return (year, month) if 1 <= month <= 12 else None
