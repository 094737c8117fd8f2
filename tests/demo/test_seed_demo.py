import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from courses.models import CoursePage, LessonPage
from organisation.models import StaffProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_demo_has_about_200_staff_across_at_least_10_municipalities(seeded):
    staff = StaffProfile.objects.all()
    assert 190 <= staff.count() <= 260
    municipalities = staff.values("municipality__kind", "municipality__region").distinct()
    kinds = {row["municipality__kind"] for row in municipalities}
    assert {"特別区", "市", "町", "村"} <= kinds
    assert staff.filter(municipality__region="島しょ", municipality__kind="村").exists()
    assert staff.values("municipality").distinct().count() >= 10


def test_demo_users_sign_in_with_the_demo_password(seeded, client):
    for username in ["demo_staff", "demo_officer", "demo_hr", "demo_admin"]:
        assert client.login(username=username, password="demo"), username


def test_demo_course_has_lessons(seeded):
    course = CoursePage.objects.get(title="ガバメントクラウド運用勉強会")
    assert LessonPage.objects.child_of(course).live().count() >= 3


def test_running_the_demo_twice_changes_nothing(seeded):
    counts = (get_user_model().objects.count(), LessonPage.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (get_user_model().objects.count(), LessonPage.objects.count()) == counts


def test_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_demo_leaves_a_site_with_pages_of_its_own_alone(settings):
    from wagtail.models import Page, Site

    from tests.factories import publish_under

    settings.DEBUG = True
    home = Site.objects.get(is_default_site=True).root_page
    for title, slug in [("お知らせ", "news"), ("規程集", "rules"), ("庁内リンク", "links")]:
        publish_under(home, Page(title=title, slug=slug))
    pages = list(Page.objects.order_by("path").values())
    sites = list(Site.objects.order_by("pk").values())
    with pytest.raises(CommandError, match="left this one alone"):
        call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert list(Page.objects.order_by("path").values()) == pages
    assert list(Site.objects.order_by("pk").values()) == sites
    assert not get_user_model().objects.filter(username="demo_admin").exists()
