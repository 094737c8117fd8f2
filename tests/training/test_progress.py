"""An assignee's status follows their learning as it happens: the player (Django's view and the
ASGI beat lane, which writes in bulk) and the course's final test."""

import json
import uuid

import pytest
from django.test import Client

from organisation.access import EVERYWHERE
from skills.assessments import start_attempt, submit_attempt
from tests.factories import StaffProfileFactory, make_course, make_lesson
from tests.skills.factories import QuestionFactory, QuizFactory
from tests.training.factories import DUE, TODAY
from training.assigning import assign
from training.audience import resolve_rule
from training.models import Assignee

pytestmark = pytest.mark.django_db


def beat_body(lesson, segments) -> dict:
    return {
        "lesson": lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": segments,
        "position": segments[-1][1],
        "event": "pause",
        "rate": 1,
    }


@pytest.fixture
def setting(course_index):
    course = make_course(course_index, title="個人情報保護研修")
    lesson = make_lesson(course, duration=100)
    person = StaffProfileFactory()
    rules = [resolve_rule("municipality", "新宿区", EVERYWHERE)]
    assignment, _n = assign(course=course, rules=rules, scope=EVERYWHERE, due_on=DUE)
    client = Client()
    client.force_login(person.user)
    return {
        "course": course,
        "lesson": lesson,
        "person": person,
        "client": client,
        "row": lambda: Assignee.objects.get(assignment=assignment, staff=person),
    }


def watch(setting, segments) -> None:
    response = setting["client"].post(
        "/api/v1/progress/",
        json.dumps(beat_body(setting["lesson"], segments)),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def test_the_first_beat_makes_it_in_progress(setting):
    watch(setting, [[0, 10]])
    assert setting["row"]().status_on(TODAY) == Assignee.Status.IN_PROGRESS


def test_watching_every_lesson_completes_it(setting):
    watch(setting, [[0, 10]])
    watch(setting, [[10, 100]])
    row = setting["row"]()
    assert row.completed_at is not None
    assert row.status_on(TODAY) == Assignee.Status.COMPLETED


def test_with_a_final_test_the_course_is_completed_when_it_is_passed(setting):
    quiz = QuizFactory(course=setting["course"], pass_mark=100)
    question = QuestionFactory(quiz=quiz)
    watch(setting, [[0, 100]])
    assert setting["row"]().completed_at is None
    attempt = start_attempt(quiz, setting["person"].user)
    shown = attempt.drawn[0]["order"].index(0)
    submit_attempt(attempt, {f"q{question.pk}": [str(shown)]})
    assert setting["row"]().completed_at is not None


def test_a_failed_final_test_leaves_it_in_progress(setting):
    quiz = QuizFactory(course=setting["course"], pass_mark=100)
    question = QuestionFactory(quiz=quiz)
    watch(setting, [[0, 100]])
    attempt = start_attempt(quiz, setting["person"].user)
    wrong = attempt.drawn[0]["order"].index(1)
    submit_attempt(attempt, {f"q{question.pk}": [str(wrong)]})
    assert setting["row"]().status_on(TODAY) == Assignee.Status.IN_PROGRESS
