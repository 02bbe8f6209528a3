"""`cddbot days`: list a year's important days, add, move and cancel a day in one year."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from bot.cli import cli
from models.calendar import CalendarChange, important_days
from models.session import Database
from thaitext import thai_date


def invoke(db: Database, *args: str) -> Result:
    env = {"DATABASE_URL": db.url, "LINE_CHANNEL_SECRET": None,
           "LINE_CHANNEL_ACCESS_TOKEN": None, "BOT_PROVINCES": "43"}
    return CliRunner().invoke(cli, list(args), env=env)


def run(db: Database, *args: str) -> str:
    result = invoke(db, *args)
    assert result.exit_code == 0, result.output
    return result.output


def rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def stored(db: Database) -> list[CalendarChange]:
    with db.sessions() as session:
        return list(session.scalars(select(CalendarChange).order_by(CalendarChange.id)))


def test_list_defaults_to_this_year_in_thailand(db: Database) -> None:
    year = thai_date(datetime.now(UTC)).year
    listed = rows(run(db, "days", "list"))
    assert all(len(row) == 4 and row[3] in ("yes", "no") for row in listed)
    assert [f"{year}-07-28", "king_birthday_jul28",
            "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "yes"] in listed
    assert {row[3] for row in listed if row[1] == "wan_phra"} == {"no"}
    assert [row[0] for row in listed] == sorted(row[0] for row in listed)


def test_a_buddhist_era_year_is_the_same_year(db: Database) -> None:
    listed = run(db, "days", "list", "--year", "2570")
    assert listed == run(db, "days", "list", "--year", "2027")
    assert "2027-05-20\tvisakha_bucha\tวันวิสาขบูชา\tyes" in listed.splitlines()


def test_add_move_and_cancel_change_that_year_only(db: Database) -> None:
    assert "added nongkhai_day on 2027-03-01" in run(
        db, "days", "add", "--date", "2027-03-01", "--key", "nongkhai_day",
        "--name", "วันหนองคาย", "--by", "สพจ.หนองคาย")
    run(db, "days", "add", "--date", "2027-03-05", "--key", "market_day",
        "--name", "วันตลาดนัดชุมชน", "--not-volunteer")
    run(db, "days", "move", "chakri_apr6", "--year", "2027", "--to", "2027-04-07")
    run(db, "days", "move", "tree_day", "--year", "2570", "--to", "2570-06-05")
    assert "cancelled mahidol_sep24 in 2027" in run(
        db, "days", "cancel", "mahidol_sep24", "--year", "2027")
    listed = rows(run(db, "days", "list", "--year", "2027"))
    assert ["2027-03-01", "nongkhai_day", "วันหนองคาย", "yes"] in listed
    assert ["2027-03-05", "market_day", "วันตลาดนัดชุมชน", "no"] in listed
    assert ["2027-04-07", "chakri_apr6", "วันจักรี", "yes"] in listed
    assert ["2027-06-05", "tree_day", "วันต้นไม้ประจำปีของชาติ", "yes"] in listed
    assert not [row for row in listed if row[1] == "mahidol_sep24"]
    other_year = rows(run(db, "days", "list", "--year", "2028"))
    assert ["2028-04-06", "chakri_apr6", "วันจักรี", "yes"] in other_year
    assert not [row for row in other_year if row[1] in ("nongkhai_day", "tree_day")]
    changes = stored(db)
    assert [(c.action, c.key, c.year) for c in changes] == [
        ("add", "nongkhai_day", 2027), ("add", "market_day", 2027),
        ("move", "chakri_apr6", 2027), ("move", "tree_day", 2027),
        ("cancel", "mahidol_sep24", 2027)]
    assert changes[0].created_by == "สพจ.หนองคาย"
    assert all(c.created_by.startswith("cli") for c in changes[1:])


def test_a_move_after_a_cancel_brings_the_day_back(db: Database) -> None:
    run(db, "days", "cancel", "chakri_apr6", "--year", "2027")
    run(db, "days", "move", "chakri_apr6", "--year", "2027", "--to", "2027-04-06")
    with db.sessions() as session:
        days = important_days(session, 2027)
    assert [d.on.isoformat() for d in days if d.key == "chakri_apr6"] == ["2027-04-06"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("move", "no_such_day", "--year", "2027", "--to", "2027-03-01"),
         "unknown key 'no_such_day'"),
        (("cancel", "no_such_day", "--year", "2027"), "unknown key 'no_such_day'"),
        (("add", "--date", "2027-04-06", "--key", "chakri_apr6", "--name", "วันจักรี"),
         "key 'chakri_apr6' exists"),
        (("add", "--date", "2027-03-01", "--key", "Nong Khai", "--name", "วันหนองคาย"),
         "lower-case ASCII"),
        (("move", "chakri_apr6", "--year", "2027", "--to", "2028-04-06"),
         "2028-04-06 is not in 2027"),
        (("move", "wan_phra", "--year", "2027", "--to", "2027-04-06"), "not moved"),
        (("cancel", "tree_day", "--year", "2027"), "tree_day has no date in 2027"),
        (("add", "--date", "2027-02-30", "--key", "x_day", "--name", "วัน"), "not a date"),
        (("cancel", "chakri_apr6", "--year", "27"), "not a year"),
    ],
)
def test_changes_that_do_not_fit_are_refused_and_nothing_is_stored(
        db: Database, args: tuple[str, ...], error: str) -> None:
    result = invoke(db, "days", *args)
    assert result.exit_code != 0 and error in result.output
    assert stored(db) == []


def test_adding_a_key_twice_in_a_year_is_refused(db: Database) -> None:
    add = ("days", "add", "--date", "2027-03-01", "--key", "nongkhai_day", "--name",
           "วันหนองคาย")
    run(db, *add)
    again = invoke(db, *add)
    assert again.exit_code != 0 and "key 'nongkhai_day' exists in 2027" in again.output
    assert len(stored(db)) == 1
    # A day of the province's own is added once a year: next year is another day.
    run(db, "days", "add", "--date", "2028-03-01", "--key", "nongkhai_day", "--name",
        "วันหนองคาย")
    assert [c.year for c in stored(db)] == [2027, 2028]
