"""thaitext.important_days: the important days the classifier names, and the calendar of a
year with the changes people make to it."""

import datetime
import json
from importlib import resources

import pytest

from thaitext.important_days import (
    NATIONAL_DAYS,
    CalendarError,
    DayChange,
    ImportantDay,
    check_change,
    dates_in_year,
    days_of_year,
    fixed_day_key,
    lunar_day_key,
    upcoming,
)

D = datetime.date


def test_keys_are_ascii_and_fixed_days_are_real() -> None:
    for key, day in NATIONAL_DAYS.items():
        assert key.isascii() and key == day.key and day.name_th
        if day.is_fixed:
            assert dates_in_year(key, 2024) == [datetime.date(2024, day.month, day.day)]
        else:
            assert day.lunar or day.note


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("makha_bucha", datetime.date(2024, 2, 24)),
        ("visakha_bucha", datetime.date(2024, 5, 22)),
        ("asalha_bucha", datetime.date(2024, 7, 20)),
        ("khao_phansa", datetime.date(2024, 7, 21)),
    ],
)
def test_lunar_days_come_from_holidays(key: str, expected: datetime.date) -> None:
    assert dates_in_year(key, 2024) == [expected]


def test_wan_phra_is_weekly_or_empty() -> None:
    days = dates_in_year("wan_phra", 2024)
    assert days == [] or 40 <= len(days) <= 60


def test_lookup_helpers() -> None:
    assert fixed_day_key(12, 5) == "king9_birthday_dec5"
    assert fixed_day_key(1, 28) is None  # อช. anniversary is a network day (R1)
    assert lunar_day_key(datetime.date(2024, 7, 20)) == "asalha_bucha"
    assert lunar_day_key(datetime.date(2024, 7, 23)) is None
    with pytest.raises(KeyError):
        dates_in_year("no_such_day", 2024)


def test_classifier_lexicon_uses_only_calendar_keys() -> None:
    path = resources.files("classifier").joinpath("lexicons", "national_days.json")
    names = json.loads(path.read_text(encoding="utf-8"))
    assert {k for k in names if not k.startswith("_")} <= set(NATIONAL_DAYS)


@pytest.mark.parametrize(
    ("key", "expected"),
    [  # the official dates (Royal Thai Government calendar)
        ("visakha_bucha", D(2024, 5, 22)),
        ("visakha_bucha", D(2025, 5, 11)),
        ("visakha_bucha", D(2026, 5, 31)),
        ("visakha_bucha", D(2027, 5, 20)),
        ("asalha_bucha", D(2027, 7, 18)),
        ("ok_phansa", D(2026, 10, 26)),
    ],
)
def test_lunar_days_fall_on_the_official_dates(key: str, expected: datetime.date) -> None:
    assert [d.on for d in days_of_year(expected.year) if d.key == key] == [expected]


def test_a_year_holds_every_dated_day_in_date_order() -> None:
    days = days_of_year(2027)
    assert days == sorted(days, key=lambda d: d.on)
    keys = {d.key for d in days}
    assert keys == set(NATIONAL_DAYS) - {"tree_day"}  # no date in law until someone sets one
    assert ImportantDay(D(2027, 7, 28), "king_birthday_jul28",
                        NATIONAL_DAYS["king_birthday_jul28"].name_th, True) in days


def test_wan_phra_is_listed_but_is_not_a_volunteer_day() -> None:
    days = days_of_year(2027)
    assert {d.key for d in days if not d.volunteer_day} == {"wan_phra"}
    # On a full moon that is also วิสาขบูชา, the day people plan for comes first.
    may_20 = [d.key for d in days if d.on == D(2027, 5, 20)]
    assert may_20 == ["visakha_bucha", "wan_phra"]


def on(changes: list[DayChange], key: str, year: int = 2027) -> list[datetime.date]:
    return [d.on for d in days_of_year(year, changes) if d.key == key]


ADD = DayChange.add(D(2027, 3, 1), "nongkhai_day", "วันหนองคาย")


@pytest.mark.parametrize(
    ("changes", "key", "expected"),
    [
        ([], "chakri_apr6", [D(2027, 4, 6)]),
        ([ADD], "nongkhai_day", [D(2027, 3, 1)]),
        ([ADD, DayChange.cancel("nongkhai_day", 2027)], "nongkhai_day", []),
        ([ADD, DayChange.move("nongkhai_day", 2027, D(2027, 3, 2))], "nongkhai_day",
         [D(2027, 3, 2)]),
        ([DayChange.move("chakri_apr6", 2027, D(2027, 4, 7))], "chakri_apr6", [D(2027, 4, 7)]),
        ([DayChange.cancel("chakri_apr6", 2027)], "chakri_apr6", []),
        # a later change wins: a move after a cancel brings the day back
        ([DayChange.cancel("chakri_apr6", 2027), DayChange.move("chakri_apr6", 2027,
                                                                 D(2027, 4, 8))],
         "chakri_apr6", [D(2027, 4, 8)]),
        ([DayChange.move("tree_day", 2027, D(2027, 6, 5))], "tree_day", [D(2027, 6, 5)]),
        ([DayChange.cancel("wan_phra", 2027)], "wan_phra", []),
        # a change belongs to its year only
        ([DayChange.cancel("chakri_apr6", 2026)], "chakri_apr6", [D(2027, 4, 6)]),
        ([DayChange.add(D(2026, 3, 1), "nongkhai_day", "วันหนองคาย")], "nongkhai_day", []),
    ],
)
def test_changes_to_a_year(changes: list[DayChange], key: str,
                           expected: list[datetime.date]) -> None:
    assert on(changes, key) == expected


def test_an_added_day_keeps_its_name_and_kind_through_a_move() -> None:
    local = DayChange.add(D(2027, 3, 1), "market_day", "วันตลาดนัดชุมชน", volunteer_day=False)
    days = days_of_year(2027, [local, DayChange.move("market_day", 2027, D(2027, 3, 9))])
    assert [d for d in days if d.key == "market_day"] == [
        ImportantDay(D(2027, 3, 9), "market_day", "วันตลาดนัดชุมชน", False)]
    moved = days_of_year(2027, [DayChange.move("chakri_apr6", 2027, D(2027, 4, 7))])
    assert [d.name_th for d in moved if d.key == "chakri_apr6"] == ["วันจักรี"]


@pytest.mark.parametrize(
    ("change", "earlier", "reason"),
    [
        (DayChange.add(D(2027, 4, 6), "chakri_apr6", "วันจักรี"), [], "national day"),
        (ADD, [ADD], "exists in 2027"),
        (DayChange.add(D(2027, 3, 1), "Nong Khai", "วันหนองคาย"), [], "lower-case ASCII"),
        (DayChange.add(D(2027, 3, 1), "nongkhai_day", "  "), [], "Thai name"),
        (DayChange.move("no_such_day", 2027, D(2027, 3, 1)), [], "unknown key"),
        (DayChange.cancel("no_such_day", 2027), [], "unknown key"),
        # an added day is known in its own year only
        (DayChange.move("nongkhai_day", 2028, D(2028, 3, 1)), [ADD], "unknown key"),
        (DayChange.move("chakri_apr6", 2027, D(2028, 4, 6)), [], "is not in 2027"),
        (DayChange("move", "chakri_apr6", 2027), [], "needs a date"),
        (DayChange.cancel("tree_day", 2027), [], "no date in 2027"),
        (DayChange.cancel("chakri_apr6", 2027), [DayChange.cancel("chakri_apr6", 2027)],
         "no date in 2027"),
        (DayChange.move("wan_phra", 2027, D(2027, 3, 1)), [], "not moved"),
    ],
)
def test_changes_that_do_not_fit_are_refused(change: DayChange, earlier: list[DayChange],
                                             reason: str) -> None:
    with pytest.raises(CalendarError, match=reason):
        check_change(change, earlier)


@pytest.mark.parametrize(
    "change",
    [ADD, DayChange.move("chakri_apr6", 2027, D(2027, 4, 7)),
     DayChange.move("tree_day", 2027, D(2027, 6, 5)), DayChange.cancel("wan_phra", 2027),
     DayChange.cancel("nongkhai_day", 2027)],
)
def test_changes_that_fit_pass_the_check_and_change_the_year(change: DayChange) -> None:
    earlier: list[DayChange] = [] if change is ADD else [ADD]
    check_change(change, earlier)
    assert days_of_year(2027, [*earlier, change]) != days_of_year(2027, earlier)


def test_upcoming_volunteer_days_from_today() -> None:
    days = days_of_year(2027) + days_of_year(2028)
    soon = upcoming(days, D(2027, 7, 28))
    assert [d.key for d in soon] == ["king_birthday_jul28", "queen_mother_aug12",
                                     "mahidol_sep24", "king9_memorial_oct13", "ok_phansa"]
    # Across New Year, no วันพระ, nothing beyond the window (วันจักรี 2028 is 118 days on).
    assert [(d.on, d.key) for d in upcoming(days, D(2027, 12, 6), limit=2)] == [
        (D(2028, 2, 10), "makha_bucha")]
    assert upcoming(days, D(2027, 12, 6), within=30) == []
