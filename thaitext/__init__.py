"""Thai text helpers shared by the whole bot: digits and Buddhist-era dates."""

from thaitext.dates import (
    THAI_ABBR_MONTHS,
    THAI_MONTHS,
    be_to_ce_year,
    format_thai_date,
    format_thai_date_short,
    format_thai_month,
    month_number,
)
from thaitext.digits import to_arabic_digits

__all__ = [
    "THAI_ABBR_MONTHS",
    "THAI_MONTHS",
    "be_to_ce_year",
    "format_thai_date",
    "format_thai_date_short",
    "format_thai_month",
    "month_number",
    "to_arabic_digits",
]
