"""How the report file looks: font, borders, cell writing, row heights and print set-up,
shared by every sheet."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from copy import copy
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting import texts

# Laksaman is Debian's (fonts-thai-tlwg) metric twin of TH Sarabun, the Thai government's
# standard document font: the file looks like an official report and LibreOffice on a
# server renders it with the real font instead of a fallback.
FONT_NAME = "Laksaman"
BODY_SIZE = 14
TITLE_SIZE = 18
LINE_POINTS = 23.0  # one line of 14-point Laksaman with room for Thai marks above and below
ROW_PADDING = 3.0  # points above and below the text of a row
CHAR_WIDTH = 1.1  # column-width units one Thai or Latin character takes at BODY_SIZE
WRAP_FILL = 0.88  # share of a line that word-wrapped Thai fills, on average
COMBINING = re.compile("[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
DEFAULT_WIDTH = 13.0  # openpyxl's width of a column never sized
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell

BODY = Font(name=FONT_NAME, size=BODY_SIZE)
BOLD = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)
TITLE = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBERED = Alignment(horizontal="center", vertical="top")  # a row's number in its list
RIGHT = Alignment(horizontal="right", vertical="top")
INTEGER = "#,##0"
DECIMAL = "0.00"


def clean(text: str) -> str:
    """Text a leader typed, safe in a cell: control characters are not allowed in xlsx XML,
    and Excel stops at 32,767 characters."""
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned[:MAX_CELL_CHARS]


def put(ws: Worksheet, row: int, column: int, value: Any, *, last: int | None = None,
        font: Font = BODY, align: Alignment = LEFT, grid: bool = True,
        number_format: str | None = None, fit: bool = True) -> Cell:
    """Write one cell (merged across to column `last` when given) and, with `fit`, let its
    row grow to show all of it. Strings are always stored as text, never as a formula, so a
    report that starts with "=" cannot run anything when the file is opened."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean(value)
        cell.data_type = "s"
        if fit:
            grow(ws, row, cell.value, width_of(ws, column, last or column),
                 font.size or BODY_SIZE)
    else:
        cell.value = value
        align = RIGHT if align is LEFT else align  # figures line up on the right
        if number_format is None and isinstance(value, int):
            number_format = INTEGER
    _style(cell, font, align, grid, number_format)
    if last is not None and last > column:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=last)
        if grid:
            for covered in range(column + 1, last + 1):
                ws.cell(row=row, column=covered).border = GRID
    return cell


# Setting a font, an alignment and a border hashes each against the workbook's style tables:
# most of the time a large file takes. Cells that look alike share one style array, found
# once per workbook (its numbers index that workbook's tables) and copied after that. The
# styles here are module constants, so their identities make the key.
_STYLES: WeakKeyDictionary[Workbook, dict[tuple[int, int, bool, str | None], StyleArray]] = \
    WeakKeyDictionary()
_STYLES_LOCK = threading.Lock()


def _style(cell: Cell, font: Font, align: Alignment, grid: bool,
           number_format: str | None) -> None:
    key = (id(font), id(align), grid, number_format)
    book = cell.parent.parent
    with _STYLES_LOCK:
        known = _STYLES.setdefault(book, {})
    if key in known:
        cell._style = copy(known[key])
        return
    cell.font = font
    cell.alignment = align
    if number_format:
        cell.number_format = number_format
    if grid:
        cell.border = GRID
    known[key] = copy(cell._style)


def put_row(ws: Worksheet, row: int, values: Sequence[Any], *, first_column: int = 1,
            font: Font = BODY, fill: PatternFill | None = None) -> None:
    """A table row; the first cell is its number in the list, centred."""
    for offset, value in enumerate(values):
        align = NUMBERED if offset == 0 else LEFT
        cell = put(ws, row, first_column + offset, value, font=font, align=align)
        if fill is not None:
            cell.fill = fill


def header_row(ws: Worksheet, row: int, headings: Sequence[str], first_column: int = 1) -> None:
    for offset, heading in enumerate(headings):
        cell = put(ws, row, first_column + offset, heading, font=BOLD, align=CENTRE)
        cell.fill = HEADER_FILL


def text_line(ws: Worksheet, row: int, last: int, text: str, *, font: Font = BODY,
              align: Alignment = LEFT) -> Cell:
    """A line of words across the sheet, outside any table: titles, notes."""
    return put(ws, row, 1, text, last=last, font=font, align=align, grid=False)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def width_of(ws: Worksheet, first: int, last: int) -> float:
    return sum(ws.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH
               for column in range(first, last + 1))


def visible_length(text: str) -> int:
    """Characters that take room on a line: Thai vowels and tone marks written above or
    below a consonant (and Latin combining accents) take none."""
    return len(text) - len(COMBINING.findall(text))


def lines_in(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide. Thai wraps only
    between words, so a line holds a little less than the width allows."""
    per_line = max(1, int(width / CHAR_WIDTH * WRAP_FILL))
    return sum(max(1, math.ceil(visible_length(part) / per_line)) for part in text.split("\n"))


def grow(ws: Worksheet, row: int, text: str, width: float, size: float = BODY_SIZE) -> None:
    """Make a row tall enough for `text` wrapped in `width`. Neither LibreOffice nor Excel
    grows a row of a generated file by itself, so a long report would be cut off."""
    needed = LINE_POINTS * size / BODY_SIZE * lines_in(text, width) + ROW_PADDING
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, needed)


def print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
    """A4 landscape, as wide as one page, any number of pages down, numbered in Thai."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = texts.FOOTER
    ws.oddFooter.center.font = FONT_NAME
    if title_rows:
        ws.print_title_rows = title_rows
