"""The nation's important days that make a volunteer activity a 3.3 report.

Keys are stable ASCII identifiers stored in reports (``Report.national_day``) and used by the
classifier, so never rename one. Fixed days carry ``month``/``day``; Buddhist holy days follow
the Thai lunisolar calendar and are computed with the ``holidays`` package.

CDD network days (1 Oct CDD founding day, 28 Jan อช. anniversary) are deliberately absent: the
labelling rules (R1) treat them as network days, not national or royal days.

The calendar of a year (``days_of_year``) is these days plus the changes the department or a
province makes: add a day of their own, move a day in one year, cancel a day in one year.
Changes are plain data here; models/calendar.py stores them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

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
    # A day people plan volunteer work for, so the bot lists it and reminds of it. The weekly
    # วันพระ is not one: work on it still counts as 3.3 (the classifier goes by the key), but
    # some fifty a year would bury the days that matter.
    volunteer_day: bool = True

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
    NationalDay("wan_phra", "วันพระ", lunar=True, volunteer_day=False,
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
        found = holidays.country_holidays("TH", years=year)
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
    if isinstance(result, Iterable):
        return tuple(d for d in result if isinstance(d, datetime.date))
    return ()


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


# The calendar of one year: the days above, changed by the department or a province.

Action = Literal["add", "move", "cancel"]
ACTIONS: tuple[Action, ...] = ("add", "move", "cancel")
KEY_LENGTH = 40
NAME_LENGTH = 200
_KEY_PATTERN = re.compile(rf"[a-z][a-z0-9_]{{2,{KEY_LENGTH - 1}}}")


@dataclass(frozen=True)
class ImportantDay:
    """One important day on one date; `volunteer_day` as on NationalDay."""

    on: date
    key: str
    name_th: str
    volunteer_day: bool


@dataclass(frozen=True)
class DayChange:
    """One change to one year's calendar.

    add: a day of the department's or province's own, new `key`, on `on`, for that year only
    (a day kept every year is added once a year); move: `key` falls on `on` instead, in
    `year`; cancel: `key` has no date in `year`. A later change of a key in a year wins over
    an earlier one, so a move after a cancel brings the day back.
    """

    action: Action
    key: str
    year: int
    on: date | None = None
    name_th: str = ""
    volunteer_day: bool = True

    @classmethod
    def add(cls, on: date, key: str, name_th: str, volunteer_day: bool = True) -> DayChange:
        return cls("add", key, on.year, on, name_th, volunteer_day)

    @classmethod
    def move(cls, key: str, year: int, on: date) -> DayChange:
        return cls("move", key, year, on)

    @classmethod
    def cancel(cls, key: str, year: int) -> DayChange:
        return cls("cancel", key, year)


class CalendarError(ValueError):
    """A change that does not fit the calendar as it stands; the message says why."""


def days_of_year(year: int, changes: Iterable[DayChange] = ()) -> list[ImportantDay]:
    """The important days of `year` by date: the national days with `changes` applied in the
    order given (changes of other years are skipped). A day without a date in the year
    (``tree_day`` until someone moves it onto one) is not listed."""
    days = list(_standing_days(year))
    names = {key: (day.name_th, day.volunteer_day) for key, day in NATIONAL_DAYS.items()}
    for change in changes:
        if change.year != year:
            continue
        if change.action == "add":
            names[change.key] = (change.name_th, change.volunteer_day)
        days = [day for day in days if day.key != change.key]
        if change.action != "cancel" and change.on is not None and change.key in names:
            days.append(ImportantDay(change.on, change.key, *names[change.key]))
    return sorted(days, key=_in_order)


def check_change(change: DayChange, earlier: Sequence[DayChange]) -> None:
    """Raise CalendarError unless `change` makes sense after the `earlier` changes (those of
    its year, in the order they were made)."""
    if change.action not in ACTIONS:
        raise CalendarError(f"unknown action {change.action!r}")
    if change.action != "cancel" and change.on is None:
        raise CalendarError(f"{change.action} needs a date")
    if change.on is not None and change.on.year != change.year:
        raise CalendarError(f"{change.on.isoformat()} is not in {change.year}")
    if change.action == "add":
        _check_new_day(change, earlier)
        return
    dates = [day.on for day in days_of_year(change.year, earlier) if day.key == change.key]
    if not dates and not _is_known(change.key, change.year, earlier):
        raise CalendarError(f"unknown key {change.key!r} in {change.year}")
    if change.action == "cancel" and not dates:
        raise CalendarError(f"{change.key} has no date in {change.year} to cancel")
    if change.action == "move" and len(dates) > 1:
        raise CalendarError(f"{change.key} falls on {len(dates)} days in {change.year}: "
                            "it can be cancelled for the year but not moved")


def upcoming(days: Iterable[ImportantDay], today: date, within: int = 90,
             limit: int = 5) -> list[ImportantDay]:
    """The first `limit` volunteer days from `today` (itself included) to `within` days on.
    `days` must cover every year the window touches."""
    last = today + timedelta(days=within)
    soon = [day for day in days if day.volunteer_day and today <= day.on <= last]
    return sorted(soon, key=_in_order)[:limit]


def _check_new_day(change: DayChange, earlier: Sequence[DayChange]) -> None:
    if not _KEY_PATTERN.fullmatch(change.key):
        raise CalendarError(f"key {change.key!r}: 3 to {KEY_LENGTH} characters, lower-case "
                            "ASCII letters, digits and _, starting with a letter")
    if change.key in NATIONAL_DAYS:
        raise CalendarError(f"key {change.key!r} exists: it is a national day "
                            "(move or cancel it instead)")
    if any(c.action == "add" and c.key == change.key and c.year == change.year
           for c in earlier):
        raise CalendarError(f"key {change.key!r} exists in {change.year} "
                            "(move or cancel it instead)")
    name = change.name_th.strip()
    if not name or len(name) > NAME_LENGTH:
        raise CalendarError(f"a new day needs a Thai name of 1 to {NAME_LENGTH} characters")


def _is_known(key: str, year: int, earlier: Sequence[DayChange]) -> bool:
    """A national day, or a day added in `year` (an added day belongs to its year only)."""
    return key in NATIONAL_DAYS or any(
        c.action == "add" and c.key == key and c.year == year for c in earlier)


def _in_order(day: ImportantDay) -> tuple[date, bool, str]:
    # On a shared date (วิสาขบูชา is also a วันพระ) the day people plan for comes first.
    return day.on, not day.volunteer_day, day.key


@lru_cache(maxsize=16)
def _standing_days(year: int) -> tuple[ImportantDay, ...]:
    """The national days of `year` before any change: every key on each of its dates."""
    return tuple(ImportantDay(on, day.key, day.name_th, day.volunteer_day)
                 for day in _DAYS for on in dates_in_year(day.key, year))
