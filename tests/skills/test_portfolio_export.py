"""Exports: Japanese headers, BOM, CP932, formula injection, audit, privacy."""

import csv
import io

import openpyxl
import pytest

from common.spreadsheets import neutralise
from organisation.models import AuditLog
from skills.portfolio_export import export
from tests.factories import hr_user, officer_user
from tests.skills.portfolio_data import small_tokyo

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo():
    return small_tokyo()


def rows_of(content: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding))))


def test_xlsx_has_japanese_headers_and_numbers(client, tokyo):
    client.force_login(hr_user())
    response = client.get("/portfolio/export/heatmap.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["自治体コード", "自治体", "種別", "地域", "職員数"]
    shinjuku = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "新宿区")
    assert shinjuku[4] == 18


def test_csv_starts_with_a_byte_order_mark(client, tokyo):
    client.force_login(hr_user())
    content = client.get("/portfolio/export/heatmap.csv").content
    assert content.startswith(b"\xef\xbb\xbf")
    assert rows_of(content, "utf-8-sig")[0][1] == "自治体"


def test_cp932_csv_reads_in_old_excel_encoding(client, tokyo):
    client.force_login(hr_user())
    content = client.get("/portfolio/export/heatmap.csv-cp932").content
    assert not content.startswith(b"\xef\xbb\xbf")
    assert "新宿区" in [row[1] for row in rows_of(content, "cp932")]


def test_suppressed_figures_stay_blank_in_exports(client, tokyo):
    client.force_login(hr_user())
    rows = rows_of(client.get("/portfolio/export/heatmap.csv").content, "utf-8-sig")
    toshima = next(row for row in rows if row[1] == "利島村")
    assert toshima[4] == ""
    assert toshima[6:10] == ["", "", "", ""]
    assert toshima[10] == "秘匿"


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
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet["B2"].value == "'@SUM(1+1)"
    assert sheet["B2"].data_type == "s"


def test_every_export_is_audited(client, tokyo):
    user = hr_user()
    client.force_login(user)
    client.get("/portfolio/export/activity.csv-cp932", {"kind": "市"})
    entry = AuditLog.objects.get(action="portfolio.export")
    assert (entry.user, entry.target) == (user, "activity")
    assert entry.detail["format"] == "csv-cp932"
    assert entry.detail["filters"]["kind"] == "市"


def test_people_export_needs_hr_of_that_municipality(client, tokyo):
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
