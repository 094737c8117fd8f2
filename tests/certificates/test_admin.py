"""Officers and administrators list and revoke certificates in the Wagtail admin, within their
scope, with no holder's name on the screen; each revocation is logged."""

import pytest

from certificates import issuing
from certificates.models import Certificate
from organisation.models import AuditLog, HRScope
from tests.factories import StaffProfileFactory, UserFactory, municipality, officer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(graduate, course):
    return issuing.issue_for_course(graduate.user, course)


def scoped_officer(code: str | None):
    officer = officer_user()
    HRScope.objects.create(user=officer, municipality=municipality(code) if code else None)
    return officer


def revoke_url(certificate) -> str:
    return f"/admin/certificates/revoke/{certificate.pk}/"


def test_an_officer_lists_the_certificates_of_their_scope_without_names(client, certificate):
    client.force_login(scoped_officer("131041"))

    page = client.get("/admin/certificates/").content.decode()

    assert certificate.serial in page
    assert certificate.holder_name not in page
    assert AuditLog.objects.filter(action="certificate.list").exists()


def test_an_officer_of_another_municipality_sees_none_and_cannot_revoke(client, certificate):
    client.force_login(scoped_officer("132047"))

    assert certificate.serial not in client.get("/admin/certificates/").content.decode()
    assert client.post(revoke_url(certificate), {"reason": "誤り"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.valid


def test_an_officer_without_a_scope_sees_and_revokes_nothing(client, certificate):
    client.force_login(officer_user())

    assert certificate.serial not in client.get("/admin/certificates/").content.decode()
    assert client.post(revoke_url(certificate), {"reason": "誤り"}).status_code == 404


def test_revoking_takes_a_reason_and_is_logged(client, certificate):
    officer = scoped_officer("131041")
    client.force_login(officer)

    refused = client.post(revoke_url(certificate), {"reason": ""})
    certificate.refresh_from_db()
    assert refused.status_code == 200 and certificate.valid

    response = client.post(revoke_url(certificate), {"reason": "誤って発行したため"})

    certificate.refresh_from_db()
    assert response.status_code == 302
    assert not certificate.valid and certificate.revoked_by == officer
    log = AuditLog.objects.get(action="certificate.revoke")
    assert (log.user, log.target, log.detail) == (
        officer,
        certificate.serial,
        {"reason": "誤って発行したため"},
    )


def test_an_administrator_revokes_anywhere(client, certificate):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)

    client.post(revoke_url(certificate), {"reason": "本人からの申し出"})

    certificate.refresh_from_db()
    assert not certificate.valid


def test_staff_cannot_reach_the_list_or_revoke(client, certificate):
    client.force_login(StaffProfileFactory().user)

    assert client.get("/admin/certificates/").status_code in (302, 403)
    client.post(revoke_url(certificate), {"reason": "いたずら"})
    certificate.refresh_from_db()
    assert certificate.valid


def test_nobody_adds_edits_or_deletes_a_certificate_in_the_admin(client, certificate):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    for url in (
        "/admin/certificates/new/",
        f"/admin/certificates/edit/{certificate.pk}/",
        f"/admin/certificates/delete/{certificate.pk}/",
    ):
        assert client.get(url).status_code == 404
    assert Certificate.objects.count() == 1
