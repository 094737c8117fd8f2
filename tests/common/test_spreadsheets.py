"""Writing spreadsheets: one look for every export (header block, formats, widths, frozen panes,
autofilter, print setup), formulas kept inert, Excel's encodings, CSV plain for machines."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from common.japanese_dates import TOKYO
from common.spreadsheets import (
    WITHHELD,
    Column,
    Kind,
    Sheet,
    UnencodableText,
    csv_bytes,
    display_width,
    made_at_line,
    neutralise,
    sheet_name,
    xlsx_bytes,
)


def sheet(*rows, title: str = "名簿") -> Sheet:
    return Sheet(title=title, columns=[Column("氏名"), Column("人数", Kind.NUMBER)], rows=rows)


def figures(*rows) -> Sheet:
    return Sheet(
        title="集計",
        columns=[
            Column("自治体"),
            Column("職員数", Kind.NUMBER),
            Column("視聴時間（時間）", Kind.DECIMAL),
            Column("平均レベル", Kind.LEVEL),
            Column("目標達成率", Kind.PERCENT),
        ],
        rows=rows,
        heading="スキルポートフォリオ",
        lines=["条件：役割 すべて", "出力日時：2026/12/5 05:00（令和8年12月5日 5:00）"],
        frozen_columns=1,
    )


def opened(*sheets: Sheet):
    return load_workbook(io.BytesIO(xlsx_bytes(*sheets)))


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_looks_like_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_numbers_and_plain_text_pass():
    assert neutralise(-3) == -3
    assert neutralise("山田") == "山田"


def test_xlsx_keeps_numbers_as_numbers_and_formulas_as_text():
    workbook = opened(sheet(["=1+1", 7], ["山田", None]))
    rows = list(workbook.active.iter_rows(values_only=True))

    assert rows == [("氏名", "人数"), ("'=1+1", 7), ("山田", None)]
    assert workbook.active["A2"].data_type == "s"
    assert workbook.active.title == "名簿"


def test_xlsx_header_row_is_bold_and_shaded():
    header = opened(sheet()).active["A1"]

    assert header.font.bold
    assert header.fill.fgColor.rgb.endswith("DDE4EE")


def test_header_block_has_the_title_its_lines_and_a_blank_row_before_the_table():
    worksheet = opened(figures(["新宿区", 18, 1.5, 2.25, 0.714])).active

    assert [worksheet.cell(row, 1).value for row in range(1, 6)] == [
        "スキルポートフォリオ",
        "条件：役割 すべて",
        "出力日時：2026/12/5 05:00（令和8年12月5日 5:00）",
        None,
        "自治体",
    ]
    assert worksheet["A1"].font.bold
    assert worksheet["A5"].font.bold
    assert worksheet["A6"].value == "新宿区"


def test_each_kind_of_column_has_its_number_format():
    worksheet = opened(figures(["新宿区", 1450, 12.5, 2.25, 0.714])).active

    assert [cell.number_format for cell in worksheet[6]] == [
        "@",
        "#,##0",
        "#,##0.0",
        "0.0",
        "0.0%",
    ]
    assert worksheet["E6"].value == 0.714


def test_no_figure_stays_empty_and_zero_stays_zero():
    worksheet = opened(
        figures(["新宿区", 0, 0.0, None, 0], ["八王子市", 8, None, None, None])
    ).active

    assert worksheet["E6"].value == 0
    assert worksheet["E6"].number_format == "0.0%"
    assert worksheet["E7"].value is None


def test_a_withheld_figure_is_written_as_hidden_never_as_a_number():
    worksheet = opened(figures(["利島村", WITHHELD, WITHHELD, WITHHELD, WITHHELD])).active

    assert [cell.value for cell in worksheet[6][1:]] == ["秘匿"] * 4
    assert all(cell.data_type == "s" for cell in worksheet[6][1:])
    assert worksheet["E6"].fill.patternType == "gray125"


def test_widths_count_japanese_characters_as_two_places():
    assert display_width("新宿区") == 6
    assert display_width("ABC") == 3
    assert display_width("ＡＢ１") == 6
    worksheet = opened(figures(["小笠原村役場総務課情報政策係", 1, 1.0, 1.0, 0.5])).active

    assert worksheet.column_dimensions["A"].width >= display_width("小笠原村役場総務課情報政策係")
    assert worksheet.column_dimensions["E"].width >= len("50.0%")


def test_a_long_header_wraps_rather_than_widening_its_column():
    long_name = "クラウドサービスの利用と運用・保守・監視"
    worksheet = opened(
        Sheet(title="x", columns=[Column(long_name, Kind.PERCENT)], rows=[[0.5]])
    ).active

    assert worksheet.column_dimensions["A"].width < display_width(long_name)
    assert worksheet["A1"].alignment.wrap_text
    assert worksheet.row_dimensions[1].height > 15


def test_panes_freeze_below_the_header_row_and_right_of_the_naming_columns():
    assert opened(figures(["新宿区", 1, 1.0, 1.0, 0.5])).active.freeze_panes == "B6"
    assert opened(sheet(["山田", 1])).active.freeze_panes == "A2"


def test_autofilter_covers_the_header_row_and_every_data_row():
    worksheet = opened(figures(*[["新宿区", 1, 1.0, 1.0, 0.5]] * 3)).active

    assert worksheet.auto_filter.ref == "A5:E8"


def test_prints_on_a4_landscape_fitted_to_the_width_with_the_header_on_every_page():
    worksheet = opened(figures(["新宿区", 1, 1.0, 1.0, 0.5])).active

    assert worksheet.page_setup.orientation == "landscape"
    assert worksheet.page_setup.paperSize == 9
    assert worksheet.page_setup.fitToWidth == 1
    assert worksheet.page_setup.fitToHeight == 0
    assert worksheet.sheet_properties.pageSetUpPr.fitToPage
    assert worksheet.print_title_rows == "$5:$5"


def test_sheets_are_written_in_order_under_names_excel_accepts():
    workbook = opened(figures(), sheet(title="一覧[2026/12]: 所属?*"))

    assert workbook.sheetnames == ["集計", "一覧_2026_12__ 所属__"]
    assert sheet_name("あ" * 40) == "あ" * 31


def test_a_large_table_streams_and_is_sized_from_its_first_rows():
    rows = ([f"職員{index}", index] for index in range(2000))
    worksheet = opened(sheet(*rows)).active

    assert worksheet.max_row == 2001
    assert worksheet.auto_filter.ref == "A1:B2001"


def test_made_at_line_is_tokyo_time_with_wareki_beside():
    moment = datetime.datetime(2026, 12, 4, 20, 5, tzinfo=datetime.UTC)

    assert made_at_line(moment) == "出力日時：2026/12/5 05:05（令和8年12月5日 5:05）"
    assert made_at_line(moment.astimezone(TOKYO)) == made_at_line(moment)


def test_csv_is_plain_without_the_header_block_and_with_withheld_figures_blank():
    content = csv_bytes(figures(["利島村", WITHHELD, None, None, WITHHELD], ["新宿区", 0, 1, 2, 0]))

    assert content.decode("utf-8-sig").splitlines() == [
        "自治体,職員数,視聴時間（時間）,平均レベル,目標達成率",
        "利島村,,,,",
        "新宿区,0,1,2,0",
    ]


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
