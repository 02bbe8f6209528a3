"""The activity date a message states ("วันนี้", "28 ก.ค. 67", "๒๘/๐๗/๒๕๖๗"), else the send date."""

from __future__ import annotations

import datetime
import re

from thaitext.dates import MONTH_FORMS, be_to_ce_year

_MONTH_ALTERNATION = "|".join(
    re.escape(form) for form in sorted(MONTH_FORMS, key=len, reverse=True)
)
# "5 ธ.ค.", "วันที่5ธ.ค.66", "23-25 ก.พ. 67", "13 ตุลา", "5 ธันวาคม 2567"
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s*({_MONTH_ALTERNATION})\.?"
    rf"(?:\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{{4}}|\d{{2}})(?!\d))?"
)
# "28/07/2567", "28/7/67", "28-07-2024"
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/])")
_RELATIVE: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"เมื่อวานซืน|มื้อวานซืน"), -2),
    (re.compile(r"เมื่อวาน|มื้อวาน|วานนี้"), -1),
    (re.compile(r"วันนี้|มื้อนี้|มื้อนี่"), 0),
)


def find_dates(prepared: str, sent_on: datetime.date) -> list[datetime.date]:
    """Every valid date written in ``prepared`` text, in order of appearance."""
    found: list[tuple[int, datetime.date]] = []
    for match in _NUMERIC.finditer(prepared):
        day, month, year = (int(g) for g in match.groups())
        resolved = _resolve(day, month, year, sent_on)
        if resolved:
            found.append((match.start(), resolved))
    for match in _DAY_MONTH.finditer(prepared):
        named = MONTH_FORMS.get(match.group(2))
        if named is None:
            continue
        written_year = int(match.group(3)) if match.group(3) else None
        resolved = _resolve(int(match.group(1)), named, written_year, sent_on)
        if resolved:
            found.append((match.start(), resolved))
    found.sort(key=lambda item: item[0])
    return [d for _, d in found]


def activity_date(prepared: str, sent_on: datetime.date) -> tuple[datetime.date, str | None]:
    """The first date the text states (with a reason), else ``sent_on`` and None."""
    dates = find_dates(prepared, sent_on)
    if dates:
        return dates[0], f"date:{dates[0].isoformat()}"
    for pattern, offset in _RELATIVE:
        match = pattern.search(prepared)
        if match:
            return sent_on + datetime.timedelta(days=offset), f"date:{match.group(0)}"
    return sent_on, None


def _resolve(
    day: int, month: int, year: int | None, sent_on: datetime.date
) -> datetime.date | None:
    """A real date; without a year, the latest such date not after the send date."""
    if not 1 <= month <= 12:
        return None
    try:
        if year is not None:
            return datetime.date(be_to_ce_year(year), month, day)
        candidate = datetime.date(sent_on.year, month, day)
        if candidate > sent_on:
            candidate = _same_day_earlier_year(day, month, sent_on.year - 1)
        return candidate
    except ValueError:
        return None


def _same_day_earlier_year(day: int, month: int, year: int) -> datetime.date:
    # 29 Feb without a year: fall back one more year at most until it exists.
    for back in range(0, 4):
        try:
            return datetime.date(year - back, month, day)
        except ValueError:
            continue
    raise ValueError("no such day")
