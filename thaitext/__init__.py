"""Thai language and time, shared by the whole bot: digits, Buddhist-era dates, the Bangkok
time zone, the calendar of important days and the command vocabulary."""

from thaitext.dates import (
    THAI_ABBR_MONTHS,
    THAI_MONTHS,
    be_to_ce_year,
    format_thai_date,
    format_thai_date_short,
    format_thai_moment,
    format_thai_month,
    month_number,
)
from thaitext.digits import to_arabic_digits
from thaitext.months import parse_month
from thaitext.time import BANGKOK, month_start, thai_date

__all__ = [
    "BANGKOK",
    "THAI_ABBR_MONTHS",
    "THAI_MONTHS",
    "be_to_ce_year",
    "format_thai_date",
    "format_thai_date_short",
    "format_thai_moment",
    "format_thai_month",
    "month_number",
    "month_start",
    "parse_month",
    "thai_date",
    "to_arabic_digits",
]
