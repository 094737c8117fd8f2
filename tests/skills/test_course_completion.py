import datetime

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from skills.course_completion import completed_at, completed_courses, completions
from skills.models import QuizAttempt
from tests.factories import make_course, make_lesson, staff_user
from tests.skills.factories import QuizFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def complete(user, lesson, days_ago: int) -> None:
    LessonProgress.objects.create(
        user=user, lesson=lesson, completed_at=NOW - datetime.timedelta(days=days_ago)
    )


def pass_test(user, quiz, days_ago: int, passed: bool = True) -> None:
    QuizAttempt.objects.create(
        quiz=quiz,
        user=user,
        submitted_at=NOW - datetime.timedelta(days=days_ago),
        score=1 if passed else 0,
        max_score=1,
        passed=passed,
    )


@pytest.fixture
def course(course_index):
    course = make_course(course_index)
    make_lesson(course, title="はじめに")
    make_lesson(course, title="まとめ")
    return course


def test_a_course_is_completed_when_every_live_lesson_is(course):
    person = staff_user()
    first, last = course.lessons()
    complete(person, first, days_ago=3)
    assert completed_at(course, person) is None
    complete(person, last, days_ago=1)
    assert completed_at(course, person) == NOW - datetime.timedelta(days=1)


def test_a_final_test_must_be_passed_and_its_first_pass_dates_the_completion(course):
    person = staff_user()
    quiz = QuizFactory(course=course)
    for lesson in course.lessons():
        complete(person, lesson, days_ago=5)
    pass_test(person, quiz, days_ago=4, passed=False)
    assert completed_at(course, person) is None
    pass_test(person, quiz, days_ago=2)
    pass_test(person, quiz, days_ago=1)
    assert completed_at(course, person) == NOW - datetime.timedelta(days=2)


def test_an_unpublished_lesson_is_not_required(course):
    person = staff_user()
    first, last = course.lessons()
    complete(person, first, days_ago=1)
    last.unpublish()
    assert completed_at(course, person) == NOW - datetime.timedelta(days=1)


def test_a_course_without_live_lessons_is_never_completed(course_index):
    person = staff_user()
    assert completed_at(make_course(course_index, title="空の講座"), person) is None


def test_completions_are_read_for_many_people_at_once(course):
    done, halfway = staff_user(), staff_user()
    for lesson in course.lessons():
        complete(done, lesson, days_ago=1)
    complete(halfway, course.lessons().first(), days_ago=1)
    assert set(completions(course, [done.pk, halfway.pk])) == {done.pk}


def test_one_persons_completions_of_many_courses_take_the_same_few_queries(
    course, course_index, django_assert_max_num_queries
):
    person = staff_user()
    others = [make_course(course_index, title=f"講座{n}") for n in range(5)]
    for other in others:
        make_lesson(other, title="ひとつだけ")
        complete(person, other.lessons().first(), days_ago=2)
    complete(person, course.lessons().first(), days_ago=1)
    with django_assert_max_num_queries(4):
        done = completed_courses(person, [course, *others])
    assert set(done) == {other.pk for other in others}
