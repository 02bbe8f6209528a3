"""The monthly report file: plain data in, xlsx bytes out. No database, Flask or LINE here, so
the web download and the CLI build the very same file."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from models.stats import MissingCentre, ReportLine, Summary
from reporting import texts
from reporting.detail_sheets import group_lines, sheet_name, write_lines, write_missing
from reporting.summary_sheet import write_summary
from thaitext.dates import BE_OFFSET

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def monthly_workbook(summary: Summary, lines: list[ReportLine], missing: list[MissingCentre],
                     *, as_of: date | None = None) -> bytes:
    """The month's summary, a sheet of reports per district, and the centres that did not
    report. `as_of` (a Thai date) is printed under the title when given: a file of the
    current month is only a snapshot."""
    book = Workbook()
    write_summary(book.active, summary, as_of)
    for group in group_lines(summary, lines):
        write_lines(book.create_sheet(sheet_name(book, group.sheet, group.code)), group, summary)
    write_missing(book.create_sheet(sheet_name(book, texts.MISSING_SHEET, "missing")), summary,
                  missing)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(code: str, year: int, month: int) -> str:
    """E.g. ``cddbot-4301-2567-10.xlsx``: the area's code and the Buddhist-era month, ASCII
    only so every browser and mail client keeps it."""
    return f"cddbot-{code}-{year + BE_OFFSET}-{month:02d}.xlsx"
