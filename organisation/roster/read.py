"""Reading roster files: CSV or XLSX bytes to a table of text cells, within set limits.

A roster is a CSV (UTF-8 with or without BOM, CP932 as Japanese Excel saves it, or UTF-16 as
Excel's "Unicode text"; see common.text_files) or an XLSX workbook, with Japanese or English
headers. Reading never touches the database.

Files come from people and other systems, so every way a file could make the machine do
unbounded work is refused, in one sentence, before the work is done (issue 12, finding 5):
- the file's size (ROSTER_MAX_BYTES), checked before it is read;
- for XLSX, the archive's entries: how many, their declared sizes, and what they actually unpack
  to, counted while decompressing in chunks (ROSTER_MAX_UNPACKED_BYTES): a 1 MB workbook can
  declare or hold a 1 GiB sheet;
- the number of rows (ROSTER_MAX_ROWS), counted while rows are streamed: openpyxl reads the
  sheet in read-only mode, row by row, and CSV is decoded as it is read;
- the length of a row (CSV) and of a cell, so that one 50 MB line is refused rather than parsed;
- the width of a row: cells right of the header's last column are unnamed and never read.
"""

import contextlib
import csv
import io
import struct
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.text_files import UnreadableText, open_text

from .columns import header_fields, header_key

if TYPE_CHECKING:
    from openpyxl.cell.read_only import ReadOnlyCell

XLSX_MAGIC = b"PK\x03\x04"
# The longest cell any roster column could need (an e-mail address is at most 254 characters;
# remarks columns HR adds are kept short by the same rule).
MAX_CELL_CHARS = 1000
# A roster has about ten columns; exports add one per skill.
MAX_COLUMNS = 256
# One CSV record, quoted line breaks included: every column at its longest.
MAX_ROW_CHARS = MAX_COLUMNS * MAX_CELL_CHARS
# Offices put a title or notes above the header; the header is looked for in these first rows.
HEADER_SEARCH_ROWS = 50
# An XLSX workbook of one sheet has about ten parts; thousands mean something else.
MAX_ARCHIVE_ENTRIES = 1000
UNPACK_CHUNK = 1 << 20
# Parts other than sheets and shared strings (workbook, styles, theme) are small in any office
# file; openpyxl parses some of them whole.
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
# Cells a workbook may hold in all, per row of the row limit.
CELLS_PER_ROW = 32


class RosterFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's words."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Limits:
    """How large a roster may be; from the settings unless a caller says otherwise."""

    max_bytes: int
    max_rows: int
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.ROSTER_MAX_BYTES,
            max_rows=settings.ROSTER_MAX_ROWS,
            max_unpacked_bytes=settings.ROSTER_MAX_UNPACKED_BYTES,
        )


@dataclass
class Table:
    """Cells as text; `numbers` are the sheet's row numbers (the header is usually row 1)."""

    header: list[str]
    header_row: int
    rows: list[list[str]]
    numbers: list[int]


def size_text(size: int) -> str:
    """A size as people read it ("32.0 MB"), with an ordinary space."""
    return filesizeformat(size).replace("\xa0", " ")


def check_size(size: int, limits: Limits | None = None) -> None:
    """Refuse a file by its size alone, before anything reads it."""
    limits = limits or Limits.from_settings()
    if size > limits.max_bytes:
        raise RosterFileError(
            _("ファイルが上限の %(limit)s を超えているため取り込めません。")
            % {"limit": size_text(limits.max_bytes)}
        )


def cell_text(value: object) -> str:
    return "" if value is None else str(value)


# --- CSV ----------------------------------------------------------------------------------------


class BoundedLines:
    """The lines of a text stream for csv.reader, refusing a record longer than MAX_ROW_CHARS.

    csv.reader pulls lines until a record is complete (a quoted field may span lines), so the
    budget is per record: `next_record` resets it. A line is read with a length limit, so a
    file of one 50 MB line is refused after MAX_ROW_CHARS characters, not after reading it all.
    """

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream = stream
        self.used = 0
        self.record = 1

    def __iter__(self) -> "BoundedLines":
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_ROW_CHARS + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > MAX_ROW_CHARS:
            raise RosterFileError(
                _("%(row)d 行目が %(limit)d 文字を超えているため取り込めません。")
                % {"row": self.record, "limit": MAX_ROW_CHARS},
                row=self.record,
            )
        return line

    def next_record(self, line_num: int) -> None:
        self.used = 0
        self.record = line_num + 1


def csv_rows(data: bytes) -> Iterator[tuple[int, Sequence[str]]]:
    try:
        stream = open_text(data)
    except UnreadableText as error:
        raise RosterFileError(str(error)) from error
    lines = BoundedLines(stream)
    first_line = stream.readline(MAX_ROW_CHARS + 1)
    stream.seek(0)
    # Excel's "Unicode text" and some HR systems separate with tabs.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module's own field limit (131,072 characters, far above any cell we
            # accept) is a cell too large; anything else (a NUL byte) a record it cannot read.
            if str(error).startswith("field larger than field limit"):
                raise cell_too_large(lines.record) from error
            raise RosterFileError(
                _("%(row)d 行目がCSVとして読めません。") % {"row": lines.record},
                row=lines.record,
            ) from error
        # A record's number is the line it starts on, as a spreadsheet shows it.
        yield lines.record, row
        lines.next_record(reader.line_num)


# --- XLSX ---------------------------------------------------------------------------------------


def archive_entry_count(data: bytes) -> int:
    """The entry count in the zip's end record, read before zipfile builds its whole index."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise RosterFileError(_("Excelファイル（.xlsx）として読めません。"))
    return struct.unpack("<H", data[end + 10 : end + 12])[0]


class PartScanner:
    """Counts the rows and cells of a sheet, or the strings of the shared-string table, as the
    part is decompressed, with expat's C parser: refused before openpyxl builds anything.

    openpyxl reads every sheet once to find its size when it opens a workbook, builds each row
    whole, and keeps the shared strings in memory: so rows, cells in a row, cells in all, and
    shared strings are what bound its time and memory. No document type is accepted, so no
    entity can expand.
    """

    def __init__(self, counts: "ArchiveCounts", is_sheet: bool) -> None:
        self.counts = counts
        self.is_sheet = is_sheet
        self.rows = 0
        self.cells_in_row = 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.StartDoctypeDeclHandler = self.refuse_doctype

    def refuse_doctype(self, *_args) -> None:
        raise RosterFileError(_("Excelファイル（.xlsx）として読めません。"))

    def start(self, name: str, _attributes) -> None:
        local = name.rpartition(" ")[2]
        if self.is_sheet:
            if local == "row":
                self.rows += 1
                self.cells_in_row = 0
                if self.rows > self.counts.limits.max_rows + HEADER_SEARCH_ROWS:
                    raise self.counts.too_many_rows()
            elif local == "c":
                self.cells_in_row += 1
                self.counts.cells += 1
                if self.cells_in_row > MAX_COLUMNS:
                    raise RosterFileError(
                        _("%(row)d 行目の列が上限の %(limit)d 列を超えているため取り込めません。")
                        % {"row": self.rows, "limit": MAX_COLUMNS},
                        row=self.rows,
                    )
                if self.counts.cells > self.counts.max_cells:
                    raise self.counts.too_many_rows()
        elif local == "si":
            self.counts.strings += 1
            if self.counts.strings > self.counts.max_cells:
                raise self.counts.too_many_rows()

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as error:
            raise RosterFileError(_("Excelファイル（.xlsx）として読めません。")) from error


@dataclass
class ArchiveCounts:
    limits: Limits
    cells: int = 0
    strings: int = 0

    @property
    def max_cells(self) -> int:
        # Rows at the limit, each about as wide as a roster with a column per skill.
        return self.limits.max_rows * CELLS_PER_ROW

    def too_many_rows(self) -> RosterFileError:
        return RosterFileError(
            _("行数が上限の %(limit)s 行を超えているため取り込めません。")
            % {"limit": f"{self.limits.max_rows:,}"}
        )


def scanner_for(name: str, counts: ArchiveCounts) -> PartScanner | None:
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return PartScanner(counts, is_sheet=True)
    if name == "xl/sharedStrings.xml":
        return PartScanner(counts, is_sheet=False)
    return None


def check_archive(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack past the limits: declared, then actually."""
    too_large = RosterFileError(
        _("Excelファイルの展開後の大きさが上限の %(limit)s を超えているため取り込めません。")
        % {"limit": size_text(limits.max_unpacked_bytes)}
    )
    # 0xFFFF means a ZIP64 index, which no roster needs.
    if archive_entry_count(data) >= min(MAX_ARCHIVE_ENTRIES, 0xFFFF):
        raise RosterFileError(
            _("Excelファイルの部品が多すぎるため取り込めません（%(limit)d 個まで）。")
            % {"limit": MAX_ARCHIVE_ENTRIES}
        )
    counts = ArchiveCounts(limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > limits.max_unpacked_bytes:
                raise too_large
            # Declared sizes are the writer's word: count what decompression actually yields.
            unpacked = 0
            for entry in entries:
                scanner = scanner_for(entry.filename, counts)
                size = 0
                with archive.open(entry) as member:
                    while chunk := member.read(UNPACK_CHUNK):
                        size += len(chunk)
                        unpacked += len(chunk)
                        if unpacked > limits.max_unpacked_bytes:
                            raise too_large
                        if scanner is None and size > MAX_OTHER_PART_BYTES:
                            raise too_large
                        if scanner is not None:
                            scanner.feed(chunk)
                if scanner is not None:
                    scanner.feed(b"", final=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as error:
        # Bad CRC (an entry that unpacks to other than it declares), encryption, odd methods.
        raise RosterFileError(_("Excelファイル（.xlsx）として読めません。")) from error


def xlsx_cell_text(cell: "ReadOnlyCell") -> str:
    """Excel stores 00123 as the number 123 shown with the format 00000: put the zeros back."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number_format = cell.number_format or ""
        if number_format and set(number_format) == {"0"}:
            return str(value).zfill(len(number_format))
        return str(value)
    return str(value)


def xlsx_cells(row: Sequence) -> list[str]:
    return [xlsx_cell_text(cell) for cell in row]


def xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, Sequence]]:
    from openpyxl import load_workbook

    check_archive(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise RosterFileError(_("Excelファイル（.xlsx）として読めません。")) from error
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared size is the writer's word too: without this, openpyxl pads every
        # row to the declared width (up to 16,384 columns).
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1)
    except (KeyError, ValueError, TypeError, SyntaxError) as error:
        # openpyxl's parser on a damaged sheet (ElementTree's ParseError is a SyntaxError).
        raise RosterFileError(_("Excelファイル（.xlsx）として読めません。")) from error
    finally:
        workbook.close()


# --- Both ---------------------------------------------------------------------------------------


def cell_too_large(number: int) -> RosterFileError:
    return RosterFileError(
        _("%(row)d 行目に %(limit)d 文字を超えるセルがあるため取り込めません。")
        % {"row": number, "limit": MAX_CELL_CHARS},
        row=number,
    )


def checked_cells(number: int, cells: list[str]) -> list[str]:
    if cells and max(map(len, cells)) > MAX_CELL_CHARS:
        raise cell_too_large(number)
    return cells


def is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def read_table(data: bytes, limits: Limits | None = None) -> Table:
    """The roster's header and rows, whatever the file's format; blank rows are skipped."""
    limits = limits or Limits.from_settings()
    check_size(len(data), limits)
    rows: Generator[tuple[int, Sequence], None, None]
    text_of: Callable[[Sequence], list[str]]
    if data.startswith(XLSX_MAGIC):
        rows, text_of = xlsx_rows(data, limits), xlsx_cells
    else:
        rows, text_of = csv_rows(data), list
    with contextlib.closing(rows):
        return table_of(rows, text_of, limits)


def table_of(
    rows: Iterator[tuple[int, Sequence]], text_of: Callable[[Sequence], list[str]], limits: Limits
) -> Table:
    known = header_fields()
    header: list[str] | None = None
    first: tuple[int, list[str]] | None = None
    # Offices often put a title such as 「令和8年度 職員名簿」 above the header row; the first
    # non-blank row stands in for a header that is not found, and its errors say what is missing.
    for number, raw in rows:
        cells = checked_cells(number, text_of(raw))
        if is_blank(cells):
            if number > HEADER_SEARCH_ROWS:
                break
            continue
        first = first or (number, cells)
        if any(header_key(cell) in known for cell in cells):
            header_row, header = number, cells
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        if first is None:
            raise RosterFileError(_("ファイルに見出し行がありません。"))
        header_row, header = first
    if len(header) >= MAX_COLUMNS and header[-1].strip():
        raise RosterFileError(
            _("見出しの列が上限の %(limit)d 列を超えているため取り込めません。")
            % {"limit": MAX_COLUMNS - 1},
            row=header_row,
        )
    while header and not header[-1].strip():
        header.pop()
    width = len(header)
    body: list[list[str]] = []
    numbers: list[int] = []
    for number, raw in rows:
        if number <= header_row:
            continue
        # Blank rows count too: a sheet can hold a million of them in a few bytes.
        if number - header_row > limits.max_rows:
            raise RosterFileError(
                _("行数が上限の %(limit)s 行を超えているため取り込めません。")
                % {"limit": f"{limits.max_rows:,}"},
                row=number,
            )
        # Cells right of the header have no name and are not read.
        cells = checked_cells(number, text_of(raw[:width]))
        if is_blank(cells):
            continue
        body.append(cells)
        numbers.append(number)
    return Table(header=header, header_row=header_row, rows=body, numbers=numbers)
