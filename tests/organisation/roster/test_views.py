"""HR's roster page and the Django admin import: preview first, write on confirm, within scope."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisation.models import AuditLog, StaffProfile
from tests.factories import StaffProfileFactory, UserFactory, hr_user, municipality, staff_user

pytestmark = pytest.mark.django_db

ROSTER = (
    "職員番号,氏名,自治体,所属\r\n"
    "00123,山田 太郎,新宿区,総務部\r\n"
    "00124,鈴木 花子,三鷹市,企画部\r\n"
).encode("cp932")


def upload(content: bytes = ROSTER, name: str = "名簿.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def token_in(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_staff_without_hr_role_cannot_open_the_roster_page(client):
    client.force_login(staff_user())

    assert client.get(reverse("roster_home")).status_code == 403


def test_upload_shows_preview_and_writes_nothing(client):
    client.force_login(hr_user())

    response = client.post(reverse("roster_home"), {"roster_file": upload()})

    assert response.status_code == 200
    assert response.context["plan"].summary()["created"] == 2
    assert "取り込みの確認" in response.content.decode()
    assert not StaffProfile.objects.exists()


def test_confirm_writes_the_previewed_roster_and_logs_it(client):
    user = hr_user()
    client.force_login(user)
    preview = client.post(reverse("roster_home"), {"roster_file": upload()})

    response = client.post(reverse("roster_confirm"), {"token": token_in(preview)})

    assert response.status_code == 302
    assert StaffProfile.objects.count() == 2
    entry = AuditLog.objects.get(action="roster.import")
    assert entry.user == user
    assert entry.detail["created"] == 2


def test_preview_lists_staff_to_deactivate_with_full(client):
    StaffProfileFactory(municipality=municipality("131041"), display_name="退職 予定")
    client.force_login(hr_user())

    response = client.post(reverse("roster_home"), {"roster_file": upload(), "full": "on"})

    assert [change.name for change in response.context["plan"].deactivated] == ["退職 予定"]
    assert "退職 予定" in response.content.decode()


def test_errors_are_shown_by_row_and_column_with_no_confirm_button(client):
    client.force_login(hr_user())
    content = "職員番号,氏名,自治体\r\n00123,,新宿区\r\n".encode()

    response = client.post(reverse("roster_home"), {"roster_file": upload(content)})

    assert response.status_code == 400
    page = response.content.decode()
    assert "氏名が空欄です。" in page
    assert 'name="token"' not in page


def test_analyst_scoped_to_one_municipality_cannot_import_another(client):
    client.force_login(hr_user("131041"))

    response = client.post(reverse("roster_home"), {"roster_file": upload()})

    errors = response.context["plan"].errors
    assert [(error.row, error.column) for error in errors] == [(3, "自治体")]
    assert "三鷹市 の職員を取り込む権限がありません。" in response.content.decode()


def test_confirm_token_of_another_user_is_refused(client):
    client.force_login(hr_user())
    preview = client.post(reverse("roster_home"), {"roster_file": upload()})
    client.force_login(hr_user())

    response = client.post(reverse("roster_confirm"), {"token": token_in(preview)})

    assert response.status_code == 403
    assert not StaffProfile.objects.exists()


def test_download_is_limited_to_scope_and_logged(client):
    StaffProfileFactory(municipality=municipality("131041"), display_name="新宿 職員")
    StaffProfileFactory(municipality=municipality("132047"), display_name="三鷹 職員")
    user = hr_user("131041")
    client.force_login(user)

    response = client.get(reverse("roster_download"), {"format": "csv"})

    text = response.content.decode("utf-8-sig")
    assert "新宿 職員" in text
    assert "三鷹 職員" not in text
    entry = AuditLog.objects.get(action="roster.export")
    assert (entry.user, entry.target, entry.detail["rows"]) == (user, "131041", 1)


def test_django_admin_import_previews_then_imports(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:organisation_staffprofile_import")

    preview = client.post(url, {"import_file": upload(), "format": "0", "resource": "0"})

    assert preview.status_code == 200
    assert "取り込みの確認" in preview.content.decode()
    assert not StaffProfile.objects.exists()
    confirm = preview.context["confirm_form"].initial
    response = client.post(reverse("admin:organisation_staffprofile_process_import"), confirm)
    assert response.status_code == 302
    assert StaffProfile.objects.count() == 2


def test_audit_log_is_readable_by_administrators_only(client):
    AuditLog.objects.create(action="roster.export", target="all")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:organisation_auditlog_changelist")).status_code == 200

    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:organisation_auditlog_changelist")).status_code == 403


def test_django_admin_import_page_lists_the_roster_columns(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("admin:organisation_staffprofile_import"))

    assert "職員番号 / employee_id" in response.content.decode()
    assert "全件の名簿として取り込む" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "content_type"),
    [
        ({"format": "csv"}, "text/csv; charset=utf-8"),
        ({"format": "csv", "encoding": "cp932"}, "text/csv; charset=cp932"),
        (
            {"format": "xlsx", "encoding": "cp932"},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_download_names_its_format_and_encoding(client, query, content_type):
    StaffProfileFactory(municipality=municipality("131041"), display_name="新宿 職員")
    client.force_login(hr_user("131041"))

    response = client.get(reverse("roster_download"), query)

    assert response["Content-Type"] == content_type
