"""thaitext.important_days: the important days the classifier names."""

import datetime
import json
from importlib import resources

import pytest

from thaitext.important_days import NATIONAL_DAYS, dates_in_year, fixed_day_key, lunar_day_key


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
