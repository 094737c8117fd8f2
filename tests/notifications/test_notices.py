"""Site notices (お知らせ): the list, the unread count in the header, and the settings page."""

import pytest

from notifications import kinds, preferences
from notifications.models import Notice
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def notice(user, key: str, title: str = "必修研修が割り当てられました", url: str = "/my/"):
    return Notice.objects.create(
        user=user, kind="training.assigned", key=key, title=title, body="本文", url=url
    )


def test_the_header_shows_how_many_notices_are_unread(client):
    user = staff_user()
    notice(user, "a")
    notice(user, "b")
    client.force_login(user)

    page = client.get("/notices/").content.decode()

    assert '<span class="notice-count">2<span class="visually-hidden">件の未読</span>' in page


def test_the_list_shows_ones_own_notices_only(client):
    user, other = staff_user(), staff_user()
    notice(user, "a", title="自分へのお知らせ")
    notice(other, "a", title="他人へのお知らせ")
    client.force_login(user)

    page = client.get("/notices/").content.decode()

    assert "自分へのお知らせ" in page and "他人へのお知らせ" not in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client):
    user = staff_user()
    item = notice(user, "a", url="/my/")
    client.force_login(user)

    response = client.get(f"/notices/{item.pk}/")

    assert response.status_code == 302 and response["Location"] == "/my/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_anothers_notice_cannot_be_opened_or_marked(client):
    user, other = staff_user(), staff_user()
    theirs = notice(other, "a")
    client.force_login(user)

    assert client.get(f"/notices/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notice_never_sends_anyone_off_the_site(client):
    user = staff_user()
    item = notice(user, "a", url="https://evil.example/phish")
    client.force_login(user)

    assert client.get(f"/notices/{item.pk}/")["Location"] == "/notices/"


def test_marking_all_read_clears_the_count(client):
    user = staff_user()
    notice(user, "a")
    client.force_login(user)

    client.post("/notices/")

    assert not Notice.objects.filter(user=user, read_at__isnull=True).exists()


def test_the_settings_page_lists_every_kind_and_keeps_the_choices(client):
    user = staff_user()
    client.force_login(user)

    page = client.get("/notices/settings/").content.decode()
    for kind in kinds.all_kinds():
        assert str(kind.label) in page
    client.post(
        "/notices/settings/",
        {
            "mail-training.assigned": "on",
            "site-training.assigned": "on",
            "site-training.overdue": "on",
        },
    )

    assert preferences.choice(user, "training.assigned") == (True, True)
    assert preferences.choice(user, "training.overdue") == (False, True)
    assert preferences.choice(user, "training.digest") == (False, False)
