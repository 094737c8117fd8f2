"""Roster files made to exhaust the machine are refused in one sentence (issue 12, finding 5).

From the command and from the HR page alike: the file's size, an XLSX's unpacked size (declared
and real), the number of rows, the length of a line and of a cell. Nothing is written.
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from organisation.models import StaffProfile
from tests.factories import hr_user
from tests.organisation.roster import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("hostile-rosters")
    return {
        "zip_bomb": hostile.zip_bomb(folder / "bomb.xlsx"),
        "lying_zip_bomb": hostile.lying_zip_bomb(folder / "lying.xlsx"),
        "million_rows": hostile.many_rows_xlsx(folder / "rows.xlsx", 1_000_000),
        "one_line_csv": hostile.one_line_csv(folder / "line.csv"),
    }


def refusal(path, *args: str) -> tuple[str, dict]:
    """The command's sentence on failure and its --json object."""
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_roster", str(path), "--json", *args, stdout=out)
    return str(raised.value), json.loads(out.getvalue())


def assert_one_sentence(message: str) -> None:
    assert message.endswith("。")
    assert message.count("。") == 1
    assert "Traceback" not in message


def test_a_1_gib_zip_bomb_is_refused_by_its_declared_size(hostile_files):
    message, result = refusal(hostile_files["zip_bomb"])

    assert "展開後の大きさが上限" in message
    assert_one_sentence(message)
    assert result["errors"] == [{"row": None, "column": None, "message": message}]
    assert result["created"] == 0
    assert not StaffProfile.objects.exists()


def test_a_zip_bomb_that_declares_a_small_sheet_is_refused_all_the_same(hostile_files):
    message, _result = refusal(hostile_files["lying_zip_bomb"])

    assert_one_sentence(message)
    assert "Excel" in message


def test_unpacking_is_counted_not_only_declared(settings, tmp_path):
    settings.ROSTER_MAX_UNPACKED_BYTES = 8 * 1024 * 1024
    path = hostile.zip_bomb(tmp_path / "small-bomb.xlsx", unpacked=16 * 1024 * 1024)

    message, _result = refusal(path)

    assert "展開後の大きさが上限" in message


def test_an_xlsx_of_a_million_rows_is_refused_at_the_row_limit(hostile_files):
    message, _result = refusal(hostile_files["million_rows"])

    assert message == "行数が上限の 200,000 行を超えているため取り込めません。"


def test_rows_over_the_limit_are_refused_and_at_the_limit_imported(settings, tmp_path):
    settings.ROSTER_MAX_ROWS = 3
    workbook = Workbook()
    workbook.active.append(["職員番号", "氏名", "自治体"])
    for number in range(1, 5):
        workbook.active.append([f"{number:05d}", f"職員 {number}", "新宿区"])
    workbook.save(tmp_path / "four.xlsx")

    message, _result = refusal(tmp_path / "four.xlsx")
    workbook.active.delete_rows(5)
    workbook.save(tmp_path / "three.xlsx")
    call_command("import_roster", str(tmp_path / "three.xlsx"), stdout=io.StringIO())

    assert message == "行数が上限の 3 行を超えているため取り込めません。"
    assert StaffProfile.objects.count() == 3


def test_a_50_mb_one_line_csv_is_refused_by_its_size(hostile_files):
    message, _result = refusal(hostile_files["one_line_csv"])

    assert message == "ファイルが上限の 32.0 MB を超えているため取り込めません。"


def test_a_50_mb_one_line_csv_under_a_larger_size_limit_is_refused_by_its_length(
    settings, hostile_files
):
    settings.ROSTER_MAX_BYTES = 64 * 1024 * 1024

    message, result = refusal(hostile_files["one_line_csv"])

    assert message == "1 行目が 256000 文字を超えているため取り込めません。"
    assert result["errors"][0]["row"] == 1


def test_a_line_of_a_million_empty_cells_is_refused(settings, tmp_path):
    path = hostile.one_line_csv(tmp_path / "commas.csv", size=3_000_000, cell=b",")

    message, _result = refusal(path)

    assert "1 行目が" in message


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("山" * 1001, id="over-our-cell-limit"),
        pytest.param("a" * 200_000, id="over-the-csv-module-field-limit"),
    ],
)
def test_a_cell_too_large_for_any_column_is_refused(tmp_path, cell):
    path = tmp_path / "roster.csv"
    path.write_text(f'職員番号,氏名,自治体\r\n00123,"{cell}",新宿区\r\n', encoding="utf-8")

    message, result = refusal(path)

    assert message == "2 行目に 1000 文字を超えるセルがあるため取り込めません。"
    assert result["errors"][0]["row"] == 2


def test_a_long_xlsx_cell_is_refused(tmp_path):
    workbook = Workbook()
    workbook.active.append(["職員番号", "氏名", "自治体"])
    workbook.active.append(["00123", "山" * 5000, "新宿区"])
    workbook.save(tmp_path / "roster.xlsx")

    message, _result = refusal(tmp_path / "roster.xlsx")

    assert message == "2 行目に 1000 文字を超えるセルがあるため取り込めません。"


def test_cells_right_of_the_header_are_not_read(tmp_path):
    workbook = Workbook()
    workbook.active.append(["職員番号", "氏名", "自治体"])
    workbook.active.append(["00123", "山田 太郎", "新宿区", "x" * 5000])
    workbook.save(tmp_path / "roster.xlsx")

    call_command("import_roster", str(tmp_path / "roster.xlsx"), stdout=io.StringIO())

    assert StaffProfile.objects.get().display_name == "山田 太郎"


def test_a_row_of_more_cells_than_columns_allowed_is_refused(tmp_path):
    cells = b"".join(b"<c><v>1</v></c>" for _ in range(300))
    path = hostile.xlsx_with_sheet(
        tmp_path / "wide.xlsx", [hostile.HEADER_ROW, b"<row>" + cells + b"</row>"]
    )

    message, _result = refusal(path)

    assert message == "2 行目の列が上限の 256 列を超えているため取り込めません。"


def test_a_workbook_with_a_document_type_is_refused(tmp_path):
    path = hostile.xlsx_with_sheet(tmp_path / "entities.xlsx", [hostile.HEADER_ROW])
    parts = hostile.workbook_parts()
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read(hostile.SHEET)
    laughs = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
    parts[hostile.SHEET] = sheet.replace(b"?>\n", b"?>\n" + laughs, 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    message, _result = refusal(path)

    assert message == "Excelファイル（.xlsx）として読めません。"


def test_a_sheet_declaring_16384_columns_is_read_as_its_cells(tmp_path):
    path = hostile.xlsx_with_sheet(
        tmp_path / "wide.xlsx",
        [
            hostile.HEADER_ROW,
            '<row r="2"><c r="A2" t="inlineStr"><is><t>00123</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>山田 太郎</t></is></c>'
            '<c r="C2"><v>131041</v></c><c r="XFD2"><v>1</v></c></row>'.encode(),
        ],
    )

    call_command("import_roster", str(path), stdout=io.StringIO())

    assert StaffProfile.objects.get().employee_id == "00123"


def test_the_command_refuses_an_oversize_file_before_reading_it(settings, tmp_path):
    settings.ROSTER_MAX_BYTES = 100
    path = tmp_path / "roster.csv"
    path.write_text(
        "職員番号,氏名,自治体\r\n" + "00123,山田 太郎,新宿区\r\n" * 10, encoding="utf-8"
    )

    message, result = refusal(path)

    assert message == "ファイルが上限の 100 バイト を超えているため取り込めません。"
    assert result["errors"] == [{"row": None, "column": None, "message": message}]


# --- The HR page ---------------------------------------------------------------------------------


def upload_to_page(client, path) -> object:
    client.force_login(hr_user())
    with open(path, "rb") as handle:
        return client.post(reverse("roster_home"), {"roster_file": handle})


@pytest.mark.parametrize("name", ["zip_bomb", "lying_zip_bomb", "million_rows"])
def test_the_page_refuses_hostile_workbooks_in_one_sentence(client, hostile_files, name):
    response = upload_to_page(client, hostile_files[name])

    assert response.status_code == 400
    [error] = response.context["plan"].errors
    assert_one_sentence(error.message)
    assert error.message in response.content.decode()
    assert not StaffProfile.objects.exists()


def test_the_page_refuses_the_one_line_csv_by_its_size(client, hostile_files):
    response = upload_to_page(client, hostile_files["one_line_csv"])

    assert response.status_code == 400
    assert "ファイルが上限の 32.0 MB を超えているため取り込めません。" in response.content.decode()
    assert not StaffProfile.objects.exists()


def test_the_page_refuses_a_one_line_csv_within_the_size_limit(client, settings, tmp_path):
    path = hostile.one_line_csv(tmp_path / "line.csv", size=1_000_000)

    response = upload_to_page(client, path)

    assert response.status_code == 400
    assert "1 行目が 256000 文字を超えているため取り込めません。" in response.content.decode()


def test_the_django_admin_import_refuses_an_oversize_file(client, settings):
    from tests.factories import UserFactory

    settings.ROSTER_MAX_BYTES = 10
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    upload = SimpleUploadedFile("roster.csv", "職員番号,氏名,自治体\r\n".encode(), "text/csv")

    response = client.post(
        reverse("admin:organisation_staffprofile_import"),
        {"import_file": upload, "format": 0, "resource": 0},
    )

    assert (
        "ファイルが上限の 10 バイト を超えているため取り込めません。" in response.content.decode()
    )
    assert not StaffProfile.objects.exists()
