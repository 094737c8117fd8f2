"""Test data for training: courses with lessons, and people in two municipalities."""

import datetime

from django.utils import timezone

from courses.models import LessonProgress
from tests.factories import make_course, make_lesson

SHINJUKU, MITAKA = "131041", "132047"
TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=30)


def course_with_lessons(course_index, title: str = "情報セキュリティ研修", lessons: int = 2):
    course = make_course(course_index, title=title)
    for number in range(lessons):
        make_lesson(course, title=f"{title} 第{number + 1}回")
    return course


def finish(user, course, when=None) -> None:
    """The person completes every lesson of the course (saved one by one, as the site does)."""
    for lesson in course.lessons():
        LessonProgress.objects.update_or_create(
            user=user, lesson=lesson, defaults={"completed_at": when or timezone.now()}
        )
