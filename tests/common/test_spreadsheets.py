"""Writing spreadsheets: one style for every export, formulas kept inert, Excel's encodings."""

import csv
import io

import pytest
from openpyxl import load_workbook

from common.spreadsheets import (
    Column,
    Sheet,
    UnencodableText,
    csv_bytes,
    neutralise,
    xlsx_bytes,
)


def sheet(*rows) -> Sheet:
    return Sheet(title="名簿", columns=[Column("氏名"), Column("人数", number=True)], rows=rows)


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_looks_like_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_numbers_and_plain_text_pass():
    assert neutralise(-3) == -3
    assert neutralise("山田") == "山田"


def test_xlsx_keeps_numbers_as_numbers_and_formulas_as_text():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(sheet(["=1+1", 7], ["山田", None]))))
    rows = list(workbook.active.iter_rows(values_only=True))

    assert rows == [("氏名", "人数"), ("'=1+1", 7), ("山田", None)]
    assert workbook.active["A2"].data_type == "s"
    assert workbook.active.title == "名簿"


def test_xlsx_header_is_bold():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(sheet())))

    assert workbook.active["A1"].font.bold


def test_utf8_csv_has_a_bom_and_excel_line_endings():
    content = csv_bytes(sheet(["@x", 1]))

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == "氏名,人数\r\n'@x,1\r\n"


def test_cp932_csv_refuses_a_character_cp932_lacks():
    with pytest.raises(UnencodableText, match="「😀」はCP932で書けません"):
        csv_bytes(sheet(["😀", 1]), "cp932")


def test_cp932_csv_can_replace_a_character_cp932_lacks():
    content = csv_bytes(sheet(["山田😀", 1]), "cp932", errors="replace")

    assert list(csv.reader(io.StringIO(content.decode("cp932"))))[1] == ["山田?", "1"]
