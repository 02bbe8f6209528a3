"""Buddhist-era dates with Thai month names, formatted by PyThaiNLP."""

from __future__ import annotations

import datetime

from pythainlp.util import thai_strftime
from pythainlp.util.date import thai_abbr_months, thai_full_month_lists, thai_full_months

from thaitext.time import BANGKOK

THAI_MONTHS: tuple[str, ...] = tuple(thai_full_months)
THAI_ABBR_MONTHS: tuple[str, ...] = tuple(thai_abbr_months)

BE_OFFSET = 543

# Every written form of a month PyThaiNLP knows (full, short, abbreviation) plus the spoken
# short forms it lacks, mapped to the month number. Digits are left out on purpose.
_EXTRA_FORMS: dict[int, tuple[str, ...]] = {
    7: ("กรกฎา", "กรกฏาคม", "กรกฏา"),
    10: ("ตุลา",),
    11: ("พฤศจิกา", "พฤศจิ"),
    12: ("ธันวา",),
}
MONTH_FORMS: dict[str, int] = {}
for _number, _forms in enumerate(thai_full_month_lists, start=1):
    for _form in (*_forms, *_EXTRA_FORMS.get(_number, ())):
        if not _form.isdigit():
            MONTH_FORMS[_form] = _number
            if _form.endswith("."):
                MONTH_FORMS[_form.replace(".", "")] = _number


def month_number(name: str) -> int | None:
    """Month number (1-12) of a Thai month name or abbreviation, else None."""
    return MONTH_FORMS.get(name.strip())


def be_to_ce_year(year: int) -> int:
    """Gregorian year from a written year: 2-digit and >2400 years are Buddhist era."""
    if year < 100:
        return 2500 + year - BE_OFFSET
    if year > 2400:
        return year - BE_OFFSET
    return year


def format_thai_date(day: datetime.date) -> str:
    """E.g. ``5 ธันวาคม 2567`` (Buddhist era, full month name)."""
    return thai_strftime(_as_datetime(day), "%-d %B %Y")


def format_thai_date_short(day: datetime.date) -> str:
    """E.g. ``5 ธ.ค. 67`` (abbreviated month, 2-digit Buddhist-era year)."""
    return thai_strftime(_as_datetime(day), "%-d %b %y")


def _as_datetime(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day)


def format_thai_month(day: datetime.date) -> str:
    """E.g. ``ธันวาคม 2567``: a month and its Buddhist-era year."""
    return thai_strftime(_as_datetime(day), "%B %Y")


def format_thai_moment(moment: datetime.datetime) -> str:
    """E.g. ``1 ธันวาคม 2569 เวลา 14:05``: a moment as Thai time, Buddhist era."""
    local = moment.astimezone(BANGKOK)
    return f"{format_thai_date(local.date())} เวลา {local:%H:%M}"
