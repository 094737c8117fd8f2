"""The report pages, their export and the assignments API, as the attacker, the careless
administrator and the reader of the numbers meet them."""

import csv
import io

import pytest
from openpyxl import load_workbook

from organisation.models import AuditLog
from tests.factories import hr_user, staff_user, unscoped_hr_user
from tests.training.report_data import (
    MITAKA,
    SHINJUKU,
    enrol_many,
    make_assignment,
    officer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.PRIVACY_THRESHOLD = 5


@pytest.fixture
def tokyo(course_index):
    """An all-Tokyo assignment, with a small department in Mitaka."""
    assigner = officer()
    assignment = make_assignment(course_index, created_by=assigner)
    shinjuku = enrol_many(assignment, SHINJUKU, "総務課", completed=8, in_progress=2)
    shinjuku += enrol_many(assignment, SHINJUKU, "税務課", completed=6, not_started=6)
    mitaka = enrol_many(assignment, MITAKA, "企画課", completed=1, not_started=2)
    mitaka += enrol_many(assignment, MITAKA, "市民課", completed=20, not_started=9)
    return {"assignment": assignment, "assigner": assigner, "shinjuku": shinjuku, "mitaka": mitaka}


@pytest.fixture
def mitaka_only(course_index):
    """An assignment Mitaka's HR made for Mitaka's people only."""
    assigner = hr_user(MITAKA)
    assignment = make_assignment(
        course_index, created_by=assigner, scope=MITAKA, title="三鷹の研修"
    )
    enrol_many(assignment, MITAKA, "市民課", completed=5, not_started=5)
    return assignment


def names_of(assignees) -> list[str]:
    return [assignee.staff.display_name for assignee in assignees]


def not_done(assignees) -> list:
    return [assignee for assignee in assignees if assignee.completed_at is None]


def api(client, user, path: str):
    client.force_login(user)
    return client.get(path)


# --- The attacker -------------------------------------------------------------------------


def test_hr_of_another_municipality_cannot_open_its_assignment(client, mitaka_only):
    client.force_login(hr_user(SHINJUKU))

    for path in (f"/training/{mitaka_only.pk}/", f"/training/{mitaka_only.pk}/export.xlsx"):
        assert client.get(path).status_code == 403


def test_the_api_answers_another_municipalitys_id_as_it_answers_a_missing_one(client, mitaka_only):
    reader = hr_user(SHINJUKU)

    other = api(client, reader, f"/api/v1/assignments/{mitaka_only.pk}/")
    missing = api(client, reader, f"/api/v1/assignments/{mitaka_only.pk + 1000}/")

    assert other.status_code == missing.status_code == 403
    assert other.json() == missing.json()


def test_the_list_holds_only_assignments_with_people_in_scope(client, mitaka_only, tokyo):
    response = api(client, hr_user(SHINJUKU), "/api/v1/assignments/")

    assert [item["id"] for item in response.json()["assignments"]] == [tokyo["assignment"].pk]
    assert [m["code"] for m in response.json()["assignments"][0]["municipalities"]] == [SHINJUKU]


def test_the_api_without_a_scope_is_a_json_403(client, tokyo):
    for user in (unscoped_hr_user(), staff_user()):
        response = api(client, user, "/api/v1/assignments/")

        assert response.status_code == 403
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]


def test_an_unknown_export_format_is_not_found(client, tokyo):
    client.force_login(tokyo["assigner"])

    assert client.get(f"/training/{tokyo['assignment'].pk}/export.pdf").status_code == 404


# --- The careless administrator -----------------------------------------------------------


def test_hr_without_a_scope_is_told_to_ask_for_one(client, tokyo):
    client.force_login(unscoped_hr_user())

    response = client.get("/training/")

    assert response.status_code == 403
    assert "閲覧範囲" in response.content.decode()


# --- Names --------------------------------------------------------------------------------


def test_hr_of_the_municipality_sees_its_people_not_done_and_the_view_is_logged(client, tokyo):
    client.force_login(hr_user(SHINJUKU))

    page = client.get(f"/training/{tokyo['assignment'].pk}/").content.decode()

    shown = not_done(tokyo["shinjuku"])
    assert all(name in page for name in names_of(shown))
    assert not any(name in page for name in names_of(tokyo["mitaka"]))
    log = AuditLog.objects.get(action="training.report.names")
    assert log.detail["municipalities"] == [SHINJUKU]


def test_hr_of_all_tokyo_sees_no_name_in_page_or_file(client, tokyo):
    client.force_login(hr_user())
    everyone = names_of(tokyo["shinjuku"] + tokyo["mitaka"])

    page = client.get(f"/training/{tokyo['assignment'].pk}/").content.decode()
    workbook = client.get(f"/training/{tokyo['assignment'].pk}/export.xlsx").content

    text = page + str([list(sheet.values) for sheet in load_workbook(io.BytesIO(workbook))])
    assert not any(name in text for name in everyone)
    assert not AuditLog.objects.filter(action="training.report.names").exists()


def test_the_assigner_sees_everyones_names(client, tokyo):
    client.force_login(tokyo["assigner"])

    page = client.get(f"/training/{tokyo['assignment'].pk}/").content.decode()

    assert all(name in page for name in names_of(not_done(tokyo["shinjuku"] + tokyo["mitaka"])))


def test_the_export_is_logged_and_lists_those_not_done_for_whom_names_are_allowed(client, tokyo):
    client.force_login(hr_user(SHINJUKU))

    response = client.get(f"/training/{tokyo['assignment'].pk}/export.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["自治体別", "所属別", "未修了者"]
    rows = list(workbook["未修了者"].values)
    header = next(
        index for index, row in enumerate(rows) if row[:4] == ("自治体", "所属", "職員番号", "氏名")
    )
    listed = [row[3] for row in rows[header + 1 :]]
    assert sorted(listed) == sorted(names_of(not_done(tokyo["shinjuku"])))
    log = AuditLog.objects.get(action="training.report.export")
    assert log.detail["format"] == "xlsx"
    assert log.detail["names"] == [SHINJUKU]


# --- The reader of the numbers: page == API == export -------------------------------------


FIGURES = ("audience", "completed", "in_progress", "not_started", "overdue")


def table_after_header(sheet) -> list[tuple]:
    rows = list(sheet.values)
    start = next(index for index, row in enumerate(rows) if row[0] == "自治体コード")
    return rows[start + 1 :]


def as_api(value):
    """A cell of the export as the API writes it: 秘匿 is null."""
    return None if value == "秘匿" else value


def test_page_api_and_export_show_the_same_figures(client, tokyo):
    client.force_login(hr_user())
    path = f"/training/{tokyo['assignment'].pk}/"

    data = client.get(f"/api/v1/assignments/{tokyo['assignment'].pk}/").json()
    workbook = load_workbook(io.BytesIO(client.get(f"{path}export.xlsx").content))
    comma = client.get(f"{path}export.csv").content.decode("utf-8-sig")
    page = client.get(path).content.decode()

    by_municipality = table_after_header(workbook["自治体別"])
    for row, municipality in zip(by_municipality, data["municipalities"], strict=False):
        assert row[0] == municipality["code"]
        assert [as_api(value) for value in row[2:7]] == [municipality[key] for key in FIGURES]
    assert [as_api(value) for value in by_municipality[-1][2:7]] == [data[key] for key in FIGURES]
    departments = [
        (municipality["code"], department)
        for municipality in data["municipalities"]
        for department in municipality["departments"]
    ]
    csv_rows = [row for row in csv.reader(io.StringIO(comma))][1:]
    csv_departments = [row for row in csv_rows if row[2] != "（自治体計）"]
    for row, (code, department) in zip(csv_departments, departments, strict=True):
        assert row[0] == code and row[2] == department["name"]
        assert [int(value) if value else None for value in row[3:8]] == [
            department[key] for key in FIGURES
        ]
    assert any(department["suppressed"] for _code, department in departments)
    assert page.count('class="is-suppressed"') == sum(
        value is None
        for item in [
            data,
            *data["municipalities"],
            *data["municipalities"],
            *(department for _code, department in departments),
        ]
        for value in [*(item[key] for key in FIGURES), item["completion_rate"]]
        if not (value is None and item["audience"] == 0)
    )


def test_the_list_page_and_the_list_api_agree(client, tokyo):
    client.force_login(hr_user())

    item = client.get("/api/v1/assignments/").json()["assignments"][0]
    page = client.get("/training/").content.decode()

    def cell(value, rate=False) -> str:
        if value is None:
            return '<td class="is-suppressed">秘匿</td>'
        return f"<td>{value * 100:.1f}%</td>" if rate else f"<td>{value:,}</td>"

    assert item["audience"] == 54
    assert item["in_progress"] is None  # 2 people
    row = "".join(cell(item[key]) for key in FIGURES) + cell(item["completion_rate"], rate=True)
    assert row in "".join(line.strip() for line in page.splitlines())
