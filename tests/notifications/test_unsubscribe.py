"""The unsubscribe link of every mail: one click shows a confirmation, a POST (the page's button,
or a mail client's RFC 8058 one-click) turns that kind of mail off, without signing in."""

import base64
import json

import pytest
from django.core import signing
from django.test import Client

from notifications import preferences
from notifications.delivery import Occasion, record
from notifications.models import Delivery, Notice, Preference
from notifications.unsubscribe import SALT, token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
KIND = "training.overdue"


@pytest.fixture
def anonymous():
    """A mail client or a browser that is not signed in, checking CSRF as production does."""
    return Client(enforce_csrf_checks=True)


def url(token: str) -> str:
    return f"/notices/unsubscribe/{token}/"


def test_opening_the_link_asks_first_and_changes_nothing(anonymous):
    user = UserFactory(email="hanako@example.jp", first_name="花子")

    response = anonymous.get(url(token_for(user.pk, KIND)))

    assert response.status_code == 200
    page = response.content.decode()
    assert "期限切れのお知らせ" in page and "メールを停止する" in page
    # a forwarded mail's link tells whoever opens it nothing about its owner
    assert user.email not in page and user.username not in page
    assert not Preference.objects.exists()


def test_the_confirmation_button_turns_that_kind_of_mail_off(anonymous):
    user = UserFactory(email="hanako@example.jp")

    response = anonymous.post(url(token_for(user.pk, KIND)))

    assert response.status_code == 200
    assert "メールを停止しました" in response.content.decode()
    assert preferences.choice(user, KIND) == (False, True)
    assert preferences.choice(user, "training.due_soon") == (True, True)


def test_a_mail_clients_one_click_post_unsubscribes_without_cookie_or_csrf_token(anonymous):
    user = UserFactory(email="hanako@example.jp")

    response = anonymous.post(
        url(token_for(user.pk, KIND)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert preferences.choice(user, KIND) == (False, True)


def test_after_unsubscribing_the_notice_still_comes_but_no_mail(anonymous):
    user = UserFactory(email="hanako@example.jp")
    anonymous.post(url(token_for(user.pk, KIND)))

    record([Occasion(user.pk, user.email, KIND, f"{KIND}:1", "期限切れ", "本文")])

    assert Notice.objects.filter(user=user).exists()
    assert not Delivery.objects.filter(user=user).exists()


def test_a_forged_token_is_refused_and_changes_nothing(anonymous):
    UserFactory(email="hanako@example.jp")

    for token in ("forged", "eyJ1IjoxfQ:forged", signing.Signer(salt="other").sign_object({})):
        response = anonymous.post(url(token))

        assert response.status_code == 400
        assert "無効です" in response.content.decode()
    assert not Preference.objects.exists()


def test_ones_own_token_cannot_be_turned_into_anothers(anonymous):
    attacker = UserFactory(email="attacker@example.jp")
    victim = UserFactory(email="victim@example.jp")
    signature = token_for(attacker.pk, KIND).rsplit(":", 1)[1]
    # the attacker's token, its payload rewritten to name the victim, the signature kept
    forged = (
        base64.urlsafe_b64encode(json.dumps({"u": victim.pk, "k": KIND}).encode())
        .rstrip(b"=")
        .decode()
    )

    response = anonymous.post(url(f"{forged}:{signature}"))

    assert response.status_code == 400
    assert preferences.choice(victim, KIND) == (True, True)


def test_a_token_from_another_signed_purpose_is_refused(anonymous):
    user = UserFactory(email="hanako@example.jp")
    other_purpose = signing.Signer(salt=SALT + ".other").sign_object({"u": user.pk, "k": KIND})

    assert anonymous.post(url(other_purpose)).status_code == 400
    assert preferences.choice(user, KIND) == (True, True)


def test_a_token_of_a_deleted_account_is_refused(anonymous):
    user = UserFactory(email="hanako@example.jp")
    token = token_for(user.pk, KIND)
    user.delete()

    assert anonymous.post(url(token)).status_code == 400
