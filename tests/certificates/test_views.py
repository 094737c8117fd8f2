"""The pages: /my/ lists and issues, the holder alone downloads, the public page says only
valid or not, officers revoke within their scope."""

import re

import pytest
from django.utils import timezone

from certificates import issuing
from certificates.models import Certificate
from organisation.models import AuditLog
from tests.factories import StaffProfileFactory, UserFactory, hr_user, officer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(graduate, course):
    return issuing.issue_for_course(graduate.user, course)


def pdf_url(certificate) -> str:
    return f"/certificates/{certificate.serial}.pdf"


def verify_url(token: str) -> str:
    return f"/certificates/verify/{token}/"


# --- /my/ ---------------------------------------------------------------------------------------


def test_my_page_offers_a_certificate_for_a_completed_course(client, graduate, course):
    client.force_login(graduate.user)

    page = client.get("/my/").content.decode()

    assert 'id="certificates-heading"' in page
    assert "「ガバメントクラウド運用勉強会」の修了証を発行する" in page


def test_issuing_from_my_page_makes_the_certificate_and_lists_its_download(
    client, graduate, course
):
    client.force_login(graduate.user)

    response = client.post("/certificates/issue/", {"kind": "course", "id": course.pk})

    certificate = Certificate.objects.get(holder=graduate.user)
    assert response.status_code == 302
    assert pdf_url(certificate) in client.get("/my/").content.decode()
    assert AuditLog.objects.filter(action="certificate.issue", target=certificate.serial).exists()


def test_asking_for_an_unfinished_course_says_so_and_issues_nothing(client, person, course):
    client.force_login(person.user)

    response = client.post("/certificates/issue/", {"kind": "course", "id": course.pk}, follow=True)

    assert "この講座はまだ修了していません。" in response.content.decode()
    assert not Certificate.objects.exists()


def test_malformed_issue_requests_are_refused_in_one_sentence(client, person):
    client.force_login(person.user)

    response = client.post(
        "/certificates/issue/", {"kind": "course", "id": "1 OR 1=1"}, follow=True
    )

    assert "修了証を発行する講座・研修が見つかりません。" in response.content.decode()


# --- Download -----------------------------------------------------------------------------------


def test_the_holder_downloads_their_pdf_and_it_is_logged(client, certificate):
    client.force_login(certificate.holder)

    response = client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AuditLog.objects.filter(
        user=certificate.holder, action="certificate.download", target=certificate.serial
    ).exists()


@pytest.mark.parametrize(
    "someone",
    [
        lambda: StaffProfileFactory().user,
        lambda: hr_user("131041"),
        lambda: officer_user(),
        lambda: UserFactory(username="root", is_superuser=True, is_staff=True),
    ],
    ids=["colleague", "hr-of-the-same-municipality", "officer", "superuser"],
)
def test_nobody_else_can_download_a_certificate(client, certificate, someone):
    client.force_login(someone())

    response = client.get(pdf_url(certificate))

    assert response.status_code == 404
    assert not AuditLog.objects.filter(action="certificate.download").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(pdf_url(certificate))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_revoked_certificate_is_no_longer_downloadable(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    client.force_login(certificate.holder)

    assert client.get(pdf_url(certificate)).status_code == 404
    assert "この修了証は取り消されました。" in client.get("/my/").content.decode()


def test_a_missing_font_gives_the_holder_a_clear_page_not_a_crash(client, certificate, settings):
    settings.CERTIFICATE_FONT = "/nonexistent/ipag.ttf"
    client.force_login(certificate.holder)

    response = client.get(pdf_url(certificate))

    assert response.status_code == 503
    assert "いまは修了証のPDFを作成できません。" in response.content.decode()


# --- Verification -------------------------------------------------------------------------------


def as_read(response, token: str) -> str:
    """The page without what differs by request: the CSRF token and the page's own address."""
    page = response.content.decode().replace(token, "TOKEN")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_a_valid_certificate_is_shown_as_valid_to_anyone(client, certificate):
    response = client.get(verify_url(certificate.token))

    assert response.status_code == 200
    assert "この修了証は有効です。" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_the_verification_page_shows_nothing_about_the_holder_or_the_course(client, certificate):
    page = client.get(verify_url(certificate.token)).content.decode()

    for secret in (
        certificate.holder_name,
        "渡邊",
        certificate.title,
        certificate.serial,
        certificate.holder.username,
        certificate.issuer,
        certificate.completed_on.isoformat(),
    ):
        assert secret not in page
    assert "個人の情報は表示しません" in page


def test_a_revoked_certificate_reads_exactly_as_an_unknown_one(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())

    revoked = client.get(verify_url(certificate.token))
    unknown = client.get(verify_url("x" * 32))

    assert (revoked.status_code, unknown.status_code) == (404, 404)
    assert "この修了証は有効ではありません。" in revoked.content.decode()
    assert as_read(revoked, certificate.token) == as_read(unknown, "x" * 32)


def test_the_serial_does_not_open_the_verification_page(client, certificate):
    assert client.get(verify_url(certificate.serial)).status_code == 404


def test_one_address_asking_too_often_is_slowed_down(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 3
    from django.core.cache import cache

    cache.clear()
    statuses = [client.get(verify_url(certificate.token)).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
