"""Exports as HR reads them: the heatmap as the screen's matrix with a header block, formats,
widths, frozen panes, autofilter and print setup; CSV plain for machines; audit; privacy."""

import csv
import datetime
import io

import openpyxl
import pytest

from common.spreadsheets import neutralise
from organisation.models import AuditLog
from skills.portfolio_export import About, export
from skills.portfolio_filters import parse_filters
from tests.factories import hr_user, officer_user
from tests.skills.portfolio_data import small_tokyo

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo():
    return small_tokyo()


def rows_of(content: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding))))


def workbook_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def header_row(worksheet) -> int:
    """The table's header row: the one the panes are frozen below."""
    return worksheet[worksheet.freeze_panes].row - 1


def table(worksheet) -> list[tuple]:
    """The header row and the data rows, without the header block."""
    return list(worksheet.iter_rows(min_row=header_row(worksheet), values_only=True))


def block(worksheet) -> list[str]:
    return [worksheet.cell(row, 1).value for row in range(1, header_row(worksheet) - 1)]


def row_named(worksheet, name: str, column: int = 1) -> tuple:
    return next(row for row in table(worksheet) if row[column] == name)


def heatmap_xlsx(client, **params):
    client.force_login(hr_user())
    return workbook_of(client.get("/portfolio/export/heatmap.xlsx", params).content)


# --- The heatmap as the screen shows it ---------------------------------------------------------


def test_heatmap_sheets_have_japanese_names_matrix_first(client, tokyo):
    workbook = heatmap_xlsx(client)

    assert workbook.sheetnames == ["自治体×スキル", "一覧"]
    assert workbook.active.title == "自治体×スキル"


def test_heatmap_is_a_matrix_of_municipalities_by_skills_like_the_screen(client, tokyo):
    client.force_login(hr_user())
    shown = client.get("/api/v1/portfolio/").json()
    worksheet = heatmap_xlsx(client).active
    header, *rows = table(worksheet)

    assert list(header) == [
        "自治体コード",
        "自治体",
        "職員数",
        "目標との差",
        *(skill["name"] for skill in shown["skills"]),
    ]
    assert [row[1] for row in rows] == [row["name"] for row in shown["municipalities"]]


@pytest.mark.parametrize(
    "indicator, key, number_format",
    [("target", "at_target", "0.0%"), ("mean", "mean_level", "0.0")],
)
def test_a_cell_holds_the_figure_the_screen_shows(client, tokyo, indicator, key, number_format):
    client.force_login(hr_user())
    shown = client.get("/api/v1/portfolio/", {"indicator": indicator}).json()
    shinjuku = next(row for row in shown["municipalities"] if row["name"] == "新宿区")
    worksheet = heatmap_xlsx(client, indicator=indicator).active
    rows = worksheet.iter_rows(min_row=header_row(worksheet) + 1)
    row = next(cells for cells in rows if cells[1].value == "新宿区")
    expected = {"at_target": 12 / 18, "mean_level": 46 / 18}[key]

    assert row[4].value == shinjuku["cells"][0][key]
    assert row[4].value == pytest.approx(expected, abs=0.01)
    assert row[4].number_format == number_format
    assert row[2].value == shinjuku["headcount"] == 18
    assert row[2].number_format == "#,##0"
    assert row[3].number_format == "0.0%"


def test_suppressed_cells_say_hidden_and_hold_no_number(client, tokyo):
    worksheet = heatmap_xlsx(client).active
    toshima = row_named(worksheet, "利島村")

    assert toshima[2] == "秘匿"
    assert toshima[4] == "秘匿"


def test_a_cell_without_a_figure_is_blank_not_zero(client, tokyo):
    worksheet = heatmap_xlsx(client).active

    # Nobody in Shinjuku has a target for the second skill; Hachioji's staff have no role.
    assert row_named(worksheet, "新宿区")[5] is None
    assert row_named(worksheet, "八王子市")[4] is None


def test_header_block_says_title_filters_date_and_privacy(client, tokyo):
    worksheet = heatmap_xlsx(client, role="dx", basis="verified").active
    title, filters, made_at, privacy, legend = block(worksheet)

    assert title == "スキルポートフォリオ：自治体×スキル"
    assert worksheet["A1"].font.bold
    assert "役割 DX推進担当" in filters
    assert "根拠 テストと上司の確認のみ" in filters
    assert "指標 目標達成率" in filters
    assert made_at.startswith("出力日時：") and "令和" in made_at
    assert "5人未満" in privacy and "秘匿" in privacy
    assert "空欄" in legend


def test_header_block_dates_are_tokyo_time(client, tokyo):
    before = datetime.datetime.now(datetime.UTC).astimezone(
        datetime.timezone(datetime.timedelta(hours=9))
    )
    made_at = block(heatmap_xlsx(client).active)[2]

    assert f"{before.year}/{before.month}/{before.day} " in made_at


def test_heatmap_is_laid_out_for_reading_and_printing(client, tokyo):
    worksheet = heatmap_xlsx(client).active
    first = header_row(worksheet)

    assert worksheet.freeze_panes == f"C{first + 1}"
    assert worksheet.auto_filter.ref == f"A{first}:F{worksheet.max_row}"
    assert worksheet.column_dimensions["B"].width >= 10
    assert worksheet.page_setup.orientation == "landscape"
    assert worksheet.page_setup.paperSize == 9
    assert worksheet.page_setup.fitToWidth == 1
    assert worksheet.print_title_rows == f"${first}:${first}"


def test_long_list_counts_each_cells_people_by_basis(client, tokyo):
    client.force_login(hr_user())
    shown = client.get("/api/v1/portfolio/").json()
    basis = next(r for r in shown["municipalities"] if r["name"] == "新宿区")["cells"][0]["basis"]
    worksheet = heatmap_xlsx(client)["一覧"]
    header, *rows = table(worksheet)
    shinjuku = dict(zip(header, next(row for row in rows if row[1] == "新宿区"), strict=True))

    assert shinjuku["根拠：テストで評価（人）"] == basis["assessed"] == 18
    assert shinjuku["根拠：自己評価（人）"] == basis["self_assessed"] == 0
    assert shinjuku["目標達成率"] == 0.667
    toshima = dict(zip(header, next(row for row in rows if row[1] == "利島村"), strict=True))
    assert toshima["根拠：テストで評価（人）"] == "秘匿"
    assert toshima["職員数"] == "秘匿"


def test_departments_export_is_a_matrix_of_departments_named_for_its_municipality(client, tokyo):
    client.force_login(hr_user())
    content = client.get("/portfolio/export/departments.xlsx", {"municipality": "131041"}).content
    worksheet = workbook_of(content).active
    header, *rows = table(worksheet)

    assert worksheet.title == "所属×スキル"
    assert block(worksheet)[0] == "スキルポートフォリオ：所属×スキル（新宿区）"
    assert header[:3] == ("所属", "職員数", "目標との差")
    assert [row[0] for row in rows] == ["全体", "情報政策課", "戸籍住民課", "税務課"]
    assert rows[1][3] == 1.0
    assert rows[3][1] == "秘匿"


def test_people_export_shows_names_to_hr_of_that_municipality_only(client, tokyo):
    department = tokyo.departments["情報政策課"]
    url = f"/portfolio/export/people.xlsx?municipality=131041&department={department.pk}"
    client.force_login(hr_user())
    assert client.get(url).status_code == 403
    client.force_login(hr_user("131041"))
    workbook = workbook_of(client.get(url).content)
    header, *rows = table(workbook.active)

    assert workbook.sheetnames == ["職員×スキル", "一覧"]
    assert block(workbook.active)[0] == "スキルポートフォリオ：職員×スキル（新宿区 情報政策課）"
    assert header[:3] == ("職員番号", "氏名", "役割")
    assert len(rows) == 10 and all(row[1] for row in rows)
    assert {row[3] for row in rows} == {3}


def test_trends_export_names_periods_in_both_calendars_and_its_period(tokyo):
    filters = parse_filters({"fy": "2026", "by": "fy"})
    data = [
        {
            "period": "2026",
            "fiscal_year": 2026,
            "month": None,
            "months": 9,
            "mean_level": 2.31,
            "at_target": 0.5,
        }
    ]
    worksheet = workbook_of(export("trends", data, "xlsx", About(filters))[0]).active
    header, row = table(worksheet)

    assert worksheet.title == "推移"
    assert "期間 2026年度（令和8年度）2026/4/1〜2027/3/31" in block(worksheet)[1]
    assert "単位 年度" in block(worksheet)[1]
    assert row == ("2026年度", "令和8年度", "2026年度", 9, 2.31, 0.5)
    last = worksheet.max_row
    assert [worksheet.cell(last, column).number_format for column in (4, 5, 6)] == [
        "#,##0",
        "0.0",
        "0.0%",
    ]


def test_effectiveness_export_hides_suppressed_rows_figures(tokyo):
    data = [
        {
            "course": "クラウド入門",
            "skill": "クラウド",
            "participants": 12,
            "before": 1.2,
            "after": 2.4,
            "suppressed": False,
        },
        {
            "course": "クラウド入門",
            "skill": "セキュリティ",
            "participants": None,
            "before": None,
            "after": None,
            "suppressed": True,
        },
    ]
    worksheet = workbook_of(export("effectiveness", data, "xlsx", About())[0]).active
    _header, shown, hidden = table(worksheet)

    assert worksheet.title == "講座の効果"
    assert shown[2:5] == (12, 1.2, 2.4)
    assert hidden[2:5] == ("秘匿", "秘匿", "秘匿")


def test_activity_export_writes_hours_with_one_decimal(tokyo):
    data = [
        {
            "code": "131041",
            "name": "新宿区",
            "hours_watched": 12.5,
            "lessons_completed": 30,
            "assessments_passed": 4,
        },
        {
            "code": "133621",
            "name": "利島村",
            "hours_watched": None,
            "lessons_completed": None,
            "assessments_passed": None,
        },
    ]
    worksheet = workbook_of(export("activity", data, "xlsx")[0]).active
    _header, shinjuku, toshima = table(worksheet)

    assert worksheet.title == "学習活動"
    assert worksheet.cell(worksheet.max_row - 1, 3).number_format == "#,##0.0"
    assert toshima[2:] == ("秘匿", "秘匿", "秘匿")
    assert rows_of(export("activity", data, "csv")[0], "utf-8-sig")[2][2:] == ["", "", ""]
    assert shinjuku[2] == 12.5


# --- CSV for machines ---------------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_and_the_header_row(client, tokyo):
    client.force_login(hr_user())
    content = client.get("/portfolio/export/heatmap.csv").content
    assert content.startswith(b"\xef\xbb\xbf")
    assert rows_of(content, "utf-8-sig")[0][:5] == [
        "自治体コード",
        "自治体",
        "種別",
        "地域",
        "職員数",
    ]


def test_csv_is_the_long_list_with_basis_counts(client, tokyo):
    client.force_login(hr_user())
    rows = rows_of(client.get("/portfolio/export/heatmap.csv").content, "utf-8-sig")
    shinjuku = next(row for row in rows if row[1] == "新宿区")
    skill = tokyo.skills[0].name

    assert rows[0][11:] == [
        "根拠：テストで評価（人）",
        "根拠：上司が確認（人）",
        "根拠：自己評価（人）",
        "根拠：学習（レッスン修了）（人）",
    ]
    assert shinjuku[4:12] == ["18", skill, "18", "2.56", "18", "0.667", "", "18"]


def test_cp932_csv_reads_in_old_excel_encoding(client, tokyo):
    client.force_login(hr_user())
    content = client.get("/portfolio/export/heatmap.csv-cp932").content
    assert not content.startswith(b"\xef\xbb\xbf")
    assert "新宿区" in [row[1] for row in rows_of(content, "cp932")]


def test_suppressed_figures_stay_blank_in_csv(client, tokyo):
    client.force_login(hr_user())
    rows = rows_of(client.get("/portfolio/export/heatmap.csv").content, "utf-8-sig")
    toshima = next(row for row in rows if row[1] == "利島村")
    assert toshima[4] == ""
    assert toshima[6:10] == ["", "", "", ""]
    assert toshima[10] == "秘匿"
    assert toshima[11:] == ["", "", "", ""]


# --- Hostile text, audit, permissions -----------------------------------------------------------


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_a_department_named_like_a_formula_is_exported_as_text(tokyo):
    data = {
        "municipality": {"name": "新宿区"},
        "skills": [{"id": 1, "name": "=cmd|' /C calc'!A0"}],
        "departments": [
            {
                "name": "@SUM(1+1)",
                "headcount": 7,
                "cells": [
                    {
                        "skill": 1,
                        "n": 7,
                        "mean_level": 2.0,
                        "targeted": 0,
                        "at_target": None,
                        "suppressed": False,
                    }
                ],
            }
        ],
    }
    content, _, _ = export("departments", data, "csv")
    row = rows_of(content, "utf-8-sig")[1]
    assert row[1] == "'@SUM(1+1)"
    assert row[3] == "'=cmd|' /C calc'!A0"
    xlsx, _, _ = export("departments", data, "xlsx")
    worksheet = workbook_of(xlsx).active
    header, first = table(worksheet)
    assert header[3] == "'=cmd|' /C calc'!A0"
    assert first[0] == "'@SUM(1+1)"
    assert worksheet.cell(header_row(worksheet) + 1, 1).data_type == "s"


def test_every_export_is_audited(client, tokyo):
    user = hr_user()
    client.force_login(user)
    client.get("/portfolio/export/activity.csv-cp932", {"kind": "市"})
    entry = AuditLog.objects.get(action="portfolio.export")
    assert (entry.user, entry.target) == (user, "activity")
    assert entry.detail["format"] == "csv-cp932"
    assert entry.detail["filters"]["kind"] == "市"


def test_people_csv_needs_hr_of_that_municipality(client, tokyo):
    department = tokyo.departments["情報政策課"]
    client.force_login(hr_user())
    url = f"/portfolio/export/people.csv?municipality=131041&department={department.pk}"
    assert client.get(url).status_code == 403
    client.force_login(hr_user("131041"))
    rows = rows_of(client.get(url).content, "utf-8-sig")
    assert rows[0][:2] == ["職員番号", "氏名"]
    assert len(rows) == 1 + 10 * 2


def test_people_without_the_export_permission_cannot_export(client, tokyo):
    client.force_login(officer_user())
    assert client.get("/portfolio/export/heatmap.csv").status_code == 403


def test_departments_of_a_municipality_without_portfolio_rows_export_as_headers_only(client, tokyo):
    # 檜原村 has no staff in the small Tokyo, so it has no cells and no headcounts.
    client.force_login(hr_user())
    response = client.get("/portfolio/export/departments.csv?municipality=133078")
    assert response.status_code == 200
    assert len(rows_of(response.content, "utf-8-sig")) == 1
