import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from courses import history
from courses.models import LessonProgress, ViewingBeat
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(course_index):
    course = make_course(course_index)
    make_lesson(course, title="ガバメントクラウドとは", duration=300)
    make_lesson(course, title="アカウントと権限の管理", duration=420)
    make_lesson(course, title="コスト管理の基本", duration=360)
    return course


def lessons(course):
    return list(course.lessons())


def test_home_shows_where_to_continue_and_course_progress(client, course):
    user = staff_user()
    first, second, _ = lessons(course)
    LessonProgress.objects.create(
        user=user, lesson=first, watched_seconds=300, completed_at=timezone.now()
    )
    LessonProgress.objects.create(user=user, lesson=second, watched_seconds=210, resume_at=125)
    client.force_login(user)
    html = client.get("/my/").content.decode()
    assert "続きから見る" in html
    assert "2:05 から再開" in html
    assert "1 / 3 レッスン修了" in html
    assert "ガバメントクラウドとは" in html  # among the completed


def test_nobody_sees_another_persons_viewing(client, course):
    other = staff_user()
    LessonProgress.objects.create(user=other, lesson=lessons(course)[1], resume_at=65)
    client.force_login(staff_user())
    html = client.get("/my/").content.decode()
    assert "1:05 から再開" not in html
    assert "0 / 3 レッスン修了" in html


def test_minutes_per_week_add_up_new_seconds_by_tokyo_week(course):
    user = staff_user()
    lesson = lessons(course)[0]
    now = timezone.make_aware(datetime(2026, 11, 24, 12, 0))  # a Tuesday
    for days_ago, seconds in [(0, 120), (1, 60), (8, 300)]:
        beat = ViewingBeat.objects.create(
            user=user,
            lesson=lesson,
            session=uuid.uuid4(),
            seq=1,
            event="heartbeat",
            position=0,
            new_seconds=seconds,
        )
        ViewingBeat.objects.filter(pk=beat.pk).update(received_at=now - timedelta(days=days_ago))
    weeks = history.minutes_per_week(user, weeks=3, now=now)
    assert [week["minutes"] for week in weeks] == [0, 5, 3]
    assert weeks[-1]["week"].isoformat() == "2026-11-23"


def test_history_lists_every_lesson_watched(client, course):
    user = staff_user()
    for lesson in lessons(course):
        LessonProgress.objects.create(user=user, lesson=lesson, watched_seconds=90)
    client.force_login(user)
    html = client.get("/my/history/").content.decode()
    assert html.count("1分30秒") == 3
