import pytest
from django.core.management import call_command

from training.models import Assignee, Assignment

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_requires_a_course_of_one_municipality_with_done_late_and_not_started(settings):
    settings.DEBUG = True
    seed()
    assignment = Assignment.objects.get(title__startswith="必修研修")
    rows = assignment.assignees.filter(staff__municipality__code="131041")
    statuses = {row.status_on(assignment.due_on) for row in rows}
    assert Assignee.Status.COMPLETED in statuses
    assert rows.filter(completed_at__date__gt=assignment.due_on).exists(), "someone was late"
    assert rows.filter(started_at__isnull=True).exists(), "someone has not started"
    seed()
    assert Assignment.objects.count() == 1
    assert Assignment.objects.get().assignees.count() == assignment.assignees.count()
