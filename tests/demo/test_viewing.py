import pytest
from django.core.management import call_command

from courses.history import continue_watching, seconds_per_week
from courses.models import LessonProgress, ViewingBeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    # The demo users' passwords are hashed on every seeding; a fast hasher keeps this test quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_has_viewing_history_with_completions_and_unfinished_lessons(seeded):
    rows = LessonProgress.objects.all()
    assert rows.values("user").distinct().count() >= 100
    assert rows.filter(completed_at__isnull=False).count() >= 100
    assert rows.filter(completed_at__isnull=True).count() >= 20


def test_demo_staff_has_a_lesson_to_continue_and_minutes_this_week(seeded):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="demo_staff")
    assert [row.resume_at for row in continue_watching(user)] == [200.0]
    assert sum(week["seconds"] for week in seconds_per_week(user)) == 500  # 300 s + 200 s


def test_seeding_viewing_twice_changes_nothing(seeded):
    counts = (LessonProgress.objects.count(), ViewingBeat.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (LessonProgress.objects.count(), ViewingBeat.objects.count()) == counts
