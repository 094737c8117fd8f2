"""export_roster: staff with role, skill levels and learning record; inert formulas; audited."""

import codecs
import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from common.spreadsheets import neutralise
from courses.models import LessonProgress
from organisation.models import AuditLog, StaffProfile
from organisation.roster.export import export_roster
from organisation.roster.importing import import_roster
from skills.models import RoleProfile, Skill, SkillCategory, SkillFramework, StaffSkillLevel
from tests.factories import StaffProfileFactory, make_course, make_lesson, municipality

pytestmark = pytest.mark.django_db


def read_csv(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def roster_sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def header_row(worksheet) -> int:
    """The table's header row: the one the panes are frozen below."""
    return worksheet[worksheet.freeze_panes].row - 1


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+81-3-1234", "'+81-3-1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("山田 太郎", "山田 太郎"),
        (42, 42),
    ],
)
def test_formula_starts_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_export_neutralises_formulas_typed_into_names():
    StaffProfileFactory(display_name="=cmd|' /C calc'!A0", job_category="@SUM(1)")

    rows = read_csv(export_roster("csv")[0])

    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][6] == "'@SUM(1)"


def test_xlsx_export_keeps_formulas_as_text_and_ids_as_text():
    StaffProfileFactory(display_name="=1+1", employee_id="00123")

    data, count = export_roster("xlsx")

    sheet = roster_sheet_of(data)
    first = header_row(sheet) + 1
    assert count == 1
    assert sheet[f"A{first}"].value == "00123"
    assert sheet[f"B{first}"].value == "'=1+1"
    assert sheet[f"B{first}"].data_type == "s"


def test_xlsx_header_block_says_title_scope_date_and_privacy():
    StaffProfileFactory(municipality=municipality("131041"))
    StaffProfileFactory(municipality=municipality("132047"))
    ids = {municipality("131041").pk, municipality("132047").pk}

    sheet = roster_sheet_of(export_roster("xlsx", municipality_ids=ids)[0])

    title, scope, made_at, privacy = (sheet.cell(row, 1).value for row in range(1, 5))
    assert sheet.title == "職員名簿"
    assert title == "職員名簿"
    assert scope == "対象：新宿区、三鷹市"
    assert made_at.startswith("出力日時：") and "令和" in made_at
    assert "個人情報" in privacy
    assert sheet.cell(6, 1).value == "職員番号"


def test_xlsx_of_every_municipality_says_so():
    StaffProfileFactory()

    assert roster_sheet_of(export_roster("xlsx")[0])["A2"].value == "対象：すべての自治体"


def test_xlsx_is_laid_out_for_reading_and_printing():
    StaffProfileFactory(display_name="小笠原 太郎")
    StaffProfileFactory()

    sheet = roster_sheet_of(export_roster("xlsx")[0])

    first = header_row(sheet)
    assert sheet.freeze_panes == f"C{first + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{first}:")
    assert sheet.auto_filter.ref.endswith(str(first + 2))
    assert sheet.column_dimensions["B"].width >= 11
    assert sheet.column_dimensions["D"].width >= len("131041")
    assert sheet.cell(first + 1, 1).number_format == "@"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1


def test_csv_has_no_header_block():
    StaffProfileFactory()

    assert read_csv(export_roster("csv")[0])[0][0] == "職員番号"


def test_csv_export_is_utf8_with_bom_by_default():
    StaffProfileFactory()

    data, _count = export_roster("csv")

    assert data.startswith(codecs.BOM_UTF8)
    assert read_csv(data)[0][:4] == ["職員番号", "氏名", "メールアドレス", "自治体"]


def test_csv_export_in_cp932_when_asked():
    StaffProfileFactory(display_name="髙橋 一郎")

    data, _count = export_roster("csv", encoding="cp932")

    assert read_csv(data, "cp932")[1][1] == "髙橋 一郎"


def test_export_lists_role_skill_levels_and_learning_record(course_index):
    role = RoleProfile.objects.get(code="dx-leader")
    profile = StaffProfileFactory(role_profile=role)
    framework = SkillFramework.objects.create(code="dss", name="デジタルスキル標準")
    category = SkillCategory.objects.create(framework=framework, code="c1", name="データ活用")
    skill = Skill.objects.create(category=category, code="s1", name="データ分析")
    StaffSkillLevel.objects.create(staff=profile, skill=skill, level=3, basis="assessed")
    course = make_course(course_index)
    done, started = make_lesson(course, title="一"), make_lesson(course, title="二")
    LessonProgress.objects.create(
        user=profile.user, lesson=done, watched_seconds=300, completed_at=timezone.now()
    )
    LessonProgress.objects.create(user=profile.user, lesson=started, watched_seconds=120)

    header, row = read_csv(export_roster("csv")[0])

    record = dict(zip(header, row, strict=True))
    assert record["役割"] == "DX推進リーダー"
    assert record["データ分析（レベル）"] == "3"
    assert record["修了レッスン数"] == "1"
    assert record["視聴時間（分）"] == "7"


def test_export_of_one_municipality_leaves_others_out():
    StaffProfileFactory(municipality=municipality("131041"), display_name="新宿 職員")
    StaffProfileFactory(municipality=municipality("132047"), display_name="三鷹 職員")

    rows = read_csv(export_roster("csv", municipality_ids={municipality("132047").pk})[0])

    assert [row[1] for row in rows[1:]] == ["三鷹 職員"]


def test_exported_file_imports_back_unchanged():
    StaffProfileFactory(employee_id="00123", display_name="山田 太郎")
    StaffProfileFactory(employee_id="00124", display_name="鈴木 花子", active=False)

    plan = import_roster(export_roster("xlsx")[0])

    assert plan.summary()["unchanged"] == 2
    assert StaffProfile.objects.count() == 2


def test_command_writes_file_and_audit_log(tmp_path):
    StaffProfileFactory(municipality=municipality("131041"))
    output = tmp_path / "roster.xlsx"

    call_command("export_roster", "--municipality", "新宿区", "--output", str(output))

    sheet = load_workbook(output).active
    assert sheet.max_row == header_row(sheet) + 1
    assert sheet["A2"].value == "対象：新宿区"
    entry = AuditLog.objects.get()
    assert (entry.action, entry.target) == ("roster.export", "新宿区")
    assert entry.detail["rows"] == 1


def test_command_refuses_characters_cp932_cannot_write(tmp_path):
    StaffProfileFactory(display_name="𠮷田 花子")

    with pytest.raises(CommandError, match="𠮷"):
        call_command(
            "export_roster", "--encoding", "cp932", "--output", str(tmp_path / "roster.csv")
        )

    assert not AuditLog.objects.exists()
