"""import_roster: files as offices keep them, all rows or none, idempotent, --full and --dry-run."""

import codecs
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from organisation.models import Department, StaffProfile
from organisation.roster.importing import import_roster
from skills.models import RoleProfile, role_profile_of
from tests.factories import StaffProfileFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

HEADER_JA = "職員番号,氏名,メールアドレス,自治体,所属,職種,役割,在籍"
HEADER_EN = "employee_id,name,email,municipality,department,job_category,role,active"
SHINJUKU = "131041"
MITAKA = "132047"


def roster(*rows: str, header: str = HEADER_JA) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def run(tmp_path, content: bytes | str, *args: str, name: str = "roster.csv") -> dict:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = io.StringIO()
    try:
        call_command("import_roster", str(path), "--json", *args, stdout=out)
    except CommandError:
        result = json.loads(out.getvalue())
        result["failed"] = True
        return result
    return json.loads(out.getvalue())


def staff(code: str = SHINJUKU, employee_id: str = "00123") -> StaffProfile:
    return StaffProfile.objects.select_related("user", "department").get(
        municipality__code=code, employee_id=employee_id
    )


TWO_STAFF = roster(
    "00123,山田 太郎,taro@example.jp,新宿区,総務部 情報政策課,一般事務,,在籍",
    "00124,鈴木 花子,,新宿区,総務部 情報政策課,技術,,在籍",
)
ONLY_TARO = roster("00123,山田 太郎,taro@example.jp,新宿区,総務部 情報政策課,一般事務,,在籍")


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: text.encode("cp932"), id="cp932"),
        pytest.param(
            lambda text: codecs.BOM_UTF16_LE + text.replace(",", "\t").encode("utf-16-le"),
            id="utf-16-tab",
        ),
    ],
)
def test_csv_is_read_in_every_encoding_offices_save(tmp_path, encode):
    result = run(tmp_path, encode(TWO_STAFF))

    assert result["created"] == 2
    assert staff().display_name == "山田 太郎"
    assert staff().department.name == "総務部 情報政策課"


def test_cp932_only_characters_survive(tmp_path):
    # ① and 髙 are in CP932 (NEC/IBM extensions) but not in plain Shift_JIS.
    content = roster("00123,髙橋 ①郎,,新宿区,,,,").encode("cp932")

    run(tmp_path, content)

    assert staff().display_name == "髙橋 1郎"


def xlsx(rows: list[list], number_format: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if number_format:
        for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
            cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_keeps_leading_zeros_of_numbers_formatted_with_zeros(tmp_path):
    content = xlsx(
        [HEADER_JA.split(","), [123, "山田 太郎", None, 131041, None, None, None, 1]],
        number_format="00000",
    )

    result = run(tmp_path, content, name="roster.xlsx")

    assert result["created"] == 1
    assert staff(employee_id="00123").display_name == "山田 太郎"


def test_xlsx_reads_ids_typed_as_text_and_numbers_without_format(tmp_path):
    content = xlsx(
        [
            HEADER_EN.split(","),
            ["00123", "山田 太郎", "", "新宿区", "", "", "", "在籍"],
            [456.0, "鈴木 花子", "", 13104, "", "", "", True],
        ]
    )

    run(tmp_path, content, name="whatever.bin")

    assert staff(employee_id="00123").active
    assert staff(employee_id="456").display_name == "鈴木 花子"


def test_english_headers_are_read(tmp_path):
    result = run(tmp_path, roster("00123,Taro Yamada,,13104,,,,1", header=HEADER_EN))

    assert result["created"] == 1


def test_headers_in_full_width_and_any_case_are_read(tmp_path):
    header = "ＥＭＰＬＯＹＥＥ＿ＩＤ, Name ,Municipality"

    run(tmp_path, roster("00123,山田 太郎,新宿区", header=header))

    assert staff().display_name == "山田 太郎"


def test_unknown_columns_are_ignored(tmp_path):
    run(tmp_path, roster("00123,山田 太郎,新宿区,メモ", header="職員番号,氏名,自治体,備考"))

    assert staff().display_name == "山田 太郎"


@pytest.mark.parametrize(
    "written, code",
    [
        ("131041", SHINJUKU),
        ("13104", SHINJUKU),
        ("１３１０４１", SHINJUKU),
        ("新宿区", SHINJUKU),
        ("東京都新宿区", SHINJUKU),
        ("東京都　新宿区", SHINJUKU),
        ("青ヶ島村", "134023"),
        ("青ケ島村", "134023"),
        ("東京都青ケ島村", "134023"),
        ("東京都", "130001"),
    ],
)
def test_municipality_in_every_spelling(tmp_path, written, code):
    run(tmp_path, roster(f"00123,山田 太郎,,{written},,,,"))

    assert staff(code=code).display_name == "山田 太郎"


def test_full_width_digits_and_spaces_are_folded_and_leading_zeros_kept(tmp_path):
    run(tmp_path, roster("　００１２３　,山田　　太郎,,新宿区,総務部　情報政策課,一般事務,,１"))

    profile = staff(employee_id="00123")
    assert profile.display_name == "山田 太郎"
    assert profile.department.name == "総務部 情報政策課"
    assert profile.active


def test_new_staff_get_a_user_with_email_and_no_usable_password(tmp_path):
    run(tmp_path, TWO_STAFF)

    user = staff().user
    assert user.username == "staff-131041-00123"
    assert user.email == "taro@example.jp"
    assert (user.last_name, user.first_name) == ("山田", "太郎")
    assert not user.has_usable_password()
    assert user.groups.filter(name="職員").exists()


def test_departments_are_created_once_and_reused(tmp_path):
    Department.objects.create(municipality=municipality(SHINJUKU), name="総務部 情報政策課")

    run(tmp_path, TWO_STAFF)

    assert Department.objects.filter(municipality__code=SHINJUKU).count() == 1
    assert staff().department_id == staff(employee_id="00124").department_id


@pytest.mark.parametrize("written", ["data-lead", "データ活用リーダー", "ｄａｔａ－ｌｅａｄ"])
def test_role_profile_by_code_or_name(tmp_path, written):
    role = RoleProfile.objects.create(code="data-lead", name="データ活用リーダー")

    run(tmp_path, roster(f"00123,山田 太郎,,新宿区,,,{written},"))

    assert role_profile_of(staff()) == role


@pytest.mark.parametrize(
    "written, active",
    [("1", True), ("0", False), ("true", True), ("FALSE", False), ("在籍", True), ("退職", False)],
)
def test_active_in_every_spelling(tmp_path, written, active):
    run(tmp_path, roster(f"00123,山田 太郎,,新宿区,,,,{written}"))

    assert staff().active is active
    assert staff().user.is_active is active


def test_one_bad_row_writes_nothing_and_says_row_column_and_why(tmp_path):
    content = roster(
        "00123,山田 太郎,,新宿区,総務部,,,在籍",
        "00124,鈴木 花子,,新宿区,総務部,,,在籍",
        "00125,佐藤 一郎,,新宿区,総務部,,,休職",
    )

    result = run(tmp_path, content)

    assert result["failed"]
    assert result["created"] == 0
    assert result["errors"] == [
        {
            "row": 4,
            "column": "在籍",
            "message": "在籍「休職」は 1/0、true/false、在籍/退職 のどれかにしてください。",
        }
    ]
    assert not StaffProfile.objects.exists()
    assert not Department.objects.filter(name="総務部").exists()
    assert not get_user_model().objects.filter(username__startswith="staff-").exists()


def test_errors_of_every_row_are_reported_together(tmp_path):
    content = roster(
        ",山田 太郎,,新宿区,,,,",
        "00124,,not-an-email,どこか村,,,未知の役割,",
    )

    result = run(tmp_path, content)

    assert [(error["row"], error["column"]) for error in result["errors"]] == [
        (2, "職員番号"),
        (3, "氏名"),
        (3, "自治体"),
        (3, "メールアドレス"),
        (3, "役割"),
    ]


def test_error_names_the_column_as_the_file_writes_it(tmp_path):
    result = run(tmp_path, roster("00123,山田 太郎,,nowhere,,,,", header=HEADER_EN))

    assert result["errors"][0]["column"] == "municipality"
    assert "nowhere" in result["errors"][0]["message"]


def test_same_employee_twice_in_a_file_is_an_error(tmp_path):
    result = run(tmp_path, roster("00123,山田 太郎,,新宿区,,,,", "００１２３,山田 次郎,,13104,,,,"))

    assert result["errors"][0]["row"] == 3
    assert "2 行目" in result["errors"][0]["message"]


def test_missing_required_column_is_an_error(tmp_path):
    result = run(tmp_path, roster("00123,山田 太郎", header="職員番号,氏名"))

    assert result["errors"] == [
        {
            "row": 1,
            "column": "自治体",
            "message": "必須の列「自治体」（municipality）がありません。",
        }
    ]


def test_file_in_neither_utf8_nor_cp932_is_refused(tmp_path):
    result = run(tmp_path, b"employee_id,name,municipality\n1,\xfd\xfe,13104\n")

    assert result["failed"]
    assert "文字コード" in result["errors"][0]["message"]


def test_failure_exits_non_zero_with_one_sentence(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(roster("00123,,,新宿区,,,,"), encoding="utf-8")

    with pytest.raises(CommandError, match="1 件のエラーがあるため、何も取り込みませんでした"):
        call_command("import_roster", str(path), stdout=io.StringIO())


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    run(tmp_path, TWO_STAFF)

    result = run(tmp_path, TWO_STAFF)

    assert result == {"created": 0, "updated": 0, "unchanged": 2, "deactivated": 0, "errors": []}


def test_changed_row_updates_profile_and_user(tmp_path):
    run(tmp_path, TWO_STAFF)

    result = run(
        tmp_path,
        roster(
            "00123,山田 太一,taichi@example.jp,新宿区,企画部 DX推進課,一般事務,,在籍",
            "00124,鈴木 花子,,新宿区,総務部 情報政策課,技術,,在籍",
        ),
    )

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 1)
    profile = staff()
    assert profile.display_name == "山田 太一"
    assert profile.department.name == "企画部 DX推進課"
    assert profile.user.email == "taichi@example.jp"
    assert profile.user.first_name == "太一"


def test_missing_columns_leave_fields_as_they_are(tmp_path):
    run(tmp_path, TWO_STAFF)

    result = run(tmp_path, roster("00123,山田 太郎,新宿区", header="職員番号,氏名,自治体"))

    assert result["unchanged"] == 1
    assert staff().department.name == "総務部 情報政策課"
    assert staff().user.email == "taro@example.jp"


def test_full_deactivates_missing_staff_of_named_municipalities_only(tmp_path):
    run(tmp_path, TWO_STAFF)
    elsewhere = StaffProfileFactory(municipality=municipality(MITAKA))

    result = run(tmp_path, ONLY_TARO, "--full")

    assert result["deactivated"] == 1
    leaver = staff(employee_id="00124")
    assert not leaver.active
    assert not leaver.user.is_active
    assert StaffProfile.objects.filter(pk=elsewhere.pk, active=True).exists()


def test_without_full_missing_staff_stay(tmp_path):
    run(tmp_path, TWO_STAFF)

    result = run(tmp_path, ONLY_TARO)

    assert result["deactivated"] == 0
    assert staff(employee_id="00124").active


def test_full_reactivates_returners(tmp_path):
    run(tmp_path, TWO_STAFF)
    run(tmp_path, ONLY_TARO, "--full")

    result = run(tmp_path, TWO_STAFF, "--full")

    assert (result["updated"], result["deactivated"]) == (1, 0)
    assert staff(employee_id="00124").active
    assert staff(employee_id="00124").user.is_active


def test_full_never_locks_out_a_superuser(tmp_path):
    admin = StaffProfileFactory(
        municipality=municipality(SHINJUKU), user=UserFactory(is_superuser=True)
    )

    run(tmp_path, TWO_STAFF, "--full")

    admin.refresh_from_db()
    admin.user.refresh_from_db()
    assert not admin.active
    assert admin.user.is_active


def test_dry_run_reports_and_writes_nothing(tmp_path):
    run(tmp_path, TWO_STAFF)

    result = run(
        tmp_path,
        roster("00123,山田 太一,,新宿区,新しい課,,,在籍", "00999,新人 さん,,新宿区,,,,在籍"),
        "--full",
        "--dry-run",
    )

    assert (result["created"], result["updated"], result["deactivated"]) == (1, 1, 1)
    assert staff().display_name == "山田 太郎"
    assert staff(employee_id="00124").active
    assert not StaffProfile.objects.filter(employee_id="00999").exists()
    assert not Department.objects.filter(name="新しい課").exists()


def test_existing_user_without_profile_is_adopted(tmp_path):
    user = UserFactory(username="staff-131041-00123")

    run(tmp_path, TWO_STAFF)

    assert staff().user == user


def test_user_name_held_by_another_member_of_staff_is_an_error(tmp_path):
    StaffProfileFactory(
        municipality=municipality(SHINJUKU),
        employee_id="A-1",
        user=UserFactory(username="staff-131041-00123"),
    )

    result = run(tmp_path, TWO_STAFF)

    assert result["errors"][0]["row"] == 2
    assert "staff-131041-00123" in result["errors"][0]["message"]
    assert StaffProfile.objects.count() == 1


def test_importer_limited_to_one_municipality_cannot_import_another(tmp_path):
    content = roster("00123,山田 太郎,,新宿区,,,,", "00124,鈴木 花子,,三鷹市,,,,").encode()

    plan = import_roster(content, allowed_ids={municipality(SHINJUKU).pk})

    assert [(error.row, error.column) for error in plan.errors] == [(3, "自治体")]
    assert not StaffProfile.objects.exists()


def test_limited_importer_with_full_leaves_other_municipalities_alone(tmp_path):
    other = StaffProfileFactory(municipality=municipality(MITAKA))

    plan = import_roster(
        roster("00123,山田 太郎,,新宿区,,,,").encode(),
        full=True,
        allowed_ids={municipality(SHINJUKU).pk},
    )

    assert plan.summary()["created"] == 1
    other.refresh_from_db()
    assert other.active


def test_damaged_xlsx_is_refused_with_a_reason(tmp_path):
    result = run(tmp_path, b"PK\x03\x04 not really a workbook", name="roster.xlsx")

    assert result["errors"] == [
        {"row": None, "column": None, "message": "Excelファイル（.xlsx）として読めません。"}
    ]


def test_header_below_a_title_row_is_found_and_rows_keep_their_sheet_numbers(tmp_path):
    content = "令和8年度 職員名簿,,\r\n\r\n職員番号,氏名,自治体\r\n00123,,新宿区\r\n"

    result = run(tmp_path, content)

    assert [(error["row"], error["column"]) for error in result["errors"]] == [(4, "氏名")]


def test_missing_file_is_reported_in_json_too(tmp_path):
    out = io.StringIO()

    with pytest.raises(CommandError, match="読めません"):
        call_command("import_roster", str(tmp_path / "nowhere.csv"), "--json", stdout=out)

    result = json.loads(out.getvalue())
    assert result["created"] == 0
    assert "読めません" in result["errors"][0]["message"]
