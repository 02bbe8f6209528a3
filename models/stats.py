"""What staff see of a month: figures computed by SQL aggregates inside the database, within
one area (a district, a province or the whole country), returned as plain data.

A report belongs to the month of its activity date (a Thai date) and counts while active.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TableValuedAlias

from models.divisions import Centre, District, Province, Subdistrict
from models.members import Member
from models.reports import Photo, Report
from thaitext.areas import COUNTRY_NAME, NAMELESS_LEADER, district_name, province_name

Level = Literal["country", "province", "district"]
COUNTRY = "TH"
TYPES = ("3.1", "3.2", "3.3")
SECTORS = ("รัฐ", "ศาสนา", "สถาบันการศึกษา", "เอกชน", "ประชาชน", "ประชาสังคม", "สื่อสารมวลชน")
DIMENSIONS = ("living", "health", "income", "services")


@dataclass(frozen=True)
class Scope:
    """The area a staff member may see: a district (officer), a province (admin) or the
    country (an admin of area TH)."""

    level: Level
    code: str  # "4301", "43" or "TH"


@dataclass(frozen=True)
class Month:
    year: int  # Gregorian
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


@dataclass(frozen=True)
class AreaFigures:
    """One line of a status table (a province, a district or a centre), or the total."""

    code: str
    name_th: str
    centres: int
    centres_reported: int
    reports: int
    by_type: dict[str, int]  # "3.1", "3.2", "3.3" and "" (not yet classified), all present
    photos: int  # stored photos of the month's reports
    failed_photos: int  # photos the bot could not keep (gone, not an image, too large)
    participants: int


@dataclass(frozen=True)
class Status:
    scope: Scope
    scope_name: str  # e.g. "อำเภอท่าบ่อ จังหวัดหนองคาย", "จังหวัดหนองคาย", "ทั้งประเทศ"
    month: Month
    rows: list[AreaFigures]  # one level below the scope, in code order
    total: AreaFigures


@dataclass(frozen=True)
class MissingCentre:
    """A centre with no report in the month, and who could be called about it."""

    centre_id: int
    subdistrict_code: str
    subdistrict_th: str
    district_code: str
    district_th: str
    leaders: list[str] = field(default_factory=list)  # display names of active leaders


@dataclass(frozen=True)
class ReportLine:
    """One report as the monthly file and the showcases list it."""

    report_id: int
    activity_date: date
    district_code: str
    district_th: str
    subdistrict_code: str
    subdistrict_th: str
    activity_type: str | None
    dimension: str | None
    national_day: str | None
    sectors: list[str]
    participants: int | None
    text: str
    photos: int
    failed_photos: int


@dataclass(frozen=True)
class Summary:
    status: Status
    sectors: dict[str, int]  # every one of SECTORS: reports naming it
    dimensions: dict[str, int]  # every one of DIMENSIONS: 3.2 reports in it
    national_days: dict[str, int]  # national-day key -> 3.3 reports for it
    showcases: list[ReportLine]  # two or three: most participants, most photos


@dataclass(frozen=True)
class RankedCentre:
    centre_id: int
    subdistrict_th: str
    district_th: str
    reports: int
    types: int  # distinct activity types reported
    participants: int
    photos: int


# --- Queries -------------------------------------------------------------------------------
# Every figure is a GROUP BY inside the database; Python only renames what comes back and
# adds up a status's few area rows. Each function runs a fixed number of statements,
# whatever the size of the area.

ACTIVE = "active"
LEADER = "leader"
SHOWCASE_CANDIDATES = 3  # per criterion: the picks before it take at most two


def scope_name(session: Session, scope: Scope) -> str:
    """The area in Thai: "อำเภอท่าบ่อ จังหวัดหนองคาย", "จังหวัดหนองคาย", "ทั้งประเทศ"."""
    if scope.level == "country":
        return COUNTRY_NAME
    query: Select[str, str, str | None]
    if scope.level == "province":
        query = select(Province.code, Province.name_th, null()).where(
            Province.code == scope.code)
    else:
        query = (select(Province.code, Province.name_th, District.name_th)
                 .join(District, District.province_code == Province.code)
                 .where(District.code == scope.code))
    found = session.execute(query).one_or_none()
    if found is None:
        raise ValueError(f"no {scope.level} with code {scope.code!r}")
    province_code, province_th, district_th = found
    province = province_name(province_th, province_code)
    if district_th is None:
        return province
    return f"{district_name(district_th, scope.code)} {province}"


def status(session: Session, scope: Scope, month: Month) -> Status:
    """Centres, reporting centres, reports by type, photos and participants of the month, for
    each area one level below the scope, and their total."""
    reports = _reports_by_centre(scope, month)
    photos = _photos_by(Report.centre_id, _month_reports(scope, month))
    code, name = _row_columns(scope.level)
    query = (
        _places(code, name, func.count(Centre.id), func.count(reports.c.centre_id),
                *(func.coalesce(func.sum(reports.c[column]), 0) for column in _REPORT_SUMS),
                func.coalesce(func.sum(photos.c.photos), 0),
                func.coalesce(func.sum(photos.c.failed_photos), 0))
        .outerjoin(reports, reports.c.centre_id == Centre.id)
        .outerjoin(photos, photos.c.key == Centre.id)
        .where(*_in_scope(scope)).group_by(code, name).order_by(code)
    )
    rows = [_figures(*row) for row in session.execute(query)]
    name_th = scope_name(session, scope)
    return Status(scope, name_th, month, rows, _total(scope.code, name_th, rows))


def not_reported(session: Session, scope: Scope, month: Month) -> list[MissingCentre]:
    """Centres of the area without an active report in the month, each with its active
    leaders' names, in district and sub-district code order."""
    reported = select(Report.id).where(Report.centre_id == Centre.id,
                                       *_of_month(month)).exists()
    query = (
        _places(Centre.id, Subdistrict.code, Subdistrict.name_th, District.code,
                District.name_th, Member.id, Member.display_name)
        .outerjoin(Member, and_(Member.centre_id == Centre.id, Member.role == LEADER,
                                Member.status == ACTIVE))
        .where(*_in_scope(scope), ~reported)
        .order_by(District.code, Subdistrict.code, Member.id)
    )
    missing: list[MissingCentre] = []
    for centre_id, sub_code, sub_th, district_code, district_th, member_id, name in \
            session.execute(query):
        if not missing or missing[-1].centre_id != centre_id:
            missing.append(MissingCentre(centre_id, sub_code, sub_th, district_code,
                                         district_th))
        if member_id is not None:
            missing[-1].leaders.append(name or NAMELESS_LEADER)
    return missing


def summary(session: Session, scope: Scope, month: Month) -> Summary:
    """The status, the partner sectors, the 3.2 dimensions, the national days of 3.3 and the
    month's showcase reports."""
    dimensions, national_days = _dimensions_and_days(session, scope, month)
    return Summary(status(session, scope, month), _sectors(session, scope, month),
                   dimensions, national_days, _showcases(session, scope, month))


def ranking(session: Session, scope: Scope, month: Month,
            limit: int = 10) -> list[RankedCentre]:
    """The most active centres: most reports, then most distinct types, then most
    participants (then photos, then code, so that ties always come out the same way)."""
    reports = _reports_by_centre(scope, month, types=True)
    photos = _photos_by(Report.centre_id, _month_reports(scope, month))
    photo_count = func.coalesce(photos.c.photos, 0)
    query = (
        _places(Centre.id, Subdistrict.name_th, District.name_th, reports.c.reports,
                reports.c.types, reports.c.participants, photo_count)
        .join(reports, reports.c.centre_id == Centre.id)
        .outerjoin(photos, photos.c.key == Centre.id)
        .where(*_in_scope(scope))
        .order_by(reports.c.reports.desc(), reports.c.types.desc(),
                  reports.c.participants.desc(), photo_count.desc(), Subdistrict.code)
        .limit(limit)
    )
    return [RankedCentre(*row) for row in session.execute(query)]


def report_lines(session: Session, scope: Scope, month: Month) -> list[ReportLine]:
    """Every active report of the month in the area, by district, centre, date."""
    # The area as conditions on the centres the reports are joined to, not as a list of
    # centre ids: PostgreSQL then starts from the area's centres instead of the month.
    return _lines(session, [*_in_scope(scope), *_of_month(month)],
                  photos_of=_month_reports(scope, month))


# --- Building blocks -----------------------------------------------------------------------

_REPORT_SUMS = ("reports", "type_3_1", "type_3_2", "type_3_3", "participants")


def _bounds(month: Month) -> tuple[date, date]:
    """The month's first day and the next month's: a range the date indexes can seek."""
    first = month.first_day
    return first, date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _places(*columns: Any) -> Select[Any]:
    """SELECT columns FROM centres with their sub-district, district and province."""
    return (select(*columns).select_from(Centre)
            .join(Subdistrict, Subdistrict.code == Centre.subdistrict_code)
            .join(District, District.code == Subdistrict.district_code)
            .join(Province, Province.code == District.province_code))


def _in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """Conditions on _places() that keep the centres of the area."""
    if scope.level == "district":
        return [Subdistrict.district_code == scope.code]
    if scope.level == "province":
        return [District.province_code == scope.code]
    return []


def _row_columns(level: Level) -> tuple[SQLColumnExpression[str], SQLColumnExpression[str]]:
    """Code and Thai name of the areas one level below the scope."""
    if level == "country":
        return Province.code, Province.name_th
    if level == "province":
        return District.code, District.name_th
    return Subdistrict.code, Subdistrict.name_th


def _month_reports(scope: Scope, month: Month) -> list[ColumnElement[bool]]:
    """Conditions on reports: active, of the month, at a centre of the area. The area is a
    list of centre ids so that small areas seek (centre, date) and the country scans dates."""
    conditions = _of_month(month)
    if scope.level != "country":
        conditions.append(Report.centre_id.in_(_places(Centre.id).where(*_in_scope(scope))))
    return conditions


def _of_month(month: Month) -> list[ColumnElement[bool]]:
    """Conditions on reports: active, of the month."""
    first, after = _bounds(month)
    return [Report.activity_date >= first, Report.activity_date < after,
            Report.status == ACTIVE]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _reports_by_centre(scope: Scope, month: Month, *, types: bool = False) -> Subquery:
    """Per centre with reports in the month: reports, each type, people, and (for the
    ranking only: it costs a sort) the number of distinct types."""
    distinct_types = [func.count(Report.activity_type.distinct()).label("types")] if types else []
    return (
        select(Report.centre_id, func.count().label("reports"),
               *(_count_if(Report.activity_type == t).label(f"type_{t.replace('.', '_')}")
                 for t in TYPES), *distinct_types,
               func.coalesce(func.sum(Report.participants), 0).label("participants"))
        .where(*_month_reports(scope, month)).group_by(Report.centre_id).subquery("month_reports")
    )


def _photos_by(key: SQLColumnExpression[int], conditions: list[ColumnElement[bool]]) -> Subquery:
    """Stored and failed photos of the reports meeting `conditions`, per `key` (the report's
    id or its centre's), found through the photos' (report, status) index."""
    # Grouped by an expression, not the bare column: given the column, SQLite walks a whole
    # index in its order (all reports, 1 s at a million) to get its groups without sorting,
    # instead of seeking the month in the date index and sorting what it finds. The CAST
    # keeps the integer affinity, without which SQLite scans this result for every row it is
    # joined to.
    grouped = cast(key + 0, Integer).label("key")
    return (
        select(grouped, _count_if(Photo.status == "stored").label("photos"),
               _count_if(Photo.status == "failed").label("failed_photos"))
        .select_from(Report).join(Photo, Photo.report_id == Report.id)
        .where(*conditions).group_by(grouped).subquery("photo_counts")
    )


def _figures(code: str, name_th: str, centres: int, reported: int, reports: int, t31: int,
             t32: int, t33: int, participants: int, photos: int, failed: int) -> AreaFigures:
    by_type = {"3.1": t31, "3.2": t32, "3.3": t33, "": reports - t31 - t32 - t33}
    return AreaFigures(code, name_th, centres, reported, reports, by_type, photos, failed,
                       participants)


def _total(code: str, name_th: str, rows: list[AreaFigures]) -> AreaFigures:
    """Adds up the area rows: each centre is in exactly one, so no figure counts twice."""
    return AreaFigures(
        code, name_th, sum(r.centres for r in rows), sum(r.centres_reported for r in rows),
        sum(r.reports for r in rows),
        {t: sum(r.by_type[t] for r in rows) for t in (*TYPES, "")},
        sum(r.photos for r in rows), sum(r.failed_photos for r in rows),
        sum(r.participants for r in rows))


def _sectors(session: Session, scope: Scope, month: Month) -> dict[str, int]:
    """Reports naming each partner sector: the JSON list unnested in SQL."""
    sector = _json_elements(session, Report.sectors)
    query = (select(sector.c.value, func.count(Report.id.distinct()))
             .select_from(Report).join(sector, true())
             .where(*_month_reports(scope, month)).group_by(sector.c.value))
    counts: dict[str, int] = dict(session.execute(query).all())
    return {name: counts.get(name, 0) for name in SECTORS}


def _json_elements(session: Session, column: Any) -> TableValuedAlias:
    """The text elements of a JSON array column, one row each. The column is JSON (json, not
    jsonb, on PostgreSQL: models/base.py maps list[Any] to sa.JSON)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def _dimensions_and_days(session: Session, scope: Scope,
                         month: Month) -> tuple[dict[str, int], dict[str, int]]:
    """3.2 reports per dimension (every dimension present) and 3.3 reports per national day
    (only days with reports), from one grouped count."""
    query = (select(Report.activity_type, Report.dimension, Report.national_day, func.count())
             .where(*_month_reports(scope, month), Report.activity_type.in_(("3.2", "3.3")))
             .group_by(Report.activity_type, Report.dimension, Report.national_day))
    dimensions = dict.fromkeys(DIMENSIONS, 0)
    days: dict[str, int] = {}
    for activity_type, dimension, day, count in session.execute(query):
        if activity_type == "3.2" and dimension in dimensions:
            dimensions[dimension] += count
        elif activity_type == "3.3" and day:
            days[day] = days.get(day, 0) + count
    return dimensions, dict(sorted(days.items()))


def _showcases(session: Session, scope: Scope, month: Month) -> list[ReportLine]:
    """Up to three distinct reports: most participants, most photos, most partner sectors
    (step 4 of the guideline tracks cooperation); ties go to the earlier report. A criterion
    nobody scored on is skipped."""
    conditions = _month_reports(scope, month)
    photos = _photos_by(Report.id, conditions)
    scores = {
        "people": (Report.id, func.coalesce(Report.participants, 0), conditions),
        "photos": (photos.c.key, photos.c.photos, []),
        "sectors": (Report.id, func.json_array_length(Report.sectors), conditions),
    }
    # The top few of each, from one statement: a top-N sort each, not a sort of the month.
    tops = [
        select(literal(name).label("criterion"), report.label("id"), score.label("score"))
        .where(*where).order_by(score.desc(), report).limit(SHOWCASE_CANDIDATES).subquery()
        for name, (report, score, where) in scores.items()
    ]
    # A UNION keeps no order: best first again here.
    candidates = sorted(session.execute(union_all(*(select(top) for top in tops))).all(),
                        key=lambda row: (-row.score, row.id))
    chosen: list[int] = []
    for name in scores:
        best = [row.id for row in candidates
                if row.criterion == name and row.score > 0 and row.id not in chosen]
        chosen += best[:1]
    chosen_reports: list[ColumnElement[bool]] = [Report.id.in_(chosen)]
    lines = {line.report_id: line
             for line in _lines(session, chosen_reports, photos_of=chosen_reports)}
    return [lines[report_id] for report_id in chosen]


def _lines(session: Session, conditions: list[ColumnElement[bool]], *,
           photos_of: list[ColumnElement[bool]]) -> list[ReportLine]:
    """The reports meeting `conditions` (on reports and their places), by district, centre
    and date; `photos_of`: the same reports, in conditions on reports alone."""
    photos = _photos_by(Report.id, photos_of)
    query = (
        _places(Report.id, Report.activity_date, District.code, District.name_th,
                Subdistrict.code, Subdistrict.name_th, Report.activity_type, Report.dimension,
                Report.national_day, Report.sectors, Report.participants, Report.text,
                func.coalesce(photos.c.photos, 0), func.coalesce(photos.c.failed_photos, 0))
        .join(Report, Report.centre_id == Centre.id)
        .outerjoin(photos, photos.c.key == Report.id).where(*conditions)
        .order_by(District.code, Subdistrict.code, Report.activity_date, Report.id)
    )
    return [ReportLine(*row) for row in session.execute(query)]
