import json
import re
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


def test_seconds_per_week_add_up_new_seconds_by_tokyo_week(course):
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
    weeks = history.seconds_per_week(user, weeks=3, now=now)
    assert [week["seconds"] for week in weeks] == [0, 300, 180]
    assert [week["display"] for week in weeks] == ["0秒", "5分", "3分"]
    assert weeks[-1]["week"].isoformat() == "2026-11-23"


def test_history_lists_every_lesson_watched(client, course):
    user = staff_user()
    for lesson in lessons(course):
        LessonProgress.objects.create(user=user, lesson=lesson, watched_seconds=90)
    client.force_login(user)
    html = client.get("/my/history/").content.decode()
    assert html.count("1分30秒") == 3


def watch(client, lesson, seconds: float) -> None:
    """The player's beat for `seconds` watched from the start of the lesson."""
    body = {
        "lesson": lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, seconds]],
        "position": seconds,
        "duration": lesson.duration,
        "event": "ended" if seconds >= lesson.duration else "pause",
        "rate": 1,
    }
    client.post("/api/v1/progress/", json.dumps(body), content_type="application/json")


def summary_line(html: str) -> str:
    return re.search(r'<p class="meta watching-summary">([^<]*)', html).group(1).strip(" ・")


def test_home_and_history_agree_on_two_short_lessons(client, course_index):
    """Issue 14: /my/ said 0 minutes and every week 0 while /my/history/ showed 32 s watched
    and two lessons completed: whole minutes, rounded, made a short viewing 0."""
    course = make_course(course_index)
    user = staff_user()
    client.force_login(user)
    for title in ("16秒のレッスンA", "16秒のレッスンB"):
        watch(client, make_lesson(course, title=title, duration=16), 16)
    home = client.get("/my/").content.decode()
    past = client.get("/my/history/").content.decode()
    assert summary_line(home) == summary_line(past)
    assert "これまでの視聴時間: 32秒 ・ 修了したレッスン: 2" in summary_line(home)
    this_week = re.findall(r'<span class="bar"[^>]*></span>([^<]*)</td>', home)[-1]
    assert this_week == "32秒"


def test_under_a_minute_is_shown_in_seconds_and_past_it_in_minutes_and_seconds(
    client, course_index
):
    course = make_course(course_index)
    user = staff_user()
    client.force_login(user)
    watch(client, make_lesson(course, title="短い", duration=300), 25.7)
    assert "これまでの視聴時間: 25秒" in summary_line(client.get("/my/").content.decode())
    watch(client, make_lesson(course, title="長い", duration=300), 65)
    assert "これまでの視聴時間: 1分30秒" in summary_line(client.get("/my/").content.decode())
    assert "これまでの視聴時間: 1分30秒" in summary_line(
        client.get("/my/history/").content.decode()
    )
