"""The audit log: written by organisation.audit.record, read and exported by administrators only."""

import pytest

from organisation import audit
from organisation.models import AuditLog
from tests.factories import UserFactory, hr_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def administrator():
    return UserFactory(roles=["管理者"], is_staff=True, is_superuser=True)


def test_record_keeps_who_did_what_to_what():
    user = hr_user()
    entry = audit.record(user, "portfolio.export", "heatmap", format="xlsx")
    assert (entry.user, entry.action, entry.target, entry.detail) == (
        user,
        "portfolio.export",
        "heatmap",
        {"format": "xlsx"},
    )


def test_administrators_read_the_log(client):
    audit.record(hr_user(), "portfolio.people.view", "131041 情報政策課", people=10)
    client.force_login(administrator())
    page = client.get("/django-admin/organisation/auditlog/").content.decode()
    assert "portfolio.people.view" in page


def test_administrators_export_the_log(client):
    audit.record(hr_user(), "portfolio.export", "heatmap")
    client.force_login(administrator())
    response = client.post(
        "/django-admin/organisation/auditlog/export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"auditlogresource_{name}": "on"
                for name in ("id", "user", "action", "target", "detail", "created_at")
            },
        },
    )
    assert response.status_code == 200
    assert b"portfolio.export" in response.content


def test_hr_cannot_read_the_log(client):
    user = hr_user()
    audit.record(user, "portfolio.export", "heatmap")
    client.force_login(user)
    assert client.get("/django-admin/organisation/auditlog/").status_code in (302, 403)
    assert AuditLog.objects.count() == 1
