"""Roster files made to exhaust a machine (issue 12, finding 5), for tests and the benchmark.

Each is written to disk in a few seconds and little memory: the large parts are streamed
through zipfile or written in pieces, never held whole.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_END = b"</sheetData></worksheet>"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>職員番号</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>氏名</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>自治体</t></is></c></row>'
).encode()
GIB = 1024**3


def workbook_parts() -> dict[str, bytes]:
    """The parts of a real one-sheet workbook, as openpyxl writes it."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xlsx_with_sheet(path: Path, pieces, *, compresslevel: int = 9) -> Path:
    """A workbook whose sheet XML is the given byte pieces, streamed into the archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data in workbook_parts().items():
            if name == SHEET:
                with archive.open(SHEET, "w") as sheet:
                    sheet.write(SHEET_START)
                    for piece in pieces:
                        sheet.write(piece)
                    sheet.write(SHEET_END)
            else:
                archive.writestr(name, data)
    return path


def deflated_repeats(start: bytes, chunk: bytes, count: int, end: bytes) -> tuple[bytes, int]:
    """Raw deflate of start + chunk * count + end, and its CRC-32, without making either whole.

    After a full flush the compressor starts afresh, so every chunk compresses to the same
    bytes: compressed once, they are repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(start) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) == block
    tail = compressor.compress(end) + compressor.flush()
    crc = zlib.crc32(start)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    return head + block * count + tail, zlib.crc32(end, crc)


def write_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip of (name, raw deflate data, CRC-32, declared size, real size) entries, as written."""
    local, central = bytearray(), bytearray()
    for name, data, crc, declared, _real in entries:
        encoded = name.encode()
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                len(local),
            )
            + encoded
        )
        local += (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
            )
            + encoded
            + data
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))
    return path


def zip_bomb(path: Path, unpacked: int = GIB, declared: int | None = None) -> Path:
    """About 1 MB that unpacks to `unpacked` bytes: a workbook whose sheet repeats one row.

    `declared` is the sheet's size as the archive states it (the truth unless given).
    """
    row = b"<row><c><v>1</v></c></row>"
    chunk = row * ((1 << 20) // len(row))
    count = (unpacked - len(SHEET_START) - len(SHEET_END)) // len(chunk)
    entries = []
    for name, data in workbook_parts().items():
        if name == SHEET:
            deflated, crc = deflated_repeats(SHEET_START, chunk, count, SHEET_END)
            real = len(SHEET_START) + len(chunk) * count + len(SHEET_END)
            entries.append((name, deflated, crc, real if declared is None else declared, real))
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            deflated = compressor.compress(data) + compressor.flush()
            entries.append((name, deflated, zlib.crc32(data), len(data), len(data)))
    return write_zip(path, entries)


def lying_zip_bomb(path: Path, unpacked: int = GIB) -> Path:
    """The zip bomb, its sheet declaring 1 KiB: only decompression itself can tell."""
    return zip_bomb(path, unpacked, declared=1024)


def many_rows_xlsx(path: Path, rows: int) -> Path:
    """A header and `rows` staff, as a real workbook: a few MB for a million rows."""

    def pieces():
        yield HEADER_ROW
        for number in range(2, rows + 2):
            yield (
                f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{number}</t></is></c>'
                f'<c r="B{number}" t="inlineStr"><is><t>職員 {number}</t></is></c>'
                f'<c r="C{number}"><v>131041</v></c></row>'
            ).encode()

    return xlsx_with_sheet(path, pieces(), compresslevel=1)


def one_line_csv(path: Path, size: int = 50_000_000, cell: bytes = b"a") -> Path:
    """A CSV of one line and no line break: `size` bytes of `cell` (or of cells, with commas)."""
    piece = cell * ((1 << 20) // len(cell))
    with path.open("wb") as handle:
        handle.write(b"employee_id,name,municipality,")
        written = 0
        while written < size:
            handle.write(piece[: size - written])
            written += len(piece)
    return path
