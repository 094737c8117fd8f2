"""The ASGI beat lane writes progress in bulk in its own thread: a completion through it still
reaches the assignee (the lane announces first views and completions as the view does)."""

import pytest
from django.db import connections

from lms.asgi import application
from organisation.access import EVERYWHERE
from tests.courses.test_beat_lane import beat, post, signed_in  # noqa: F401  (fixture)
from tests.factories import make_course, make_lesson
from tests.training.factories import DUE
from training.assigning import assign
from training.audience import resolve_rule
from training.models import Assignee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def writer_connection_closed():
    yield
    application.writer.thread.submit(connections.close_all).result()


def test_a_completion_through_the_lane_completes_the_assignee(signed_in, course_index):  # noqa: F811
    course = make_course(course_index, title="レーンの研修")
    lesson = make_lesson(course, duration=100)
    staff = signed_in["user"].staff_profile
    rules = [resolve_rule("user", signed_in["user"].username, EVERYWHERE)]
    assignment, _n = assign(course=course, rules=rules, scope=EVERYWHERE, due_on=DUE)

    status, _, answer = post(beat(lesson, segments=((0, 40),)), signed_in)
    assert status == 200
    row = Assignee.objects.get(assignment=assignment, staff=staff)
    assert row.started_at is not None and row.completed_at is None
    status, _, answer = post(beat(lesson, segments=((40, 100),)), signed_in)
    assert answer["completed"]
    assert Assignee.objects.get(assignment=assignment, staff=staff).completed_at is not None
