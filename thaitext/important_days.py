"""The nation's important days that make a volunteer activity a 3.3 report.

Keys are stable ASCII identifiers stored in reports (``Report.national_day``) and used by the
classifier, so never rename one. Fixed days carry ``month``/``day``; Buddhist holy days follow
the Thai lunisolar calendar and are computed with the ``holidays`` package.

CDD network days (1 Oct CDD founding day, 28 Jan อช. anniversary) are deliberately absent: the
labelling rules (R1) treat them as network days, not national or royal days.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays


@dataclass(frozen=True)
class NationalDay:
    """One important day: its Thai name and either a fixed date or a lunar rule."""

    key: str
    name_th: str
    month: int | None = None
    day: int | None = None
    lunar: bool = False
    note: str = ""

    @property
    def is_fixed(self) -> bool:
        return self.month is not None and self.day is not None


_DAYS: tuple[NationalDay, ...] = (
    NationalDay("chakri_apr6", "วันจักรี", 4, 6),
    NationalDay("sirindhorn_apr2", "วันคล้ายวันพระราชสมภพ สมเด็จพระกนิษฐาธิราชเจ้า "
                "กรมสมเด็จพระเทพรัตนราชสุดาฯ (วันอนุรักษ์มรดกไทย)", 4, 2),
    NationalDay("queen_birthday_jun3", "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", 6, 3),
    NationalDay("king_birthday_jul28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", 7, 28),
    NationalDay("queen_mother_aug12", "วันเฉลิมพระชนมพรรษาสมเด็จพระบรมราชชนนีพันปีหลวง "
                "และวันแม่แห่งชาติ", 8, 12),
    NationalDay("mahidol_sep24", "วันมหิดล", 9, 24),
    NationalDay("king9_memorial_oct13", "วันนวมินทรมหาราช", 10, 13),
    NationalDay("important_day_oct18", "วันสำคัญ 18 ตุลาคม", 10, 18,
                note="listed among the important days by the labelling rules (R3)"),
    NationalDay("princess_mother_oct21", "วันคล้ายวันพระราชสมภพ "
                "สมเด็จพระศรีนครินทราบรมราชชนนี", 10, 21),
    NationalDay("chulalongkorn_oct23", "วันปิยมหาราช", 10, 23),
    NationalDay("vajiravudh_nov25", "วันพระบาทสมเด็จพระมงกุฎเกล้าเจ้าอยู่หัว", 11, 25),
    NationalDay("king9_birthday_dec5", "วันคล้ายวันพระบรมราชสมภพ ร.9 วันชาติ "
                "และวันพ่อแห่งชาติ", 12, 5),
    NationalDay("tree_day", "วันต้นไม้ประจำปีของชาติ",
                note="no fixed date in law; dates_in_year returns []"),
    NationalDay("makha_bucha", "วันมาฆบูชา", lunar=True),
    NationalDay("visakha_bucha", "วันวิสาขบูชา", lunar=True),
    NationalDay("asalha_bucha", "วันอาสาฬหบูชา", lunar=True),
    NationalDay("khao_phansa", "วันเข้าพรรษา", lunar=True),
    NationalDay("ok_phansa", "วันออกพรรษา", lunar=True),
    NationalDay("wan_phra", "วันพระ", lunar=True,
                note="weekly Buddhist holy day; may be [] if holidays cannot compute it"),
)

NATIONAL_DAYS: dict[str, NationalDay] = {d.key: d for d in _DAYS}

# Names that holidays.Thailand (English, default language) gives the lunar public holidays.
_HOLIDAY_NAMES: dict[str, str] = {
    "makha_bucha": "Makha Bucha",
    "visakha_bucha": "Visakha Bucha",
    "asalha_bucha": "Asarnha Bucha",
    "khao_phansa": "Buddhist Lent Day",
}


def dates_in_year(key: str, gregorian_year: int) -> list[date]:
    """Return the dates of important day ``key`` in ``gregorian_year`` (sorted).

    Fixed days give one date; lunar days come from the ``holidays`` package; a day without a
    computable date (``tree_day``, or ``wan_phra``/``ok_phansa`` if holidays lacks the lunar
    helper or the year is outside its table) gives ``[]``. Raises KeyError for unknown keys.
    """
    day = NATIONAL_DAYS[key]
    if day.is_fixed:
        return [datetime.date(gregorian_year, day.month, day.day)]  # type: ignore[arg-type]
    if not day.lunar:
        return []
    return sorted(_lunar_dates(key, gregorian_year))



@lru_cache(maxsize=64)
def _lunar_dates(key: str, year: int) -> tuple[date, ...]:
    if key in _HOLIDAY_NAMES:
        wanted = _HOLIDAY_NAMES[key]
        found = holidays.Thailand(years=year)
        # Observed "(in lieu)" days share the name prefix; only the day itself counts.
        return tuple(d for d, name in found.items() if wanted in name.split("; "))
    helper = _lunisolar_helper(key)
    if helper is None:
        return ()
    result = helper(year)
    if result is None:
        return ()
    if isinstance(result, datetime.date):
        return (result,)
    return tuple(result)


def _lunisolar_helper(key: str) -> Callable[[int], object] | None:
    """The holidays package's Thai lunisolar helper for days it does not list as holidays.

    The helper class is private to holidays, so its absence (a future release) degrades to
    "no dates" instead of an error.
    """
    try:
        from holidays.calendars.thai import _ThaiLunisolar
    except ImportError:
        return None
    calendar = _ThaiLunisolar()
    method_name = {"ok_phansa": "ok_phansa_date", "wan_phra": "buddhist_sabbath_dates"}.get(key)
    method = getattr(calendar, method_name, None) if method_name else None
    return method


def fixed_day_key(month: int, day: int) -> str | None:
    """The key of the fixed-date important day on ``month``/``day``, if any."""
    return _FIXED_BY_MONTH_DAY.get((month, day))


_FIXED_BY_MONTH_DAY: dict[tuple[int, int], str] = {
    (d.month, d.day): d.key for d in _DAYS if d.is_fixed  # type: ignore[misc]
}


def lunar_day_key(on: date) -> str | None:
    """The key of the major Buddhist holy day falling on ``on``, if any (not ``wan_phra``)."""
    for key in ("makha_bucha", "visakha_bucha", "asalha_bucha", "khao_phansa", "ok_phansa"):
        if on in _lunar_dates(key, on.year):
            return key
    return None
