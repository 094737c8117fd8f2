"""Spreadsheets as offices open them: XLSX written with openpyxl, CSV in UTF-8 with BOM or CP932.

Every export of the platform (the roster, the portfolio's views) describes its table as a
`Sheet` of `Column`s and rows, and this module writes it; the way a file looks is decided here
once. Issue 14 grows it here: header blocks above the table, number formats per column, frozen
panes and autofilter belong on `Sheet` and `Column`, not in the callers.

Text a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) is
prefixed with an apostrophe in both formats: names and departments are typed by many people
and exports are opened in Excel (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "csv-cp932": "text/csv; charset=cp932",
}
# Excel opens UTF-8 CSV correctly only with a byte order mark; CP932 for older Excel.
CSV_ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}


class UnencodableText(ValueError):
    """A CSV cannot be written in the asked encoding; the message names the character."""


def neutralise(value: object) -> object:
    """Text beginning like a formula gets a leading apostrophe, so it stays text; others pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: its header, and whether its cells are numbers (kept as numbers in XLSX)."""

    header: str
    number: bool = False


@dataclass
class Sheet:
    """A table to write: a title (the XLSX sheet's name), its columns, one row per line."""

    title: str
    columns: list[Column]
    rows: Iterable[Sequence] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def cell(column: Column, value: object) -> object:
    """A value as the XLSX cell holds it: numbers native in number columns, other things text."""
    if value is None or value == "":
        return None
    if column.number and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


def xlsx_bytes(sheet: Sheet) -> bytes:
    """The sheet as an XLSX workbook, written row by row (write-only: large tables stream)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet.title[:31])
    header = []
    for text in sheet.headers:
        heading = WriteOnlyCell(worksheet, value=neutralise(text))
        heading.font = Font(bold=True)
        header.append(heading)
    worksheet.append(header)
    for row in sheet.rows:
        cells = zip(sheet.columns, row, strict=True)
        worksheet.append([cell(column, value) for column, value in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(sheet: Sheet) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(text) for text in sheet.headers])
    for row in sheet.rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
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
