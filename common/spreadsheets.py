"""Spreadsheets as offices open them: XLSX written with openpyxl, CSV in UTF-8 with BOM or CP932.

Every export of the platform (the roster, the portfolio's views) describes its table as a
`Sheet` of `Column`s and rows, and this module writes it; the way a file looks is decided here
once, so every export reads the same way in Excel:

- a header block above the table: the title in bold, then lines saying what the file shows (its
  filters, its scope, the moment it was made in Tokyo time with 和暦 beside, the privacy note);
- the column headers in bold on a shaded row, wrapped when long, repeated on every printed page;
- each column's kind decides its number format (counts 1,234, levels 2.3, shares 71.4%) and, with
  its contents, its width, counted in East Asian width (a kanji takes two places, as in Excel);
- panes frozen below the header row (and right of the columns that name a row), an autofilter
  over the table, A4 landscape fitted to the page's width;
- a figure withheld for privacy is written as 秘匿 on a shaded cell, never as a number, so it
  cannot be mistaken for an empty cell (no figure) or for 0.

CSV stays plain for machines: the header row, then the rows; no header block.

Text a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) is
prefixed with an apostrophe in both formats: names and departments are typed by many people
and exports are opened in Excel (OWASP "CSV injection").
"""

import csv
import datetime
import enum
import io
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from . import japanese_dates

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "csv-cp932": "text/csv; charset=cp932",
}
# Excel opens UTF-8 CSV correctly only with a byte order mark; CP932 for older Excel.
CSV_ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
# Widths are counted in half-width places. Columns are sized from their header and the first
# rows (a large export streams; its first rows are a fair sample), within these bounds; a header
# wider than HEADER_WRAP wraps onto more lines rather than widening a column of short figures.
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH = 6
MAX_WIDTH = 50
HEADER_WRAP = 16
WIDTH_PADDING = 2
LINE_HEIGHT = 15
A4 = "9"


class Kind(enum.StrEnum):
    """What a column holds, which decides how its cells are written and shown."""

    TEXT = "text"
    NUMBER = "number"  # a count: 1,234
    DECIMAL = "decimal"  # a quantity with one decimal: 12.5 (hours)
    LEVEL = "level"  # a mean skill level, as the screen shows it: 2.3
    PERCENT = "percent"  # a share from 0 to 1: 71.4%


NUMBER_FORMATS = {
    Kind.TEXT: "@",
    Kind.NUMBER: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.LEVEL: "0.0",
    Kind.PERCENT: "0.0%",
}


class UnencodableText(ValueError):
    """A CSV cannot be written in the asked encoding; the message names the character."""


class Withheld:
    """A figure withheld for privacy: written as 秘匿, never as a number."""

    def __str__(self) -> str:
        return _("秘匿")


WITHHELD = Withheld()


def neutralise(value: object) -> object:
    """Text beginning like a formula gets a leading apostrophe, so it stays text; others pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: its header and the kind of its cells (numbers stay numbers in XLSX)."""

    header: str
    kind: Kind = Kind.TEXT

    @property
    def number(self) -> bool:
        return self.kind != Kind.TEXT


@dataclass
class Sheet:
    """A table to write: its sheet's name, its columns, one row per line.

    `heading` and `lines` make the header block above the table in XLSX (CSV leaves them out);
    `frozen_columns` are the leading columns that name a row, kept in view when scrolling right.
    """

    title: str
    columns: list[Column]
    rows: Iterable[Sequence] = field(default_factory=list)
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    frozen_columns: int = 0

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def made_at_line(moment: datetime.datetime | None = None) -> str:
    """出力日時：2026/12/5 13:05（令和8年12月5日 13:05）, in Tokyo time."""
    moment = timezone.localtime(moment or timezone.now(), japanese_dates.TOKYO)
    return _("出力日時：%(seireki)s（%(wareki)s）") % {
        "seireki": f"{moment.year}/{moment.month}/{moment.day} {moment:%H:%M}",
        "wareki": japanese_dates.wareki_datetime(moment),
    }


def sheet_name(title: str) -> str:
    """A name Excel accepts for a sheet: without []:*?/\\, at most 31 characters."""
    return SHEET_NAME_FORBIDDEN.sub("_", title)[:SHEET_NAME_LENGTH] or "Sheet"


def display_width(text: str) -> int:
    """Places a text takes in a cell: two for wide (East Asian) characters, one for others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def shown_text(column: Column, value: object) -> str:
    """Roughly what Excel shows for a value, to size its column."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if column.kind == Kind.PERCENT:
        return f"{value * 100:.1f}%"
    if column.kind in (Kind.LEVEL, Kind.DECIMAL):
        return f"{value:,.1f}"
    return f"{value:,}"


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence]) -> list[int]:
    widths = []
    for index, column in enumerate(columns):
        content = max((display_width(shown_text(column, row[index])) for row in rows), default=0)
        header = min(display_width(column.header), HEADER_WRAP)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, header, content) + WIDTH_PADDING))
    return widths


def header_lines(columns: Sequence[Column], widths: Sequence[int]) -> int:
    """How many lines the tallest wrapped header needs."""
    return max(
        (
            math.ceil(display_width(column.header) / max(width - WIDTH_PADDING, 1))
            for column, width in zip(columns, widths, strict=True)
        ),
        default=1,
    )


def cell(column: Column, value: object) -> object:
    """A value as the XLSX cell holds it: numbers native in number columns, other things text."""
    if value is None or value == "":
        return None
    if column.number and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


def lay_out(worksheet, sheet: Sheet, widths: list[int], header_row: int) -> None:
    """Column widths, frozen panes and print setup: set before the first row is written."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}{header_row + 1}"
    worksheet.row_dimensions[header_row].height = LINE_HEIGHT * header_lines(sheet.columns, widths)
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = A4
    worksheet.page_setup.fitToWidth = 1
    # 0: as many pages down as the table needs.
    worksheet.page_setup.fitToHeight = 0
    worksheet.print_title_rows = f"{header_row}:{header_row}"


def write_sheet(workbook, sheet: Sheet) -> None:
    """Append one sheet to a write-only workbook: header block, table, and how it prints."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(sheet_name(sheet.title))
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    block = ([sheet.heading] if sheet.heading else []) + list(sheet.lines)
    header_row = len(block) + 2 if block else 1
    lay_out(worksheet, sheet, column_widths(sheet.columns, sample), header_row)

    for number, text in enumerate(block):
        line = WriteOnlyCell(worksheet, value=neutralise(text))
        line.font = Font(bold=True, size=14) if number == 0 and sheet.heading else Font(size=10)
        worksheet.append([line])
    if block:
        worksheet.append([])

    header = []
    for text in sheet.headers:
        heading = WriteOnlyCell(worksheet, value=neutralise(text))
        heading.font = Font(bold=True)
        heading.fill = PatternFill("solid", fgColor="DDE4EE")
        heading.border = Border(bottom=Side(style="thin"))
        heading.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        header.append(heading)
    worksheet.append(header)

    formats = [NUMBER_FORMATS[column.kind] for column in sheet.columns]
    withheld_fill = PatternFill("gray125", fgColor="BFBFBF")
    last_row = header_row
    for row in itertools.chain(sample, rows):
        cells = []
        for column, number_format, value in zip(sheet.columns, formats, row, strict=True):
            written = WriteOnlyCell(worksheet, value=cell(column, value))
            written.number_format = number_format
            if isinstance(value, Withheld):
                written.fill = withheld_fill
                written.alignment = Alignment(horizontal="center")
            cells.append(written)
        worksheet.append(cells)
        last_row += 1
    last_column = get_column_letter(max(len(sheet.columns), 1))
    worksheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The sheets as one XLSX workbook, in order, written row by row (large tables stream)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain(value: object) -> object:
    """A value as CSV holds it: nothing for no figure and for a withheld one (machines read
    numbers; the table says elsewhere which figures are withheld)."""
    if value is None or isinstance(value, Withheld):
        return ""
    return neutralise(value)


def csv_text(sheet: Sheet) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(text) for text in sheet.headers])
    for row in sheet.rows:
        writer.writerow([plain(value) for value in row])
    return buffer.getvalue()


def csv_bytes(sheet: Sheet, encoding: str = "utf-8", *, errors: str = "strict") -> bytes:
    """CSV as Excel opens it: UTF-8 with a BOM, or CP932 when asked.

    With errors="strict" a character CP932 lacks stops the export (UnencodableText);
    errors="replace" writes "?" for it instead.
    """
    text = csv_text(sheet)
    try:
        return text.encode(CSV_ENCODINGS[encoding], errors=errors)
    except UnicodeEncodeError as error:
        raise UnencodableText(
            _("「%(char)s」はCP932で書けません。UTF-8で出力してください。")
            % {"char": error.object[error.start : error.end]}
        ) from error
