import pytest
from django.urls import reverse

from tests.factories import hr_user, officer_user, staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests"


def sign_in(client, user):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=False
    )


@pytest.mark.parametrize(
    "make_user, landing",
    [(staff_user, "/my/"), (officer_user, "/admin/"), (hr_user, "/portfolio/")],
)
def test_each_role_lands_on_its_own_home_after_sign_in(client, make_user, landing):
    response = sign_in(client, make_user())
    assert response.status_code == 302
    assert response["Location"] == landing


def test_wrong_password_is_refused_in_japanese(client):
    user = staff_user()
    response = client.post(reverse("login"), {"username": user.username, "password": "x"})
    assert response.status_code == 200
    assert "パスワードが正しくありません" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_is_in_japanese(client):
    response = client.get(reverse("login"))
    assert '<html lang="ja">' in response.content.decode()
    assert "ログイン" in response.content.decode()


def test_language_switch_shows_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.content.decode()
    assert "Sign in" in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/", "/portfolio/"])
def test_staff_get_403_on_the_admin_and_hr_pages(client, path):
    client.force_login(staff_user())
    assert client.get(path).status_code == 403


def test_officers_reach_the_admin_in_japanese(client):
    client.force_login(officer_user())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="ja"' in response.content.decode()


def test_hr_reach_the_portfolio_entry(client):
    client.force_login(hr_user())
    assert client.get("/portfolio/").status_code == 200


def test_sign_out_ends_the_session(client):
    client.force_login(staff_user())
    client.post(reverse("logout"))
    assert client.get("/my/").status_code == 302


def test_an_english_browser_still_gets_japanese_until_the_switch_is_used(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ja">' in response.content.decode()


def test_an_english_request_leaves_the_next_message_in_japanese(client):
    from django.utils.translation import get_language

    client.cookies["django_language"] = "en"
    client.get(reverse("login"))
    assert get_language() == "ja"
