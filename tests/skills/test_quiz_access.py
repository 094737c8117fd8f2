"""A quiz is no way round its lesson's rules: who may not view the lesson may not take its quiz."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from skills import assessments
from tests.factories import make_course, make_lesson, officer_user, staff_user
from tests.skills.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course_index):
    return make_lesson(make_course(course_index))


@pytest.fixture
def quiz(lesson):
    quiz = QuizFactory(lesson=lesson)
    QuestionFactory(quiz=quiz, text="責任共有モデルとは")
    return quiz


def restrict_to_hr(page) -> None:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="人事"))


def take(client, quiz):
    return client.get(reverse("take_quiz", kwargs={"quiz_id": quiz.pk}))


def test_a_viewer_of_the_lesson_takes_its_quiz(client, quiz):
    client.force_login(staff_user())
    response = take(client, quiz)
    assert response.status_code == 200 and "責任共有モデルとは" in response.content.decode()


def test_the_quiz_of_a_lesson_restricted_to_another_group_is_not_found(client, quiz, lesson):
    restrict_to_hr(lesson)
    client.force_login(staff_user())
    assert take(client, quiz).status_code == 404


def test_the_quiz_of_a_restricted_course_is_not_found(client, quiz, lesson):
    restrict_to_hr(lesson.get_parent())
    client.force_login(staff_user())
    assert take(client, quiz).status_code == 404


def test_the_quiz_of_an_unpublished_lesson_is_not_found_but_its_officer_previews_it(
    client, quiz, lesson
):
    lesson.unpublish()
    client.force_login(staff_user())
    assert take(client, quiz).status_code == 404
    client.force_login(officer_user())
    assert take(client, quiz).status_code == 200


def test_an_attempt_begun_before_the_lesson_was_restricted_can_no_longer_be_sent_or_read(
    client, quiz, lesson
):
    user = staff_user()
    attempt = assessments.start_attempt(quiz, user)
    restrict_to_hr(lesson)
    client.force_login(user)
    assert client.post(reverse("quiz_submit", kwargs={"token": attempt.token})).status_code == 404
    assert client.get(reverse("quiz_attempt", kwargs={"token": attempt.token})).status_code == 404
