"""The sheets after the summary: every report of the month, one sheet per district (per
province in a country-wide file), and the centres that did not report."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.stats import MissingCentre, ReportLine, Summary
from reporting import texts
from reporting.layout import (
    BOLD,
    CENTRE,
    TITLE,
    header_row,
    print_setup,
    put,
    put_row,
    set_widths,
    text_line,
)
from thaitext.activities import detail_name, type_name
from thaitext.areas import district_name, province_name, subdistrict_name
from thaitext.dates import format_thai_date, format_thai_month

LINE_WIDTHS = (6, 18, 16, 22, 22, 18, 10, 50, 9, 11)
LINE_HEADINGS = (texts.ORDER, texts.DATE, texts.CENTRE, texts.TYPE, texts.DETAIL, texts.SECTORS,
                 texts.PARTICIPANTS, texts.TEXT, texts.PHOTO_COUNT, texts.FAILED_COUNT)
MISSING_WIDTHS = (6, 26, 24, 12, 60)
MISSING_HEADINGS = (texts.ORDER, texts.DISTRICT, texts.SUBDISTRICT, texts.SUBDISTRICT_CODE,
                    texts.LEADERS)
SHEET_NAME_LIMIT = 31  # Excel's limit
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Group:
    """The reports of one sheet: a district, or a province in a country-wide file."""

    code: str
    sheet: str  # the sheet's name, short
    area: str  # the area in words, for the sheet's title
    lines: list[ReportLine]


def group_lines(summary: Summary, lines: list[ReportLine]) -> list[Group]:
    """Every area below the scope gets a sheet, even without reports: an empty sheet says
    plainly that a district sent nothing."""
    scope = summary.status.scope
    by_code: dict[str, list[ReportLine]] = defaultdict(list)
    for line in lines:
        by_code[_group_code(scope.level, scope.code, line)].append(line)
    if scope.level == "district":
        return [Group(scope.code, texts.LINES_SHEET, summary.status.scope_name,
                      _in_order(by_code.get(scope.code, [])))]
    named = {area.code: area.name_th for area in summary.status.rows}
    for code in by_code:  # an area the status table did not list still gets its sheet
        if code not in named:
            first = by_code[code][0]
            named[code] = first.district_th if scope.level == "province" else code
    groups = []
    for code in sorted(named):
        area = (province_name(named[code], code) if scope.level == "country"
                else district_name(named[code], code))
        groups.append(Group(code, named[code], area, _in_order(by_code.get(code, []))))
    return groups


def _group_code(level: str, scope_code: str, line: ReportLine) -> str:
    if level == "district":
        return scope_code
    return line.district_code[:2] if level == "country" else line.district_code


def _in_order(lines: list[ReportLine]) -> list[ReportLine]:
    return sorted(lines, key=lambda line: (line.activity_date, line.subdistrict_code,
                                           line.report_id))


def sheet_name(book: Workbook, wanted: str, code: str) -> str:
    """A name Excel accepts: short, without []:*?/\\, and not used by another sheet."""
    name = NOT_IN_SHEET_NAMES.sub(" ", wanted).strip()[:SHEET_NAME_LIMIT] or code
    if name in book.sheetnames:
        name = f"{name[:SHEET_NAME_LIMIT - len(code) - 1]} {code}"
    return name


def write_lines(ws: Worksheet, group: Group, summary: Summary) -> None:
    set_widths(ws, LINE_WIDTHS)
    _titles(ws, len(LINE_WIDTHS), texts.LINES_TITLE.format(area=group.area),
            texts.LINES_SUBTITLE.format(month=_month(summary), count=len(group.lines)))
    header_row(ws, 3, LINE_HEADINGS)
    if not group.lines:
        put(ws, 4, 1, texts.NO_LINES, last=len(LINE_WIDTHS), align=CENTRE)
    for number, line in enumerate(group.lines, start=1):
        put_row(ws, 3 + number, _line_values(number, line))
    print_setup(ws, title_rows="3:3")


def _titles(ws: Worksheet, last: int, title: str, subtitle: str) -> None:
    """Two lines above a list's heading row (row 3), which stays in view and on each page."""
    text_line(ws, 1, last, title, font=TITLE)
    text_line(ws, 2, last, subtitle, font=BOLD)
    ws.freeze_panes = "A4"


def _month(summary: Summary) -> str:
    return format_thai_month(summary.status.month.first_day)


def _line_values(number: int, line: ReportLine) -> list[str | int]:
    return [
        number,
        format_thai_date(line.activity_date),
        subdistrict_name(line.subdistrict_th, line.subdistrict_code),
        type_name(line.activity_type),
        detail_name(line.dimension, line.national_day) or texts.NONE,
        ", ".join(line.sectors) or texts.NONE,
        line.participants if line.participants is not None else texts.NONE,
        line.text,
        line.photos,
        line.failed_photos,
    ]


def write_missing(ws: Worksheet, summary: Summary, missing: list[MissingCentre]) -> None:
    set_widths(ws, MISSING_WIDTHS)
    _titles(ws, len(MISSING_WIDTHS), texts.MISSING_TITLE.format(scope=summary.status.scope_name),
            texts.MISSING_SUBTITLE.format(month=_month(summary), count=len(missing)))
    header_row(ws, 3, MISSING_HEADINGS)
    if not missing:
        put(ws, 4, 1, texts.ALL_REPORTED, last=len(MISSING_WIDTHS), align=CENTRE)
    ordered = sorted(missing, key=lambda centre: centre.subdistrict_code)
    for number, centre in enumerate(ordered, start=1):
        put_row(ws, 3 + number, [
            number,
            district_name(centre.district_th, centre.district_code),
            subdistrict_name(centre.subdistrict_th, centre.subdistrict_code),
            centre.subdistrict_code,
            ", ".join(centre.leaders) or texts.NO_LEADERS,
        ])
    print_setup(ws, title_rows="3:3")
