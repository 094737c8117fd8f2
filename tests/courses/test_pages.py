import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db


def test_course_index_allows_only_courses_and_courses_only_lessons():
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []


def test_course_page_lists_its_lessons_with_durations(client, course_index):
    course = make_course(course_index)
    make_lesson(course, title="ガバメントクラウドとは", duration=300)
    make_lesson(course, title="コスト管理の基本", duration=450)
    client.force_login(staff_user())
    html = client.get(course.url).content.decode()
    assert "ガバメントクラウドとは" in html
    assert "5分" in html
    assert "7分30秒" in html
    assert "12分30秒" in html  # the course total


def test_lesson_page_renders_its_summary_and_course(client, course_index):
    course = make_course(course_index)
    lesson = make_lesson(course, summary="IAM の考え方を学びます。")
    client.force_login(staff_user())
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "IAM の考え方を学びます。" in html
    assert course.title in html


def test_unpublished_lessons_are_not_listed(course_index):
    course = make_course(course_index)
    make_lesson(course, title="公開")
    draft = make_lesson(course, title="下書き")
    draft.unpublish()
    assert [lesson.title for lesson in course.lessons()] == ["公開"]
