"""A month's figures for a district, a province and the country, from a real database seeded
with Nong Khai and a month of reports whose every number is known."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from models.divisions import Centre, District, Subdistrict
from models.members import Member
from models.reports import Photo, Report
from models.seed import seed_divisions
from models.session import Database
from models.stats import (
    NAMELESS_LEADER,
    SECTORS,
    Month,
    Scope,
    not_reported,
    ranking,
    report_lines,
    scope_name,
    status,
    summary,
)
from tests.conftest import new_user_id

OCTOBER = Month(2026, 10)
THA_BO = Scope("district", "4302")
MUEANG = Scope("district", "4301")
NONG_KHAI = Scope("province", "43")
COUNTRY = Scope("country", "TH")
_ids = itertools.count(1)


@dataclass
class October:
    """Report ids by name, and the centre ids by sub-district code."""

    reports: dict[str, int]
    centres: dict[str, int]


def _member(session: Session, subdistrict: str, centres: dict[str, int], name: str | None,
            role: str = "leader", member_status: str = "active") -> Member:
    member = Member(line_user_id=new_user_id(), display_name=name, role=role,
                    status=member_status, centre_id=centres[subdistrict],
                    district_code=subdistrict[:4], province_code=subdistrict[:2])
    session.add(member)
    session.flush()
    return member


def _report(session: Session, centre_id: int, member: Member, day: date, *,
            activity_type: str | None = None, dimension: str | None = None,
            national_day: str | None = None, sectors: tuple[str, ...] = (),
            participants: int | None = None, stored: int = 0, failed: int = 0,
            report_status: str = "active") -> int:
    report = Report(source_event_id=f"ev-{next(_ids)}", centre_id=centre_id,
                    member_id=member.id, chat_key=member.line_user_id,
                    text=f"กิจกรรม {activity_type} {day}", activity_type=activity_type,
                    dimension=dimension, national_day=national_day, sectors=list(sectors),
                    participants=participants, activity_date=day, status=report_status)
    session.add(report)
    session.flush()
    for photo_status in ["stored"] * stored + ["failed"] * failed:
        session.add(Photo(line_message_id=f"m-{next(_ids)}", report_id=report.id,
                          member_id=member.id, status=photo_status))
    return report.id


@pytest.fixture
def october(db: Database) -> October:
    """ท่าบ่อ (4302): only ท่าบ่อ centre (430201) reports, four times; น้ำโมง has two active
    leaders, one removed and a cancelled report; กองนาง reported in September only, โคกคอน in
    November only; บ้านเดื่อ (430205)'s leader has no LINE name. เมืองหนองคาย (4301) and
    โพนพิสัย (4305) report too."""
    with db.transaction() as session:
        centres = dict(session.execute(select(Centre.subdistrict_code, Centre.id)).all())
        somchai = _member(session, "430201", centres, "สมชาย")
        boonmee = _member(session, "430202", centres, "บุญมี")
        _member(session, "430202", centres, "คำปุน")
        _member(session, "430202", centres, "ย้ายไปแล้ว", member_status="removed")
        _member(session, "430205", centres, None)
        mueang = _member(session, "430109", centres, "มานพ")
        phon = _member(session, "430501", centres, "ทองดี")
        ids = {
            "meeting": _report(session, centres["430201"], somchai, date(2026, 10, 5),
                               activity_type="3.1", sectors=("รัฐ", "ศาสนา"),
                               participants=20, stored=2, failed=1),
            "health": _report(session, centres["430201"], somchai, date(2026, 10, 20),
                              activity_type="3.2", dimension="health", sectors=("รัฐ",),
                              participants=15, stored=1),
            "oct13": _report(session, centres["430201"], somchai, date(2026, 10, 13),
                             activity_type="3.3", national_day="king9_memorial_oct13",
                             sectors=("รัฐ", "ศาสนา", "ประชาชน", "สถาบันการศึกษา"),
                             participants=50),
            "unclassified": _report(session, centres["430201"], somchai, date(2026, 10, 31)),
            "cancelled": _report(session, centres["430202"], boonmee, date(2026, 10, 9),
                                 activity_type="3.1", participants=99, stored=4,
                                 sectors=("เอกชน",), report_status="cancelled"),
            "september": _report(session, centres["430203"], somchai, date(2026, 9, 30),
                                 activity_type="3.1", participants=7, stored=1),
            "november": _report(session, centres["430204"], somchai, date(2026, 11, 1),
                                activity_type="3.1", participants=7, stored=1),
            "income": _report(session, centres["430109"], mueang, date(2026, 10, 2),
                              activity_type="3.2", dimension="income", sectors=("เอกชน",),
                              participants=30, stored=5),
            "oct23": _report(session, centres["430109"], mueang, date(2026, 10, 23),
                             activity_type="3.3", national_day="chulalongkorn_oct23",
                             participants=8),
            "big_meeting_1": _report(session, centres["430101"], mueang, date(2026, 10, 1),
                                     activity_type="3.1", participants=100),
            "big_meeting_2": _report(session, centres["430101"], mueang, date(2026, 10, 3),
                                     activity_type="3.1", participants=100),
            "phon_1": _report(session, centres["430501"], phon, date(2026, 10, 12),
                              activity_type="3.2", dimension="living", participants=40),
            "phon_2": _report(session, centres["430502"], phon, date(2026, 10, 12),
                              activity_type="3.3", national_day="king9_memorial_oct13",
                              participants=10, failed=2),
        }
    return October(ids, centres)


def test_scope_names(db: Database) -> None:
    with db.sessions() as session:
        assert scope_name(session, THA_BO) == "อำเภอท่าบ่อ จังหวัดหนองคาย"
        assert scope_name(session, NONG_KHAI) == "จังหวัดหนองคาย"
        assert scope_name(session, COUNTRY) == "ทั้งประเทศ"
        with pytest.raises(ValueError):
            scope_name(session, Scope("district", "9999"))
    with db.transaction() as session:
        seed_divisions(session, ["10"])
    with db.sessions() as session:  # Bangkok is not a จังหวัด and its districts are เขต
        assert scope_name(session, Scope("province", "10")) == "กรุงเทพมหานคร"
        assert scope_name(session, Scope("district", "1001")) == "เขตพระนคร กรุงเทพมหานคร"


def test_district_status_has_every_centre_and_counts_only_the_month(
        db: Database, october: October) -> None:
    with db.sessions() as session:
        result = status(session, THA_BO, OCTOBER)
        names = dict(session.execute(select(Subdistrict.code, Subdistrict.name_th)
                                     .where(Subdistrict.district_code == "4302")).all())
    assert result.scope_name == "อำเภอท่าบ่อ จังหวัดหนองคาย" and result.month == OCTOBER
    assert [row.code for row in result.rows] == [f"4302{n:02d}" for n in range(1, 11)]
    assert {row.code: row.name_th for row in result.rows} == names
    assert result.rows[4].name_th == "บ้านเดื่อ"
    tha_bo, *others = result.rows
    assert (tha_bo.centres, tha_bo.centres_reported, tha_bo.reports) == (1, 1, 4)
    assert tha_bo.by_type == {"3.1": 1, "3.2": 1, "3.3": 1, "": 1}
    assert (tha_bo.photos, tha_bo.failed_photos, tha_bo.participants) == (3, 1, 85)
    for row in others:  # cancelled, September's and November's reports do not count
        assert (row.centres, row.centres_reported, row.reports, row.photos,
                row.failed_photos, row.participants) == (1, 0, 0, 0, 0, 0)
        assert row.by_type == {"3.1": 0, "3.2": 0, "3.3": 0, "": 0}
    total = result.total
    assert (total.code, total.name_th) == ("4302", "อำเภอท่าบ่อ จังหวัดหนองคาย")
    assert (total.centres, total.centres_reported, total.reports) == (10, 1, 4)
    assert total.by_type == {"3.1": 1, "3.2": 1, "3.3": 1, "": 1}
    assert (total.photos, total.failed_photos, total.participants) == (3, 1, 85)


def test_not_reported_lists_the_other_nine_with_their_active_leaders(
        db: Database, october: October) -> None:
    with db.sessions() as session:
        missing = not_reported(session, THA_BO, OCTOBER)
    assert [m.subdistrict_code for m in missing] == [f"4302{n:02d}" for n in range(2, 11)]
    assert {m.district_code for m in missing} == {"4302"}
    assert {m.district_th for m in missing} == {"ท่าบ่อ"}
    leaders = {m.subdistrict_code: m.leaders for m in missing}
    assert leaders["430202"] == ["บุญมี", "คำปุน"]  # not the removed one
    assert leaders["430205"] == [NAMELESS_LEADER]
    assert all(leaders[code] == [] for code in leaders if code not in ("430202", "430205"))
    assert missing[0].subdistrict_th == "น้ำโมง"
    assert missing[0].centre_id == october.centres["430202"]


def test_province_status_covers_all_nine_districts(db: Database, october: October) -> None:
    with db.sessions() as session:
        result = status(session, NONG_KHAI, OCTOBER)
        districts = dict(session.execute(select(District.code, District.name_th)
                                         .where(District.province_code == "43")).all())
    assert len(result.rows) == 9
    assert {row.code: row.name_th for row in result.rows} == districts
    assert [row.code for row in result.rows] == sorted(districts)
    rows = {row.code: row for row in result.rows}
    assert (rows["4302"].centres, rows["4302"].centres_reported, rows["4302"].reports) == \
        (10, 1, 4)
    assert (rows["4301"].centres_reported, rows["4301"].reports) == (2, 4)
    assert rows["4301"].by_type == {"3.1": 2, "3.2": 1, "3.3": 1, "": 0}
    assert (rows["4301"].photos, rows["4301"].participants) == (5, 238)
    assert (rows["4305"].centres_reported, rows["4305"].failed_photos) == (2, 2)
    assert sum(row.reports for row in result.rows if row.code not in
               ("4301", "4302", "4305")) == 0
    total = result.total
    assert (total.centres, total.centres_reported, total.reports) == (62, 5, 10)
    assert total.by_type == {"3.1": 3, "3.2": 3, "3.3": 3, "": 1}
    assert (total.photos, total.failed_photos, total.participants) == (8, 3, 373)
    assert sum(row.centres for row in result.rows) == 62


def test_country_status_is_by_province(db: Database, october: October) -> None:
    with db.sessions() as session:
        country = status(session, COUNTRY, OCTOBER)
        province = status(session, NONG_KHAI, OCTOBER)
    assert country.scope_name == "ทั้งประเทศ"
    [row] = country.rows  # only Nong Khai is seeded
    assert (row.code, row.name_th) == ("43", "หนองคาย")
    assert country.total.reports == province.total.reports == 10
    assert country.total.centres == 62 and country.total.code == "TH"


def test_not_reported_in_the_province_skips_every_reporting_centre(
        db: Database, october: October) -> None:
    with db.sessions() as session:
        missing = not_reported(session, NONG_KHAI, OCTOBER)
    codes = [m.subdistrict_code for m in missing]
    assert len(codes) == 62 - 5
    assert not {"430201", "430109", "430101", "430501", "430502"} & set(codes)
    assert codes == sorted(codes)


def test_district_summary(db: Database, october: October) -> None:
    with db.sessions() as session:
        result = summary(session, THA_BO, OCTOBER)
    assert result.status.total.reports == 4
    assert result.sectors == {"รัฐ": 3, "ศาสนา": 2, "สถาบันการศึกษา": 1, "เอกชน": 0,
                              "ประชาชน": 1, "ประชาสังคม": 0, "สื่อสารมวลชน": 0}
    assert list(result.sectors) == list(SECTORS)
    assert result.dimensions == {"living": 0, "health": 1, "income": 0, "services": 0}
    assert result.national_days == {"king9_memorial_oct13": 1}
    # Most participants (50), most photos (2 of the meeting), then most sectors of the rest.
    ids = october.reports
    assert [line.report_id for line in result.showcases] == \
        [ids["oct13"], ids["meeting"], ids["health"]]
    oct13, meeting, _ = result.showcases
    assert (oct13.activity_date, oct13.activity_type, oct13.national_day) == \
        (date(2026, 10, 13), "3.3", "king9_memorial_oct13")
    assert (oct13.district_code, oct13.district_th, oct13.subdistrict_code,
            oct13.subdistrict_th) == ("4302", "ท่าบ่อ", "430201", "ท่าบ่อ")
    assert oct13.sectors == ["รัฐ", "ศาสนา", "ประชาชน", "สถาบันการศึกษา"]
    assert (meeting.photos, meeting.failed_photos, meeting.participants) == (2, 1, 20)


def test_province_summary(db: Database, october: October) -> None:
    with db.sessions() as session:
        result = summary(session, NONG_KHAI, OCTOBER)
    assert result.sectors["เอกชน"] == 1  # the cancelled report's is not counted
    assert result.sectors["รัฐ"] == 3
    assert result.dimensions == {"living": 1, "health": 1, "income": 1, "services": 0}
    assert result.national_days == {"chulalongkorn_oct23": 1, "king9_memorial_oct13": 2}
    ids = october.reports
    # 100 people (the earlier of two ties), 5 photos, 4 sectors.
    assert [line.report_id for line in result.showcases] == \
        [ids["big_meeting_1"], ids["income"], ids["oct13"]]


def test_ranking_orders_by_reports_then_types_then_participants(
        db: Database, october: October) -> None:
    with db.sessions() as session:
        ranked = ranking(session, NONG_KHAI, OCTOBER)
        top = ranking(session, NONG_KHAI, OCTOBER, limit=2)
        district = ranking(session, THA_BO, OCTOBER)
    assert [(r.subdistrict_th, r.district_th, r.reports, r.types, r.participants, r.photos)
            for r in ranked] == [
        ("ท่าบ่อ", "ท่าบ่อ", 4, 3, 85, 3),
        ("บ้านเดื่อ", "เมืองหนองคาย", 2, 2, 38, 5),  # two types beat 200 people of one
        ("ในเมือง", "เมืองหนองคาย", 2, 1, 200, 0),
        ("จุมพล", "โพนพิสัย", 1, 1, 40, 0),  # more people first
        ("วัดหลวง", "โพนพิสัย", 1, 1, 10, 0),
    ]
    assert ranked[0].centre_id == october.centres["430201"]
    assert [r.centre_id for r in top] == [r.centre_id for r in ranked[:2]]
    assert [r.centre_id for r in district] == [october.centres["430201"]]


def test_report_lines_by_district_centre_and_date(db: Database, october: October) -> None:
    ids = october.reports
    with db.sessions() as session:
        district = report_lines(session, THA_BO, OCTOBER)
        province = report_lines(session, NONG_KHAI, OCTOBER)
    assert [line.report_id for line in district] == \
        [ids["meeting"], ids["oct13"], ids["health"], ids["unclassified"]]
    assert [line.report_id for line in province] == [
        ids["big_meeting_1"], ids["big_meeting_2"], ids["income"], ids["oct23"],
        ids["meeting"], ids["oct13"], ids["health"], ids["unclassified"],
        ids["phon_1"], ids["phon_2"]]
    unclassified = district[-1]
    assert (unclassified.activity_type, unclassified.participants, unclassified.sectors,
            unclassified.photos) == (None, None, [], 0)
    assert province[-1].failed_photos == 2 and province[-1].photos == 0
    assert province[2].text == "กิจกรรม 3.2 2026-10-02"


def test_a_month_without_reports(db: Database, october: October) -> None:
    august = Month(2026, 8)
    with db.sessions() as session:
        result = summary(session, NONG_KHAI, august)
        missing = not_reported(session, THA_BO, august)
        assert ranking(session, NONG_KHAI, august) == []
        assert report_lines(session, NONG_KHAI, august) == []
    assert result.status.total.centres == 62 and result.status.total.reports == 0
    assert result.status.total.centres_reported == 0
    assert set(result.sectors.values()) == {0} and set(result.dimensions.values()) == {0}
    assert result.national_days == {} and result.showcases == []
    assert len(missing) == 10


def test_december_and_january_bound_their_months(db: Database, october: October) -> None:
    with db.transaction() as session:
        member = session.scalars(select(Member).where(Member.display_name == "สมชาย")).one()
        centre = october.centres["430201"]
        for day in (date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31),
                    date(2027, 1, 1)):
            _report(session, centre, member, day, activity_type="3.1")
    with db.sessions() as session:
        assert status(session, THA_BO, Month(2026, 12)).total.reports == 2
        assert status(session, THA_BO, Month(2027, 1)).total.reports == 1
        assert status(session, THA_BO, Month(2026, 11)).total.reports == 2


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("call", [status, not_reported, summary, ranking, report_lines])
def test_queries_per_call_do_not_grow_with_the_area(db: Database, october: October,
                                                    call: Any) -> None:
    counts = []
    for scope in (THA_BO, NONG_KHAI, COUNTRY):
        with db.sessions() as session:
            session.execute(select(1))  # the transaction's BEGIN is not the call's
            with statements(db) as seen:
                call(session, scope, OCTOBER)
        counts.append(len(seen))
    # The country's name needs no query.
    assert counts[0] == counts[1] >= counts[2] >= counts[1] - 1
    assert max(counts) <= 6
