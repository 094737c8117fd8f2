import datetime

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from tests.factories import StaffProfileFactory, make_course, make_lesson, municipality

NOW = timezone.now()


def complete_course(user, course, days_ago: int = 1) -> None:
    """The person completes every live lesson of the course (the course has no final test)."""
    for lesson in course.lessons():
        LessonProgress.objects.create(
            user=user, lesson=lesson, completed_at=NOW - datetime.timedelta(days=days_ago)
        )


@pytest.fixture
def course(course_index):
    """A course of 95 minutes: 1.5 hours on the certificate."""
    course = make_course(course_index, title="ガバメントクラウド運用勉強会")
    make_lesson(course, title="はじめに", duration=50 * 60)
    make_lesson(course, title="まとめ", duration=45 * 60 + 40)
    return course


@pytest.fixture
def person(db):
    return StaffProfileFactory(
        municipality=municipality("131041"),
        display_name="渡邊 髙子",
        user__username="takako",
    )


@pytest.fixture
def graduate(person, course):
    """Someone who completed the course."""
    complete_course(person.user, course)
    return person
