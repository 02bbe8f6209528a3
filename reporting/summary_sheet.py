"""The first sheet: title, the month's key figures, totals by area and type with a bar chart,
then partner sectors, the dimensions of 3.2 and the national days of 3.3."""

from __future__ import annotations

from datetime import date

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.text import RichText
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from models.stats import SECTORS, TYPES, AreaFigures, Summary
from reporting import texts
from reporting.layout import (
    BOLD,
    CENTRE,
    DECIMAL,
    FONT_NAME,
    HEADER_FILL,
    LINE_POINTS,
    NUMBERED,
    TITLE,
    TOTAL_FILL,
    header_row,
    print_setup,
    put,
    put_row,
    set_widths,
    text_line,
)
from thaitext.activities import DIMENSION_NAMES, TYPE_NAMES, TYPE_SHORT
from thaitext.dates import format_thai_date, format_thai_month
from thaitext.important_days import NATIONAL_DAYS

WIDTHS = (7, 26, 11, 11, 9, 14, 14, 14, 12, 11, 12, 11)
LAST_COLUMN = len(WIDTHS)
PERCENT_COLUMN = 5
TYPE_COLUMN = 6  # F: 3.1, then 3.2 and 3.3; the chart reads these three columns
NAME_SPAN = (2, 5)  # tables 2-4 write their names across B:E
CHART_ROWS = 14


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def write_summary(ws: Worksheet, summary: Summary, as_of: date | None) -> None:
    ws.title = texts.SUMMARY_SHEET
    set_widths(ws, WIDTHS)
    row = _heading(ws, summary, as_of)
    first, row = _areas_table(ws, summary, row + 2)
    # The chart and the smaller tables start a printed page of their own: the chart is never
    # cut in two, whatever the length of table 1.
    ws.row_breaks.append(Break(id=row))
    row = _chart(ws, summary, first, row + 2)  # a row apart: its frame stays off page 1
    row = _sectors_table(ws, summary, row + 2)
    row = _dimensions_table(ws, summary, row + 2)
    _days_table(ws, summary, row + 2)
    print_setup(ws)


def _heading(ws: Worksheet, summary: Summary, as_of: date | None) -> int:
    """Title block and key figures; returns the last row written."""
    status = summary.status
    total = status.total
    lines = [status.scope_name,
             texts.MONTH_LINE.format(month=format_thai_month(status.month.first_day))]
    if as_of is not None:
        lines.append(texts.AS_OF.format(day=format_thai_date(as_of)))
    text_line(ws, 1, LAST_COLUMN, texts.TITLE, font=TITLE, align=CENTRE)
    for row, line in enumerate(lines, start=2):
        text_line(ws, row, LAST_COLUMN, line, font=BOLD, align=CENTRE)
    figures = [
        texts.CENTRES_LINE.format(reported=total.centres_reported, centres=total.centres,
                                  percent=percent(total.centres_reported, total.centres)),
        texts.REPORTS_LINE.format(reports=total.reports, participants=total.participants,
                                  photos=total.photos)
        + (texts.FAILED_PHOTOS.format(failed=total.failed_photos) if total.failed_photos else ""),
    ]
    row = len(lines) + 2
    for line in figures:
        row += 1
        text_line(ws, row, LAST_COLUMN, line)
    return row


def _areas_table(ws: Worksheet, summary: Summary, row: int) -> tuple[int, int]:
    """Table 1: one line per area below the scope, then the total and a note on the types;
    returns its first area row and its last row."""
    level = summary.status.scope.level
    text_line(ws, row, LAST_COLUMN, texts.TABLE_AREAS.format(rank=texts.AREA_RANKS[level]),
              font=BOLD)
    _areas_heading(ws, level, row + 1)
    row = first = row + 3
    for number, area in enumerate(summary.status.rows, start=1):
        put_row(ws, row, [number, area.name_th, *_figures(area)])
        _percent_format(ws, row)
        row += 1
    put_row(ws, row, ["", texts.TOTAL, *_figures(summary.status.total)], font=BOLD,
            fill=TOTAL_FILL)
    _percent_format(ws, row)
    for code in TYPES:
        row += 1
        text_line(ws, row, LAST_COLUMN, texts.LEGEND.format(code=code, name=TYPE_NAMES[code]))
    return first, row


def _areas_heading(ws: Worksheet, level: str, top: int) -> None:
    """Two heading rows: the type columns sit under one shared heading, the others span
    both rows."""
    sub = top + 1
    singles = {1: texts.ORDER, 2: texts.AREA_HEADINGS[level], 3: texts.CENTRES,
               4: texts.REPORTED, 5: texts.PERCENT, 10: texts.REPORTS,
               11: texts.PARTICIPANTS, 12: texts.PHOTOS}
    for column, heading in singles.items():
        for row in (top, sub):
            cell = put(ws, row, column, heading if row == top else "", font=BOLD, align=CENTRE,
                       fit=False)
            cell.fill = HEADER_FILL
        ws.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
    put(ws, top, TYPE_COLUMN, texts.BY_TYPE, last=TYPE_COLUMN + 3, font=BOLD,
        align=CENTRE).fill = HEADER_FILL
    header_row(ws, sub, [f"{code} {TYPE_SHORT[code]}" for code in TYPES] + [texts.UNCLASSIFIED],
               first_column=TYPE_COLUMN)


def _percent_format(ws: Worksheet, row: int) -> None:
    ws.cell(row=row, column=PERCENT_COLUMN).number_format = DECIMAL


def _figures(area: AreaFigures) -> list[int | float]:
    return [area.centres, area.centres_reported, percent(area.centres_reported, area.centres),
            *(area.by_type.get(code, 0) for code in TYPES), area.by_type.get("", 0),
            area.reports, area.participants, area.photos]


def _chart(ws: Worksheet, summary: Summary, first: int, row: int) -> int:
    """A native bar chart of table 1's three type columns, anchored below it; returns the
    last row it covers (rows are given a fixed height so the chart never hides a table)."""
    areas = len(summary.status.rows)
    if not areas:
        return row
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = texts.CHART_TITLE.format(rank=texts.AREA_RANKS[summary.status.scope.level])
    data = Reference(ws, min_col=TYPE_COLUMN, max_col=TYPE_COLUMN + 2, min_row=first - 1,
                     max_row=first + areas - 1)
    chart.add_data(data, titles_from_data=True)
    names = Reference(ws, min_col=2, min_row=first, max_row=first + areas - 1)
    for series in chart.series:  # area names are text: a number reference shows 1, 2, 3
        series.cat = AxDataSource(strRef=StrRef(f=str(names)))
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides axes by default
    chart.legend.position = "b"
    _thai_text(chart)
    # Anchored to cells at both corners, the chart is exactly as wide as the tables in every
    # spreadsheet program (their column units differ), over rows of a fixed height.
    for covered in range(row, row + CHART_ROWS):
        ws.row_dimensions[covered].height = LINE_POINTS
    chart.anchor = TwoCellAnchor(_from=AnchorMarker(col=0, row=row - 1),
                                 to=AnchorMarker(col=LAST_COLUMN, row=row - 1 + CHART_ROWS))
    ws.add_chart(chart)
    return row + CHART_ROWS - 1


def _thai_text(chart: BarChart) -> None:
    """Chart labels in the report's Thai font: a chart does not inherit the cells' font."""
    font = Font(typeface=FONT_NAME)
    props = CharacterProperties(latin=font, cs=font, sz=1100)
    rich = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])
    chart.x_axis.txPr = chart.y_axis.txPr = rich
    chart.legend.txPr = rich
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(
        defRPr=CharacterProperties(latin=font, cs=font, sz=1400, b=True))


def _counts_table(ws: Worksheet, row: int, title: str, heading: str, second: str,
                  counts: list[tuple[str, int]], whole: int) -> int:
    """A small table: name (across B:E), count and share of `whole`; returns its last row."""
    first, last = NAME_SPAN
    text_line(ws, row, LAST_COLUMN, title, font=BOLD)
    row += 1
    header_row(ws, row, [texts.ORDER], 1)
    put(ws, row, first, heading, last=last, font=BOLD, align=CENTRE).fill = HEADER_FILL
    header_row(ws, row, [texts.REPORT_COUNT, second], last + 1)
    for number, (name, count) in enumerate(counts, start=1):
        row += 1
        put(ws, row, 1, number, align=NUMBERED)
        put(ws, row, first, name, last=last)
        put(ws, row, last + 1, count)
        put(ws, row, last + 2, percent(count, whole), number_format=DECIMAL)
    return row


def _sectors_table(ws: Worksheet, summary: Summary, row: int) -> int:
    counts = [(sector, summary.sectors.get(sector, 0)) for sector in SECTORS]
    return _counts_table(ws, row, texts.TABLE_SECTORS, texts.SECTOR, texts.PERCENT_OF_REPORTS,
                         counts, summary.status.total.reports)


def _dimensions_table(ws: Worksheet, summary: Summary, row: int) -> int:
    counts = [(DIMENSION_NAMES[key], summary.dimensions.get(key, 0)) for key in DIMENSION_NAMES]
    return _counts_table(ws, row, texts.TABLE_DIMENSIONS, texts.DIMENSION, texts.PERCENT_OF_32,
                         counts, summary.status.total.by_type.get("3.2", 0))


def _days_table(ws: Worksheet, summary: Summary, row: int) -> int:
    # In the calendar's order; a key the calendar no longer knows is still counted.
    order = {key: index for index, key in enumerate(NATIONAL_DAYS)}
    keys = sorted(summary.national_days, key=lambda key: (order.get(key, len(order)), key))
    counts = [(NATIONAL_DAYS[key].name_th if key in NATIONAL_DAYS else key,
               summary.national_days[key]) for key in keys]
    if not counts:
        text_line(ws, row, LAST_COLUMN, texts.TABLE_DAYS, font=BOLD)
        text_line(ws, row + 1, LAST_COLUMN, texts.NO_NATIONAL_DAYS)
        return row + 1
    return _counts_table(ws, row, texts.TABLE_DAYS, texts.NATIONAL_DAY, texts.PERCENT_OF_33,
                         counts, summary.status.total.by_type.get("3.3", 0))
