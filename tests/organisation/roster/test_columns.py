"""Columns apps contribute to the roster: read and written through their app, never imported."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from common.spreadsheets import Kind
from organisation.models import StaffProfile
from organisation.roster import columns
from organisation.roster.columns import ExportColumns, ExportContribution, ImportColumn
from organisation.roster.export import roster_sheet
from organisation.roster.importing import import_roster
from tests.factories import StaffProfileFactory, municipality

ROOT = Path(__file__).resolve().parents[3]


def imported_packages(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_the_organisation_imports_nothing_of_courses_skills_or_media():
    assert not imported_packages(ROOT / "organisation") & {"courses", "skills", "media_pipeline"}


def test_common_imports_none_of_our_packages():
    ours = {"lms", "organisation", "courses", "skills", "media_pipeline"}
    assert not imported_packages(ROOT / "common") & ours


@pytest.fixture
def mood_column():
    """A column some app keeps about staff: 気分 (mood), stored here in a dict."""
    stored: dict[int, str] = {}

    def reader():
        def read(text: str) -> str:
            if text not in {"", "良", "悪"}:
                raise ValidationError("気分は 良 か 悪 です。")
            return text or None

        return read

    column = ImportColumn(
        key="mood",
        headers=("気分", "mood"),
        reader=reader,
        current=lambda staff: {pk: stored.get(pk) for pk in staff.values_list("pk", flat=True)},
        write=stored.update,
        export=lambda staff: {pk: stored.get(pk, "") for pk in staff.values_list("pk", flat=True)},
    )
    columns.register_import_column(column)
    columns.register_export_columns(
        ExportContribution(
            key="mood_length",
            order=99,
            columns=lambda staff: ExportColumns(
                columns=[columns.Column("気分の長さ", Kind.NUMBER)],
                values=lambda profile: [len(stored.get(profile.pk) or "")],
            ),
        )
    )
    yield stored
    del columns._import_columns["mood"]
    del columns._export_contributions["mood_length"]


ROSTER = "職員番号,氏名,自治体,気分\r\n00123,山田 太郎,新宿区,良\r\n".encode()


@pytest.mark.django_db
def test_a_registered_column_is_written_through_its_app_for_new_staff(mood_column):
    plan = import_roster(ROSTER)

    assert not plan.errors
    assert mood_column == {StaffProfile.objects.get().pk: "良"}


@pytest.mark.django_db
def test_a_registered_column_that_changes_counts_as_an_update(mood_column):
    profile = StaffProfileFactory(municipality=municipality(), employee_id="00123")
    profile.display_name = "山田 太郎"
    profile.save()
    mood_column[profile.pk] = "悪"

    plan = import_roster(ROSTER)

    assert [change.fields for change in plan.updated] == [["気分"]]
    assert mood_column[profile.pk] == "良"


@pytest.mark.django_db
def test_a_registered_column_checks_its_cells(mood_column):
    plan = import_roster(ROSTER.replace("良".encode(), "眠".encode()))

    assert [(error.row, error.column, error.message) for error in plan.errors] == [
        (2, "気分", "気分は 良 か 悪 です。")
    ]


@pytest.mark.django_db
def test_registered_columns_are_exported_in_their_places(mood_column):
    import_roster(ROSTER)

    sheet = roster_sheet()
    rows = list(sheet.rows)

    assert sheet.headers.index("気分") == sheet.headers.index("在籍") - 1
    assert sheet.headers[-1] == "気分の長さ"
    assert rows[0][sheet.headers.index("気分")] == "良"
    assert rows[0][-1] == 1


def test_skills_contributes_the_role_column_and_courses_the_learning_record():
    assert "role" in {column.key for column in columns.import_columns()}
    keys = [contribution.key for contribution in columns.export_contributions()]
    assert keys[:2] == ["learning_record", "skill_levels"]
