"""The dates a message states, and which of them is the activity's.

"28 ก.ค. 67", "๒๘/๐๗/๒๕๖๗", "28 July" and "วันที่ 12" are dates; "เมื่อวาน", "เมื่อวันเสาร์",
"สัปดาห์ที่แล้ว" and "3 วันก่อน" count back from the send date. A date still to come when the
message was sent is never the activity's date: it is the occasion the work is dedicated to
("ถวายเป็นพระราชกุศลวันพ่อ 5 ธันวา" sent on 30 November) or, marked "นี้" / "ที่จะถึง" or with a
later year, an activity still to happen (``DateReading.upcoming``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from thaitext.dates import MONTH_FORMS, be_to_ce_year

# A day and month without a year up to this many days after the send date is this year's
# (the occasion a report is dedicated to, or an announced day); further ahead it is last year's.
LOOKAHEAD_DAYS = 45
# A dedication word this many characters before a date makes it the occasion's date.
DEDICATION_REACH = 40

_ENGLISH_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTHS: dict[str, int] = {**MONTH_FORMS, **_ENGLISH_MONTHS}
_MONTH_ALTERNATION = "|".join(re.escape(form) for form in sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{4}|\d{2})(?!\d))?"
# "5 ธ.ค.", "วันที่5ธ.ค.66", "23-25 ก.พ. 67", "13 ตุลา", "5 ธันวาคม 2567", "28 july"
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s*({_MONTH_ALTERNATION})(?![a-z])\.?{_YEAR}"
)
# "july 28", "dec 5, 2024"
_MONTH_DAY = re.compile(
    rf"(?<![a-z])({'|'.join(sorted(_ENGLISH_MONTHS, key=len, reverse=True))})\.?\s*"
    rf"(\d{{1,2}})(?!\d)(?:\s*,?\s*(\d{{4}})(?!\d))?"
)
# "28/07/2567", "28/7/67", "28-07-2024"
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/])")
# "วันที่ 12" with no month: a day of this month (or the last one).
_DAY_ONLY = re.compile(rf"วันที่\s*(\d{{1,2}})(?!\s*(?:\d|{_MONTH_ALTERNATION}|[/.-]\d))")
# Written right after a date: it is still to come.
_UPCOMING_MARK = re.compile(r"\s*(?:นี้|ที่จะถึง|ข้างหน้า|หน้า(?=$|\s|นะ|ครับ|ค่ะ|คะ|เด้อ))")
# Before a date: it names the occasion the activity is dedicated to.
_DEDICATION = re.compile(
    r"(?:พระราชกุศล|เฉลิมพระเกียรติ|เทิดพระเกียรติ|น้อมรำลึก|ถวายพระพร|เนื่องใน|ในโอกาส)"
)

_THAI_NUMBERS = {"หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7}
_WEEKDAYS: tuple[tuple[str, int], ...] = (
    ("จันทร์", 0), ("อังคาร", 1), ("พุธ", 2), ("พฤหัส", 3), ("ศุกร์", 4), ("เสาร์", 5),
    ("อาทิตย์", 6),
)
_WEEKDAY = "|".join(name for name, _ in _WEEKDAYS)
# "เมื่อวันเสาร์", "วันเสาร์ที่แล้ว", "วันเสาร์ที่ผ่านมา": the last such weekday before sending.
_LAST_WEEKDAY = re.compile(
    rf"(?:เมื่อ\s*วัน({_WEEKDAY})\S*?|วัน({_WEEKDAY})\S*?\s*(?:ที่แล้ว|ที่ผ่านมา|ก่อน))"
)
_DAYS_AGO = re.compile(rf"(?<!\d)(\d{{1,2}}|{'|'.join(_THAI_NUMBERS)})\s*วัน(?:ก่อน|ที่แล้ว|ที่ผ่านมา)")
# Quick checks before the patterns that need them (a digit, an English month, "N วันก่อน").
_ANY_DIGIT = re.compile(r"\d")
_ANY_LATIN = re.compile(r"[a-z]")
_DAYS_AGO_WORDS = ("วันก่อน", "วันที่แล้ว", "วันที่ผ่านมา")
_RELATIVE: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"เมื่อวานซืน|มื้อวานซืน"), -2),
    (re.compile(r"เมื่อวาน|มื้อวาน|วานนี้|เมื่อคืน|มื้อคืน"), -1),
    (re.compile(r"(?:สัปดาห์|อาทิตย์)(?:ที่แล้ว|ก่อน|ที่ผ่านมา)"), -7),
    (re.compile(r"วันนี้|มื้อนี้|มื้อนี่|เมื่อเช้า|เช้านี้"), 0),
)


@dataclass(frozen=True)
class WrittenDate:
    """A date written in the text, where it starts, and how it relates to the send date."""

    on: datetime.date
    start: int
    ahead: bool  # after the send date
    marked: bool  # "นี้", "ที่จะถึง" or a later year says it is still to come
    dedicated: bool  # after a dedication word ("ถวายเป็นพระราชกุศลวันพ่อ 5 ธ.ค.")


@dataclass(frozen=True)
class DateReading:
    """The dates of one message: all of them, the activity's, and whether one is to come."""

    dates: tuple[WrittenDate, ...]
    activity: datetime.date
    reason: str | None
    upcoming: bool


def read_dates(prepared: str, sent_on: datetime.date) -> DateReading:
    """The dates in ``prepared`` text and the activity's date (else ``sent_on``)."""
    dates = _written_dates(prepared, sent_on)
    upcoming = any(d.ahead and d.marked for d in dates)
    for written in dates:
        if not written.ahead and not written.dedicated:
            return DateReading(dates, written.on, f"date:{written.on.isoformat()}", upcoming)
    relative = _relative_day(prepared, sent_on)
    if relative is not None:
        return DateReading(dates, relative[0], relative[1], upcoming)
    for written in dates:
        if not written.ahead:
            return DateReading(dates, written.on, f"date:{written.on.isoformat()}", upcoming)
    if dates:
        return DateReading(dates, sent_on, "date:occasion-still-to-come", upcoming)
    return DateReading(dates, sent_on, None, upcoming)


def find_dates(prepared: str, sent_on: datetime.date) -> list[datetime.date]:
    """Every valid date written in ``prepared`` text, in order of appearance."""
    return [d.on for d in _written_dates(prepared, sent_on)]


def activity_date(prepared: str, sent_on: datetime.date) -> tuple[datetime.date, str | None]:
    """The activity's date (with a reason), else ``sent_on`` and None."""
    reading = read_dates(prepared, sent_on)
    return reading.activity, reading.reason


def _written_dates(prepared: str, sent_on: datetime.date) -> tuple[WrittenDate, ...]:
    if not _ANY_DIGIT.search(prepared):
        return ()  # every written date has a digit; most chat has none
    found: list[WrittenDate] = []
    for match in _NUMERIC.finditer(prepared):
        day, month, numeric_year = (int(g) for g in match.groups())
        _add(found, prepared, match, day, month, numeric_year, sent_on)
    for match in _DAY_MONTH.finditer(prepared):
        _add(found, prepared, match, int(match.group(1)), _MONTHS[match.group(2)],
             _year(match.group(3)), sent_on)
    for match in _MONTH_DAY.finditer(prepared) if _ANY_LATIN.search(prepared) else ():
        _add(found, prepared, match, int(match.group(2)), _ENGLISH_MONTHS[match.group(1)],
             _year(match.group(3)), sent_on)
    for match in _DAY_ONLY.finditer(prepared):
        _add_day_of_month(found, prepared, match, sent_on)
    found.sort(key=lambda d: d.start)
    return tuple(found)


def _year(written: str | None) -> int | None:
    return int(written) if written else None


def _add(found: list[WrittenDate], prepared: str, match: re.Match[str], day: int, month: int,
         year: int | None, sent_on: datetime.date) -> None:
    resolved = _resolve(day, month, year, sent_on)
    if resolved is None:
        return
    ahead = resolved > sent_on
    marked = ahead and (year is not None or _marked(prepared, match.end()))
    found.append(WrittenDate(resolved, match.start(), ahead, marked,
                             _dedicated(prepared, match.start())))


def _add_day_of_month(found: list[WrittenDate], prepared: str, match: re.Match[str],
                      sent_on: datetime.date) -> None:
    """"วันที่ 12": the latest 12th not after sending; marked "นี้", the next one after it."""
    day = int(match.group(1))
    marked = _marked(prepared, match.end())
    this_month = sent_on.replace(day=1)
    if marked:
        months = [this_month, (this_month + datetime.timedelta(days=32)).replace(day=1)]
    else:
        months = [this_month, (this_month - datetime.timedelta(days=1)).replace(day=1)]
    for first in months:
        try:
            on = first.replace(day=day)
        except ValueError:
            continue
        if (on > sent_on) == marked:
            found.append(WrittenDate(on, match.start(), marked, marked, False))
            return


def _marked(prepared: str, end: int) -> bool:
    return bool(_UPCOMING_MARK.match(prepared, end))


def _dedicated(prepared: str, start: int) -> bool:
    return bool(_DEDICATION.search(prepared, max(0, start - DEDICATION_REACH), start))


def _relative_day(prepared: str, sent_on: datetime.date) -> tuple[datetime.date, str] | None:
    """The earliest day counted back from sending; "วันนี้" only when nothing else is said."""
    found: list[tuple[int, datetime.date, str]] = []
    for match in _LAST_WEEKDAY.finditer(prepared):
        name = match.group(1) or match.group(2)
        weekday = next(number for day, number in _WEEKDAYS if name.startswith(day))
        back = (sent_on.weekday() - weekday - 1) % 7 + 1
        found.append((match.start(), sent_on - datetime.timedelta(days=back), match.group(0)))
    days_ago = any(word in prepared for word in _DAYS_AGO_WORDS)
    for match in _DAYS_AGO.finditer(prepared) if days_ago else ():
        count = _THAI_NUMBERS.get(match.group(1)) or int(match.group(1))
        found.append((match.start(), sent_on - datetime.timedelta(days=count), match.group(0)))
    today: tuple[datetime.date, str] | None = None
    for pattern, offset in _RELATIVE:
        for match in pattern.finditer(prepared):
            if offset == 0:
                today = today or (sent_on, f"date:{match.group(0)}")
            elif not any(start <= match.start() < start + len(text) for start, _, text in found):
                found.append((match.start(), sent_on + datetime.timedelta(days=offset),
                              match.group(0)))
    if found:
        start, on, text = min(found, key=lambda item: item[0])
        return on, f"date:{text.strip()}"
    return today


def _resolve(
    day: int, month: int, year: int | None, sent_on: datetime.date
) -> datetime.date | None:
    """A real date; without a year, this year's if at most LOOKAHEAD_DAYS after sending, else
    the latest such date not after the send date."""
    if not 1 <= month <= 12:
        return None
    try:
        if year is not None:
            return datetime.date(be_to_ce_year(year), month, day)
        candidate = datetime.date(sent_on.year, month, day)
    except ValueError:
        if year is not None:
            return None
        try:
            return _same_day_earlier_year(day, month, sent_on.year - 1)
        except ValueError:
            return None
    if candidate > sent_on and (candidate - sent_on).days > LOOKAHEAD_DAYS:
        try:
            candidate = _same_day_earlier_year(day, month, sent_on.year - 1)
        except ValueError:
            return None
    return candidate


def _same_day_earlier_year(day: int, month: int, year: int) -> datetime.date:
    # 29 Feb without a year: fall back one more year at most until it exists.
    for back in range(0, 4):
        try:
            return datetime.date(year - back, month, day)
        except ValueError:
            continue
    raise ValueError("no such day")
