"""Issue 12, finding 2: an HR account without a scope row read and changed everyone's data.

Each test reproduces one step of the finding (it failed on the main of the issue) and now
checks that the account reads and changes nothing and is told, in Japanese, whom to ask.
"""

import json
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import XapiStatement
from organisation.access import NO_SCOPE
from organisation.models import AuditLog, StaffProfile
from tests.factories import (
    StaffProfileFactory,
    hr_user,
    make_course,
    make_lesson,
    municipality,
    staff_user,
    unscoped_hr_user,
)

pytestmark = pytest.mark.django_db

ASK_AN_ADMINISTRATOR = "管理者に閲覧範囲の設定を依頼してください。"


@pytest.fixture
def mitaka_staff():
    return StaffProfileFactory(
        municipality=municipality("132047"), employee_id="00900", display_name="三鷹 花子"
    )


@pytest.fixture
def unscoped(client):
    client.force_login(unscoped_hr_user())
    return client


def test_the_message_tells_the_account_to_ask_an_administrator():
    assert ASK_AN_ADMINISTRATOR in str(NO_SCOPE)


def test_roster_export_gives_no_one(unscoped, mitaka_staff):
    response = unscoped.get(reverse("roster_download"), {"format": "csv"})

    assert response.status_code == 403
    page = response.content.decode()
    assert ASK_AN_ADMINISTRATOR in page
    assert "三鷹 花子" not in page
    assert not AuditLog.objects.filter(action="roster.export").exists()


def test_roster_page_says_whom_to_ask(unscoped):
    response = unscoped.get(reverse("roster_home"))

    assert response.status_code == 403
    assert ASK_AN_ADMINISTRATOR in response.content.decode()


def test_roster_import_cannot_deactivate_someone_of_another_municipality(unscoped, mitaka_staff):
    roster = "職員番号,氏名,自治体,在籍\r\n00900,三鷹 花子,三鷹市,退職\r\n".encode()
    upload = SimpleUploadedFile("名簿.csv", roster, content_type="text/csv")

    preview = unscoped.post(reverse("roster_home"), {"roster_file": upload})

    assert preview.status_code == 403
    assert 'name="token"' not in preview.content.decode()
    mitaka_staff.refresh_from_db()
    mitaka_staff.user.refresh_from_db()
    assert mitaka_staff.active and mitaka_staff.user.is_active


def test_roster_confirm_with_a_token_made_while_scoped_writes_nothing(client, mitaka_staff):
    """A scope removed between preview and confirm: the confirmation is refused."""
    user = hr_user()
    client.force_login(user)
    roster = "職員番号,氏名,自治体,在籍\r\n00900,三鷹 花子,三鷹市,退職\r\n".encode()
    upload = SimpleUploadedFile("名簿.csv", roster, content_type="text/csv")
    preview = client.post(reverse("roster_home"), {"roster_file": upload})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    user.hr_scope.delete()

    response = client.post(reverse("roster_confirm"), {"token": token})

    assert response.status_code == 403
    mitaka_staff.refresh_from_db()
    assert mitaka_staff.active


def test_xapi_statements_are_refused_in_json(client, unscoped):
    watcher = staff_user()
    from demo.catalogue import site_root

    lesson = make_lesson(make_course(site_root()), duration=100)
    client.force_login(watcher)
    body = {
        "lesson": lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, 30]],
        "position": 30,
        "event": "pause",
        "rate": 1,
    }
    client.post("/api/v1/progress/", json.dumps(body), content_type="application/json")
    assert XapiStatement.objects.exists()
    client.force_login(unscoped_hr_user())

    response = client.get("/api/v1/xapi/statements")

    assert response.status_code == 403
    assert ASK_AN_ADMINISTRATOR in response.json()["error"]


def test_portfolio_says_whom_to_ask_instead_of_showing_an_empty_page(unscoped):
    response = unscoped.get(reverse("portfolio_home"))

    assert response.status_code == 403
    assert ASK_AN_ADMINISTRATOR in response.content.decode()


def test_portfolio_api_is_refused_in_json(unscoped):
    response = unscoped.get(reverse("portfolio_api"))

    assert response.status_code == 403
    assert ASK_AN_ADMINISTRATOR in response.json()["error"]


def test_portfolio_export_is_refused(unscoped):
    response = unscoped.get(reverse("portfolio_download", args=["heatmap", "csv"]))

    assert response.status_code == 403
    assert not AuditLog.objects.filter(action="portfolio.export").exists()


def test_an_administrator_reads_everyone_without_a_scope_row(client, mitaka_staff):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("roster_download"), {"format": "csv"})

    assert "三鷹 花子" in response.content.decode("utf-8-sig")
    assert StaffProfile.objects.count() == 1
