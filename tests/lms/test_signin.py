"""Signing in: lockout after wrong passwords (django-axes), the second factor (django-otp), and
the idle timeout and lifetime of a session. Issue 12, finding 6."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisation.signin import LAST_SEEN
from tests.factories import UserFactory, hr_user, staff_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "pass-for-tests"


def sign_in(client, username, password=PASSWORD, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the person's app shows (steps_ahead: the next one, as a used code is spent)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


# --- Lockout ----------------------------------------------------------------------------------


def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client):
    user = staff_user()
    answers = [sign_in(client, user.username, "wrong").status_code for _ in range(50)]
    assert answers[0] == 200
    assert answers[-1] == 429
    response = sign_in(client, user.username)
    assert response.status_code == 429
    assert "ログインを一時停止しています" in response.content.decode()
    assert not signed_in(client)


def test_the_lockout_message_is_japanese_and_says_what_to_do(client, settings):
    user = staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong")
    page = sign_in(client, user.username).content.decode()
    assert "10回続けて間違えた" in page
    assert "管理者に解除を依頼" in page


def test_the_lock_follows_the_account_to_another_address(client, settings):
    user = staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong", address="192.0.2.10")
    assert sign_in(Client(), user.username, address="198.51.100.7").status_code == 429


def test_an_address_that_tried_many_accounts_is_locked_for_all_of_them(settings):
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, f"guess{n}", "wrong", address="203.0.113.5")
    victim = staff_user()
    refused = Client()
    assert sign_in(refused, victim.username, address="203.0.113.5").status_code == 429
    assert not signed_in(refused)
    elsewhere = Client()
    assert sign_in(elsewhere, victim.username, address="192.0.2.44").status_code == 302
    assert signed_in(elsewhere)


def test_an_administrator_unlocks_an_account_in_the_admin(client, settings):
    from axes.models import AccessAttempt

    user = staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username).status_code == 429

    administrator = UserFactory(roles=["管理者"], is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(administrator)
    changelist = "/django-admin/axes/accessattempt/"
    listed = admin.get(changelist, {"q": user.username})
    assert user.username in listed.content.decode()
    attempts = AccessAttempt.objects.filter(username=user.username)
    admin.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in attempts],
            "post": "yes",
        },
    )

    assert sign_in(client, user.username).status_code == 302
    assert signed_in(client)


def test_a_few_mistakes_then_the_right_password_sign_in(client):
    user = staff_user()
    for _ in range(3):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(rf, settings):
    from organisation.signin import client_address

    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.8", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "192.0.2.8"
    settings.BEHIND_TLS_PROXY = False
    assert client_address(request) == "127.0.0.1"


# --- Second factor ----------------------------------------------------------------------------


def test_anyone_can_enrol_an_authenticator_app_with_a_qr_code_and_a_code(client):
    user = staff_user()
    client.force_login(user)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/accounts/two-factor/", {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_after_enrolling_the_password_alone_no_longer_opens_the_site(client):
    user = staff_user()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user.username)
    asked = client.get("/my/")
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/two-factor/verify/?next=")

    answer = client.post("/accounts/two-factor/verify/", {"code": code_for(device), "next": "/my/"})
    assert answer["Location"] == "/my/"
    assert client.get("/my/").status_code == 200


def test_a_wrong_code_is_refused_and_each_further_try_waits_longer(client):
    user = staff_user()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user.username)
    wrong = client.post("/accounts/two-factor/verify/", {"code": "000000"})
    assert "確認コードが正しくありません" in wrong.content.decode()
    # django-otp's throttle: right after a failure even the right code waits its turn.
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    assert client.get("/my/").status_code == 302


def test_a_password_alone_cannot_enrol_another_device(client):
    user = staff_user()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user.username)
    response = client.get("/accounts/two-factor/")
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_by_default_hr_signs_in_with_a_password_alone(client):
    user = hr_user()
    sign_in(client, user.username)
    assert client.get("/portfolio/").status_code == 200


def test_when_required_hr_without_a_device_is_sent_to_enrol_first(client, settings):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    user = hr_user()
    sign_in(client, user.username)
    response = client.get("/portfolio/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "設定してから利用を始めてください" in page

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(response["Location"], {"code": code_for(device)})
    assert client.get("/portfolio/").status_code == 200


def test_when_required_the_api_refuses_hr_before_the_code_in_json(client, settings):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    user = hr_user()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user.username)
    response = client.get("/api/v1/portfolio/")
    assert response.status_code == 403
    assert "確認コード" in response.json()["error"]


def test_when_required_staff_are_not_asked(client, settings):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    user = staff_user()
    sign_in(client, user.username)
    assert client.get("/my/").status_code == 200


def test_a_role_granted_during_a_sign_in_asks_for_the_code_at_the_next_page(client, settings):
    from django.contrib.auth.models import Group

    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    user = staff_user()
    sign_in(client, user.username)
    assert client.get("/my/").status_code == 200
    user.groups.add(Group.objects.get(name="管理者"))
    assert client.get("/my/")["Location"].startswith("/accounts/two-factor/")


# --- Session lifetime and idle timeout --------------------------------------------------------


def test_a_session_idle_longer_than_the_timeout_ends(client, settings):
    user = staff_user()
    sign_in(client, user.username)
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not signed_in(client)


def test_activity_keeps_a_session_but_never_past_its_lifetime(client, settings):
    user = staff_user()
    signed_at = time.time()
    sign_in(client, user.username)
    assert client.get("/my/").status_code == 200
    expiry = client.session.get_expiry_date().timestamp()
    assert abs(expiry - (signed_at + settings.SESSION_COOKIE_AGE)) < 5
    session = client.session
    session[LAST_SEEN] = time.time() - 120
    session.save()
    client.get("/my/")
    assert abs(client.session.get_expiry_date().timestamp() - expiry) < 1
